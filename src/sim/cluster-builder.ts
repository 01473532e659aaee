/**
 * Builders of cluster specs in code (tests, benchmarks, library users): a full ClusterSpec from a few shape
 * numbers, AIStore's and the disks' defaults (src/model/defaults.ts) elsewhere. Model files go through the
 * experiment loader instead, which applies the same defaults.
 */

import { DEFAULT_TEMPLATE } from "../placement/index.js";
import { AIS_DEFAULTS, DEFAULT_BACKEND, DEFAULT_NETWORK, DISK_KIND_DEFAULTS } from "../model/defaults.js";
import type { AisConfig, BackendSpec, BucketProvider, BucketSpec, ClusterSpec, MountpathKind } from "../model/cluster.js";

/** Options of `clusterSpec`. */
export interface ClusterShape {
  readonly proxies?: number;
  readonly targets?: number;
  readonly mountpathsPerTarget?: number;
  readonly diskKind?: MountpathKind;
  readonly diskBandwidthBytesPerS?: number;
  readonly diskWriteBandwidthBytesPerS?: number;
  readonly diskLatencyNs?: number;
  readonly diskConcurrency?: number;
  readonly nicBytesPerS?: number;
  readonly rttNs?: number;
  readonly clientHosts?: number;
  readonly clientNicBytesPerS?: number;
  readonly buckets?: readonly BucketSpec[];
  readonly config?: AisConfig;
}

/** A bucket spec from its URL form (`ais://data`, `s3://remote`); remote buckets get the default backend. */
export function bucketSpec(name: string, objects: number, objectSizeBytes: number, backend?: Partial<BackendSpec>): BucketSpec {
  const m = /^([a-z0-9]+):\/\/(.+)$/.exec(name);
  if (m === null) throw new RangeError(`bucket "${name}": expected provider://name`);
  const scheme = m[1];
  const provider: BucketProvider =
    scheme === "ais" ? "ais" : scheme === "s3" || scheme === "aws" ? "aws" : scheme === "gs" || scheme === "gcp" ? "gcp" : scheme === "az" || scheme === "azure" ? "azure" : "oci";
  const needsBackend = provider !== "ais" || backend !== undefined;
  return {
    name,
    provider,
    namespace: { uuid: "", name: "" },
    bucket: m[2],
    objects,
    objectSizeBytes,
    template: DEFAULT_TEMPLATE,
    backend: needsBackend ? { ...DEFAULT_BACKEND, ...backend } : undefined,
  };
}

/** A full ClusterSpec from a few shape numbers (IDs t1…, p1…, AIStore defaults elsewhere). */
export function clusterSpec(shape: ClusterShape = {}): ClusterSpec {
  const kind = shape.diskKind ?? "nvme";
  const disk = DISK_KIND_DEFAULTS[kind];
  const perTarget = shape.mountpathsPerTarget ?? 1;
  return {
    name: "cluster",
    proxies: ids("p", shape.proxies ?? 1),
    targets: ids("t", shape.targets ?? 4),
    mountpaths: {
      perTarget,
      kind,
      paths: ids("/ais/mp", perTarget),
      bandwidthBytesPerS: shape.diskBandwidthBytesPerS ?? disk.bandwidthBytesPerS,
      writeBandwidthBytesPerS: shape.diskWriteBandwidthBytesPerS ?? disk.writeBandwidthBytesPerS,
      latencyNs: shape.diskLatencyNs ?? disk.latencyNs,
      concurrency: shape.diskConcurrency ?? disk.concurrency,
    },
    network: { nicBytesPerS: shape.nicBytesPerS ?? DEFAULT_NETWORK.nicBytesPerS, rttNs: shape.rttNs ?? DEFAULT_NETWORK.rttNs },
    clients: { hosts: shape.clientHosts ?? 1, nicBytesPerS: shape.clientNicBytesPerS ?? DEFAULT_NETWORK.nicBytesPerS },
    buckets: shape.buckets ?? [bucketSpec("ais://data", 10_000, 1 << 20)],
    config: shape.config ?? AIS_DEFAULTS,
  };
}

function ids(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
}
