import { studentTQuantile } from "./t-quantile.js";

/** Confidence level of every interval aisim reports. */
export const CONFIDENCE = 0.95;

/** Mean and two-sided 95% Student-t confidence interval of a sample. */
export interface MeanInterval {
  /** Values used (NaN values are left out). */
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1 denominator); NaN when n < 2. */
  readonly sd: number;
  /** t(0.975, n−1)·sd/√n; NaN when n < 2. */
  readonly halfWidth: number;
  readonly low: number;
  readonly high: number;
}

/** Mean and 95% t-interval of `values` (NaN entries ignored; all NaN when none is left). */
export function meanInterval(values: readonly number[]): MeanInterval {
  const xs = values.filter((v) => !Number.isNaN(v));
  const n = xs.length;
  if (n === 0) return { n, mean: NaN, sd: NaN, halfWidth: NaN, low: NaN, high: NaN };
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  if (n < 2) return { n, mean, sd: NaN, halfWidth: NaN, low: NaN, high: NaN };
  let squares = 0;
  for (const x of xs) squares += (x - mean) * (x - mean);
  const sd = Math.sqrt(squares / (n - 1));
  const halfWidth = studentTQuantile(1 - (1 - CONFIDENCE) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, halfWidth, low: mean - halfWidth, high: mean + halfWidth };
}

/**
 * Paired difference `variant − baseline` over replications that share their random numbers: the interval of the
 * per-replication differences. Pairs where either side is NaN are dropped.
 */
export function pairedDifference(variant: readonly number[], baseline: readonly number[]): MeanInterval {
  if (variant.length !== baseline.length) throw new RangeError(`pairedDifference: ${variant.length} values against ${baseline.length}`);
  const diffs: number[] = [];
  for (let i = 0; i < variant.length; i++) {
    if (!Number.isNaN(variant[i]) && !Number.isNaN(baseline[i])) diffs.push(variant[i] - baseline[i]);
  }
  return meanInterval(diffs);
}

/**
 * Unpaired (Welch) interval of `a − b`, as if the samples were independent: what the comparison would cost
 * without common random numbers. Degrees of freedom by Welch–Satterthwaite.
 */
export function welchDifference(a: readonly number[], b: readonly number[]): MeanInterval {
  const x = meanInterval(a);
  const y = meanInterval(b);
  const mean = x.mean - y.mean;
  const n = Math.min(x.n, y.n);
  if (x.n < 2 || y.n < 2) return { n, mean, sd: NaN, halfWidth: NaN, low: NaN, high: NaN };
  const vx = (x.sd * x.sd) / x.n;
  const vy = (y.sd * y.sd) / y.n;
  const se = Math.sqrt(vx + vy);
  if (se === 0) return { n, mean, sd: 0, halfWidth: 0, low: mean, high: mean };
  const df = ((vx + vy) * (vx + vy)) / ((vx * vx) / (x.n - 1) + (vy * vy) / (y.n - 1));
  const halfWidth = studentTQuantile(1 - (1 - CONFIDENCE) / 2, df) * se;
  return { n, mean, sd: se, halfWidth, low: mean - halfWidth, high: mean + halfWidth };
}
