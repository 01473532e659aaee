import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { replay } from "../../src/kernel/rng.js";
import { exponentialWaitS, stopAfterAttempt, stopAfterDelay, waitS } from "../../src/retry/libraries/tenacity.js";
import { Urllib3Retry, URLLIB3_DEFAULTS, type Urllib3Config, type Urllib3Event } from "../../src/retry/libraries/urllib3.js";
import { Urllib3Request } from "../../src/retry/libraries/urllib3-request.js";
import type { AttemptOutcome, HttpMethod } from "../../src/retry/contract.js";
import { BOTOCORE_STANDARD_BASE, botocoreBackoffS, BotocoreCall, BotocoreRetryQuota, botocoreStandardRules } from "../../src/retry/libraries/botocore.js";
import { BOTOCORE_ADAPTIVE_DEFAULTS, ClientRateLimiter } from "../../src/retry/libraries/botocore-adaptive.js";
import * as classifyModule from "../../src/retry/classify.js";

/**
 * Every case of retry-libraries.json (botocore 1.43.67, urllib3 2.7, tenacity), replayed through the ports
 * with the recorded uniform draws. The fixture is read from AISIM_CONFORMANCE_DIR when set, so any file of
 * the same format is checked the same way.
 */

const dir = process.env.AISIM_CONFORMANCE_DIR ?? path.resolve("test/conformance");
const fixture = JSON.parse(readFileSync(path.join(dir, "retry-libraries.json"), "utf8"));

type RecordedOutcome = { status?: number; code?: string; headers?: Record<string, string>; exception?: string };

/** The fixture's outcome in the contract's terms; "ConnectionError" is a refused/reset connection. */
function toOutcome(o: RecordedOutcome): AttemptOutcome {
  if (o.exception !== undefined) {
    const error = o.exception === "ConnectTimeout" ? "connect-timeout" : o.exception === "ReadTimeout" ? "read-timeout" : "refused";
    return { type: "error", error };
  }
  const retryAfter = o.headers?.["Retry-After"];
  return {
    type: "response",
    status: o.status as number,
    ...(o.code !== undefined ? { code: o.code } : {}),
    ...(retryAfter !== undefined ? { retryAfterS: Number(retryAfter) } : {}),
  };
}

/** Close within 1e-9 relative (and 1e-12 absolute near zero). */
function close(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= 1e-9 * Math.max(Math.abs(actual), Math.abs(expected)) + 1e-12;
}

function expectClose(actual: number, expected: number, what: string): void {
  if (!close(actual, expected)) expect.fail(`${what}: got ${actual}, recorded ${expected}`);
}

let cases = 0;

describe("urllib3 Retry 2.x", () => {
  const urllib3Cases = fixture.urllib3Retry as { retry: Record<string, unknown>; method: HttpMethod; steps: Record<string, unknown>[] }[];
  it("has cases", () => expect(urllib3Cases.length).toBeGreaterThan(0));

  const configOf = (r: Record<string, unknown>): Urllib3Config => ({
    ...URLLIB3_DEFAULTS,
    total: (r.total as number | undefined) ?? URLLIB3_DEFAULTS.total,
    connect: (r.connect as number | undefined) ?? null,
    read: (r.read as number | undefined) ?? null,
    status: (r.status as number | undefined) ?? null,
    other: (r.other as number | undefined) ?? null,
    statusForcelist: (r.status_forcelist as number[] | undefined) ?? [],
    backoffFactor: (r.backoff_factor as number | undefined) ?? 0,
    backoffMaxS: (r.backoff_max as number | undefined) ?? URLLIB3_DEFAULTS.backoffMaxS,
  });

  urllib3Cases.forEach((c, i) => {
    it(`case ${i}: ${c.method} ${JSON.stringify(c.retry)}`, () => {
      cases++;
      const config = configOf(c.retry);
      let retry = new Urllib3Retry(config);
      const request = new Urllib3Request(config, c.method);
      const noDraws = replay([]);
      for (const [s, step] of c.steps.entries()) {
        const outcome = toOutcome(step.outcome as RecordedOutcome);
        const where = `step ${s}`;
        let event: Urllib3Event;
        if (outcome.type === "response") {
          const isRetry = retry.isRetry(c.method, outcome.status, outcome.retryAfterS !== undefined);
          expect(isRetry, `${where} isRetry`).toBe(step.isRetry);
          if (!isRetry) {
            expect(request.onOutcome(outcome, noDraws).action, where).toBe("return");
            break;
          }
          event = { kind: "status", status: outcome.status };
        } else {
          event = outcome.error === "connect-timeout" || outcome.error === "refused" ? { kind: "connect-error" } : { kind: "read-error" };
        }
        const next = retry.increment(c.method, event);
        const answer = request.onOutcome(outcome, noDraws);
        if (step.exhausted === true) {
          expect(next.result, `${where} exhausted`).toBe("exhausted");
          expect(answer.action, where).toBe("raise");
          break;
        }
        expect(next.result, where).toBe("retry");
        if (next.result !== "retry") return;
        retry = next.retry;
        expect({ ...retry.counters, redirect: undefined }).toEqual({ ...(step.remaining as object), redirect: undefined });
        expectClose(retry.backoffS(noDraws), step.backoffSeconds as number, `${where} backoff`);
        const retryAfter = step.retryAfterSeconds as number | undefined;
        if (retryAfter !== undefined) expect(retry.retryAfterS(outcome.type === "response" ? (outcome.retryAfterS as number) : 0)).toBe(retryAfter);
        // What urlopen sleeps: a non-zero Retry-After replaces the backoff.
        const expectedSleep = retryAfter !== undefined && retryAfter > 0 ? retryAfter : (step.backoffSeconds as number);
        expect(answer.action, where).toBe("retry");
        if (answer.action === "retry") expectClose(answer.delayS, expectedSleep, `${where} sleep`);
      }
    });
  });
});

