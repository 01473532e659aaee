/**
 * The resolved experiment spec and cluster model: what `loadExperiment` / `loadModel` return once YAML is parsed,
 * validated, defaults are applied (AIStore's for the config knobs), units are converted and the cluster model is
 * inlined. Plain JSON-able data (no Maps, no classes), so it can be hashed and written to a manifest.
 *
 * Units are in the field names: `…Ns` integer nanoseconds (virtual time), `…Bytes` integer bytes, `…PerS` events
 * per second, `…BytesPerS` bytes per second. Node IDs are always explicit: a model that gives `targets: 16` resolves
 * to `t1`…`t16`, `proxies: 3` to `p1`…`p3`.
 *
 * Entry points (src/experiment/):
 * - load-experiment.ts `loadExperiment(file, options?) → LoadedExperiment`; throws `SpecErrors` (an InputError,
 *   exit code 2) listing every error with file:line:col, key path and what was expected.
 *   `checkExperimentFile(file)` returns `{ loaded?, errors, warnings }` instead of throwing.
 * - load-model.ts `loadModel(file) → ClusterModel`.
 * - spec-files.ts `checkSpecFile(file)` (model or experiment, as `aisim validate` does).
 * - criteria-eval.ts `evaluateCriteria(criteria, metricsByVariant) → CriterionCheck[]`.
 * - canonical-json.ts `canonicalJson(value) → string`, `specHash(spec) → sha256 hex`.
 * - units.ts parsers/formatters of durations, sizes, rates and bandwidths.
 */

import type { ScenarioWorkload } from "../../scenarios/scenario-types.js";
import type { SpecError } from "./spec-error.js";

/** Cloud/provider of a bucket, normalized as in AIStore unames. */
export type BucketProvider = "ais" | "aws" | "gcp" | "azure" | "oci";

/** Disk technology of a mountpath; bandwidth, latency and concurrency default by kind (src/cluster/disk/disk-kinds.ts). */
export type MountpathKind = "hdd" | "ssd" | "nvme";

/** Mountpaths (disks) of every target. */
export interface MountpathSpec {
  readonly perTarget: number;
  readonly kind: MountpathKind;
  /** Mountpath paths, the same on every target (they seed HRW inside a target); `/ais/mp1`… by default. */
  readonly paths: readonly string[];
  /** Sequential read bandwidth of one mountpath. */
  readonly bandwidthBytesPerS: number;
  /** Sequential write bandwidth of one mountpath. */
  readonly writeBandwidthBytesPerS: number;
  /** Fixed service latency of one I/O (seek / flash access). */
  readonly latencyNs: number;
  /** I/Os a mountpath serves in parallel. */
  readonly concurrency: number;
}

/** Cluster network: one NIC per node, a uniform round-trip time between nodes (and clients). */
export interface NetworkSpec {
  readonly nicBytesPerS: number;
  readonly rttNs: number;
}

/** Client hosts: the machines the workload's clients run on (shared retry state is per host). */
export interface ClientHostsSpec {
  readonly hosts: number;
  readonly nicBytesPerS: number;
}

/** A remote backend (S3, GCS…) behind a bucket: request-rate limits and latency. */
export interface BackendSpec {
  readonly getPerS: number;
  readonly putPerS: number;
  readonly latencyNs: number;
  /** Backend bandwidth available to the whole cluster. */
  readonly bandwidthBytesPerS: number;
}

/** A bucket and its object population. */
export interface BucketSpec {
  /** URL form as written, e.g. `ais://data`, `s3://remote`, `ais://@uuid#ns/data`. */
  readonly name: string;
  readonly provider: BucketProvider;
  /** Namespace: both empty for the global namespace (uname `@#`). */
  readonly namespace: { readonly uuid: string; readonly name: string };
  /** The bare bucket name (`data`). */
  readonly bucket: string;
  readonly objects: number;
  readonly objectSizeBytes: number;
  /** Object names: one decimal counter, `obj-%08d` → obj-00000000… (as `aisim place` generates them). */
  readonly template: string;
  /** Present for remote buckets (provider ≠ ais) and for ais buckets given a backend. */
  readonly backend?: BackendSpec;
}

