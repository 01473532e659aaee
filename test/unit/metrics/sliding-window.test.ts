import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SlidingWindowMax, bruteForceWindowMax } from "../../../src/workload/metrics/index.js";

describe("sliding 1-s window maximum", () => {
  it("matches a brute-force count over every window start, per key", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ key: fc.integer({ min: 0, max: 3 }), t: fc.integer({ min: 0, max: 5_000_000_000 }) }), { maxLength: 300 }),
        fc.constantFrom(1_000_000_000, 250_000_000, 1),
        (events, windowNs) => {
          const sorted = [...events].sort((a, b) => a.t - b.t);
          const w = new SlidingWindowMax(windowNs);
          for (const e of sorted) w.observe(e.key, e.t);
          for (let k = 0; k <= 3; k++) {
            const times = sorted.filter((e) => e.key === k).map((e) => e.t);
            expect(w.maxOf(k)).toBe(bruteForceWindowMax(times, windowNs));
          }
        },
      ),
      { numRuns: 300, seed: 8 },
    );
  });

  it("counts a sliding, not an aligned, second", () => {
    const w = new SlidingWindowMax();
    // 5 sends in [0.6 s, 1.4 s]: no aligned second holds more than 3, a sliding one holds all 5.
    for (const t of [600e6, 700e6, 900e6, 1_200e6, 1_400e6]) w.observe(0, t);
    expect(w.maxOf(0)).toBe(5);
    w.observe(0, 2_400e6); // exactly 1 s after the last: the window is half-open
    expect(w.maxOf(0)).toBe(5);
  });

  it("rejects time going backwards", () => {
    const w = new SlidingWindowMax();
    w.observe(1, 10);
    expect(() => w.observe(1, 9)).toThrow(/backwards/);
  });
});
