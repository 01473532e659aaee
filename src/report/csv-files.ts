import { stringify } from "csv-stringify/sync";
import type { MovementRowResult } from "../experiment/run/run-types.js";
import type { CompletedRun } from "../experiment/run/runner.js";
import type { ExperimentPlan } from "../experiment/run/plan.js";
import { isFailureKindCount, type ExperimentAnalysis } from "../experiment/stats/metrics-table.js";
import { formatCell, formatNumber } from "./number-format.js";

function csv(header: string[], rows: string[][]): string {
  return stringify([header, ...rows], { eof: true, record_delimiter: "unix" });
}

function sweepCells(plan: ExperimentPlan, pointIndex: number): string[] {
  const assignments = plan.points[pointIndex].assignments;
  return plan.sweepKeys.map((key) => formatCell(assignments[key]));
}

/**
 * summary.csv: one row per sweep point, variant and metric — mean, 95% t-interval and sample sd across
 * replications, then the paired difference against the first variant (empty for the first variant itself).
 */
export function summaryCsv(plan: ExperimentPlan, analysis: ExperimentAnalysis): string {
  const header = ["point", ...plan.sweepKeys, "variant", "metric", "n", "mean", "ci_low", "ci_high", "half_width", "sd", "diff_mean", "diff_ci_low", "diff_ci_high"];
  const rows = analysis.rows.map((r) => [
    String(r.pointIndex),
    ...sweepCells(plan, r.pointIndex),
    r.variant,
    r.metric,
    String(r.stat.n),
    formatNumber(r.stat.mean),
    formatNumber(r.stat.low),
    formatNumber(r.stat.high),
    formatNumber(r.stat.halfWidth),
    formatNumber(r.stat.sd),
    r.diff ? formatNumber(r.diff.mean) : "",
    r.diff ? formatNumber(r.diff.low) : "",
    r.diff ? formatNumber(r.diff.high) : "",
  ]);
  return csv(header, rows);
}

/**
 * runs.csv: one row per run with its seed, fingerprint and every metric. A failure kind the run did not meet is
 * written as 0, not left empty: the run counted no such failure (the same reading the statistics use).
 */
export function runsCsv(plan: ExperimentPlan, completed: readonly CompletedRun[], metrics: readonly string[]): string {
  const header = ["run", "point", ...plan.sweepKeys, "variant", "replication", "seed", "fingerprint", ...metrics];
  const rows = completed.map(({ run, result }) => [
    run.runId,
    String(run.pointIndex),
    ...sweepCells(plan, run.pointIndex),
    run.variant.name,
    String(run.replication),
    String(run.seed),
    result.fingerprint,
    ...metrics.map((m) => formatNumber(result.metrics[m] ?? (isFailureKindCount(m) ? 0 : NaN))),
  ]);
  return csv(header, rows);
}

/** Timeseries column names over all runs, in order of first appearance (plan order). */
export function timeseriesColumns(completed: readonly CompletedRun[]): string[] {
  const seen = new Set<string>();
  for (const c of completed) for (const name of Object.keys(c.result.timeseries.columns)) seen.add(name);
  return [...seen];
}

/** timeseries.csv: one row per run and second of virtual time (warm-up included; `second` 0 is the start). */
export function timeseriesCsv(completed: readonly CompletedRun[]): string {
  const columns = timeseriesColumns(completed);
  const header = ["run", "point", "variant", "replication", "second", ...columns];
  const rows: string[][] = [];
  for (const { run, result } of completed) {
    for (let s = 0; s < result.timeseries.seconds; s++) {
      rows.push([
        run.runId,
        String(run.pointIndex),
        run.variant.name,
        String(run.replication),
        String(s),
        ...columns.map((c) => formatNumber(result.timeseries.columns[c]?.[s] ?? NaN)),
      ]);
    }
  }
  return csv(header, rows);
}

/** Whether any run moved data of this kind (rebalance.csv / resilver.csv are written only then). */
export function hasMovement(completed: readonly CompletedRun[], kind: MovementRowResult["kind"]): boolean {
  return completed.some((c) => (c.result.movement ?? []).some((m) => m.kind === kind));
}

/** `traverse-barrier` → `stage_traverse_barrier_s`. */
export function stageColumn(stage: string): string {
  return `stage_${stage.replace(/[^A-Za-z0-9]+/g, "_")}_s`;
}

/**
 * rebalance.csv (or resilver.csv): the `ais show rebalance` table of every run — one row per run, rebalance (or
 * resilver) run and target: objects and bytes received and sent, start and end in virtual seconds (end empty
 * when still running at the end of the simulation), `aborted` 0/1, then the seconds spent in each stage.
 */
export function movementCsv(plan: ExperimentPlan, completed: readonly CompletedRun[], kind: MovementRowResult["kind"]): string {
  const stages: string[] = [];
  for (const c of completed) for (const m of c.result.movement ?? []) if (m.kind === kind) for (const s of Object.keys(m.stageS)) if (!stages.includes(s)) stages.push(s);
  const idColumn = kind === "rebalance" ? "reb_id" : "resilver_id";
  const header = ["run", "point", ...plan.sweepKeys, "variant", "replication", idColumn, "target", "reason", "obj_rcv", "size_rcv_bytes", "obj_sent", "size_sent_bytes", "start_s", "end_s", "duration_s", "aborted", ...stages.map(stageColumn)];
  const rows: string[][] = [];
  for (const { run, result } of completed) {
    for (const m of result.movement ?? []) {
      if (m.kind !== kind) continue;
      rows.push([
        run.runId,
        String(run.pointIndex),
        ...sweepCells(plan, run.pointIndex),
        run.variant.name,
        String(run.replication),
        formatNumber(m.id),
        m.target,
        m.reason,
        formatNumber(m.objRcv),
        formatNumber(m.bytesRcv),
        formatNumber(m.objSent),
        formatNumber(m.bytesSent),
        formatNumber(m.startS),
        formatNumber(m.endS),
        formatNumber(m.endS - m.startS),
        m.aborted ? "1" : "0",
        ...stages.map((s) => formatNumber(m.stageS[s] ?? NaN)),
      ]);
    }
  }
  return csv(header, rows);
}
