import type { DelaySpec } from "../delay.js";

/** Kinds of mountpath devices with default performance. */
export type DiskKind = "hdd" | "ssd" | "nvme";

/** Performance of one mountpath device. */
export interface DiskSpec {
  kind: DiskKind;
  /** Sequential read bandwidth of the device's data channel. */
  readBytesPerS: number;
  /** Sequential write bandwidth of the device's data channel. */
  writeBytesPerS: number;
  /** Per-IO latency (positioning / command latency), paid in parallel by up to `concurrency` IOs. */
  latency: DelaySpec;
  /** IOs in service at once; further IOs wait in a FIFO queue. */
  concurrency: number;
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
 * Latencies are constant by default (reproducible hand calculations); pass a DelaySpec for variability.
 */
const DEFAULTS: Record<DiskKind, DiskSpec> = {
  hdd: { kind: "hdd", readBytesPerS: 200e6, writeBytesPerS: 180e6, latency: { kind: "constant", ns: 4_000_000 }, concurrency: 1 },
  ssd: { kind: "ssd", readBytesPerS: 500e6, writeBytesPerS: 450e6, latency: { kind: "constant", ns: 100_000 }, concurrency: 8 },
  nvme: { kind: "nvme", readBytesPerS: 3e9, writeBytesPerS: 2e9, latency: { kind: "constant", ns: 50_000 }, concurrency: 16 },
};

/** The default spec of a kind, with any fields overridden. */
export function diskSpec(kind: DiskKind, overrides: Partial<Omit<DiskSpec, "kind">> = {}): DiskSpec {
  const base = DEFAULTS[kind];
  if (base === undefined) throw new RangeError(`disk: unknown kind "${String(kind)}" (hdd, ssd, nvme)`);
  return { ...base, ...overrides, kind };
}

/** The kinds known, in a stable order. */
export const DISK_KINDS: readonly DiskKind[] = ["hdd", "ssd", "nvme"];
