import type { AisConfig, MountpathKind } from "../experiment/spec/spec-types.js";

/**
 * Defaults of the cluster model. The config knobs are AIStore's own defaults (release 5.0 line); per-disk-kind
 * figures come from the disk model (src/cluster/disk/disk-kinds.ts) so there is one source for them.
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

/** Mountpath layout when the model gives none. */
export const DEFAULT_MOUNTPATHS = { perTarget: 1, kind: "nvme" as MountpathKind };

/** Network when the model gives none. */
export const DEFAULT_NETWORK = { nicBytesPerS: 100e9 / 8, rttNs: 200_000 };

/** A remote backend's limits when a remote bucket gives none (S3's per-prefix request limits). */
export const DEFAULT_BACKEND = { getPerS: 5500, putPerS: 3500, latencyNs: 30_000_000, bandwidthBytesPerS: 100e9 / 8 };
