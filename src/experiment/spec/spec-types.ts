/**
 * The resolved experiment spec: what `loadExperiment` returns once YAML is parsed, validated, defaults are applied
 * (AIStore's for the config knobs), units are converted and the cluster model is inlined. Plain JSON-able data (no
 * Maps, no classes), so it can be hashed and written to a manifest. The cluster, workload and fault vocabulary
 * it is made of is defined once in src/model/.
 *
 * Entry points (src/experiment/spec/):
 * - load-experiment.ts `loadExperiment(file, options?) → LoadedExperiment`; throws `SpecErrors` (an InputError,
 *   exit code 2) listing every error with file:line:col, key path and what was expected.
 *   `checkExperimentFile(file)` returns `{ loaded?, errors, warnings }` instead of throwing.
 * - load-model.ts `loadModel(file) → ClusterSpec`.
 * - spec-files.ts `checkSpecFile(file)` (model or experiment, as `aisim validate` does).
 * - canonical-json.ts `canonicalJson(value) → string`, `specHash(spec) → sha256 hex`.
 * - units.ts parsers/formatters of durations, sizes, rates and bandwidths.
 * Criteria are evaluated by src/experiment/stats/criteria-eval.ts.
 */

import type { ClusterSpec } from "../../model/cluster.js";
import type { FaultSpec } from "../../model/faults.js";
import type { ClusterWorkload } from "../../model/workload.js";
import type { ScenarioWorkload } from "../../scenarios/scenario-types.js";
import type { SpecError } from "./spec-error.js";

/** A workload, by mode; scenario modes (contention, k-of-n, overload) are small dedicated models, not cluster traffic. */
export type WorkloadSpec = ClusterWorkload | ScenarioWorkload;

/** A retry-policy variant compared under common random numbers. */
export interface VariantSpec {
  readonly name: string;
  /** Preset name in the preset list (src/retry/presets/index.ts), e.g. `ais-sdk@1.25`. */
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
  readonly cluster: ClusterSpec;
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
   * Likely mistakes that are not errors, as `SpecError`s (src/experiment/spec/spec-error.ts, `formatSpecError`):
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
