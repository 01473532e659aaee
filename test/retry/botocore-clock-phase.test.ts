import { describe, expect, it } from "vitest";
import { BOTOCORE_ADAPTIVE_DEFAULTS, ClientRateLimiter } from "../../src/retry/libraries/botocore-adaptive.js";

/**
 * botocore's adaptive RateClocker (retries/adaptive.py) buckets `time.time()` in half seconds and starts at
 * floor(time.time()): where the client's wall-clock seconds begin decides which responses fall into which bucket,
 * so the measured send rate — and the rate the limiter falls back to at the first throttle — depends on it. Real
 * clients start at an arbitrary phase; a simulated host gets a seeded one (RequestContext.clockPhaseS).
 */
describe("botocore adaptive: the wall clock's phase", () => {
  function measuredAfter(phaseS: number): number {
    const limiter = new ClientRateLimiter(BOTOCORE_ADAPTIVE_DEFAULTS, 0, phaseS);
    // Ten responses 50 ms apart, from 0.05 s to 0.5 s of the client's life.
    for (let i = 1; i <= 10; i++) limiter.onResponse(i * 0.05, false);
    return limiter.snapshot().measuredRate;
  }

  it("with the phase at a whole second, nothing crosses a bucket before 0.5 s: no rate measured yet", () => {
    // Buckets at wall 0.0 (start: floor(0) = 0) and 0.5: the tenth response, at 0.5 s, is the first in a new one.
    expect(measuredAfter(0)).toBeCloseTo(0.8 * (10 / 0.5), 9);
  });

  it("with the clock 0.7 s into a second, the responses fall into other buckets and the rate differs", () => {
    // Wall times 0.75 … 1.20, start floor(0.7) = 0. The first (wall 0.75, bucket 0.5) closes [0, 0.5): rate 1/0.5,
    // measured 0.8 · 2 = 1.6. The sixth (wall 1.0) closes [0.5, 1.0) with 5 responses: 0.8 · 10 + 0.2 · 1.6.
    expect(measuredAfter(0.7)).toBeCloseTo(0.8 * 10 + 0.2 * 1.6, 9);
    expect(measuredAfter(0.7)).not.toBeCloseTo(measuredAfter(0), 3);
  });
});
