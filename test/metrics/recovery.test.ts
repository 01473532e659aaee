import { describe, expect, it } from "vitest";
import { recoverySeconds, type FaultSpanS } from "../../src/metrics/index.js";

/**
 * A run's per-second series from success rates: `rates[s]` of 1000 requests ending in second s succeeded
 * (null = no request ended in that second).
 */
function series(rates: ReadonlyArray<number | null>): { succeeded: number[]; failed: number[] } {
  const succeeded = rates.map((r) => (r === null ? 0 : Math.round(1000 * r)));
  const failed = rates.map((r, s) => (r === null ? 0 : 1000 - succeeded[s]));
  return { succeeded, failed };
}

/** `n` seconds at rate `r`. */
const run = (n: number, r: number | null): Array<number | null> => Array.from({ length: n }, () => r);

function recovery(rates: ReadonlyArray<number | null>, faults: readonly FaultSpanS[], warmupS = 5): number | undefined {
  return recoverySeconds({ ...series(rates), warmupS, runEndS: rates.length, faults });
}

describe("recovery_s of cluster runs", () => {
  it("is reported only with faults", () => {
    expect(recovery(run(60, 1), [])).toBeUndefined();
  });

  it("counts from the end of the last fault window, not the first, until the rate is back for good, not first back", () => {
    // Faults 10–15 s and 18–20 s; back at 21–23, relapse at 24, healthy from 25 to the end.
    const rates = [...run(10, 1), ...run(10, 0.6), ...run(1, 0.8), ...run(3, 1), 0.7, ...run(35, 1)];
    const faults = [
      { startS: 10, endS: 15 },
      { startS: 18, endS: 20 },
    ];
    expect(recovery(rates, faults)).toBe(5);
  });

  it("measures the pre-fault level after warm-up only: a poor warm-up does not lower the bar", () => {
    // Warm-up at 50%: counting it would put the level near 0.8 and call 0.9 healthy.
    const rates = [...run(5, 0.5), ...run(10, 1), ...run(5, 0.4), ...run(10, 0.9), ...run(30, 1)];
    expect(recovery(rates, [{ startS: 15, endS: 20 }])).toBe(10);
    expect(recovery(rates, [{ startS: 15, endS: 20 }], 0)).toBe(0);
  });

  it("tolerates the pre-fault noise (3 standard deviations, at least 1 point) but not less", () => {
    // Before: alternating 100% / 96% (level 0.98, sd 0.02: healthy from 0.92). After: 95% is noise, 90% is not.
    const noisy = Array.from({ length: 20 }, (_, s) => (s % 2 === 0 ? 1 : 0.96));
    expect(recovery([...noisy, ...run(5, 0.5), ...run(5, 0.9), ...run(30, 0.95)], [{ startS: 20, endS: 25 }], 0)).toBe(5);
    // Without noise the bar is 1 point below the level: 98.5% of a 99% level is healthy, 97% is not.
    expect(recovery([...run(20, 0.99), ...run(5, 0.5), ...run(5, 0.97), ...run(30, 0.985)], [{ startS: 20, endS: 25 }], 0)).toBe(5);
  });

  it("measures from the fault's end to the start of the first good whole second", () => {
    const rates = [...run(20, 1), ...run(1, 0.5), ...run(39, 1)];
    // Healthy from second 21 on; the fault ended at 20.5.
    expect(recovery(rates, [{ startS: 15, endS: 20.5 }])).toBe(0.5);
    // Already back when the fault ended.
    expect(recovery([...run(30, 1), ...run(30, 1)], [{ startS: 15, endS: 20 }])).toBe(0);
  });

  it("is NaN (empty in the CSVs) when the rate never comes back, as in the overload scenario", () => {
    expect(recovery([...run(20, 1), ...run(30, 1), ...run(10, 0.8)], [{ startS: 15, endS: 20 }])).toBeNaN();
    // No pre-fault second after warm-up: no level to come back to.
    expect(recovery(run(60, 1), [{ startS: 3, endS: 10 }])).toBeNaN();
  });

  it("counts a fault lasting to the end of the run from its start (the cluster routes around a dead target)", () => {
    const rates = [...run(20, 1), ...run(12, 0.75), ...run(28, 1)];
    expect(recovery(rates, [{ startS: 20, endS: 60 }])).toBe(12);
  });

  it("treats seconds with no request ending as unhealthy, unless the workload was that sparse before the fault", () => {
    const stuck = [...run(20, 1), ...run(5, null), ...run(35, 1)];
    expect(recovery(stuck, [{ startS: 15, endS: 20 }])).toBe(5);
    const sparse = Array.from({ length: 60 }, (_, s) => (s % 3 === 0 ? null : s >= 20 && s < 26 ? 0.5 : 1));
    expect(recovery(sparse, [{ startS: 15, endS: 20 }])).toBe(6);
  });
});
