import { describe, expect, it } from "vitest";
import "../../src/retry/presets/index.js";
import type { BotocorePolicy } from "../../src/retry/presets/botocore.js";
import { findPreset } from "../../src/retry/presets/index.js";
import type { AttemptOutcome, RetryDecision } from "../../src/retry/contract.js";

const create = (name: string, overrides: Record<string, unknown> = {}) => findPreset(name)!.create(overrides) as BotocorePolicy;

function call(policy: BotocorePolicy, outcomes: AttemptOutcome[], startS = 0, u = 0.5) {
  const state = policy.start({ method: "GET" }, startS);
  const decisions: RetryDecision[] = [];
  let nowS = startS;
  for (let i = 0; ; i++) {
    for (;;) {
      const send = state.beforeAttempt(nowS, () => u);
      if (send.action === "send") break;
      if (send.action === "wait") nowS += send.waitS;
      else throw new Error("rejected");
    }
    nowS += 0.01;
    const d = state.afterAttempt(outcomes[Math.min(i, outcomes.length - 1)], nowS, () => u);
    decisions.push(d);
    if (d.action !== "retry") return { attempts: state.attempts, decisions, endS: nowS };
    nowS += d.delayS;
  }
}

const s503: AttemptOutcome = { type: "response", status: 503, code: "SlowDown" };
const OK: AttemptOutcome = { type: "response", status: 200 };

describe("botocore-legacy", () => {
  it("makes 5 attempts with u·2^(n−1) and no cap", () => {
    const r = call(create("botocore-legacy"), [s503]);
    expect(r.attempts).toBe(5);
    expect(r.decisions.flatMap((d) => (d.action === "retry" ? [d.delayS] : []))).toEqual([0.5, 1, 2, 4]);
    const long = call(create("botocore-legacy", { total_max_attempts: 9 }), [s503]);
    expect(long.decisions.flatMap((d) => (d.action === "retry" ? [d.delayS] : [])).at(-1)).toBe(64);
  });

  it("retries a bare 429 and 400 Throttling but not 403 or a throttling code on another status", () => {
    expect(call(create("botocore-legacy"), [{ type: "response", status: 429 }]).attempts).toBe(5);
    expect(call(create("botocore-legacy"), [{ type: "response", status: 400, code: "Throttling" }]).attempts).toBe(5);
    expect(call(create("botocore-legacy"), [{ type: "response", status: 403, code: "Throttling" }]).attempts).toBe(1);
    expect(create("botocore-legacy").quota).toBeNull();
  });
});

describe("botocore-standard", () => {
  it("caps the delay at 20 s, does not retry a bare 429, and has botocore's timeouts", () => {
    const r = call(create("botocore-standard", { total_max_attempts: 8 }), [s503], 0, 0.999);
    expect(r.decisions.flatMap((d) => (d.action === "retry" ? [d.delayS] : [])).at(-1)).toBeCloseTo(0.999 * 20, 12);
    expect(call(create("botocore-standard"), [{ type: "response", status: 429 }]).attempts).toBe(1);
    expect(create("botocore-standard").timeouts).toEqual({ connectS: 60, readS: 60 });
  });

  it("shares the retry quota across a client's calls: 500 / (2 retries × 5) = 50 failing calls drain it", () => {
    const policy = create("botocore-standard");
    for (let i = 0; i < 50; i++) expect(call(policy, [s503]).attempts).toBe(3);
    expect(policy.quota?.available).toBe(0);
    const starved = call(policy, [s503]);
    expect(starved.attempts).toBe(1);
    expect(starved.decisions[0]).toMatchObject({ action: "give-up", reason: expect.stringMatching(/quota/) });
    // A call that succeeds at once gives back 1; a retried one its last charge (10 after a timeout).
    call(policy, [OK]);
    expect(policy.quota?.available).toBe(1);
  });

  it("timeouts cost 10, other retries 5, and a retried success refunds the last charge", () => {
    const policy = create("botocore-standard");
    call(policy, [{ type: "error", error: "read-timeout" }, s503, OK]);
    expect(policy.quota?.available).toBe(500 - 10 - 5 + 5);
  });
});

describe("botocore-adaptive", () => {
  it("holds sends back only after the first throttling response", () => {
    const policy = create("botocore-adaptive");
    expect(call(policy, [OK], 1000).attempts).toBe(1);
    expect(policy.limiter?.snapshot().enabled).toBe(false);
    const throttled = call(policy, [{ type: "response", status: 400, code: "Throttling" }, OK], 1000.1);
    expect(throttled.decisions.map((d) => d.action)).toEqual(["retry", "done"]);
    const state = policy.limiter!.snapshot();
    expect(state.enabled).toBe(true);
    // The next send finds the bucket below one token and must wait (1 − tokens)/rate.
    const next = policy.start({ method: "GET" }, throttled.endS);
    const send = next.beforeAttempt(throttled.endS, () => 0.5);
    expect(send.action).toBe("wait");
    if (send.action === "wait") expect(send.waitS).toBeCloseTo((1 - state.bucketTokens) / state.bucketRate, 9);
  });

  it("a 503 without a throttling code does not enable the limiter", () => {
    const policy = create("botocore-adaptive");
    call(policy, [{ type: "response", status: 503 }, OK], 0);
    expect(policy.limiter?.snapshot().enabled).toBe(false);
  });
});