describe("tenacity", () => {
  const t = fixture.tenacity;
  type WaitCase = { args: Record<string, number>; attempt: number; u?: number; waitSeconds: number };
  const max = (a: Record<string, number>): number => a.max ?? 4611686018427387903;

  (t.waitExponential as WaitCase[]).forEach((c, i) => {
    it(`wait_exponential #${i} ${JSON.stringify(c.args)} attempt ${c.attempt}`, () => {
      cases++;
      const got = exponentialWaitS(c.attempt, c.args.multiplier ?? 1, c.args.min ?? 0, max(c.args), c.args.exp_base ?? 2);
      expectClose(got, c.waitSeconds, "wait");
    });
  });
  (t.waitRandomExponential as WaitCase[]).forEach((c, i) => {
    it(`wait_random_exponential #${i} ${JSON.stringify(c.args)} attempt ${c.attempt}`, () => {
      cases++;
      const draws = replay([c.u as number]);
      const got = waitS({ kind: "random_exponential", multiplier: c.args.multiplier ?? 1, min: c.args.min ?? 0, max: max(c.args), expBase: c.args.exp_base ?? 2 }, c.attempt, draws);
      expectClose(got, c.waitSeconds, "wait");
      expect(draws.used()).toBe(1);
    });
  });
  (t.waitExponentialJitter as WaitCase[]).forEach((c, i) => {
    it(`wait_exponential_jitter #${i} ${JSON.stringify(c.args)} attempt ${c.attempt}`, () => {
      cases++;
      const draws = replay([c.u as number]);
      const got = waitS(
        { kind: "exponential_jitter", multiplier: c.args.multiplier ?? c.args.initial ?? 1, min: c.args.min ?? 0, max: max(c.args), expBase: c.args.exp_base ?? 2, jitter: c.args.jitter ?? 1 },
        c.attempt,
        draws,
      );
      expectClose(got, c.waitSeconds, "wait");
    });
  });
  (t.stopAfterDelay as { delay: number; secondsSinceStart: number; stop: boolean }[]).forEach((c, i) => {
    it(`stop_after_delay #${i} (${c.delay}) at ${c.secondsSinceStart}s`, () => {
      cases++;
      expect(stopAfterDelay(c.delay, c.secondsSinceStart)).toBe(c.stop);
    });
  });
  (t.stopAfterAttempt as { maxAttempts: number; attempt: number; stop: boolean }[]).forEach((c, i) => {
    it(`stop_after_attempt #${i} (${c.maxAttempts}) attempt ${c.attempt}`, () => {
      cases++;
      expect(stopAfterAttempt(c.maxAttempts, c.attempt)).toBe(c.stop);
    });
  });
});

