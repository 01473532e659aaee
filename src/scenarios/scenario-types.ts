/**
 * Workloads that are not cluster GET traffic: small dedicated models of a classic experiment, each driven by the
 * kernel with callbacks and by the retry presets' own decisions. Their configuration shapes are shared with the
 * resolved experiment spec (src/experiment/spec-types.ts), so a loaded spec's workload is passed as it is.
 * Units are in the names: `…Ns` integer virtual nanoseconds, `…PerS` per second.
 */

/**
 * Optimistic-concurrency contention (Brooker, "Exponential Backoff and Jitter", 2015): `clients` clients start
 * together; each reads one row (its version), then writes it conditionally on that version, retrying with the
 * policy's backoff until a write succeeds. Every message takes |N(delayMean, delaySd)|.
 */
export interface ContentionWorkload {
  readonly mode: "contention";
  readonly clients: number;
  readonly delayMeanNs: number;
  readonly delaySdNs: number;
  /** HTTP status a failed conditional write answers (the policy classifies it; 409 Conflict by default). */
  readonly conflictStatus: number;
}

/**
 * A k-of-N erasure-coded download (Tahoe-LAFS): `downloads` downloads one after another by one client; each needs
 * `k` shares from distinct servers out of `servers`. One server is hung (accepts, never answers) and one is slow.
 */
export interface KOfNWorkload {
  readonly mode: "k-of-n";
  readonly k: number;
  readonly servers: number;
  readonly downloads: number;
  /** Median time to fetch one share from a healthy server; fetch times are lognormal around it. */
  readonly fetchNs: number;
  /** Lognormal sigma of fetch times. */
  readonly fetchSigma: number;
  /** Servers that hang (never answer), and servers `slowFactor` times slower; counted from the first server. */
  readonly hung: number;
  readonly slow: number;
  readonly slowFactor: number;
  /** Read timeout of one fetch when the policy documents none. */
  readonly timeoutNs: number;
  /** Which servers a download asks first: random, or the fastest so far (Tahoe's "use the first servers to reply"). */
  readonly selection: "random" | "fastest-first";
}

/** A temporary drop of server capacity (the trigger of a metastable failure). */
export interface CapacityTrigger {
  readonly atNs: number;
  readonly forNs: number;
  /** Fraction of capacity lost while the trigger lasts (0.8 = 80% less CPU). */
  readonly drop: number;
}

/**
 * An open-loop load against one server with a CPU queue (Bronson et al., Huang et al.): requests arrive at
 * `ratePerS`; the server works through its queue, `workers` at a time, `serviceNs` each; clients give up on an
 * attempt after their read timeout (the server still does the work) and ask their policy whether to resend.
 */
export interface OverloadWorkload {
  readonly mode: "overload";
  readonly ratePerS: number;
  readonly arrival: "poisson" | "constant";
  readonly workers: number;
  readonly serviceNs: number;
  /** Read timeout of one attempt when the policy documents none. */
  readonly timeoutNs: number;
  /** Client hosts the load is spread over (shared policy state — budgets, throttles — is per host). */
  readonly hosts: number;
  readonly trigger: CapacityTrigger;
}

/** A scenario workload, by mode. */
export type ScenarioWorkload = ContentionWorkload | KOfNWorkload | OverloadWorkload;

/** The workload modes that are scenarios. */
export const SCENARIO_MODES: readonly string[] = ["contention", "k-of-n", "overload"];

/** True if the workload is one of the scenario models. */
export function isScenarioWorkload(workload: { readonly mode: string }): workload is ScenarioWorkload {
  return SCENARIO_MODES.includes(workload.mode);
}

/** What one scenario run is given. */
export interface ScenarioConfig {
  readonly seed: number;
  readonly durationNs: number;
  readonly warmupNs: number;
  readonly workload: ScenarioWorkload;
  readonly policy: { readonly preset: string; readonly set: Readonly<Record<string, unknown>> };
}

/** A shaded window of a run (same shape as the runner's RunEvent). */
export interface ScenarioEvent {
  readonly startS: number;
  readonly endS: number;
  readonly kind: string;
  readonly label: string;
}

/** What a scenario run returns (same shape as the runner's RunResult). */
export interface ScenarioOutput {
  readonly metrics: Readonly<Record<string, number>>;
  readonly timeseries: { readonly seconds: number; readonly columns: Readonly<Record<string, readonly number[]>> };
  readonly latencyCdf: ReadonlyArray<readonly [number, number]>;
  readonly rebalance: readonly never[];
  readonly fingerprint: string;
  readonly events: readonly ScenarioEvent[];
}
