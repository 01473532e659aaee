import { describe, expect, it } from "vitest";
import "../../src/retry/presets/index.js";
import { constant, RngRoot } from "../../src/kernel/rng.js";
import { EnvoyRetryBudget, envoyBackoff } from "../../src/retry/libraries/envoy.js";
import { findPreset } from "../../src/retry/presets/index.js";
import type { RequestRetryState, RetryPolicy } from "../../src/retry/contract.js";
import { UNAVAILABLE } from "./drive-policy.js";

function envoy(overrides: Record<string, unknown> = {}): RetryPolicy {
  return findPreset("envoy")!.create(overrides);
}

describe("envoy backoff", () => {
  it("waits whole milliseconds in [0, interval), the interval doubling from 25 to 250 ms", () => {
    const intervalsMs = [25, 50, 100, 200, 250, 250];
    const top = envoyBackoff(25, 250);
    intervalsMs.forEach((ms, i) => expect(top.delayS(i + 1, constant(1 - 1e-12))).toBeCloseTo((ms - 1) / 1000, 12));
    const uniform = new RngRoot(5).stream("e");
    for (let run = 0; run < 200; run++) {
      const backoff = envoyBackoff(25, 250);
      intervalsMs.forEach((ms, i) => {
        const delayMs = backoff.delayS(i + 1, uniform) * 1000;
        if (Math.abs(delayMs - Math.round(delayMs)) > 1e-9 || delayMs < 0 || delayMs >= ms) throw new Error(`${delayMs} ms for interval ${ms}`);
      });
    }
  });

  it("num_retries 1 by default: two attempts", () => {
    const state = envoy().start({ method: "GET" }, 0);
    state.beforeAttempt(0, constant(0.5));
    expect(state.afterAttempt(UNAVAILABLE, 0, constant(0.5)).action).toBe("retry");
    state.beforeAttempt(0, constant(0.5));
    expect(state.afterAttempt(UNAVAILABLE, 0, constant(0.5)).action).toBe("give-up");
  });
});

describe("envoy retry budget", () => {
  /** Starts `n` requests and sends their first attempts. */
  function startAll(policy: RetryPolicy, n: number): RequestRetryState[] {
    return Array.from({ length: n }, () => {
      const state = policy.start({ method: "GET" }, 0);
      expect(state.beforeAttempt(0, constant(0.5)).action).toBe("send");
      return state;
    });
  }

  it("with few requests in flight, caps concurrent retries at the minimum 3", () => {
    const states = startAll(envoy({ num_retries: 5 }), 10);
    const decisions = states.map((s) => s.afterAttempt(UNAVAILABLE, 0.01, constant(0.5)).action);
    expect(decisions.filter((a) => a === "retry")).toHaveLength(3);
  });

  it("caps concurrent retries at 20% of the attempts in flight", () => {
    const states = startAll(envoy({ num_retries: 5 }), 100);
    // After the k-th failure 100 − k attempts remain in flight; the k-th retry is granted while k − 1 < floor(0.2·(100 − k)).
    const granted = states.slice(0, 30).map((s) => s.afterAttempt(UNAVAILABLE, 0.01, constant(0.5)).action === "retry");
    expect(granted.filter(Boolean)).toHaveLength(16);
    expect(granted.slice(0, 16).every(Boolean)).toBe(true);
  });

  it("a slot is held through the backoff and freed when the retry's outcome is known or the request ends", () => {
    const budget = new EnvoyRetryBudget(20, 1);
    const one = budget.startRequest();
    const two = budget.startRequest();
    one.sent?.(1, 0);
    two.sent?.(1, 0);
    one.observe?.("retryable", UNAVAILABLE, 0);
    expect(one.retryDenial?.(0)).toBeUndefined();
    one.retryCommitted?.(0);
    two.observe?.("retryable", UNAVAILABLE, 0);
    expect(two.retryDenial?.(0)).toMatch(/overflow/); // one retry active, cap max(0, 1) = 1
    one.sent?.(2, 0.02);
    expect(budget.activeRetries).toBe(1);
    one.observe?.("success", { type: "response", status: 200 }, 0.03);
    expect(budget.activeRetries).toBe(0);
    expect(two.retryDenial?.(0.03)).toBeUndefined();
    two.retryCommitted?.(0.03);
    two.ended?.(0.04); // the caller dropped the request during its backoff
    expect(budget.activeRetries).toBe(0);
    expect(budget.attemptsInFlight).toBe(0);
  });

  it("end() of a request abandoned mid-attempt releases its in-flight count", () => {
    const policy = envoy() as RetryPolicy;
    const state = policy.start({ method: "GET" }, 0);
    state.beforeAttempt(0, constant(0.5));
    state.end?.(1);
    state.end?.(2);
    const states = startAll(policy, 10);
    expect(states.map((s) => s.afterAttempt(UNAVAILABLE, 3, constant(0.5)).action).filter((a) => a === "retry")).toHaveLength(3);
  });
});
