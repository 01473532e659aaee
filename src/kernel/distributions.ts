import type { Uniform } from "./rng.js";

/*
 * Samplers over an injected Uniform (a stream, a replay source, or any () => number in [0, 1)). Each uses a
 * fixed, documented number of draws where possible so replayed vectors stay aligned: one draw each, except
 * normal/lognormal (two) and Zipf (a variable number: rejection). Results are unitless; callers convert
 * (e.g. nsFromS(exponential(u, meanS))).
 */

/** Uniform on [lo, hi). One draw. */
export function uniform(u: Uniform, lo: number, hi: number): number {
  return lo + (hi - lo) * u();
}

/** Uniform integer in [lo, hi] (both inclusive). One draw. */
export function uniformInt(u: Uniform, lo: number, hi: number): number {
  return lo + Math.floor(u() * (hi - lo + 1));
}

/** True with probability p. One draw. */
export function bernoulli(u: Uniform, p: number): boolean {
  return u() < p;
}

/** Exponential with the given mean (= 1 / rate). One draw, by inversion. */
export function exponential(u: Uniform, mean: number): number {
  return -Math.log(1 - u()) * mean;
}

/** Normal with mean and standard deviation sd. Two draws (Box–Muller, cosine branch only: no cached spare). */
export function normal(u: Uniform, mean: number, sd: number): number {
  const radius = Math.sqrt(-2 * Math.log(1 - u()));
  return mean + sd * radius * Math.cos(2 * Math.PI * u());
}

/** Lognormal: exp of a normal with parameters mu and sigma (of the logarithm). Two draws. */
export function lognormal(u: Uniform, mu: number, sigma: number): number {
  return Math.exp(normal(u, mu, sigma));
}

/** The (mu, sigma) of the lognormal with the given mean and standard deviation (both > 0). */
export function lognormalParams(mean: number, sd: number): { mu: number; sigma: number } {
  if (!(mean > 0) || !(sd > 0)) throw new RangeError(`lognormalParams: mean and sd must be > 0, got ${mean}, ${sd}`);
  const sigma2 = Math.log(1 + (sd * sd) / (mean * mean));
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}

/** Pareto (type I) with minimum `scale` and tail index `shape`: P(X > x) = (scale/x)^shape. One draw. */
export function pareto(u: Uniform, scale: number, shape: number): number {
  return scale * Math.pow(1 - u(), -1 / shape);
}

/** Weibull with the given scale and shape: P(X > x) = exp(-(x/scale)^shape). One draw. */
export function weibull(u: Uniform, scale: number, shape: number): number {
  return scale * Math.pow(-Math.log(1 - u()), 1 / shape);
}

/** One element of `items`, uniformly. One draw. */
export function choice<T>(u: Uniform, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError("choice: no items to choose from");
  return items[Math.floor(u() * items.length)];
}

/**
 * A discrete distribution over indices 0..n-1 with the given non-negative weights. Sampling is one draw and a
 * binary search over the cumulative weights (O(log n)), so replayed draws map to indices predictably.
 */
export class Discrete {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(weights: readonly number[]) {
    if (weights.length === 0) throw new RangeError("Discrete: no weights");
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => {
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`Discrete: weight #${i} = ${w} must be finite and >= 0`);
      sum += w;
      this.cumulative[i] = sum;
    });
    if (!(sum > 0)) throw new RangeError("Discrete: the weights sum to zero");
    this.total = sum;
  }

  /** Number of outcomes. */
  get size(): number {
    return this.cumulative.length;
  }

  /** Probability of index i. */
  probability(i: number): number {
    return (this.cumulative[i] - (i > 0 ? this.cumulative[i - 1] : 0)) / this.total;
  }

  /** An index, drawn with probability proportional to its weight. One draw. */
  sample(u: Uniform): number {
    const target = u() * this.total;
    const c = this.cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/**
 * Zipf over ranks 1..n with exponent s >= 0: P(k) proportional to k^-s. Uses rejection-inversion
 * (Hörmann & Derflinger, 1996): O(1) expected time and memory whatever n, so it suits populations of hundreds
 * of millions of objects. Consumes a variable number of draws (usually one or two).
 */
export class Zipf {
  readonly n: number;
  readonly exponent: number;
  private readonly hIntegralX1: number;
  private readonly hIntegralN: number;
  private readonly acceptWidth: number;

  constructor(n: number, exponent: number) {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`Zipf: n must be a positive integer, got ${n}`);
    if (!(exponent >= 0) || !Number.isFinite(exponent)) throw new RangeError(`Zipf: exponent must be >= 0, got ${exponent}`);
    this.n = n;
    this.exponent = exponent;
    this.hIntegralX1 = this.hIntegral(1.5) - 1;
    this.hIntegralN = this.hIntegral(n + 0.5);
    this.acceptWidth = 2 - this.hIntegralInverse(this.hIntegral(2.5) - this.h(2));
  }

  /** A rank in 1..n. */
  sample(u: Uniform): number {
    for (;;) {
      const v = this.hIntegralN + u() * (this.hIntegralX1 - this.hIntegralN);
      const x = this.hIntegralInverse(v);
      let k = Math.floor(x + 0.5);
      if (k < 1) k = 1;
      else if (k > this.n) k = this.n;
      // Accept at once when k is close enough to x (the common case), else compare against the exact area.
      if (k - x <= this.acceptWidth || v >= this.hIntegral(k + 0.5) - this.h(k)) return k;
    }
  }

  /** The unnormalised density x^-s. */
  private h(x: number): number {
    return Math.exp(-this.exponent * Math.log(x));
  }

  /** An antiderivative of h: (x^(1-s) - 1) / (1 - s), continuous at s = 1 (where it is ln x). */
  private hIntegral(x: number): number {
    const logX = Math.log(x);
    return expm1OverX((1 - this.exponent) * logX) * logX;
  }

  /** The inverse of hIntegral. */
  private hIntegralInverse(x: number): number {
    let t = x * (1 - this.exponent);
    if (t < -1) t = -1; // guards rounding just below the domain edge
    return Math.exp(log1pOverX(t) * x);
  }
}

/** (e^x - 1) / x, equal to 1 at x = 0. */
function expm1OverX(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x / 2;
}

/** ln(1 + x) / x, equal to 1 at x = 0. */
function log1pOverX(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x / 2;
}
