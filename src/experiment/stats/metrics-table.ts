import { evaluateCriteria } from "./criteria-eval.js";
import { criterionMetrics } from "./criteria.js";
import type { ExperimentPlan } from "../run/plan.js";
import type { CompletedRun } from "../run/runner.js";
import type { CriterionCheck } from "../spec/spec-types.js";
import { meanInterval, pairedDifference, type MeanInterval } from "./stats.js";

/** One metric of one variant at one sweep point, across replications. */
export interface SummaryRow {
  readonly pointIndex: number;
  readonly variant: string;
  readonly metric: string;
  /** Mean and 95% t-interval across replications. */
  readonly stat: MeanInterval;
  /** Paired difference against the baseline (the first variant), per replication; undefined for the baseline. */
  readonly diff?: MeanInterval;
}

/** A criteria row, at a sweep point. */
export interface PointCriterionCheck extends CriterionCheck {
  readonly pointIndex: number;
}

/** What an experiment's runs add up to. */
export interface ExperimentAnalysis {
  /** Every metric any run reported, in order of first appearance in plan order. */
  readonly metrics: readonly string[];
  /** By sweep point, then variant (plan order), then metric. */
  readonly rows: readonly SummaryRow[];
  readonly criteria: readonly PointCriterionCheck[];
}

/** Metric names in order of first appearance over the runs (plan order), so the order never depends on timing. */
export function metricNames(completed: readonly CompletedRun[]): string[] {
  const seen = new Set<string>();
  for (const c of completed) for (const name of Object.keys(c.result.metrics)) seen.add(name);
  return [...seen];
}

/** A count of requests that failed with one kind (`failed_404`…): a run reports it only when the kind occurred. */
export function isFailureKindCount(metric: string): boolean {
  return /^failed_[a-z0-9_]+$/.test(metric);
}

/**
 * The value of `metric` in each replication, for one point and variant: NaN where the run is missing or did not
 * report the metric — except a failure-kind count, which a run that did not meet that kind reports as 0.
 */
function replicationValues(plan: ExperimentPlan, byId: Map<string, CompletedRun>, pointIndex: number, variant: string, metric: string): number[] {
  const values: number[] = [];
  const countsFailures = isFailureKindCount(metric);
  for (let r = 0; r < plan.replications; r++) {
    const run = byId.get(`p${pointIndex}-${variant}-r${r}`);
    const v = run?.result.metrics[metric];
    values.push(typeof v === "number" ? v : run !== undefined && countsFailures ? 0 : NaN);
  }
  return values;
}

/**
 * Per sweep point and variant, every metric's mean and 95% t-interval over replications, and the paired
 * difference against the first variant. Criteria are checked at each point against the per-variant means.
 * Warm-up is already excluded from the run metrics by the simulator.
 */
export function analyseRuns(plan: ExperimentPlan, completed: readonly CompletedRun[]): ExperimentAnalysis {
  const byId = new Map(completed.map((c) => [c.run.runId, c]));
  // Failure kinds a criterion names count too, even when no run met them: they are decided on 0.
  const named = plan.points.flatMap((p) => p.spec.criteria.flatMap((c) => criterionMetrics(c.expr))).filter(isFailureKindCount);
  const metrics = [...new Set([...metricNames(completed), ...named])];
  const rows: SummaryRow[] = [];
  const criteria: PointCriterionCheck[] = [];
  const baseline = plan.variants[0];
  for (const point of plan.points) {
    const means: Record<string, Record<string, number>> = {};
    for (const variant of plan.variants) {
      means[variant] = {};
      for (const metric of metrics) {
        const values = replicationValues(plan, byId, point.index, variant, metric);
        const stat = meanInterval(values);
        const diff = variant === baseline ? undefined : pairedDifference(values, replicationValues(plan, byId, point.index, baseline, metric));
        rows.push({ pointIndex: point.index, variant, metric, stat, diff });
        if (!Number.isNaN(stat.mean)) means[variant][metric] = stat.mean;
      }
    }
    for (const check of evaluateCriteria(point.spec.criteria, means)) criteria.push({ ...check, pointIndex: point.index });
  }
  return { metrics, rows, criteria };
}
