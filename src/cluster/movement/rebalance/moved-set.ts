import type { BucketRuntime } from "../../http/bucket-runtime.js";
import type { ClusterMap } from "../../ownership/cluster-map.js";
import type { OwnerCache } from "../../ownership/owner-cache.js";
import type { MountpathLocations } from "../resilver/mountpath-locations.js";

/** What one source target must send: parallel arrays, sorted by (mountpath, destination, bucket, object). */
export interface SendPlan {
  readonly bucket: Int16Array;
  readonly object: Int32Array;
  readonly dest: Int16Array;
  readonly mountpath: Int16Array;
  readonly count: number;
}

/**
 * What each sender's traversal sends (reb/globrun.go `visitObj` at 583e7729): every copy a participating target
 * holds whose owner on the new map is another target — whether or not the owner already has it. Source copies
 * are never deleted by a rebalance (only an admin cleanup removes them), so stale copies are sent again by every
 * later run, and the receiver drops a duplicate only after receiving it. One pass over the population for the
 * whole cluster, no event per object.
 */
export function computeSendPlans(
  buckets: readonly BucketRuntime[],
  owners: OwnerCache,
  map: ClusterMap,
  senders: ReadonlySet<number>,
  locations: MountpathLocations,
): Map<number, SendPlan> {
  const rows = new Map<number, number[]>();
  for (const b of buckets) {
    const store = b.store;
    for (let i = 0; i < store.count; i++) {
      const home = store.homeOf(i);
      if (home < 0) continue;
      const owner = owners.owner(map, b.index, i);
      if (owner < 0) continue;
      // The common case, one copy already at its owner, costs no allocation.
      const extra = store.hasExtraCopies(i);
      if (home === owner && !extra) continue;
      for (const h of extra ? store.holders(i) : [home]) {
        if (h === owner || !senders.has(h)) continue;
        let r = rows.get(h);
        if (r === undefined) {
          r = [];
          rows.set(h, r);
        }
        r.push(locations.current(b.index, i, h), owner, b.index, i);
      }
    }
  }
  const plans = new Map<number, SendPlan>();
  for (const [src, r] of rows) {
    const n = r.length / 4;
    const order = Array.from({ length: n }, (_, k) => k);
    order.sort((x, y) => r[4 * x] - r[4 * y] || r[4 * x + 1] - r[4 * y + 1] || r[4 * x + 2] - r[4 * y + 2] || r[4 * x + 3] - r[4 * y + 3]);
    const plan: SendPlan = { bucket: new Int16Array(n), object: new Int32Array(n), dest: new Int16Array(n), mountpath: new Int16Array(n), count: n };
    order.forEach((k, j) => {
      plan.mountpath[j] = r[4 * k];
      plan.dest[j] = r[4 * k + 1];
      plan.bucket[j] = r[4 * k + 2];
      plan.object[j] = r[4 * k + 3];
    });
    plans.set(src, plan);
  }
  return plans;
}

/** Objects whose owner differs between two maps (the pure placement diff), as "bucket/object" keys. */
export function placementDiff(buckets: readonly BucketRuntime[], owners: OwnerCache, before: ClusterMap, after: ClusterMap): Set<number> {
  const out = new Set<number>();
  for (const b of buckets) {
    for (let i = 0; i < b.store.count; i++) {
      if (b.store.latest(i) === 0) continue;
      if (owners.owner(before, b.index, i) !== owners.owner(after, b.index, i)) out.add(b.index * 0x1_0000_0000 + i);
    }
  }
  return out;
}
