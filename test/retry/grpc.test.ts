import { describe, expect, it } from "vitest";
import "../../src/retry/presets/index.js";
import { constant, replay, RngRoot } from "../../src/kernel/rng.js";
import { grpcStatusOf } from "../../src/retry/libraries/grpc.js";
import { findPreset } from "../../src/retry/presets/index.js";
import type { AttemptOutcome, RetryPolicy } from "../../src/retry/contract.js";
import { drive, OK, UNAVAILABLE } from "./drive-policy.js";

function grpc(overrides: Record<string, unknown> = {}): RetryPolicy {
  return findPreset("grpc")!.create(overrides);
}

const always = (outcome: AttemptOutcome) => () => ({ outcome, latencyS: 0.001 });

describe("grpc preset (A6)", () => {
  it("never exceeds 5 attempts, even when configured for 10", () => {
    const policy = grpc({ max_attempts: 10, "throttle.enabled": false });
    expect(policy.params["max_attempts.effective"]).toBe(5);
    const run = drive(policy, [0], always(UNAVAILABLE), new RngRoot(1).stream("g"));
    expect(run.results[0]).toMatchObject({ ok: false, attempts: 5 });
    expect(run.sendsS).toHaveLength(5);
    const three = drive(grpc({ max_attempts: 3, "throttle.enabled": false }), [0], always(UNAVAILABLE), new RngRoot(1).stream("g"));
    expect(three.results[0].attempts).toBe(3);
  });

  it("delays are min(initial·mult^(n−1), max) × [0.8, 1.2]", () => {
    const settings = { max_attempts: 5, initial_backoff_s: 0.1, max_backoff_s: 0.3, backoff_multiplier: 2, "throttle.enabled": false };
    const nominal = [0.1, 0.2, 0.3, 0.3];
    const low = drive(grpc(settings), [0], always(UNAVAILABLE), constant(0)).results[0].delaysS;
    const high = drive(grpc(settings), [0], always(UNAVAILABLE), constant(1 - 1e-12)).results[0].delaysS;
    low.forEach((d, i) => expect(d).toBeCloseTo(0.8 * nominal[i], 12));
    high.forEach((d, i) => expect(d).toBeCloseTo(1.2 * nominal[i], 9));
    const uniform = new RngRoot(3).stream("g");
    for (let i = 0; i < 500; i++) {
      const delays = drive(grpc(settings), [0], always(UNAVAILABLE), uniform).results[0].delaysS;
      delays.forEach((d, n) => {
        if (d < 0.8 * nominal[n] - 1e-12 || d > 1.2 * nominal[n] + 1e-12) throw new Error(`delay ${d} for retry ${n + 1}`);
      });
    }
    const full = drive(grpc({ ...settings, jitter: "full" }), [0], always(UNAVAILABLE), constant(0.5)).results[0].delaysS;
    full.forEach((d, i) => expect(d).toBeCloseTo(0.5 * nominal[i], 12));
  });

  it("honours pushback: ≥ 0 is the exact delay and restarts the backoff; negative stops", () => {
    const settings = { max_attempts: 5, initial_backoff_s: 0.1, backoff_multiplier: 2, max_backoff_s: 10, "throttle.enabled": false };
    const outcomes: AttemptOutcome[] = [UNAVAILABLE, UNAVAILABLE, { type: "response", status: 503, pushbackMs: 250 }, UNAVAILABLE, OK];
    const run = drive(grpc(settings), [0], (_n, _r, attempt) => ({ outcome: outcomes[attempt - 1], latencyS: 0 }), constant(0.5));
    // 0.1, 0.2 (×1.0 at u = 0.5), exactly 0.25 from the server, then back to the initial 0.1.
    expect(run.results[0].delaysS.map((d) => Number(d.toFixed(12)))).toEqual([0.1, 0.2, 0.25, 0.1]);
    const stop = drive(grpc(settings), [0], always({ type: "response", status: 503, pushbackMs: -1 }), constant(0.5));
    expect(stop.results[0]).toMatchObject({ ok: false, attempts: 1 });
    expect(stop.results[0].reason).toMatch(/pushback/);
  });

  it("retries only retryable status codes (configurable)", () => {
    const internal: AttemptOutcome = { type: "response", status: 500 };
    expect(grpcStatusOf(internal)).toBe("UNKNOWN");
    expect(grpcStatusOf({ type: "response", status: 200, code: "RESOURCE_EXHAUSTED" })).toBe("RESOURCE_EXHAUSTED");
    expect(grpcStatusOf({ type: "error", error: "refused" })).toBe("UNAVAILABLE");
    expect(drive(grpc(), [0], always(internal), constant(0.5)).results[0].attempts).toBe(1);
    const more = grpc({ retryable_status_codes: ["UNAVAILABLE", "UNKNOWN"] });
    expect(drive(more, [0], always(internal), constant(0.5)).results[0].attempts).toBe(4);
  });

  it("throttling: retries stop once tokens ≤ maxTokens/2 and resume after successes", () => {
    const policy = grpc({ max_attempts: 5, "throttle.max_tokens": 10, "throttle.token_ratio": 0.5 });
    // One request failing every attempt: tokens 10 → 9 → 8 → 7 → 6 (retries allowed, > 5) → the 5th failure
    // would leave 5 but the request is out of attempts anyway; a second request's first failure leaves 4.
    const first = drive(policy, [0], always(UNAVAILABLE), constant(0.5));
    expect(first.results[0].attempts).toBe(5);
    const second = drive(policy, [0], always(UNAVAILABLE), constant(0.5));
    expect(second.results[0]).toMatchObject({ ok: false, attempts: 1 });
    expect(second.results[0].reason).toMatch(/throttled/);
    // Two successes add 2 × 0.5: tokens 4 → 5 (still ≤ 5, no retry), then one more success → 5.5.
    drive(policy, [0, 0], always(OK), constant(0.5));
    expect(drive(policy, [0], always(UNAVAILABLE), constant(0.5)).results[0].attempts).toBe(1); // 5 - 1 = 4
    drive(policy, [0, 0, 0, 0, 0], always(OK), constant(0.5)); // 4 + 2.5 = 6.5
    // 6.5 → 5.5 (retry) → 4.5 (no more).
    expect(drive(policy, [0], always(UNAVAILABLE), constant(0.5)).results[0].attempts).toBe(2);
  });

  it("throttling is per server, and non-retryable failures cost no token", () => {
    const policy = grpc({ max_attempts: 2, "throttle.max_tokens": 4, "throttle.token_ratio": 0.1 });
    const uniform = replay(new Array(100).fill(0.5));
    const run = (authority: string, outcome: AttemptOutcome): number => {
      const state = policy.start({ method: "GET", authority }, 0);
      let attempts = 0;
      for (;;) {
        state.beforeAttempt(0, uniform);
        attempts++;
        const d = state.afterAttempt(outcome, 0, uniform);
        if (d.action !== "retry") return attempts;
      }
    };
    for (let i = 0; i < 5; i++) run("a:80", { type: "response", status: 400 });
    expect(run("a:80", UNAVAILABLE)).toBe(2); // 4 → 3 (> 2: retry) → 2
    expect(run("a:80", UNAVAILABLE)).toBe(1); // 2 → 1: no retry
    expect(run("b:80", UNAVAILABLE)).toBe(2); // b still has 4 tokens
  });
});
