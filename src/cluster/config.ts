/**
 * The typed input of `simulate(config)`. Shapes follow the resolved experiment spec (src/experiment/spec-types.ts)
 * field for field, so a loaded experiment's `cluster`, `workload` and `faults` can be passed as they are; the
 * cluster layer keeps its own copy of the types because dependencies point down (experiment → cluster).
 * Units are in the names: `…Ns` integer virtual nanoseconds, `…Bytes`, `…PerS`, `…BytesPerS`.
 * Defaults are AIStore's (release 5.0 line) where AIStore has the knob; model-only knobs are in `ModelKnobs`.
 */

import type { RecordsOption } from "../metrics/index.js";
import type { MovementConfig } from "./movement/rebalance/movement-config.js";

const S = 1_000_000_000;
const MS = 1_000_000;

/** Provider of a bucket as in AIStore unames. */
export type BucketProvider = "ais" | "aws" | "gcp" | "azure" | "oci";

/** Mountpaths of every target. */
export interface MountpathConfig {
  readonly perTarget: number;
  readonly kind: "hdd" | "ssd" | "nvme";
  /** Paths, the same on every target (they seed HRW inside a target). */
  readonly paths: readonly string[];
  readonly bandwidthBytesPerS: number;
  readonly writeBandwidthBytesPerS: number;
  readonly latencyNs: number;
  readonly concurrency: number;
}

/** One NIC per node and a uniform round-trip time. */
export interface NetworkConfig {
  readonly nicBytesPerS: number;
  readonly rttNs: number;
}

/** Client machines; retry state (budgets, limiters) is shared per host. */
export interface ClientHostsConfig {
  readonly hosts: number;
  readonly nicBytesPerS: number;
}

/** A remote backend behind a bucket. */
export interface BackendConfig {
  readonly getPerS: number;
  readonly putPerS: number;
  readonly latencyNs: number;
  readonly bandwidthBytesPerS: number;
}

/** A bucket and its population. */
export interface BucketConfig {
  /** URL form, e.g. `ais://data`, `s3://remote`. */
  readonly name: string;
  readonly provider: BucketProvider;
  readonly namespace: { readonly uuid: string; readonly name: string };
  readonly bucket: string;
  readonly objects: number;
  readonly objectSizeBytes: number;
  readonly backend?: BackendConfig;
  /**
   * Fraction of the population already in the cluster at t=0 (default 1 for plain ais buckets, 0 for buckets
   * with a backend: their first GET is a cold GET).
   */
  readonly cachedFraction?: number;
}

/** AIStore configuration knobs (same shape as the experiment spec's AisConfig). */
export interface AisConfig {
  readonly keepalive: {
    readonly intervalNs: number;
    readonly timeoutNs: number;
    readonly maxTimeoutNs: number;
    readonly retryIntervalNs: number;
    readonly failures: number;
  };
  readonly timeouts: {
    readonly cplaneOperationNs: number;
    readonly metasyncNs: number;
    readonly coldGetConflictNs: number;
    readonly sendFileNs: number;
    readonly lockPollNs: number;
  };
  readonly metasync: { readonly retries: number; readonly retryIntervalNs: number };
  readonly election: { readonly pingIntervalNs: number; readonly failures: number };
  readonly gfn: { readonly timedNs: number; readonly headTimeoutNs: number; readonly getTimeoutNs: number };
  readonly rebalance: {
    readonly enabled: boolean;
    readonly destRetryTimeNs: number;
    readonly quiescentNs: number;
    readonly bundleMultiplier: number;
    readonly compression: "never" | "always";
  };
  readonly ec: { readonly enabled: boolean; readonly data: number; readonly parity: number; readonly objSizeLimitBytes: number };
  readonly mirror: { readonly enabled: boolean; readonly copies: number };
}

/** The cluster (same shape as the experiment spec's ClusterModel). */
export interface ClusterConfig {
  readonly name: string;
  /** Proxy IDs; the first is the initial primary. */
  readonly proxies: readonly string[];
  readonly targets: readonly string[];
  readonly mountpaths: MountpathConfig;
  readonly network: NetworkConfig;
  readonly clients: ClientHostsConfig;
  readonly buckets: readonly BucketConfig[];
  readonly config: AisConfig;
}

/** Operation mix (fractions summing to 1). */
export interface OperationMix {
  readonly GET: number;
  readonly PUT: number;
  readonly HEAD: number;
  readonly DELETE: number;
}

/** Popularity of objects. */
export type Popularity = { readonly kind: "uniform" } | { readonly kind: "zipf"; readonly s: number };

/** Object sizes of a population (drawn once per object from `workload/population/<bucket>/sizes`). */
export type SizeDistribution =
  | { readonly kind: "constant" }
  | { readonly kind: "uniform"; readonly minBytes: number; readonly maxBytes: number }
  | { readonly kind: "lognormal"; readonly meanBytes: number; readonly sdBytes: number }
  | { readonly kind: "pareto"; readonly minBytes: number; readonly shape: number };