/** AIStore configuration knobs, AIStore's defaults where the model does not say. */
export interface AisConfig {
  readonly keepalive: {
    /** keepalivetracker interval (10 s). */
    readonly intervalNs: number;
    /** First health-check timeout (control-plane timeout, 2 s). */
    readonly timeoutNs: number;
    /** Timeout of the later health checks (max_keepalive, 5 s). */
    readonly maxTimeoutNs: number;
    /** Gap between the later health checks (6 s). */
    readonly retryIntervalNs: number;
    /** Failed later checks before the node is removed from the Smap (3). */
    readonly failures: number;
  };
  readonly timeouts: {
    /** Control-plane operation (2 s). */
    readonly cplaneOperationNs: number;
    /** Metasync push (5 s). */
    readonly metasyncNs: number;
    /** Remote cold-GET lock conflict before 409 (5 s). */
    readonly coldGetConflictNs: number;
    /** Sending one object between targets (5 min). */
    readonly sendFileNs: number;
    /** Remote-bucket read-timeout lock poll (180 s). */
    readonly lockPollNs: number;
  };
  readonly metasync: {
    /** Quick retries of a refused push (4), then retried every retryInterval. */
    readonly retries: number;
    readonly retryIntervalNs: number;
  };
  readonly election: {
    /** Non-primary ping of the primary (6 s). */
    readonly pingIntervalNs: number;
    /** Failed pings before an election (3). */
    readonly failures: number;
  };
  readonly gfn: {
    /** Timed get-from-neighbor window when a target joins (90 s). */
    readonly timedNs: number;
    /** HEAD to peers / broadcast HEAD timeout (5 s). */
    readonly headTimeoutNs: number;
    /** GET from neighbor timeout (1 min). */
    readonly getTimeoutNs: number;
  };
  readonly rebalance: {
    readonly enabled: boolean;
    /** dest_retry_time (2 min). */
    readonly destRetryTimeNs: number;
    /** quiescent (10 s). */
    readonly quiescentNs: number;
    /** Streams per peer (2). */
    readonly bundleMultiplier: number;
    readonly compression: "never" | "always";
  };
  readonly ec: {
    readonly enabled: boolean;
    readonly data: number;
    readonly parity: number;
    /** Objects below this are stored as parity+1 full replicas (256 KiB). */
    readonly objSizeLimitBytes: number;
  };
  readonly mirror: {
    readonly enabled: boolean;
    readonly copies: number;
  };
}

/** A resolved cluster model. */
export interface ClusterModel {
  readonly name: string;
  readonly description?: string;
  /** Proxy IDs (`p1`… when given as a count). The first is the initial primary. */
  readonly proxies: readonly string[];
  /** Target IDs (`t1`… when given as a count). */
  readonly targets: readonly string[];
  /** Targets outside the cluster map at t=0 (a `join` fault brings one in); absent: none. */
  readonly standby?: readonly string[];
  readonly mountpaths: MountpathSpec;
  readonly network: NetworkSpec;
  readonly clients: ClientHostsSpec;
  readonly buckets: readonly BucketSpec[];
  readonly config: AisConfig;
}

/** Operation mix: fractions summing to 1 (absent operations are 0). */
export interface OperationMix {
  readonly GET: number;
  readonly PUT: number;
  readonly HEAD: number;
  readonly DELETE: number;
}

/** Which objects clients touch and how often. */
export type Popularity = { readonly kind: "uniform" } | { readonly kind: "zipf"; readonly s: number };

/** The object population a workload draws from. */
export interface ObjectsSpec {
  /** Bucket name in URL form; always one of the model's buckets. */
  readonly bucket: string;
  readonly popularity: Popularity;
  /** Objects in use (defaults to the bucket's `objects`). */
  readonly count: number;
  /** Object size (defaults to the bucket's size). */
  readonly sizeBytes: number;
}

/** Fields every workload mode has. */
interface WorkloadCommon {
  readonly mix: OperationMix;
  readonly objects: ObjectsSpec;
  /** Client hosts the workload runs on (defaults to the model's `clients.hosts`). */
  readonly hosts: number;
}

/** Closed loop: `clients` workers, each sends a request, waits for it, thinks, repeats. */
export interface ClosedWorkload extends WorkloadCommon {
  readonly mode: "closed";
  readonly clients: number;
  readonly thinkTimeNs: number;
}

/** Open loop: requests arrive at `ratePerS` regardless of completions. */
export interface OpenWorkload extends WorkloadCommon {
  readonly mode: "open";
  readonly ratePerS: number;
  readonly arrival: "poisson" | "constant";
}

/** Bulk copy: every object of `objects` is read and written to `destination` by `concurrency` workers. */
export interface BulkCopyWorkload extends WorkloadCommon {
  readonly mode: "bulk-copy";
  readonly destination: string;
  readonly concurrency: number;
}

/** Trace replay: requests read from a CSV trace file. */
export interface TraceReplayWorkload extends WorkloadCommon {
  readonly mode: "trace-replay";
  /** Path as written in the spec, relative to the spec's directory (see LoadedExperiment.resolvePath). */
  readonly file: string;
  /** Replay speed: 2 = twice as fast as recorded. */
  readonly speed: number;
}

/** A workload, by mode; scenario modes (contention, k-of-n, overload) are small dedicated models, not cluster traffic. */
export type WorkloadSpec = ClosedWorkload | OpenWorkload | BulkCopyWorkload | TraceReplayWorkload | ScenarioWorkload;

/** A node set: every node of the kind, or an explicit list of IDs. */
export type NodeSet = "all" | readonly string[];

/** Fields of every scheduled fault: `atNs` is measured from the start of the run (warmup included). */
interface FaultAt {
  readonly atNs: number;
}

