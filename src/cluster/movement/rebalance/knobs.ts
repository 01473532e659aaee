import type { AisConfig } from "../../config.js";

const S = 1_000_000_000;

/** Data-movement knobs AIStore has no config for (the model's own), with their defaults below. */
export interface MovementModelKnobs {
  /** Objects a rebalance/resilver worker reads and sends as one batch (one disk IO + one stream transfer). */
  readonly batchObjects: number;
  /** Upper bound of one batch's bytes. */
  readonly batchBytes: number;
  /** CPUs of a target: the worker pool is capped at CPUs + 4. */
  readonly targetCpus: number;
  /** Wire bytes / object bytes when `rebalance.compression` is "always" (lz4 on typical data). */
  readonly compressionRatio: number;
  /** Preemption: an older run is polled every this long until it stopped (AIStore: 1 s, up to 16 s). */
  readonly preemptPollNs: number;
  readonly preemptMaxNs: number;
  /** pingall: health-check timeout, tries and gap (AIStore: 5 s, 4, 2 s). */
  readonly pingTimeoutNs: number;
  readonly pingTries: number;
  readonly pingGapNs: number;
  /** Poll period of the "all peers reached Traverse" barrier (AIStore: 4 s; bounded by 1.5 × dest_retry_time). */
  readonly traverseBarrierPollNs: number;
  /** Poll period of the PostTraverse barrier (AIStore: 2 s; bounded by dest_retry_time). */
  readonly postTraversePollNs: number;
  /** Poll period of the quiesce stage's checks. */
  readonly quiescePollNs: number;
  /** Peer status check: timeout, then one retry after a gap; failure aborts the run everywhere. */
  readonly peerCheckTimeoutNs: number;
  readonly peerCheckRetryNs: number;
  /** Time to close streams and report to the primary (stream fin + marker removal). */
  readonly finStreamsNs: number;
}

/** Model knob defaults (AIStore's where it has a constant). */
export const MOVEMENT_MODEL_DEFAULTS: MovementModelKnobs = {
  batchObjects: 64,
  batchBytes: 64 * 1024 * 1024,
  targetCpus: 32,
  compressionRatio: 0.5,
  preemptPollNs: 1 * S,
  preemptMaxNs: 16 * S,
  pingTimeoutNs: 5 * S,
  pingTries: 4,
  pingGapNs: 2 * S,
  traverseBarrierPollNs: 4 * S,
  postTraversePollNs: 2 * S,
  quiescePollNs: 1 * S,
  peerCheckTimeoutNs: 10 * S,
  peerCheckRetryNs: 6 * S,
  finStreamsNs: 1 * S,
};

/** Workers per mountpath by disk kind (AIStore's traverse pool: HDD 1, SSD 4, NVMe 8). */
export const WORKERS_PER_MOUNTPATH = { hdd: 1, ssd: 4, nvme: 8 } as const;

/** Worker pool of one target's traversal: mountpaths × per-kind workers, capped at CPUs + 4. */
export function workerPool(mountpaths: number, kind: keyof typeof WORKERS_PER_MOUNTPATH, cpus: number): number {
  return Math.max(1, Math.min(mountpaths * WORKERS_PER_MOUNTPATH[kind], cpus + 4));
}

/** The rebalance knobs of an AIStore config. */
export type RebalanceKnobs = AisConfig["rebalance"];