/** The object population a workload draws from. */
export interface ObjectsConfig {
  readonly bucket: string;
  readonly popularity: Popularity;
  readonly count: number;
  /** Every object's size, unless `sizes` draws them. */
  readonly sizeBytes: number;
  /** Size distribution over the objects (default constant `sizeBytes`). */
  readonly sizes?: SizeDistribution;
}

interface WorkloadCommon {
  readonly mix: OperationMix;
  readonly objects: ObjectsConfig;
  readonly hosts: number;
}

/** Closed loop: `clients` workers, each request → wait → think → repeat. */
export interface ClosedWorkloadConfig extends WorkloadCommon {
  readonly mode: "closed";
  readonly clients: number;
  readonly thinkTimeNs: number;
  /** Think time distribution (model knob; default constant). */
  readonly think?: "constant" | "exponential";
}

/** Open loop: arrivals at `ratePerS` whatever the completions. */
export interface OpenWorkloadConfig extends WorkloadCommon {
  readonly mode: "open";
  readonly ratePerS: number;
  readonly arrival: "poisson" | "constant";
}

/** Bulk copy: every object read (and written to `destination`) by `concurrency` workers in a tight loop. */
export interface BulkCopyWorkloadConfig extends WorkloadCommon {
  readonly mode: "bulk-copy";
  readonly destination: string;
  readonly concurrency: number;
}

/** One request of a replayed trace. */
export interface TraceRow {
  readonly atNs: number;
  readonly op: "GET" | "PUT" | "HEAD" | "DELETE";
  /** Object index in the population. */
  readonly object: number;
  readonly sizeBytes: number;
}

/** Trace replay: rows (parse CSV with `parseTraceCsv`) replayed at `speed`. */
export interface TraceReplayWorkloadConfig extends WorkloadCommon {
  readonly mode: "trace-replay";
  readonly file: string;
  readonly speed: number;
  /** The parsed rows; required by simulate (the loader reads `file`). */
  readonly rows?: readonly TraceRow[];
}

/** A workload by mode. */
export type WorkloadConfig = ClosedWorkloadConfig | OpenWorkloadConfig | BulkCopyWorkloadConfig | TraceReplayWorkloadConfig;

/** A node set: every node of the kind, or explicit IDs. */
export type NodeSet = "all" | readonly string[];

interface FaultAt {
  readonly atNs: number;
}

/** One timed fault (same shape as the experiment spec's FaultSpec). */
export type FaultConfig =
  | (FaultAt & { readonly action: "crash"; readonly node: string; readonly forNs?: number })
  /** The host goes away (power, kernel panic): nothing answers, so clients wait out their connect timeouts. */
  | (FaultAt & { readonly action: "power-off"; readonly node: string; readonly forNs?: number })
  | (FaultAt & { readonly action: "restart"; readonly node: string; readonly downNs: number })
  | (FaultAt & { readonly action: "rolling-restart"; readonly targets: NodeSet; readonly downNs: number; readonly gapNs: number })
  | (FaultAt & { readonly action: "hang"; readonly node: string; readonly forNs?: number })
  | (FaultAt & { readonly action: "slow"; readonly node: string; readonly factor: number; readonly forNs?: number })
  | (FaultAt & { readonly action: "partition"; readonly nodes: readonly string[]; readonly from: NodeSet; readonly forNs?: number })
  | (FaultAt & { readonly action: "blip"; readonly durationNs: number; readonly nodes: NodeSet })
  | (FaultAt & { readonly action: "latency-spike"; readonly addNs: number; readonly nodes: NodeSet; readonly forNs?: number })
  | (FaultAt & { readonly action: "disk-fail"; readonly node: string; readonly mountpath: number })
  | (FaultAt & { readonly action: "backend-throttle"; readonly bucket: string; readonly ratePerS: number; readonly forNs?: number })
  | (FaultAt & { readonly action: "backend-outage"; readonly bucket: string; readonly forNs?: number })
  | (FaultAt & { readonly action: "proxy-crash"; readonly node: string; readonly forNs?: number })
  | (FaultAt & {
      readonly action: "stochastic";
      readonly class: "target" | "proxy" | "mountpath";
      readonly mtbfNs: number;
      readonly mttrNs: number;
      readonly untilNs?: number;
    });

/** The client retry policy: a preset of src/retry and overrides of its params. */
export interface PolicyConfig {
  readonly preset: string;
  readonly set?: Readonly<Record<string, unknown>>;
}

