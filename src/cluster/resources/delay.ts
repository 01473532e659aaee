import type { ResourceRng } from "./clock.js";

/**
 * A distribution of delays in nanoseconds (hop latency, per-IO latency, backend first-byte latency).
 * Samples are rounded to the nearest integer nanosecond and never negative. Draws per sample:
 * constant 0, uniform 1, exponential 1, lognormal 2 (Box–Muller, cosine branch).
 */
export type DelaySpec =
  | { kind: "constant"; ns: number }
  | { kind: "uniform"; minNs: number; maxNs: number }
  /** `minNs` (default 0) is added to the exponential part: a floor such as the propagation delay. */
  | { kind: "exponential"; meanNs: number; minNs?: number }
  /** Lognormal with the given mean and standard deviation of the variable part, shifted by `minNs` (default 0). */
  | { kind: "lognormal"; meanNs: number; sdNs: number; minNs?: number };

/** A compiled delay sampler: `sample(u)` draws from `u`; `isConstant` samplers never draw. */
export interface DelaySampler {
  readonly isConstant: boolean;
  /** The mean delay in ns (exact for the distribution, before rounding). */
  readonly meanNs: number;
  /** One sample, an integer number of nanoseconds >= 0. */
  sample(u: () => number): number;
}

/** A constant delay spec. */
export function constantDelay(ns: number): DelaySpec {
  return { kind: "constant", ns };
}

/** Validates a DelaySpec and compiles it into a sampler. Throws RangeError naming `what` on bad parameters. */
export function compileDelay(spec: DelaySpec, what = "delay"): DelaySampler {
  const nonNegative = (x: number, name: string): number => {
    if (!(x >= 0) || !Number.isFinite(x)) throw new RangeError(`${what}: ${name} must be a finite number >= 0, got ${x}`);
    return x;
  };
  switch (spec.kind) {
    case "constant": {
      const ns = Math.round(nonNegative(spec.ns, "ns"));
      return { isConstant: true, meanNs: ns, sample: () => ns };
    }
    case "uniform": {
      const lo = nonNegative(spec.minNs, "minNs");
      const hi = nonNegative(spec.maxNs, "maxNs");
      if (hi < lo) throw new RangeError(`${what}: maxNs (${hi}) < minNs (${lo})`);
      const width = hi - lo;
      return { isConstant: width === 0, meanNs: (lo + hi) / 2, sample: (u) => Math.round(lo + width * u()) };
    }
    case "exponential": {
      const mean = nonNegative(spec.meanNs, "meanNs");
      const floor = nonNegative(spec.minNs ?? 0, "minNs");
      return { isConstant: mean === 0, meanNs: floor + mean, sample: (u) => Math.round(floor - Math.log(1 - u()) * mean) };
    }
    case "lognormal": {
      const mean = nonNegative(spec.meanNs, "meanNs");
      const sd = nonNegative(spec.sdNs, "sdNs");
      const floor = nonNegative(spec.minNs ?? 0, "minNs");
      if (mean === 0 || sd === 0) {
        const ns = Math.round(floor + mean);
        return { isConstant: true, meanNs: floor + mean, sample: () => ns };
      }
      const sigma2 = Math.log(1 + (sd * sd) / (mean * mean));
      const mu = Math.log(mean) - sigma2 / 2;
      const sigma = Math.sqrt(sigma2);
      return {
        isConstant: false,
        meanNs: floor + mean,
        sample: (u) => {
          const radius = Math.sqrt(-2 * Math.log(1 - u()));
          return Math.round(floor + Math.exp(mu + sigma * radius * Math.cos(2 * Math.PI * u())));
        },
      };
    }
    default:
      throw new RangeError(`${what}: unknown delay kind ${(spec as { kind: unknown }).kind}`);
  }
}

/** A uniform source that fails loudly: for samplers that must never draw (constant delays without an RNG). */
export function noDraws(what: string): () => number {
  return () => {
    throw new Error(`${what}: a random delay needs an RNG stream; pass rng to the constructor`);
  };
}

/** The stream `name` of `rng`, or a source that throws when drawn from if no rng was given. */
export function streamOrThrow(rng: ResourceRng | undefined, name: string): () => number {
  return rng === undefined ? noDraws(name) : rng.stream(name);
}
