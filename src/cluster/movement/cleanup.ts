import type { Cluster } from "../cluster.js";
import { PROC_UP } from "../nodes.js";
import type { ClusterMap } from "../ownership/cluster-map.js";

/** What one cleanup did, as AIStore's cleanup stats count it. */
export interface CleanupSummary {
  readonly atNs: number;
  /** Misplaced copies removed because the owner holds the same version (or any version, forced). */
  readonly removed: number;
  /** Kept: the owner has no copy. */
  readonly keptOwnerMissing: number;
  /** Kept: the owner's copy is of another version (not forced). */
  readonly keptDiverged: number;
}

/**
 * The admin's rebalance cleanup (`ais start rebalance --cleanup`; reb/cleanup.go `_lwalk` at 583e7729): every
 * running target walks its copies; for an object another target owns on the current map it asks the owner
 * (HEAD): an identical copy there means this one is removed; no copy there, or a diverged one (unless forced),
 * means it stays. Erasure-coded buckets are skipped, as AIStore skips their directories. The walk and its HEADs
 * take no time here (named in docs/fidelity.md).
 */
export function cleanupMisplaced(cluster: Cluster, map: ClusterMap, isErasureCoded: (bucket: number) => boolean, force: boolean, atNs: number): CleanupSummary {
  let removed = 0;
  let keptOwnerMissing = 0;
  let keptDiverged = 0;
  for (const b of cluster.buckets) {
    if (isErasureCoded(b.index)) continue;
    const store = b.store;
    for (let i = 0; i < store.count; i++) {
      const home = store.homeOf(i);
      if (home < 0 || !store.hasExtraCopies(i)) {
        // One copy: misplaced only if its holder is not the owner, and then the owner has none to compare with.
        if (home < 0 || cluster.targets[home].proc !== PROC_UP) continue;
        const owner = cluster.owners.owner(map, b.index, i);
        if (owner >= 0 && owner !== home && cluster.targets[owner].proc === PROC_UP) keptOwnerMissing++;
        continue;
      }
      const owner = cluster.owners.owner(map, b.index, i);
      if (owner < 0) continue;
      const ownerVersion = store.versionOn(i, owner);
      const ownerUp = cluster.targets[owner].proc === PROC_UP;
      for (const h of store.holders(i)) {
        if (h === owner || cluster.targets[h].proc !== PROC_UP || !ownerUp) continue;
        if (ownerVersion === 0) keptOwnerMissing++;
        else if (ownerVersion !== store.versionOn(i, h) && !force) keptDiverged++;
        else {
          store.remove(i, h);
          removed++;
        }
      }
    }
  }
  return { atNs, removed, keptOwnerMissing, keptDiverged };
}
