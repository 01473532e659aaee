/**
 * Defaults of the cluster vocabulary, in one place: AIStore's own configuration defaults (release 5.0 line,
 * cmn/config.go), per-disk-kind figures, and what a model file may leave out.
 */

import { NS_PER_MS, NS_PER_S } from "../kernel/time.js";
import type { AisConfig, BackendSpec, MountpathKind } from "./cluster.js";

/** AIStore's configuration defaults. */
export const AIS_DEFAULTS: AisConfig = {
  keepalive: { intervalNs: 10 * NS_PER_S, timeoutNs: 2 * NS_PER_S, maxTimeoutNs: 5 * NS_PER_S, retryIntervalNs: 6 * NS_PER_S, failures: 3 },
  timeouts: {
    cplaneOperationNs: 2 * NS_PER_S,
    metasyncNs: 5 * NS_PER_S,
    coldGetConflictNs: 5 * NS_PER_S,
    sendFileNs: 300 * NS_PER_S,
    lockPollNs: 180 * NS_PER_S,
  },
  metasync: { retries: 4, retryIntervalNs: 2 * NS_PER_S },
  gfn: { timedNs: 90 * NS_PER_S, headTimeoutNs: 5 * NS_PER_S, getTimeoutNs: 60 * NS_PER_S },
  rebalance: { enabled: true, destRetryTimeNs: 120 * NS_PER_S, quiescentNs: 10 * NS_PER_S, bundleMultiplier: 2, compression: "never" },
  ec: { enabled: false, data: 2, parity: 2, objSizeLimitBytes: 256 * 1024 },
  mirror: { enabled: false, copies: 2 },
  features: [],
};

/** Performance of one mountpath device of a kind. */
export interface DiskKindDefaults {
  readonly bandwidthBytesPerS: number;
  readonly writeBandwidthBytesPerS: number;
  readonly latencyNs: number;
  readonly concurrency: number;
}

/*
 * Defaults per kind — orders of magnitude of common enterprise devices, from their datasheets:
 * - HDD, 7,200 rpm (e.g. 8-16 TB nearline SATA/SAS drives: 215-270 MB/s sustained at the outer tracks):
 *   200 MB/s read, 180 MB/s write. Average rotational latency is 4.17 ms (half a turn at 7,200 rpm); with the
 *   short seeks of object-sized reads ≈ 4 ms per IO. One actuator positions one IO at a time (NCQ reordering
 *   gains little for random object reads): k = 1.
 * - SATA SSD (e.g. data-center SATA drives: 550 MB/s read, 500-520 MB/s write, the SATA III link's ceiling):
 *   500 / 450 MB/s; ~100 µs read latency; several flash channels serve commands at once: k = 8.
 * - NVMe SSD (e.g. PCIe Gen3 x4 data-center drives: 3.2 GB/s read, 2-3 GB/s write, 75-85 µs read latency at
 *   QD1; Gen4 drives halve it): 3 / 2 GB/s, 50 µs; deep queues over many channels: k = 16.
 */
export const DISK_KIND_DEFAULTS: { readonly [K in MountpathKind]: DiskKindDefaults } = {
  hdd: { bandwidthBytesPerS: 200e6, writeBandwidthBytesPerS: 180e6, latencyNs: 4 * NS_PER_MS, concurrency: 1 },
  ssd: { bandwidthBytesPerS: 500e6, writeBandwidthBytesPerS: 450e6, latencyNs: 100_000, concurrency: 8 },
  nvme: { bandwidthBytesPerS: 3e9, writeBandwidthBytesPerS: 2e9, latencyNs: 50_000, concurrency: 16 },
};

/** The disk kinds, in a stable order. */
export const MOUNTPATH_KINDS: readonly MountpathKind[] = ["hdd", "ssd", "nvme"];

/** Mountpath layout when the model gives none. */
export const DEFAULT_MOUNTPATHS: { readonly perTarget: number; readonly kind: MountpathKind } = { perTarget: 1, kind: "nvme" };

/** Network when the model gives none: 100 Gbit/s NICs, 200 µs round trips. */
export const DEFAULT_NETWORK = { nicBytesPerS: 100e9 / 8, rttNs: 200_000 };

/** A remote backend's limits when a remote bucket gives none (S3's per-prefix request limits). */
export const DEFAULT_BACKEND: BackendSpec = { getPerS: 5500, putPerS: 3500, latencyNs: 30 * NS_PER_MS, bandwidthBytesPerS: 100e9 / 8 };
