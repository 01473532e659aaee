import type { CleanupSummary } from "../cleanup.js";

/** Stages of a global rebalance on one target, in order (AIStore's reb stages; "abort" is not a stage here). */
export const REB_STAGES = ["init", "ping", "traverse-barrier", "traverse", "post-traverse", "quiesce", "fin-streams"] as const;
export type RebStage = (typeof REB_STAGES)[number];

/** Stages of a resilver on one target. */
export const RESILVER_STAGES = ["init", "traverse"] as const;
export type ResilverStage = (typeof RESILVER_STAGES)[number];

/** One target's row of `ais show rebalance` (and of resilver), plus the time spent in each stage. */
export interface MovementRow {
  readonly daemonId: string;
  /** Rebalance ID (RMD version) or resilver sequence number. */
  readonly rebId: number;
  objRcv: number;
  sizeRcvBytes: number;
  objSent: number;
  sizeSentBytes: number;
  readonly startNs: number;
  /** -1 while running. */
  endNs: number;
  aborted: boolean;
  /** Why the run started (join, maintenance, decommission, restart, admin, mountpath event…). */
  readonly reason: string;
  /** Nanoseconds spent in each stage, by stage name. */
  readonly stageNs: Record<string, number>;
}

/** A fresh row. */
export function newRow(daemonId: string, rebId: number, startNs: number, reason: string, stages: readonly string[]): MovementRow {
  const stageNs: Record<string, number> = {};
  for (const s of stages) stageNs[s] = 0;
  return { daemonId, rebId, objRcv: 0, sizeRcvBytes: 0, objSent: 0, sizeSentBytes: 0, startNs, endNs: -1, aborted: false, reason, stageNs };
}

/** Everything data movement reports in a simulate() result. */
export interface MovementReport {
  /** `ais show rebalance`: one row per target per run. */
  readonly rebalance: MovementRow[];
  /** The same for resilver runs. */
  readonly resilver: MovementRow[];
  /** Rebalance runs, one line each. */
  readonly runs: RebRunSummary[];
  /** GET-from-neighbor requests targets made. */
  readonly gfnRequests: number;
  /** GFN GETs that brought the object. */
  readonly gfnHits: number;
  /** Erasure-coded restores on GET, and the ones that failed for lack of slices. */
  readonly ecRestores: number;
  readonly ecRestoreFailures: number;
  /** Objects a hard mountpath failure destroyed on a target (no other local copy). */
  readonly objectsLostOnDisk: number;
  /** Admin commands the primary refused (ErrBusy: a rebalance was running). */
  readonly refused: readonly RefusedAction[];
  /** The admin's cleanups of misplaced copies. */
  readonly cleanups: readonly CleanupSummary[];
  /** Per target ID, objects it received or sent by rebalance in each whole second (index = second of the run). */
  readonly movedPerSecond: ReadonlyMap<string, readonly number[]>;
  /** Figures for the run's metric table. */
  readonly figures: Record<string, number>;
}

/** An admin membership command the primary refused. */
export interface RefusedAction {
  readonly atNs: number;
  readonly action: string;
  readonly node: string;
}

/** One rebalance run cluster-wide. */
export interface RebRunSummary {
  readonly rebId: number;
  readonly reason: string;
  readonly startNs: number;
  endNs: number;
  state: "running" | "done" | "aborted";
  /** Objects the placement diff said must move at traversal start. */
  plannedObjects: number;
  abortCause: string;
}
