import type { AisConfig, MountpathKind } from "./spec-types.js";

/**
 * Defaults of the cluster model. The config knobs are AIStore's own defaults (release 5.0 line); the hardware
 * figures per disk kind are this project's assumptions, chosen so that 16 targets × 8 NVMe on 100 Gbit/s are
 * network-bound as in AIStore's published throughput (≈175 GiB/s).
 */

const S = 1_000_000_000;

/** AIStore's configuration defaults. */
export const AIS_DEFAULT_CONFIG: AisConfig = {
  keepalive: { intervalNs: 10 * S, timeoutNs: 2 * S, maxTimeoutNs: 5 * S, retryIntervalNs: 6 * S, failures: 3 },
  timeouts: { cplaneOperationNs: 2 * S, metasyncNs: 5 * S, coldGetConflictNs: 5 * S, sendFileNs: 300 * S, lockPollNs: 180 * S },
  metasync: { retries: 4, retryIntervalNs: 2 * S },
  election: { pingIntervalNs: 6 * S, failures: 3 },
  gfn: { timedNs: 90 * S, headTimeoutNs: 5 * S, getTimeoutNs: 60 * S },
  rebalance: { enabled: true, destRetryTimeNs: 120 * S, quiescentNs: 10 * S, bundleMultiplier: 2, compression: "never" },
  ec: { enabled: false, data: 2, parity: 2, objSizeLimitBytes: 256 * 1024 },
  mirror: { enabled: false, copies: 2 },
};

/** Per-mountpath bandwidth, service latency and parallelism by disk kind, when the model does not give them. */
export const MOUNTPATH_DEFAULTS: Readonly<Record<MountpathKind, { bandwidthBytesPerS: number; latencyNs: number; concurrency: number }>> = {
  hdd: { bandwidthBytesPerS: 200e6, latencyNs: 5_000_000, concurrency: 1 },
  ssd: { bandwidthBytesPerS: 500e6, latencyNs: 100_000, concurrency: 32 },
  nvme: { bandwidthBytesPerS: 3e9, latencyNs: 80_000, concurrency: 64 },
};

/** Mountpath layout when the model gives none. */
export const DEFAULT_MOUNTPATHS = { perTarget: 1, kind: "nvme" as MountpathKind };

/** Network when the model gives none. */
export const DEFAULT_NETWORK = { nicBytesPerS: 100e9 / 8, rttNs: 200_000 };

/** A remote backend's limits when a remote bucket gives none (S3's per-prefix request limits). */
export const DEFAULT_BACKEND = { getPerS: 5500, putPerS: 3500, latencyNs: 30_000_000, bandwidthBytesPerS: 100e9 / 8 };
