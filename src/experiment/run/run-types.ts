import type { ExperimentSpec, VariantSpec } from "../spec/spec-types.js";

/**
 * The seam between the experiment runner and the simulator: one run is one (variant, sweep point, replication)
 * simulated with one seed. The runner knows nothing else about the simulator, so tests drive it with a small
 * fake and workers load whichever module implements `RunOne`.
 */

/** Which run to simulate. */
export interface RunPoint {
  /** Stable id, e.g. `p0-sdk-1.25-r2` (sweep point, variant, replication). */
  readonly runId: string;
  readonly variant: VariantSpec;
  readonly variantIndex: number;
  /** Sweep point index and its assignments (key → value; empty without a sweep). */
  readonly pointIndex: number;
  readonly sweepValues: Readonly<Record<string, unknown>>;
  /** 0-based replication number. */
  readonly replication: number;
  /**
   * Seed of the run, derived from the spec seed and the replication only: every variant (and every sweep point)
   * of one replication sees the same workload and fault streams — common random numbers. A safe integer.
   */
  readonly seed: number;
}

/** Per-second series of one run: `seconds` entries per column, second 0 = the start of the run (warm-up included). */
export interface RunTimeseries {
  readonly seconds: number;
  /**
   * Columns by name, each `seconds` long; NaN where undefined (no request ended in that second). Always present:
   * `requests`, `attempts`, `succeeded`, `failed`, `latency_p50_s`, `latency_p99_s`; optionally `failed_<kind>`,
   * `latency_p90_s`, `latency_max_s` and anything else the simulator measures per second.
   */
  readonly columns: Readonly<Record<string, readonly number[]>>;
}

/** A window the report shades: a fault (or anything else with a start and an end) in virtual seconds. */
export interface RunEvent {
  readonly startS: number;
  /** Equal to startS for an instant. */
  readonly endS: number;
  /** Fault action or event kind, e.g. `restart`. */
  readonly kind: string;
  /** Short text for the chart, e.g. `t3 down`. */
  readonly label: string;
}

/** Rebalance progress of one target: fraction of its work done over time. */
export interface RebalanceProgress {
  readonly target: string;
  /** `[second, fraction 0..1]`, in time order. */
  readonly points: ReadonlyArray<readonly [number, number]>;
}

/**
 * One target's row of `ais show rebalance` (or of a resilver) in one run: what it received and sent, when it
 * started and ended (virtual seconds from the start of the run) and the time it spent in each stage.
 */
export interface MovementRowResult {
  readonly kind: "rebalance" | "resilver";
  readonly target: string;
  /** Rebalance ID (cluster-map version of the rebalance) or resilver sequence number. */
  readonly id: number;
  /** Why it ran: join, maintenance, restart, mountpath event… */
  readonly reason: string;
  readonly objRcv: number;
  readonly bytesRcv: number;
  readonly objSent: number;
  readonly bytesSent: number;
  readonly startS: number;
  /** NaN when it was still running at the end of the simulation. */
  readonly endS: number;
  readonly aborted: boolean;
  /** Seconds spent in each stage, by stage name, in stage order. */
  readonly stageS: Readonly<Record<string, number>>;
}

/** What one run produces. Plain data: it crosses worker threads and is stored as JSON in the work folder. */
export interface RunResult {
  /** Whole-run figures after warm-up, by criteria metric name (latencies in seconds); NaN when undefined. */
  readonly metrics: Readonly<Record<string, number>>;
  readonly timeseries: RunTimeseries;
  /** Latency CDF after warm-up: `[fraction, latencyS]` at the fractions of CDF_FRACTIONS (empty without requests). */
  readonly latencyCdf: ReadonlyArray<readonly [number, number]>;
  /** Empty when no rebalance ran. */
  readonly rebalance: readonly RebalanceProgress[];
  /** Per-target rebalance and resilver rows (absent or empty when no data moved). */
  readonly movement?: readonly MovementRowResult[];
  /** The simulator's event fingerprint (hex): equal fingerprints mean identical event sequences. */
  readonly fingerprint: string;
  readonly events: readonly RunEvent[];
  /** Broken invariants the simulator's checkers found (first few messages, each naming its seed); usually empty. */
  readonly violations?: readonly string[];
}

/** Options of one run. */
export interface RunOneOptions {
  /** Write this run's trace (NDJSON, virtual time) to this file. */
  readonly traceFile?: string;
  /** The spec's folder: relative files it names (trace-replay) are read from here. */
  readonly specDir?: string;
}

/** Simulates one run of a sweep point's spec. Must be a pure function of its arguments (same inputs → same result). */
export type RunOne = (spec: ExperimentSpec, point: RunPoint, options?: RunOneOptions) => RunResult | Promise<RunResult>;

/** The fractions at which a run reports its latency CDF (dense in the tail, where retry policies differ). */
export const CDF_FRACTIONS: readonly number[] = [
  0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999, 0.9999, 1,
];

