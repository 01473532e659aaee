import type { ExperimentAnalysis } from "../experiment/stats/metrics-table.js";
import type { ExperimentPlan } from "../experiment/run/plan.js";
import type { CompletedRun } from "../experiment/run/runner.js";
import { roundNumber } from "./number-format.js";
import { sFromNs } from "../kernel/time.js";

/** A value for chart data: rounded like the CSVs; null where undefined (a gap in a line). */
function value(x: number): number | null {
  const r = roundNumber(x);
  return Number.isNaN(r) ? null : r;
}

/** The runs of one sweep point, by variant in plan order. */
function runsOfPoint(plan: ExperimentPlan, completed: readonly CompletedRun[], pointIndex: number): Map<string, CompletedRun[]> {
  const byVariant = new Map<string, CompletedRun[]>(plan.variants.map((v) => [v, []]));
  for (const c of completed) if (c.run.pointIndex === pointIndex) byVariant.get(c.run.variant.name)?.push(c);
  return byVariant;
}

/** A per-second series value of one run (NaN when the run does not have it). */
export type SeriesOf = (run: CompletedRun, second: number) => number;

/** Success rate of the requests that ended in the second. */
export const successRateOf: SeriesOf = ({ result }, s) => {
  const ok = result.timeseries.columns.succeeded?.[s] ?? NaN;
  const failed = result.timeseries.columns.failed?.[s] ?? NaN;
  return ok + failed > 0 ? ok / (ok + failed) : NaN;
};

/** A named timeseries column. */
export function columnOf(name: string): SeriesOf {
  return ({ result }, s) => result.timeseries.columns[name]?.[s] ?? NaN;
}

/** Per second and variant, the mean of a series over the point's replications (NaN entries skipped). */
export function meanSeries(plan: ExperimentPlan, completed: readonly CompletedRun[], pointIndex: number, of: SeriesOf): Array<{ second: number; variant: string; value: number | null }> {
  const rows: Array<{ second: number; variant: string; value: number | null }> = [];
  for (const [variant, runs] of runsOfPoint(plan, completed, pointIndex)) {
    const seconds = Math.max(0, ...runs.map((r) => r.result.timeseries.seconds));
    for (let s = 0; s < seconds; s++) {
      let sum = 0;
      let n = 0;
      for (const run of runs) {
        const v = of(run, s);
        if (!Number.isNaN(v)) {
          sum += v;
          n++;
        }
      }
      rows.push({ second: s, variant, value: n > 0 ? value(sum / n) : null });
    }
  }
  return rows;
}

/**
 * The windows to shade at a point: warm-up, and the events of the baseline's first replication (faults are the
 * same for every variant of a replication; stochastic faults differ between replications).
 */
export function shadedWindows(plan: ExperimentPlan, completed: readonly CompletedRun[], pointIndex: number): { warmup: Array<{ start: number; end: number }>; faults: Array<{ start: number; end: number; label: string }> } {
  const warmupS = sFromNs(plan.points[pointIndex].spec.warmupNs);
  const first = runsOfPoint(plan, completed, pointIndex).get(plan.variants[0])?.[0];
  const faults = (first?.result.events ?? []).map((e) => ({ start: e.startS, end: Math.max(e.endS, e.startS + 0.5), label: e.label }));
  return { warmup: warmupS > 0 ? [{ start: 0, end: warmupS }] : [], faults };
}

/**
 * Latency CDF per variant at a point: at each reported fraction, the mean over replications of the latency
 * at that fraction (quantile averaging).
 */
export function meanCdf(plan: ExperimentPlan, completed: readonly CompletedRun[], pointIndex: number): Array<{ variant: string; fraction: number; latency_s: number | null }> {
  const rows: Array<{ variant: string; fraction: number; latency_s: number | null }> = [];
  for (const [variant, runs] of runsOfPoint(plan, completed, pointIndex)) {
    const sums = new Map<number, { sum: number; n: number }>();
    for (const run of runs) {
      for (const [fraction, latencyS] of run.result.latencyCdf) {
        if (Number.isNaN(latencyS)) continue;
        const entry = sums.get(fraction) ?? { sum: 0, n: 0 };
        entry.sum += latencyS;
        entry.n++;
        sums.set(fraction, entry);
      }
    }
    for (const fraction of [...sums.keys()].sort((a, b) => a - b)) {
      const e = sums.get(fraction) as { sum: number; n: number };
      rows.push({ variant, fraction, latency_s: value(e.sum / e.n) });
    }
  }
  return rows;
}

/** Label of a sweep point for charts: `p0 workload.clients=16`, or `all` without a sweep. */
export function pointLabel(plan: ExperimentPlan, pointIndex: number): string {
  const entries = Object.entries(plan.points[pointIndex].assignments);
  if (entries.length === 0) return "all";
  return `p${pointIndex} ${entries.map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join(" ")}`;
}

/** Short label of a sweep point for chart axes: its values (`16`, `16 / 5`), or `all` without a sweep. */
export function pointValues(plan: ExperimentPlan, pointIndex: number): string {
  const values = Object.values(plan.points[pointIndex].assignments);
  if (values.length === 0) return "all";
  return values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(" / ");
}

/** Bars of one metric: per point and variant, the mean and its 95% interval. */
export function metricBars(plan: ExperimentPlan, analysis: ExperimentAnalysis, metric: string): Array<{ point: string; variant: string; mean: number | null; low: number | null; high: number | null }> {
  return analysis.rows
    .filter((r) => r.metric === metric)
    .map((r) => ({ point: pointValues(plan, r.pointIndex), variant: r.variant, mean: value(r.stat.mean), low: value(r.stat.low), high: value(r.stat.high) }));
}

/** Rebalance progress per target at a point, from the baseline's first replication. */
export function rebalanceLines(plan: ExperimentPlan, completed: readonly CompletedRun[], pointIndex: number): Array<{ target: string; second: number; fraction: number | null }> {
  const first = runsOfPoint(plan, completed, pointIndex).get(plan.variants[0])?.[0];
  const rows: Array<{ target: string; second: number; fraction: number | null }> = [];
  for (const progress of first?.result.rebalance ?? []) {
    for (const [second, fraction] of progress.points) rows.push({ target: progress.target, second: value(second) ?? 0, fraction: value(fraction) });
  }
  return rows;
}

const GIB = 1024 ** 3;

/**
 * Bytes each target received and sent over all its rebalance runs at a point (GiB), from the baseline's first
 * replication; targets in the model's order.
 */
export function rebalanceBytes(plan: ExperimentPlan, completed: readonly CompletedRun[], pointIndex: number): Array<{ target: string; direction: "received" | "sent"; gib: number | null }> {
  const first = runsOfPoint(plan, completed, pointIndex).get(plan.variants[0])?.[0];
  const totals = new Map<string, { received: number; sent: number }>();
  for (const m of first?.result.movement ?? []) {
    if (m.kind !== "rebalance") continue;
    const t = totals.get(m.target) ?? { received: 0, sent: 0 };
    t.received += m.bytesRcv;
    t.sent += m.bytesSent;
    totals.set(m.target, t);
  }
  const rows: Array<{ target: string; direction: "received" | "sent"; gib: number | null }> = [];
  for (const [target, t] of totals) {
    rows.push({ target, direction: "received", gib: value(t.received / GIB) });
    rows.push({ target, direction: "sent", gib: value(t.sent / GIB) });
  }
  return rows;
}
