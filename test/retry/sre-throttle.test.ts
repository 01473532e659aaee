import { describe, expect, it } from "vitest";
import "../../src/retry/presets/index.js";
import { constant, RngRoot } from "../../src/kernel/rng.js";
import { findPreset } from "../../src/retry/presets/index.js";
import { SreClientThrottle } from "../../src/retry/libraries/sre-throttle.js";
import { drive, OK, UNAVAILABLE } from "./drive-policy.js";

/** Feeds the throttle `requests` attempts at `nowS`, the first `accepts` of them accepted. */
function feed(throttle: SreClientThrottle, requests: number, accepts: number, nowS: number): void {
  for (let i = 0; i < requests; i++) {
    const guard = throttle.startRequest();
    guard.sent?.(1, nowS);
    guard.observe?.(i < accepts ? "success" : "retryable", i < accepts ? OK : UNAVAILABLE, nowS);
    guard.ended?.(nowS);
  }
}

describe("sre-throttle: client-side adaptive throttling", () => {
  it("rejection probability is max(0, (requests − K·accepts)/(requests + 1))", () => {
    const throttle = new SreClientThrottle(2, 120, 0.1);
    feed(throttle, 100, 20, 1);
    expect(throttle.rejectionProbability(1)).toBeCloseTo((100 - 2 * 20) / 101, 12);
    feed(throttle, 0, 0, 2);
    const healthy = new SreClientThrottle(2, 120, 0.1);
    feed(healthy, 100, 60, 1);
    expect(healthy.rejectionProbability(1)).toBe(0);
    // The counts expire after the 2-minute window.
    expect(throttle.rejectionProbability(122)).toBe(0);
  });

  it("rejects an attempt exactly when the draw falls below the probability, counting it as a request", () => {
    const throttle = new SreClientThrottle(2, 120, 0.1);
    feed(throttle, 50, 0, 1);
    const p = throttle.rejectionProbability(1);
    expect(p).toBeCloseTo(50 / 51, 12);
    expect(throttle.startRequest().admit?.(1, 1, constant(p + 1e-6))).toEqual({ action: "send" });
    expect(throttle.startRequest().admit?.(1, 1, constant(p - 1e-6))?.action).toBe("reject");
    expect(throttle.rejectionProbability(1)).toBeCloseTo(51 / 52, 12);
  });

  it("the observed local rejection rate matches the formula", () => {
    // A backend accepting nothing: a client hammering it converges on rejecting (n − 0)/(n + 1) of its attempts.
    const throttle = new SreClientThrottle(2, 120, 0.1);
    feed(throttle, 200, 50, 0); // p = (200 − 100)/201
    const expected = 100 / 201;
    const uniform = new RngRoot(9).stream("sre");
    let rejected = 0;
    const trials = 5_000;
    for (let i = 0; i < trials; i++) {
      // A fresh throttle with the same counts per trial, so every trial sees the same probability.
      const copy = new SreClientThrottle(2, 120, 0.1);
      feed(copy, 200, 50, 0);
      if (copy.startRequest().admit?.(1, 0, uniform)?.action === "reject") rejected++;
    }
    expect(Math.abs(rejected / trials - expected)).toBeLessThan(0.025);
  });

  it("at most 3 attempts, and retries only while retries are under 10% of requests", () => {
    const policy = findPreset("sre-throttle")!.create({});
    const uniform = new RngRoot(2).stream("s");
    // Healthy traffic first so that the throttle itself does not reject: 100 successes.
    drive(policy, Array.from({ length: 100 }, (_, i) => i * 0.01), () => ({ outcome: OK, latencyS: 0.001 }), uniform);
    const failing = drive(policy, [2], () => ({ outcome: UNAVAILABLE, latencyS: 0.001 }), uniform);
    expect(failing.results[0].attempts).toBe(3);
    // 30 more failing requests: the budget allows retries only while retries/requests < 10%.
    const storm = drive(policy, Array.from({ length: 30 }, (_, i) => 3 + i * 0.01), () => ({ outcome: UNAVAILABLE, latencyS: 0.001 }), uniform);
    const retries = 2 + storm.results.reduce((sum, r) => sum + Math.max(0, r.attempts - 1), 0);
    const requests = 100 + 3 + storm.results.reduce((sum, r) => sum + r.attempts, 0);
    expect(retries / requests).toBeLessThan(0.1 + 1 / requests);
    expect(storm.results.some((r) => r.reason?.includes("retry budget"))).toBe(true);
  });
});
