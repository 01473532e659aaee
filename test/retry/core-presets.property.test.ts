import fc from "fast-check";
import { describe, expect, it } from "vitest";
import "../../src/retry/presets/index.js";
import { BOTOCORE_ADAPTIVE_DEFAULTS, ClientRateLimiter } from "../../src/retry/libraries/botocore-adaptive.js";
import type { BotocorePolicy } from "../../src/retry/presets/botocore.js";
import { findPreset } from "../../src/retry/presets/index.js";
import type { AttemptOutcome } from "../../src/retry/contract.js";

/** Invariants of the core presets under arbitrary failure sequences. */

const outcomeArb: fc.Arbitrary<AttemptOutcome> = fc.oneof(
  fc.constantFrom<AttemptOutcome>(
    { type: "response", status: 200 },
    { type: "response", status: 404 },
    { type: "response", status: 429 },
    { type: "response", status: 500 },
    { type: "response", status: 503 },
    { type: "response", status: 503, code: "SlowDown" },
    { type: "response", status: 400, code: "Throttling" },
    { type: "error", error: "refused" },
    { type: "error", error: "reset" },
    { type: "error", error: "read-timeout" },
    { type: "error", error: "connect-timeout" },
    { type: "error", error: "protocol" },
  ),
  fc.record({ type: fc.constant("response" as const), status: fc.constantFrom(413, 429, 503), retryAfterS: fc.integer({ min: 0, max: 5 }) }),
);

/** Runs one request against `outcomes` (cycled) and returns its decisions. */
function runRequest(policy: ReturnType<NonNullable<ReturnType<typeof findPreset>>["create"]>, outcomes: AttemptOutcome[], u: number, startS: number) {
  const state = policy.start({ method: "GET" }, startS);
  const decisions = [];
  let nowS = startS;
  for (let i = 0; i < 500; i++) {
    let send = state.beforeAttempt(nowS, () => u);
    while (send.action === "wait") {
      nowS += send.waitS;
      send = state.beforeAttempt(nowS, () => u);
    }
    nowS += 0.05;
    const d = state.afterAttempt(outcomes[i % outcomes.length], nowS, () => u);
    decisions.push(d);
    if (d.action !== "retry") return { decisions, attempts: state.attempts, endS: nowS };
    nowS += d.delayS;
  }
  throw new Error("request never ended");
}

describe("core presets under arbitrary failures", () => {
  it("botocore-standard: quota stays within [0, 500], ≤ 3 attempts, delays within u·min(2^(n−1), 20)", () => {
    fc.assert(
      fc.property(fc.array(fc.array(outcomeArb, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 60 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (calls, u) => {
        const policy = findPreset("botocore-standard")!.create({}) as BotocorePolicy;
        let startS = 0;
        for (const outcomes of calls) {
          const r = runRequest(policy, outcomes, u, startS);
          startS = r.endS;
          expect(r.attempts).toBeLessThanOrEqual(3);
          r.decisions.forEach((d, n) => {
            if (d.action === "retry") expect(d.delayS).toBeLessThanOrEqual(Math.min(2 ** n, 20));
          });
          const available = policy.quota!.available;
          expect(available).toBeGreaterThanOrEqual(0);
          expect(available).toBeLessThanOrEqual(500);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("ais-sdk@1.25: ≤ 7 outer attempts, ≤ 5 same-url retries between them, 404/409 never retried", () => {
    fc.assert(
      fc.property(fc.array(outcomeArb, { minLength: 1, maxLength: 30 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (outcomes, u) => {
        const r = runRequest(findPreset("ais-sdk@1.25")!.create({}), outcomes, u, 0);
        const outerRetries = r.decisions.filter((d) => d.action === "retry" && d.route === "origin").length;
        expect(outerRetries).toBeLessThanOrEqual(6);
        let run = 0;
        r.decisions.forEach((d, i) => {
          const outcome = outcomes[i % outcomes.length];
          if (outcome.type === "response" && (outcome.status === 404 || outcome.status === 409)) expect(d.action).toBe("give-up");
          if (d.action === "retry" && d.route === "same-url") {
            run += 1;
            expect(run).toBeLessThanOrEqual(5);
          } else run = 0;
        });
      }),
      { numRuns: 300 },
    );
  });

  it("urllib3: never more retries than total, never a retry after a 404", () => {
    fc.assert(
      fc.property(fc.array(outcomeArb, { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 6 }), (outcomes, total) => {
        const r = runRequest(findPreset("urllib3")!.create({ total, status_forcelist: [500, 503] }), outcomes, 0.5, 0);
        expect(r.decisions.filter((d) => d.action === "retry").length).toBeLessThanOrEqual(total);
        r.decisions.forEach((d, i) => {
          const o = outcomes[i % outcomes.length];
          if (o.type === "response" && o.status === 404) expect(d.action).toBe("give-up");
        });
      }),
      { numRuns: 300 },
    );
  });

  it("adaptive limiter: tokens within [0, capacity], fill rate ≥ 0.5/s, waits positive and finite", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ gapS: fc.double({ min: 0, max: 2, noNaN: true }), latencyS: fc.double({ min: 0.001, max: 1, noNaN: true }), throttled: fc.boolean() }), { minLength: 1, maxLength: 200 }), (steps) => {
        const limiter = new ClientRateLimiter(BOTOCORE_ADAPTIVE_DEFAULTS, 1000);
        let nowS = 1000;
        for (const step of steps) {
          nowS += step.gapS;
          for (let w = limiter.beforeSend(nowS), n = 0; w !== 0; w = limiter.beforeSend(nowS), n++) {
            expect(Number.isFinite(w) && w > 0).toBe(true);
            expect(n).toBeLessThan(10);
            nowS += w;
          }
          nowS += step.latencyS;
          limiter.onResponse(nowS, step.throttled);
          const s = limiter.snapshot();
          expect(s.bucketRate).toBeGreaterThanOrEqual(0.5);
          expect(s.bucketTokens).toBeGreaterThanOrEqual(-1e-12);
          expect(s.bucketTokens).toBeLessThanOrEqual(s.bucketCapacity);
        }
      }),
      { numRuns: 200 },
    );
  });
});