describe("botocore standard", () => {
  type Step = { outcome: RecordedOutcome; u: number; retry: boolean; delaySeconds: number | null; quotaAfterDecision: number; quotaAfterCall?: number };
  const standardCases = fixture.botocoreStandard as { mode: string; maxAttempts: number; initialQuota: number; calls: Step[][] }[];
  it("has cases", () => expect(standardCases.length).toBeGreaterThan(0));

  standardCases.forEach((c, i) => {
    it(`case ${i}: ${c.calls.length} calls sharing one client, max attempts ${c.maxAttempts}`, () => {
      cases++;
      const quota = new BotocoreRetryQuota(500);
      // The fixture may start below capacity; take the difference without a refund path.
      quota.acquire(500 - c.initialQuota);
      const rules = botocoreStandardRules();
      const { classifyOutcome } = classifyModule;
      for (const [k, call] of c.calls.entries()) {
        const botocoreCall = new BotocoreCall({
          maxAttempts: c.maxAttempts,
          maxBackoffS: 20,
          quota,
          costs: { timeoutRetryCost: 10, retryCost: 5, noRetryIncrement: 1 },
          classify: (o) => classifyOutcome(o, rules),
        });
        for (const [n, step] of call.entries()) {
          const where = `call ${k} attempt ${n + 1}`;
          const outcome = toOutcome(step.outcome);
          const answer = botocoreCall.needsRetry(outcome, n + 1, () => step.u);
          expect(answer.retry, `${where} retry`).toBe(step.retry);
          if (answer.retry) expectClose(answer.delayS, step.delaySeconds as number, `${where} delay`);
          expect(quota.available, `${where} quota after decision`).toBe(step.quotaAfterDecision);
          if (!answer.retry) {
            botocoreCall.afterCall(outcome);
            expect(n, `${where} is the call's last attempt`).toBe(call.length - 1);
            if (step.quotaAfterCall !== undefined) expect(quota.available, `${where} quota after call`).toBe(step.quotaAfterCall);
          }
        }
      }
    });
  });

  (fixture.botocoreStandardBackoff as { attempt: number; u: number; delaySeconds: number }[]).forEach((c, i) => {
    it(`backoff #${i}: attempt ${c.attempt}, u ${c.u}`, () => {
      cases++;
      expectClose(botocoreBackoffS(c.attempt, c.u, 20), c.delaySeconds, "delay");
      expect(BOTOCORE_STANDARD_BASE).toBe(2);
    });
  });
});

describe("botocore adaptive client rate limiter", () => {
  type Step = {
    requestAt: number;
    sendWaitSeconds: number;
    responseAt: number;
    throttled: boolean;
    measuredRate: number;
    enabled: boolean;
    bucketRate: number;
    bucketCapacity: number;
    bucketTokens: number;
    cubicWMax: number;
    cubicK: number;
    cubicLastFail: number;
  };
  const adaptiveCases = fixture.botocoreAdaptive as { clockStart: number; steps: Step[] }[];
  it("has cases", () => expect(adaptiveCases.length).toBeGreaterThan(0));

  adaptiveCases.forEach((c, i) => {
    it(`timeline ${i}: ${c.steps.length} requests`, () => {
      cases++;
      const limiter = new ClientRateLimiter(BOTOCORE_ADAPTIVE_DEFAULTS, c.clockStart);
      for (const [s, step] of c.steps.entries()) {
        const where = `step ${s}`;
        let nowS = step.requestAt;
        let waitedS = 0;
        for (let loops = 0; ; loops++) {
          if (loops > 100) expect.fail(`${where}: the limiter never let the request go`);
          const waitS = limiter.beforeSend(nowS);
          if (waitS === 0) break;
          waitedS += waitS;
          nowS += waitS;
        }
        expectClose(waitedS, step.sendWaitSeconds, `${where} send wait`);
        limiter.onResponse(step.responseAt, step.throttled);
        const state = limiter.snapshot();
        expect(state.enabled, `${where} enabled`).toBe(step.enabled);
        expectClose(state.measuredRate, step.measuredRate, `${where} measured rate`);
        expectClose(state.bucketRate, step.bucketRate, `${where} bucket rate`);
        expectClose(state.bucketCapacity, step.bucketCapacity, `${where} bucket capacity`);
        expectClose(state.bucketTokens, step.bucketTokens, `${where} bucket tokens`);
        expectClose(state.cubicWMax, step.cubicWMax, `${where} CUBIC w_max`);
        expectClose(state.cubicK, step.cubicK, `${where} CUBIC K`);
        expectClose(state.cubicLastFail, step.cubicLastFail, `${where} CUBIC last_fail`);
      }
    });
  });
});

describe("coverage", () => {
  it("checked every case of the file", () => {
    const expected =
      fixture.urllib3Retry.length +
      fixture.botocoreStandard.length +
      fixture.botocoreStandardBackoff.length +
      fixture.botocoreAdaptive.length +
      Object.values(fixture.tenacity as Record<string, unknown[]>).reduce((n, list) => n + list.length, 0);
    expect(cases).toBe(expected);
  });
});