/** One entry of the failure schedule. `forNs` absent means "until the end of the run". */
export type FaultSpec =
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
  /** Membership changes that move data (join: the target is outside the map until then; maintenance drains it). */
  | (FaultAt & { readonly action: "join" | "maintenance" | "decommission" | "stop-maintenance"; readonly node: string | readonly string[] })
  | (FaultAt & {
      readonly action: "stochastic";
      /** Which component fails: target and proxy processes crash; a mountpath's disk fails. */
      readonly class: "target" | "proxy" | "mountpath";
      readonly mtbfNs: number;
      readonly mttrNs: number;
      /** End of the window in which failures are drawn (absent: end of run). */
      readonly untilNs?: number;
    });

/** Every fault action name. */
export type FaultAction = FaultSpec["action"];

/** A retry-policy variant compared under common random numbers. */
export interface VariantSpec {
  readonly name: string;
  /** Preset name in the retry registry, e.g. `ais-sdk@1.25`. */
  readonly policy: string;
  /**
   * Overrides of the preset's params by dotted key, passed to `PresetDefinition.create`. Values are as written,
   * except that a duration string given for a numeric param becomes seconds (policies compute in seconds).
   */
  readonly set: Readonly<Record<string, unknown>>;
}

/** One sweep axis: a dotted spec key and the values it takes, in the order written. */
export interface SweepAxis {
  readonly key: string;
  readonly values: readonly unknown[];
}

/** Comparison operators of criteria. */
export type ComparisonOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

/** A criterion expression: comparisons joined by `and` / `or` (`and` binds tighter), parentheses allowed. */
export type CriterionExpr =
  | { readonly type: "compare"; readonly metric: string; readonly op: ComparisonOp; readonly bound: number; readonly boundText: string }
  | { readonly type: "and" | "or"; readonly left: CriterionExpr; readonly right: CriterionExpr };

/** A parsed acceptance criterion. */
export interface Criterion {
  /** The text as written, e.g. `sdk-1.25: attempts_max <= 7`. */
  readonly text: string;
  /** The variant it is scoped to, or undefined for every variant. */
  readonly variant?: string;
  /**
   * The sweep points it is scoped to (`[faults.0.down=45s] …`): full sweep key → value, as in the sweep; it
   * applies at the points whose assignments have every one of these values. Undefined for every point.
   */
  readonly point?: Readonly<Record<string, unknown>>;
  readonly expr: CriterionExpr;
}

/** A resolved experiment. */
export interface ExperimentSpec {
  readonly name: string;
  readonly description?: string;
  /** The cluster model, inlined (read from the referenced file when `cluster:` was a path). */
  readonly cluster: ClusterModel;
  readonly seed: number;
  readonly durationNs: number;
  /** Measurements before the end of warmup are discarded. */
  readonly warmupNs: number;
  readonly replications: number;
  readonly workload: WorkloadSpec;
  readonly faults: readonly FaultSpec[];
  readonly variants: readonly VariantSpec[];
  readonly sweep: readonly SweepAxis[];
  readonly criteria: readonly Criterion[];
}

/** One point of the sweep: the assignments (key → value) and the spec with them applied. */
export interface SweepPoint {
  /** 0-based, in row-major order of the axes as written (first axis outermost). */
  readonly index: number;
  /** Key → value for this point, in axis order; empty when there is no sweep. */
  readonly assignments: Readonly<Record<string, unknown>>;
  /** The experiment with the assignments applied and re-validated (`sweep` is kept as declared). */
  readonly spec: ExperimentSpec;
}

/** What `loadExperiment` returns. */
export interface LoadedExperiment {
  /** The spec file as given on the command line. */
  readonly file: string;
  readonly spec: ExperimentSpec;
  /** sha256 (hex) of `canonicalJson(spec)`: stable across machines and key order. */
  readonly hash: string;
  /** Every sweep point (one point with no assignments when there is no sweep). */
  readonly points: readonly SweepPoint[];
  /**
   * Likely mistakes that are not errors, as `SpecError`s (src/experiment/spec-error.ts, `formatSpecError`):
   * e.g. a criterion metric one edit away from a standard metric name.
   */
  readonly warnings: readonly SpecError[];
  /** Resolves a path written in the spec (trace files…) relative to the spec's directory. */
  resolvePath(relative: string): string;
}

/** One row of the criteria table: one comparison of one criterion for one variant. */
export interface CriterionCheck {
  /** The criterion's text as written. */
  readonly criterion: string;
  readonly variant: string;
  readonly metric: string;
  readonly op: ComparisonOp;
  /** The metric's value; NaN when the metric is missing. */
  readonly value: number;
  readonly bound: number;
  /** Whether this comparison holds (false when the metric is missing). */
  readonly pass: boolean;
  /** Whether the whole criterion holds for this variant (differs from `pass` only with `or`). */
  readonly criterionPass: boolean;
  /** Set when the metric was not reported for this variant. */
  readonly missing: boolean;
}
