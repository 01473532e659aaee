import type { DelaySpec } from "../resources/delay.js";

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
 * Defaults per kind, from vendor datasheets of common enterprise devices (orders of magnitude, not one model):
 * - HDD, 7,200 rpm: ~200-270 MB/s sequential at the outer tracks; average rotational latency 4.17 ms
 *   (half a turn at 7,200 rpm) plus short seeks ≈ 4 ms for the object-sized reads a target does; one actuator,
 *   so one IO positions at a time (NCQ reordering gains little for random object reads): k = 1.
 * - SATA SSD: the SATA III link caps it near 550 MB/s read / 500 MB/s write; ~100 µs read latency; the flash
 *   channels serve several commands at once: k = 8.
 * - NVMe (PCIe Gen3 x4 class): ~3 GB/s read / 2 GB/s write; 20-80 µs read latency (50 µs here); deep queues
 *   and many flash channels: k = 16.
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
