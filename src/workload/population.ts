import { Zipf, type Uniform } from "../kernel/index.js";
import type { OperationMix, Popularity } from "../cluster/config.js";
import { OP_DELETE, OP_GET, OP_HEAD, OP_PUT } from "../cluster/attempt.js";

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
