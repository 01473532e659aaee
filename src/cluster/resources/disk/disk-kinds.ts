import type { MountpathKind } from "../../../model/cluster.js";
import { DISK_KIND_DEFAULTS, MOUNTPATH_KINDS } from "../../../model/defaults.js";
import type { DelaySpec } from "../delay.js";

/** Kinds of mountpath devices with default performance (src/model/defaults.ts). */
export type DiskKind = MountpathKind;

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

/** A kind's device figures (src/model/defaults.ts) as a disk spec; latencies are constant (reproducible hand calculations). */
function kindDefaults(kind: DiskKind): DiskSpec | undefined {
  if (!Object.hasOwn(DISK_KIND_DEFAULTS, kind)) return undefined;
  const d = DISK_KIND_DEFAULTS[kind];
  return { kind, readBytesPerS: d.bandwidthBytesPerS, writeBytesPerS: d.writeBandwidthBytesPerS, latency: { kind: "constant", ns: d.latencyNs }, concurrency: d.concurrency };
}

/** The default spec of a kind, with any fields overridden. */
export function diskSpec(kind: DiskKind, overrides: Partial<Omit<DiskSpec, "kind">> = {}): DiskSpec {
  const base = kindDefaults(kind);
  if (base === undefined) throw new RangeError(`disk: unknown kind "${String(kind)}" (hdd, ssd, nvme)`);
  return { ...base, ...overrides, kind };
}

/** The kinds known, in a stable order. */
export const DISK_KINDS: readonly DiskKind[] = MOUNTPATH_KINDS;
