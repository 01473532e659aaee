import type { MovementContext } from "./rebalance/context.js";
import { key } from "./resilver/mountpath-locations.js";

/**
 * N-way mirroring inside a target: besides the copy on its HRW mountpath, an object of a mirrored bucket has
 * `copies - 1` more on other mountpaths of the same target. The extra copies go to the least-utilised
 * mountpaths; with equal utilisation (a population written evenly) that is a per-object rotation, which spreads
 * them evenly. A GET reads the main copy (a healthy extra copy when the main disk failed); with the cluster
 * feature `LoadBalanceGET` it reads whichever copy sits on the least busy healthy disk (ais/tgtobj.go at
 * 583e7729: `lom.OpenCopy` only when the feature is set).
 */
export class Mirroring {
  /** Copies moved by a resilver: (target, object key) → mountpaths of the extra copies. */
  private readonly moved: Array<Map<number, number[]>>;

  constructor(
    private readonly ctx: MovementContext,
    private readonly buckets: ReadonlySet<number>,
    readonly copies: number,
    /** The cluster feature LoadBalanceGET is set. */
    private readonly loadBalanceGet: boolean,
  ) {
    this.moved = ctx.cluster.targets.map(() => new Map());
  }

  /** True when the bucket is mirrored. */
  covers(bucket: number): boolean {
    return this.buckets.has(bucket) && this.copies > 1;
  }

  /** Mountpaths of the extra copies of an object on a target. */
  extraCopies(bucket: number, object: number, target: number): number[] {
    const m = this.moved[target].get(key(bucket, object));
    if (m !== undefined) return m;
    const main = this.ctx.locations.current(bucket, object, target);
    const n = this.ctx.locations.mountpaths;
    const others: number[] = [];
    for (let m = 0; m < n; m++) if (m !== main && this.ctx.locations.isEnabled(target, m)) others.push(m);
    const out: number[] = [];
    for (let k = 0; k < others.length && out.length < this.copies - 1; k++) out.push(others[(object + k) % others.length]);
    return out;
  }

  /** Records where a resilver put the extra copies. */
  setExtraCopies(bucket: number, object: number, target: number, mountpaths: number[]): void {
    this.moved[target].set(key(bucket, object), mountpaths);
  }

  /**
   * The copy a GET reads: the main copy, or with LoadBalanceGET the least busy disk among the healthy copies (the
   * main copy on ties). A failed main disk leaves the healthy extra copies.
   */
  readMountpath(bucket: number, object: number, target: number): number {
    const tg = this.ctx.cluster.targets[target];
    const main = this.ctx.locations.current(bucket, object, target);
    if (!this.loadBalanceGet && !tg.diskFailed[main]) return main;
    let best = tg.diskFailed[main] ? -1 : main;
    let bestLoad = best < 0 ? Infinity : load(tg.disks[main].stats());
    for (const m of this.extraCopies(bucket, object, target)) {
      if (tg.diskFailed[m]) continue;
      const l = load(tg.disks[m].stats());
      if (l < bestLoad) {
        best = m;
        bestLoad = l;
      }
    }
    return best < 0 ? main : best;
  }
}

function load(s: { inService: number; queued: number }): number {
  return s.inService + s.queued;
}
