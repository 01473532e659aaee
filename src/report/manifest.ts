import type { ExperimentAnalysis } from "../experiment/stats/metrics-table.js";
import type { ExperimentPlan } from "../experiment/run/plan.js";
import type { CompletedRun } from "../experiment/run/runner.js";
import { CONFIDENCE } from "../experiment/stats/stats.js";
import type { PackageInfo } from "./package-info.js";
import { sFromNs } from "../kernel/time.js";

/**
 * manifest.json: what produced the results — spec hash, seeds, versions, each run's fingerprint — and nothing
 * that differs between two identical runs (no wall-clock time, host, path, worker count or Node version), so
 * the file is byte-identical however the runs were computed.
 */
export function manifestJson(plan: ExperimentPlan, completed: readonly CompletedRun[], analysis: ExperimentAnalysis, pkg: PackageInfo, files: readonly string[]): string {
  const failed = analysis.criteria.filter((c) => !c.criterionPass);
  const manifest = {
    aisim: pkg.version,
    packages: pkg.dependencies,
    experiment: plan.name,
    specHash: plan.specHash,
    seed: plan.seed,
    replications: plan.replications,
    variants: plan.variants,
    baseline: plan.variants[0],
    sweep: plan.spec.sweep,
    points: plan.points.map((p) => ({ index: p.index, assignments: p.assignments })),
    warmupS: sFromNs(plan.spec.warmupNs),
    durationS: sFromNs(plan.spec.durationNs),
    statistics: {
      interval: `Student t, ${CONFIDENCE * 100}% two-sided, across replications`,
      comparison: "paired differences against the baseline (first variant), replication by replication",
      criteria: "checked against the per-variant mean at each sweep point",
      numbers: "integers exact; others 6 significant digits; empty = undefined",
    },
    runs: completed.map(({ run, result }) => ({
      id: run.runId,
      point: run.pointIndex,
      variant: run.variant.name,
      replication: run.replication,
      seed: run.seed,
      fingerprint: result.fingerprint,
    })),
    criteria: { pass: failed.length === 0, failed: failed.length, checked: analysis.criteria.length },
    files,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
