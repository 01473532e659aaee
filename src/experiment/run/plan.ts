import path from "node:path";
import { specHash } from "../spec/canonical-json.js";
import type { RunPoint } from "./run-types.js";
import { replicationSeed } from "./seeds.js";
import type { ExperimentSpec, LoadedExperiment } from "../spec/spec-types.js";

/** A run of the plan: its place in the fixed run order, and what to simulate. */
export interface PlannedRun extends RunPoint {
  /** Position in the plan's run order (sweep point, then replication, then variant). */
  readonly index: number;
}

/** A sweep point with the effective spec to simulate. */
export interface PlanPoint {
  readonly index: number;
  readonly assignments: Readonly<Record<string, unknown>>;
  readonly spec: ExperimentSpec;
}

/** Everything needed to run an experiment and to assemble its results; plain JSON (shards store it). */
export interface ExperimentPlan {
  readonly name: string;
  /** sha256 of the canonical JSON of the effective spec (command-line overrides applied). */
  readonly specHash: string;
  readonly spec: ExperimentSpec;
  readonly seed: number;
  readonly replications: number;
  readonly variants: readonly string[];
  readonly sweepKeys: readonly string[];
  readonly points: readonly PlanPoint[];
  readonly runs: readonly PlannedRun[];
  /** Absolute folder of the spec file: files the spec names (trace-replay) are relative to it. Never in outputs. */
  readonly specDir: string;
}

/** Command-line overrides of the spec. */
export interface PlanOverrides {
  readonly seed?: number;
  readonly replications?: number;
}

/** The run id of a (point, variant, replication): `p<point>-<variant>-r<replication>`. */
export function runIdOf(pointIndex: number, variant: string, replication: number): string {
  return `p${pointIndex}-${variant}-r${replication}`;
}

/**
 * The full, ordered list of runs: every sweep point × replication × variant. Seeds depend on the replication only,
 * so the variants of one replication are compared under common random numbers.
 */
export function buildPlan(loaded: LoadedExperiment, overrides: PlanOverrides = {}): ExperimentPlan {
  const seed = overrides.seed ?? loaded.spec.seed;
  const replications = overrides.replications ?? loaded.spec.replications;
  const effective = (spec: ExperimentSpec): ExperimentSpec => ({ ...spec, seed, replications });
  const spec = effective(loaded.spec);
  const points: PlanPoint[] = loaded.points.map((p) => ({ index: p.index, assignments: p.assignments, spec: effective(p.spec) }));
  const runs: PlannedRun[] = [];
  for (const point of points) {
    for (let replication = 0; replication < replications; replication++) {
      const runSeed = replicationSeed(seed, replication);
      point.spec.variants.forEach((variant, variantIndex) => {
        runs.push({
          index: runs.length,
          runId: runIdOf(point.index, variant.name, replication),
          variant,
          variantIndex,
          pointIndex: point.index,
          sweepValues: point.assignments,
          replication,
          seed: runSeed,
        });
      });
    }
  }
  return {
    name: spec.name,
    specHash: specHash(spec),
    spec,
    seed,
    replications,
    variants: spec.variants.map((v) => v.name),
    sweepKeys: spec.sweep.map((a) => a.key),
    points,
    runs,
    specDir: path.dirname(path.resolve(loaded.file)),
  };
}
