import { describe, expect, it } from "vitest";
import "../../src/retry/presets/index.js";
import { constant } from "../../src/kernel/rng.js";
import { CircuitBreaker, type BreakerOptions } from "../../src/retry/libraries/circuit-breaker.js";
import { findPreset } from "../../src/retry/presets/index.js";
import type { RetryPolicy } from "../../src/retry/contract.js";
import { OK, UNAVAILABLE } from "./drive-policy.js";

const OPTIONS: BreakerOptions = {
  consecutiveFailures: 3,
  failureRatio: 0,
  windowS: 10,
  minAttempts: 10,
  openS: 5,
  halfOpenProbes: 1,
  closeAfterSuccesses: 1,
};

/** One attempt through the breaker at `nowS`: undefined if rejected, else the guard after its outcome. */
function attempt(breaker: CircuitBreaker, nowS: number, failed: boolean): "rejected" | "sent" {
  const guard = breaker.startRequest();
  if (guard.admit?.(1, nowS, constant(0.5))?.action === "reject") {
    guard.ended?.(nowS);
    return "rejected";
  }
  guard.sent?.(1, nowS);
  guard.observe?.(failed ? "retryable" : "success", failed ? UNAVAILABLE : OK, nowS);
  guard.ended?.(nowS);
  return "sent";
}

describe("circuit breaker", () => {
  it("opens after N consecutive failures; a success in between resets the count", () => {
    const breaker = new CircuitBreaker(OPTIONS);
    attempt(breaker, 0, true);
    attempt(breaker, 0.1, true);
    attempt(breaker, 0.2, false);
    attempt(breaker, 0.3, true);
    attempt(breaker, 0.4, true);
    expect(breaker.state(0.4)).toBe("closed");
    attempt(breaker, 0.5, true);
    expect(breaker.state(0.5)).toBe("open");
    expect(attempt(breaker, 1, false)).toBe("rejected");
    expect(attempt(breaker, 5.49, false)).toBe("rejected");
  });

  it("half-open after the open duration: one probe; success closes, failure reopens", () => {
    const breaker = new CircuitBreaker(OPTIONS);
    for (let i = 0; i < 3; i++) attempt(breaker, i * 0.1, true);
    expect(breaker.state(5.2)).toBe("half-open");
    const probe = breaker.startRequest();
    expect(probe.admit?.(1, 5.2, constant(0.5))).toEqual({ action: "send" });
    probe.sent?.(1, 5.2);
    expect(attempt(breaker, 5.3, false)).toBe("rejected"); // the probe is still in flight
    probe.observe?.("retryable", UNAVAILABLE, 5.4);
    expect(breaker.state(5.4)).toBe("open");
    expect(attempt(breaker, 10.3, false)).toBe("rejected"); // reopened at 5.4, until 10.4
    expect(attempt(breaker, 10.4, false)).toBe("sent");
    expect(breaker.state(10.4)).toBe("closed");
    expect(breaker.transitions.map(([, s]) => s)).toEqual(["open", "half-open", "open", "half-open", "closed"]);
  });

  it("an abandoned probe frees its slot", () => {
    const breaker = new CircuitBreaker(OPTIONS);
    for (let i = 0; i < 3; i++) attempt(breaker, 0, true);
    const probe = breaker.startRequest();
    probe.admit?.(1, 6, constant(0.5));
    probe.sent?.(1, 6);
    probe.ended?.(7);
    expect(attempt(breaker, 7, false)).toBe("sent");
  });

  it("opens on the failure ratio once enough attempts are seen", () => {
    const breaker = new CircuitBreaker({ ...OPTIONS, consecutiveFailures: 0, failureRatio: 0.5, minAttempts: 10 });
    for (let i = 0; i < 8; i++) attempt(breaker, i * 0.1, i % 2 === 0);
    expect(breaker.state(0.8)).toBe("closed"); // 4 of 8, below the minimum of 10 attempts
    attempt(breaker, 0.9, false);
    attempt(breaker, 1.0, true); // 5 of 10
    expect(breaker.state(1.0)).toBe("open");
  });

  it("the preset wraps another preset, passing inner.* settings through, and fails fast while open", () => {
    const policy: RetryPolicy = findPreset("circuit-breaker")!.create({
      inner: "aws-exponential",
      "inner.max_attempts": 10,
      "inner.base_s": 0.1,
      "breaker.consecutive_failures": 4,
    });
    expect(policy.params["inner.base_s"]).toBe(0.1);
    const state = policy.start({ method: "GET" }, 0);
    const uniform = constant(0.5);
    const decisions: string[] = [];
    let nowS = 0;
    for (;;) {
      const send = state.beforeAttempt(nowS, uniform);
      if (send.action === "reject") {
        decisions.push("reject");
        break;
      }
      const decision = state.afterAttempt(UNAVAILABLE, nowS, uniform);
      decisions.push(decision.action);
      if (decision.action !== "retry") break;
      nowS += decision.delayS;
    }
    expect(decisions).toEqual(["retry", "retry", "retry", "retry", "reject"]);
    expect(state.attempts).toBe(4);
    expect(() => findPreset("circuit-breaker")!.create({ inner: "no-such-preset" })).toThrow(/does not exist/);
    expect(() => findPreset("circuit-breaker")!.create({ "inner.bogus": 1 })).toThrow(/unknown parameter "bogus"/);
  });
});
