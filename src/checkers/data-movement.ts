import { violation, type Violation } from "./violation.js";

/** Per-run transfer totals of a rebalance (rows summed over targets). */
export interface RebTotalsFact {
  readonly rebId: number;
  readonly objSent: number;
  readonly objRcv: number;
  readonly sizeSentBytes: number;
  readonly sizeRcvBytes: number;
}

/** "Objects sent = objects received" (and bytes) for every rebalance run. */
export function checkRebalanceSentEqualsReceived(runs: readonly RebTotalsFact[], seed: string | number): Violation[] {
  const out: Violation[] = [];
  for (const r of runs) {
    if (r.objSent !== r.objRcv || r.sizeSentBytes !== r.sizeRcvBytes) {
      out.push(
        violation(
          "rebalance-sent-received",
          `g${r.rebId}: sent ${r.objSent} objects / ${r.sizeSentBytes} B, received ${r.objRcv} / ${r.sizeRcvBytes} B`,
          seed,
        ),
      );
    }
  }
  return out;
}

/** Where one object is after the run, as the placement and the store see it. */
export interface PlacedObjectFact {
  readonly name: string;
  /** Latest committed version (0: deleted or never written). */
  readonly latest: number;
  /** HRW owner on the final map. */
  readonly owner: number;
  /** Version the owner holds (0: none). */
  readonly ownerVersion: number;
  /** The owner's mountpath of its copy and the HRW mountpath it should be on. */
  readonly mountpath: number;
  readonly hrwMountpath: number;
  /** False when no target of the run held a copy (only a node out of the cluster has it): nothing could move it. */
  readonly movable: boolean;
}

/**
 * After a completed rebalance: every live object some participant held is on its HRW owner, at the latest
 * version, on its HRW mountpath.
 */
export function checkObjectsAtOwners(objects: Iterable<PlacedObjectFact>, seed: string | number, limit = 20): Violation[] {
  const out: Violation[] = [];
  for (const o of objects) {
    if (o.latest === 0 || !o.movable) continue;
    if (o.ownerVersion !== o.latest) {
      out.push(violation("objects-at-owners", `${o.name}: owner t#${o.owner} holds v${o.ownerVersion}, latest is v${o.latest}`, seed));
    } else if (o.mountpath !== o.hrwMountpath) {
      out.push(violation("objects-at-owners", `${o.name}: on mountpath ${o.mountpath} of its owner, HRW says ${o.hrwMountpath}`, seed));
    }
    if (out.length >= limit) break;
  }
  return out;
}

/** One object's copies, for the loss check. */
export interface ObjectCopiesFact {
  readonly name: string;
  readonly latest: number;
  /** Highest version any target holds (0: no copy anywhere). */
  readonly bestHeld: number;
  /** True when a restore path (erasure coding, a backend) can still produce it. */
  readonly recoverable: boolean;
}

/** Nothing is lost through crashes, aborts and resumes: each live object's latest version is held somewhere. */
export function checkNothingLost(objects: Iterable<ObjectCopiesFact>, seed: string | number, limit = 20): Violation[] {
  const out: Violation[] = [];
  for (const o of objects) {
    if (o.latest === 0 || o.bestHeld >= o.latest || o.recoverable) continue;
    out.push(violation("nothing-lost", `${o.name}: latest v${o.latest}, best copy held v${o.bestHeld}`, seed));
    if (out.length >= limit) break;
  }
  return out;
}

/** What the data-movement checks read of a run (implemented by the cluster's data movement). */
export interface DataMovementFacts {
  rebalanceTotals(): readonly RebTotalsFact[];
  /** Placement facts once the last rebalance settled on the final map; null when the owner check does not apply. */
  settledPlacementFacts(): Iterable<PlacedObjectFact> | null;
  copiesFacts(): Iterable<ObjectCopiesFact>;
}

/** Every data-movement invariant: sent = received per run; objects at owners after a settled run; nothing lost. */
export function checkDataMovement(facts: DataMovementFacts, seed: string | number): Violation[] {
  const out = checkRebalanceSentEqualsReceived(facts.rebalanceTotals(), seed);
  const placed = facts.settledPlacementFacts();
  if (placed !== null) out.push(...checkObjectsAtOwners(placed, seed));
  out.push(...checkNothingLost(facts.copiesFacts(), seed));
  return out;
}
