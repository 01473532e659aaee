import { describe, expect, it } from "vitest";
import { meanInterval, pairedDifference, welchDifference } from "../../../src/experiment/stats/stats.js";
import { incompleteBeta, studentTCdf, studentTQuantile } from "../../../src/experiment/stats/t-quantile.js";

describe("Student t quantiles", () => {
  // Reference values (R: qt(p, df)) to 9-10 significant digits.
  const known: Array<[number, number, number]> = [
    [0.975, 1, 12.70620474],
    [0.975, 2, 4.30265273],
    [0.975, 4, 2.776445105],
    [0.975, 9, 2.262157163],
    [0.975, 30, 2.042272456],
    [0.975, 1000, 1.962339081],
    [0.995, 10, 3.169272673],
    [0.9, 5, 1.475884049],
  ];
  it.each(known)("t(%f, %i) = %f", (p, df, want) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(want, 7);
  });

  it("is symmetric and inverts the CDF", () => {
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.776445105, 8);
    expect(studentTQuantile(0.5, 3)).toBe(0);
    for (const df of [1, 3, 7.5, 50]) {
      for (const p of [0.6, 0.9, 0.99]) expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 12);
    }
  });

  it("incomplete beta matches closed forms", () => {
    // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 - (1-x)^b.
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(incompleteBeta(0.4, 3, 1)).toBeCloseTo(0.064, 14);
    expect(incompleteBeta(0.2, 1, 4)).toBeCloseTo(1 - 0.8 ** 4, 14);
  });

  it("refuses p outside (0, 1) and df ≤ 0", () => {
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
  });
});

describe("mean and t-interval", () => {
  it("computes the 95% interval of a known sample", () => {
    // mean 3, sd sqrt(2.5), n 5: half-width = 2.776445105 * sqrt(2.5) / sqrt(5)
    const m = meanInterval([1, 2, 3, 4, 5]);
    expect(m.n).toBe(5);
    expect(m.mean).toBe(3);
    expect(m.sd).toBeCloseTo(Math.sqrt(2.5), 14);
    expect(m.halfWidth).toBeCloseTo(2.776445105 * Math.sqrt(0.5), 8);
    expect(m.low).toBeCloseTo(3 - m.halfWidth, 14);
    expect(m.high).toBeCloseTo(3 + m.halfWidth, 14);
  });

  it("gives no interval for one value and skips NaN", () => {
    const one = meanInterval([4, NaN]);
    expect(one.n).toBe(1);
    expect(one.mean).toBe(4);
    expect(one.halfWidth).toBeNaN();
    expect(meanInterval([]).mean).toBeNaN();
  });
});

describe("paired differences", () => {
  it("is the interval of the per-replication differences", () => {
    const base = [10, 20, 30, 40];
    const variant = [11, 22, 31, 42];
    const d = pairedDifference(variant, base);
    const direct = meanInterval([1, 2, 1, 2]);
    expect(d.mean).toBe(1.5);
    expect(d.halfWidth).toBeCloseTo(direct.halfWidth, 14);
    // Replication-to-replication spread cancels: far narrower than the unpaired interval.
    const welch = welchDifference(variant, base);
    expect(welch.mean).toBeCloseTo(1.5, 14);
    expect(d.halfWidth).toBeLessThan(welch.halfWidth / 10);
  });

  it("drops pairs with a missing side and refuses unequal lengths", () => {
    expect(pairedDifference([1, NaN, 5], [0, 0, 1]).n).toBe(2);
    expect(() => pairedDifference([1], [1, 2])).toThrow(RangeError);
  });

  it("Welch interval uses Welch–Satterthwaite degrees of freedom", () => {
    const a = [1, 2, 3, 4, 5];
    const b = [2, 4, 6];
    // var a/n = 2.5/5 = 0.5, var b/n = 4/3; df = (0.5+4/3)^2 / (0.25/4 + (16/9)/2)
    const va = 0.5;
    const vb = 4 / 3;
    const df = (va + vb) ** 2 / (va ** 2 / 4 + vb ** 2 / 2);
    const w = welchDifference(a, b);
    expect(w.mean).toBe(-1);
    expect(w.halfWidth).toBeCloseTo(studentTQuantile(0.975, df) * Math.sqrt(va + vb), 12);
  });
});
