/**
 * The simulator's own parameters ("knobs"): what the cluster model needs that AIStore has no config for, with
 * their defaults. AIStore's configuration is `AisConfig` (cluster.ts); these are the model's.
 */

import { NS_PER_MS, NS_PER_S } from "../kernel/time.js";

/** Knobs of the cluster's nodes and clients that AIStore has no config for. */
export interface ClusterKnobs {
  /** Proxy CPU per request (parse, HRW, redirect). */
  readonly proxyCpuNs: number;
  /** Proxy cores serving requests in parallel. */
  readonly proxyCores: number;
  /** Target CPU per request before the data path starts. */
  readonly targetCpuNs: number;
  readonly targetCores: number;
  /** A restarted target answers 503 for this long before it joins. */
  readonly targetStartupNs: number;
  /** A restarted proxy is unreachable... then serves after this long. */
  readonly proxyStartupNs: number;
  /** Time a node takes to apply a pushed Smap. */
  readonly smapApplyNs: number;
  /** Client connect timeout when the policy has no `timeouts.connect_s` (AIStore SDK: 3 s). */
  readonly connectTimeoutNs: number;
  /** Client read timeout when the policy has no `timeouts.read_s` (AIStore SDK: 20 s). */
  readonly readTimeoutNs: number;
  /** Object metadata load before a cold GET tries to upgrade its lock (the window in which two readers meet). */
  readonly metadataLoadNs: number;
}

/** Defaults of the cluster knobs. */
export const CLUSTER_KNOB_DEFAULTS: ClusterKnobs = {
  proxyCpuNs: 20_000,
  proxyCores: 16,
  targetCpuNs: 0,
  targetCores: 32,
  targetStartupNs: 5 * NS_PER_S,
  proxyStartupNs: 5 * NS_PER_S,
  smapApplyNs: 1 * NS_PER_MS,
  connectTimeoutNs: 3 * NS_PER_S,
  readTimeoutNs: 20 * NS_PER_S,
  metadataLoadNs: 100_000,
};

/** The cluster knobs with defaults filled in. */
export function clusterKnobs(partial: Partial<ClusterKnobs> | undefined): ClusterKnobs {
  return { ...CLUSTER_KNOB_DEFAULTS, ...partial };
}

/** Data-movement knobs AIStore has no config for (the model's own). */
export interface MovementKnobs {
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
  /** Peer status check: timeout, then one retry after a gap; failure aborts the run everywhere. */
  readonly peerCheckTimeoutNs: number;
  readonly peerCheckRetryNs: number;
}

/** Defaults of the data-movement knobs (AIStore's where it has a constant). */
export const MOVEMENT_KNOB_DEFAULTS: MovementKnobs = {
  batchObjects: 64,
  batchBytes: 64 * 1024 * 1024,
  targetCpus: 32,
  compressionRatio: 0.5,
  preemptPollNs: 1 * NS_PER_S,
  preemptMaxNs: 16 * NS_PER_S,
  pingTimeoutNs: 5 * NS_PER_S,
  pingTries: 4,
  pingGapNs: 2 * NS_PER_S,
  traverseBarrierPollNs: 4 * NS_PER_S,
  postTraversePollNs: 2 * NS_PER_S,
  peerCheckTimeoutNs: 10 * NS_PER_S,
  peerCheckRetryNs: 6 * NS_PER_S,
};