/** Knobs of the model that AIStore has no config for. */
export interface ModelKnobs {
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

/** The input of simulate(). */
export interface SimConfig {
  readonly seed: number;
  readonly durationNs: number;
  readonly warmupNs?: number;
  readonly cluster: ClusterConfig;
  readonly workload: WorkloadConfig;
  readonly faults?: readonly FaultConfig[];
  readonly policy: PolicyConfig;
  readonly model?: Partial<ModelKnobs>;
  /** Per-request records to keep (default none). */
  readonly records?: RecordsOption;
  /**
   * After `durationNs` clients stop starting requests and the run continues until every request ended
   * (default true; the lifecycle checker then demands that nothing is left open).
   */
  readonly drain?: boolean;
  /** Track object versions for the "GET returns the current version" checker (costs memory; tests). */
  readonly checkVersions?: boolean;
  /** Guard against runaway runs. */
  readonly maxEvents?: number;
  /** Sample NIC and disk utilisation every second into `result.utilisation` (adds one event per second). */
  readonly utilisation?: boolean;
  /**
   * Placement: "aistore" (default) = AIStore's HRW, bit-exact, objects named `obj-%08d`; "interim" = a 32-bit
   * HRW with the same rules and other owners (cheaper set-up for huge populations).
   */
  readonly placement?: "aistore" | "interim";
  /** Data movement: standby targets, joins, maintenance, decommission, mountpath events, EC and mirroring. */
  readonly movement?: MovementConfig;
}

/** AIStore's defaults of the config knobs. */
export const AIS_DEFAULTS: AisConfig = {
  keepalive: { intervalNs: 10 * S, timeoutNs: 2 * S, maxTimeoutNs: 5 * S, retryIntervalNs: 6 * S, failures: 3 },
  timeouts: { cplaneOperationNs: 2 * S, metasyncNs: 5 * S, coldGetConflictNs: 5 * S, sendFileNs: 300 * S, lockPollNs: 180 * S },
  metasync: { retries: 4, retryIntervalNs: 2 * S },
  election: { pingIntervalNs: 6 * S, failures: 3 },
  gfn: { timedNs: 90 * S, headTimeoutNs: 5 * S, getTimeoutNs: 60 * S },
  rebalance: { enabled: true, destRetryTimeNs: 120 * S, quiescentNs: 10 * S, bundleMultiplier: 2, compression: "never" },
  ec: { enabled: false, data: 2, parity: 2, objSizeLimitBytes: 256 * 1024 },
  mirror: { enabled: false, copies: 2 },
};

/** Defaults of the model-only knobs. */
export const MODEL_DEFAULTS: ModelKnobs = {
  proxyCpuNs: 20_000,
  proxyCores: 16,
  targetCpuNs: 0,
  targetCores: 32,
  targetStartupNs: 5 * S,
  proxyStartupNs: 5 * S,
  smapApplyNs: 1 * MS,
  connectTimeoutNs: 3 * S,
  readTimeoutNs: 20 * S,
  metadataLoadNs: 100_000,
};

/** Options of `clusterConfig`, the convenience builder for code and tests. */
export interface ClusterShape {
  readonly proxies?: number;
  readonly targets?: number;
  readonly mountpathsPerTarget?: number;
  readonly diskKind?: "hdd" | "ssd" | "nvme";
  readonly diskBandwidthBytesPerS?: number;
  readonly diskWriteBandwidthBytesPerS?: number;
  readonly diskLatencyNs?: number;
  readonly diskConcurrency?: number;
  readonly nicBytesPerS?: number;
  readonly rttNs?: number;
  readonly clientHosts?: number;
  readonly clientNicBytesPerS?: number;
  readonly buckets?: readonly BucketConfig[];
  readonly config?: AisConfig;
}

const DISK_DEFAULTS = {
  hdd: { bandwidthBytesPerS: 200e6, writeBandwidthBytesPerS: 180e6, latencyNs: 4_000_000, concurrency: 1 },
  ssd: { bandwidthBytesPerS: 500e6, writeBandwidthBytesPerS: 450e6, latencyNs: 100_000, concurrency: 8 },
  nvme: { bandwidthBytesPerS: 3e9, writeBandwidthBytesPerS: 2e9, latencyNs: 50_000, concurrency: 16 },
} as const;

/** A bucket config from its URL form (`ais://data`, `s3://remote`). */
export function bucketConfig(name: string, objects: number, objectSizeBytes: number, backend?: Partial<BackendConfig>): BucketConfig {
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
    backend: needsBackend
      ? { getPerS: 5500, putPerS: 3500, latencyNs: 30 * MS, bandwidthBytesPerS: 100e9 / 8, ...backend }
      : undefined,
  };
}

/** A full ClusterConfig from a few shape numbers (IDs t1…, p1…, AIStore defaults elsewhere). */
export function clusterConfig(shape: ClusterShape = {}): ClusterConfig {
  const kind = shape.diskKind ?? "nvme";
  const disk = DISK_DEFAULTS[kind];
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
    network: { nicBytesPerS: shape.nicBytesPerS ?? 100e9 / 8, rttNs: shape.rttNs ?? 200_000 },
    clients: { hosts: shape.clientHosts ?? 1, nicBytesPerS: shape.clientNicBytesPerS ?? 100e9 / 8 },
    buckets: shape.buckets ?? [bucketConfig("ais://data", 10_000, 1 << 20)],
    config: shape.config ?? AIS_DEFAULTS,
  };
}

function ids(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
}

/** The model knobs with defaults filled in. */
export function modelKnobs(partial: Partial<ModelKnobs> | undefined): ModelKnobs {
  return { ...MODEL_DEFAULTS, ...partial };
}
