import { lognormal, lognormalParams, pareto, Zipf, type Uniform } from "../kernel/index.js";
import type { OperationMix, Popularity, SizeDistribution } from "../model/workload.js";
import { OP_DELETE, OP_GET, OP_HEAD, OP_PUT } from "../cluster/http/ops.js";

/**
 * Which object a request touches: uniform over the population, or Zipf (rank 1 most popular). Ranks are
 * scattered over object indices by a fixed odd multiplier so popular objects spread over targets as names
 * would, not clustered at low indices.
 */
export class ObjectPicker {
  private readonly zipf: Zipf | null;
  private readonly scatter: number;

  constructor(
    readonly count: number,
    popularity: Popularity,
  ) {
    this.zipf = popularity.kind === "zipf" ? new Zipf(count, popularity.s) : null;
    this.scatter = count > 1 ? largestCoprimeBelow(count, Math.floor(count * 0.6180339887)) : 1;
  }

  /** An object index in [0, count). */
  pick(u: Uniform): number {
    if (this.zipf === null) return Math.floor(u() * this.count);
    const rank = this.zipf.sample(u) - 1;
    return (rank * this.scatter) % this.count;
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function largestCoprimeBelow(n: number, start: number): number {
  for (let k = Math.max(1, start); k > 1; k--) if (gcd(k, n) === 1) return k;
  return 1;
}

/** Picks operations by the mix with one draw. */
export class OpPicker {
  private readonly cumulative: number[];

  constructor(mix: OperationMix) {
    const total = mix.GET + mix.PUT + mix.HEAD + mix.DELETE;
    if (!(total > 0)) throw new RangeError("workload mix: fractions must sum to more than 0");
    this.cumulative = [mix.GET / total, (mix.GET + mix.PUT) / total, (mix.GET + mix.PUT + mix.HEAD) / total, 1];
  }

  /** An operation id (OP_GET…). */
  pick(u: Uniform): number {
    const c = this.cumulative;
    if (c[0] === 1) return OP_GET;
    const x = u();
    return x < c[0] ? OP_GET : x < c[1] ? OP_PUT : x < c[2] ? OP_HEAD : OP_DELETE;
  }
}

/** Largest object size kept per object (sizes live in a Uint32Array). */
const MAX_SIZE_BYTES = 0xffff_ffff;

/**
 * Each object's size: one constant, or drawn once per object at set-up (object i's size never changes, so a GET
 * and a PUT of it move the same bytes, and the draws do not depend on the traffic).
 */
export class ObjectSizes {
  private readonly sizes: Uint32Array | null;

  constructor(
    readonly count: number,
    private readonly constantBytes: number,
    distribution: SizeDistribution | undefined,
    draws: Uniform,
  ) {
    if (distribution === undefined || distribution.kind === "constant") {
      this.sizes = null;
      return;
    }
    const sizes = new Uint32Array(count);
    const d = distribution;
    const ln = d.kind === "lognormal" ? lognormalParams(d.meanBytes, d.sdBytes) : null;
    for (let i = 0; i < count; i++) {
      let x: number;
      if (d.kind === "uniform") x = d.minBytes + draws() * (d.maxBytes - d.minBytes);
      else if (d.kind === "lognormal") x = lognormal(draws, ln!.mu, ln!.sigma);
      else x = pareto(draws, d.minBytes, d.shape);
      sizes[i] = Math.min(MAX_SIZE_BYTES, Math.max(0, Math.round(x)));
    }
    this.sizes = sizes;
  }

  /** Size of object `i` in bytes. */
  sizeOf(i: number): number {
    return this.sizes === null ? this.constantBytes : this.sizes[i];
  }

  /** Mean size over the population. */
  meanBytes(): number {
    if (this.sizes === null) return this.constantBytes;
    let sum = 0;
    for (let i = 0; i < this.sizes.length; i++) sum += this.sizes[i];
    return sum / Math.max(1, this.sizes.length);
  }
}
