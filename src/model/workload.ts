/**
 * The workload vocabulary of cluster runs, written once: what an experiment's `workload:` resolves to and what
 * `simulate()` drives clients from. Scenario workloads (contention, k-of-n, overload) are their own small models
 * and are declared with them (src/scenarios/scenario-types.ts).
 */

/** Operation mix: fractions summing to 1 (absent operations are 0). */
export interface OperationMix {
  readonly GET: number;
  readonly PUT: number;
  readonly HEAD: number;
  readonly DELETE: number;
}

/** The operations a client sends. */
export type Operation = keyof OperationMix;

/** Which objects clients touch and how often. */
export type Popularity = { readonly kind: "uniform" } | { readonly kind: "zipf"; readonly s: number };

/** Object sizes of a population (drawn once per object from `workload/population/<bucket>/sizes`). */
export type SizeDistribution =
  | { readonly kind: "constant" }
  | { readonly kind: "uniform"; readonly minBytes: number; readonly maxBytes: number }
  | { readonly kind: "lognormal"; readonly meanBytes: number; readonly sdBytes: number }
  | { readonly kind: "pareto"; readonly minBytes: number; readonly shape: number };

/** The object population a workload draws from. */
export interface ObjectsSpec {
  /** Bucket name in URL form; always one of the cluster's buckets. */
  readonly bucket: string;
  readonly popularity: Popularity;
  /** Objects in use (defaults to the bucket's `objects`). */
  readonly count: number;
  /** Every object's size, unless `sizes` draws them (defaults to the bucket's size). */
  readonly sizeBytes: number;
  /** Size distribution over the objects (default constant `sizeBytes`; set by code and tests, not by specs). */
  readonly sizes?: SizeDistribution;
}

/** Fields every workload mode has. */
interface WorkloadCommon {
  readonly mix: OperationMix;
  readonly objects: ObjectsSpec;
  /** Client hosts the workload runs on (defaults to the cluster's `clients.hosts`). */
  readonly hosts: number;
}

/** Closed loop: `clients` workers, each sends a request, waits for it, thinks, repeats. */
export interface ClosedWorkload extends WorkloadCommon {
  readonly mode: "closed";
  readonly clients: number;
  readonly thinkTimeNs: number;
  /** Think time distribution (default constant; set by code and tests, not by specs). */
  readonly think?: "constant" | "exponential";
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

/** One request of a replayed trace. */
export interface TraceRow {
  readonly atNs: number;
  readonly op: Operation;
  /** Object index in the population. */
  readonly object: number;
  readonly sizeBytes: number;
}

/** Trace replay: requests read from a CSV trace file. */
export interface TraceReplayWorkload extends WorkloadCommon {
  readonly mode: "trace-replay";
  /** Path as written in the spec, relative to the spec's directory (see LoadedExperiment.resolvePath). */
  readonly file: string;
  /** Replay speed: 2 = twice as fast as recorded. */
  readonly speed: number;
  /** The parsed rows (`parseTraceCsv`); simulate needs them, the spec loader leaves them to the runner. */
  readonly rows?: readonly TraceRow[];
}

/** A workload of cluster traffic, by mode. */
export type ClusterWorkload = ClosedWorkload | OpenWorkload | BulkCopyWorkload | TraceReplayWorkload;
