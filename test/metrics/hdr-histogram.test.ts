import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HdrHistogram, floorLog2 } from "../../src/metrics/index.js";

/** Nearest-rank quantile: the ceil(p/100 × n)-th smallest value. */
function exactPercentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

const value = fc.oneof(
  fc.integer({ min: 0, max: 1000 }),
  fc.integer({ min: 0, max: 10_000_000 }),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: 2 ** 32 - 5, max: 2 ** 32 + 5 }),
);

describe("HDR histogram", () => {
  it("percentiles lie within the relative precision above the exact nearest-rank quantile", () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 400 }), fc.constantFrom(4, 7, 8), (values, bits) => {
        const h = new HdrHistogram(bits);
        for (const v of values) h.record(v);
        const sorted = [...values].sort((a, b) => a - b);
        const ps = [0.1, 1, 25, 50, 90, 99, 99.9, 100];
        const batch = h.percentiles(ps);
        ps.forEach((p, i) => {
          const exact = exactPercentile(sorted, p);
          const got = h.percentile(p);
          expect(batch[i]).toBe(got);
          expect(got).toBeGreaterThanOrEqual(exact);
          expect(got).toBeLessThanOrEqual(exact * (1 + h.relativePrecision));
        });
        expect(h.count).toBe(values.length);
        expect(h.min).toBe(sorted[0]);
        expect(h.max).toBe(sorted[sorted.length - 1]);
      }),
      { numRuns: 300, seed: 17 },
    );
  });

  it("merge equals the histogram of the union", () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 200 }), fc.array(value, { maxLength: 200 }), (xs, ys) => {
        const a = new HdrHistogram();
        const b = new HdrHistogram();
        const u = new HdrHistogram();
        xs.forEach((v) => (a.record(v), u.record(v)));
        ys.forEach((v) => (b.record(v), u.record(v)));
        a.merge(b);
        expect(a.sameCountsAs(u)).toBe(true);
        expect(a.count).toBe(u.count);
        expect(a.percentile(99)).toBe(u.percentile(99));
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  it("buckets tile the integers: consecutive, contiguous, narrow", () => {
    const h = new HdrHistogram(8);
    let prevHigh = -1;
    for (let i = 0; i < 5000; i++) {
      const lo = h.lowestInBucket(i);
      const hi = h.highestInBucket(i);
      expect(lo).toBe(prevHigh + 1);
      expect(h.indexOf(lo)).toBe(i);
      expect(h.indexOf(hi)).toBe(i);
      if (lo < 256) expect(hi).toBe(lo); // exact below 2^8
      else expect((hi - lo + 1) / lo).toBeLessThanOrEqual(1 / 128);
      prevHigh = hi;
    }
  });

  it("floorLog2 is exact across 2^32 and up to 2^53", () => {
    for (let k = 0; k < 53; k++) {
      expect(floorLog2(2 ** k)).toBe(k);
      if (k > 0) expect(floorLog2(2 ** k - 1)).toBe(k - 1);
    }
  });

  it("mean is exact; empty histograms answer NaN", () => {
    const h = new HdrHistogram();
    expect(h.percentile(50)).toBeNaN();
    [1, 2, 3, 1_000_000_007].forEach((v) => h.record(v));
    expect(h.mean).toBe((1 + 2 + 3 + 1_000_000_007) / 4);
  });
});
