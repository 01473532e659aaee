import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SlidingWindowMax, bruteForceWindowMax } from "../../src/metrics/index.js";

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

  it("stays exact over long bursty runs (deferred dropping, ring growth)", () => {
    // Bursts of dense events between quiet stretches: the ring outgrows, then falls back below, the best so far.
    fc.assert(
      fc.property(
        fc.array(fc.record({ gapNs: fc.integer({ min: 0, max: 40_000_000 }), burst: fc.integer({ min: 1, max: 60 }) }), { minLength: 5, maxLength: 80 }),
        (bursts) => {
          const w = new SlidingWindowMax(100_000_000);
          const times: number[] = [];
          let t = 0;
          for (const b of bursts) {
            t += b.gapNs;
            for (let i = 0; i < b.burst; i++) {
              t += i % 3;
              times.push(t);
              w.observe(0, t);
            }
          }
          expect(w.maxOf(0)).toBe(bruteForceWindowMax(times, 100_000_000));
        },
      ),
      { numRuns: 150, seed: 21 },
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
