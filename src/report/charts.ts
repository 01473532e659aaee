import type { TopLevelSpec } from "vega-lite";
import type { ExperimentAnalysis } from "../experiment/stats/metrics-table.js";
import type { ExperimentPlan } from "../experiment/run/plan.js";
import type { CompletedRun } from "../experiment/run/runner.js";
import { columnOf, meanCdf, meanSeries, metricBars, pointLabel, pointValues, rebalanceBytes, rebalanceLines, shadedWindows, successRateOf, type SeriesOf } from "./chart-data.js";
import { renderSvg } from "./svg-render.js";

/** A rendered chart: where its SVG file goes (relative to the results folder), its section and title. */
export interface Chart {
  readonly file: string;
  readonly section: string;
  readonly title: string;
  readonly svg: string;
}

/** Time charts are drawn for this many sweep points at most (all numbers are in the CSVs). */
export const MAX_CHARTED_POINTS = 6;

const WIDTH = 640;

function variantColor(plan: ExperimentPlan) {
  return { field: "variant", type: "nominal", title: "variant", scale: { domain: [...plan.variants] }, sort: [...plan.variants] } as const;
}

/** A per-second line chart with warm-up and fault windows shaded. */
function timeChart(plan: ExperimentPlan, completed: readonly CompletedRun[], pointIndex: number, title: string, yTitle: string, of: SeriesOf): TopLevelSpec {
  const windows = shadedWindows(plan, completed, pointIndex);
  return {
    title,
    width: WIDTH,
    height: 200,
    layer: [
      { data: { values: windows.warmup }, mark: { type: "rect", color: "#cccccc", opacity: 0.35 }, encoding: { x: { field: "start", type: "quantitative" }, x2: { field: "end" } } },
      {
        data: { values: windows.faults },
        mark: { type: "rect", color: "#e45756", opacity: 0.18 },
        encoding: { x: { field: "start", type: "quantitative" }, x2: { field: "end" }, tooltip: { field: "label" } },
      },
      {
        data: { values: meanSeries(plan, completed, pointIndex, of) },
        mark: { type: "line", strokeWidth: 1.5 },
        encoding: {
          x: { field: "second", type: "quantitative", title: "virtual time (s)" },
          y: { field: "value", type: "quantitative", title: yTitle },
          color: variantColor(plan),
        },
      },
    ],
  } as TopLevelSpec;
}

function cdfChart(plan: ExperimentPlan, completed: readonly CompletedRun[], pointIndex: number, title: string): TopLevelSpec {
  return {
    title,
    width: WIDTH,
    height: 240,
    data: { values: meanCdf(plan, completed, pointIndex) },
    mark: { type: "line", point: true, strokeWidth: 1.5 },
    encoding: {
      x: { field: "latency_s", type: "quantitative", title: "latency (s, log scale)", scale: { type: "log" } },
      y: { field: "fraction", type: "quantitative", title: "fraction of requests ≤ latency", scale: { domain: [0, 1] } },
      color: variantColor(plan),
    },
  } as TopLevelSpec;
}

/** Longer sweep-point labels than this are slanted, so neighbours do not print over each other. */
const UPRIGHT_LABEL_CHARS = 12;

/** The x axis of sweep points: upright short labels; slanted, and cut at 220 px, long ones (lists, fault entries). */
function pointAxis(plan: ExperimentPlan): Record<string, number> {
  const longest = Math.max(...plan.points.map((p) => pointValues(plan, p.index).length));
  return longest > UPRIGHT_LABEL_CHARS ? { labelAngle: -35, labelLimit: 220 } : { labelAngle: 0 };
}

function barChart(plan: ExperimentPlan, analysis: ExperimentAnalysis, metric: string): TopLevelSpec {
  const multiPoint = plan.points.length > 1;
  const x = multiPoint
    ? { field: "point", type: "nominal", title: plan.sweepKeys.join(" / "), sort: null, axis: pointAxis(plan) }
    : { field: "variant", type: "nominal", title: null, sort: [...plan.variants], axis: { labelAngle: 0 } };
  const offset = multiPoint ? { xOffset: { field: "variant", type: "nominal", sort: [...plan.variants] } } : {};
  return {
    title: `${metric} (mean, 95% CI)`,
    width: multiPoint ? Math.min(WIDTH, 60 * plan.points.length * plan.variants.length) : Math.min(WIDTH, 90 * plan.variants.length),
    height: 160,
    data: { values: metricBars(plan, analysis, metric) },
    encoding: { x, ...offset },
    layer: [
      { mark: { type: "bar", opacity: 0.85 }, encoding: { y: { field: "mean", type: "quantitative", title: metric }, color: variantColor(plan) } },
      { mark: { type: "rule", color: "black", strokeWidth: 1.5 }, encoding: { y: { field: "low", type: "quantitative" }, y2: { field: "high" } } },
    ],
  } as TopLevelSpec;
}

function rebalanceChart(plan: ExperimentPlan, completed: readonly CompletedRun[], pointIndex: number, title: string): TopLevelSpec {
  const rows = rebalanceLines(plan, completed, pointIndex);
  // The legend in the model's target order (t1, t2, …, t10), not as text sorts (t1, t10, t2), with 20 colours.
  const targets = [...new Set(rows.map((r) => r.target))];
  return {
    title,
    width: WIDTH,
    height: 200,
    data: { values: rows },
    mark: { type: "line", strokeWidth: 1.5, interpolate: "step-after" },
    encoding: {
      x: { field: "second", type: "quantitative", title: "virtual time (s)" },
      y: { field: "fraction", type: "quantitative", title: "fraction done", scale: { domain: [0, 1] } },
      color: { field: "target", type: "nominal", title: "target", sort: targets, scale: { scheme: "tableau20" } },
    },
  } as TopLevelSpec;
}

function rebalanceBytesChart(plan: ExperimentPlan, completed: readonly CompletedRun[], pointIndex: number, title: string): TopLevelSpec {
  const rows = rebalanceBytes(plan, completed, pointIndex);
  const targets = [...new Set(rows.map((r) => r.target))];
  return {
    title,
    width: Math.min(WIDTH, Math.max(240, 36 * targets.length)),
    height: 160,
    data: { values: rows },
    mark: { type: "bar", opacity: 0.85 },
    encoding: {
      x: { field: "target", type: "nominal", title: "target", sort: targets, axis: { labelAngle: targets.length > 12 ? -45 : 0 } },
      xOffset: { field: "direction", type: "nominal", sort: ["received", "sent"] },
      y: { field: "gib", type: "quantitative", title: "GiB" },
      color: { field: "direction", type: "nominal", title: null, scale: { domain: ["received", "sent"], range: ["#4c78a8", "#f58518"] } },
    },
  } as TopLevelSpec;
}

/** File-name-safe form of a metric name. */
function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]+/g, "_");
}

/**
 * Every chart of the report, in a fixed order: per sweep point (up to MAX_CHARTED_POINTS) success rate, p99
 * latency and attempts per second over time, the latency CDF, rebalance progress and bytes per target when
 * there was a rebalance; then one bar chart per metric any run reported, with its confidence whiskers.
 */
export async function buildCharts(plan: ExperimentPlan, completed: readonly CompletedRun[], analysis: ExperimentAnalysis): Promise<Chart[]> {
  const charts: Chart[] = [];
  const add = async (file: string, section: string, title: string, spec: TopLevelSpec): Promise<void> => {
    charts.push({ file: `charts/${file}.svg`, section, title, svg: await renderSvg(spec) });
  };
  for (const point of plan.points.slice(0, MAX_CHARTED_POINTS)) {
    const label = pointLabel(plan, point.index);
    const section = plan.points.length > 1 ? `Sweep point ${label}` : "Over time";
    const p = `p${point.index}`;
    await add(`${p}-success-rate`, section, "success rate per second", timeChart(plan, completed, point.index, "Success rate per second (mean of replications)", "success rate", successRateOf));
    await add(`${p}-latency-p99`, section, "p99 latency per second", timeChart(plan, completed, point.index, "p99 latency of requests ending each second (s)", "latency p99 (s)", columnOf("latency_p99_s")));
    await add(`${p}-attempts`, section, "attempts per second", timeChart(plan, completed, point.index, "Attempts per second (requests on the wire, retries included)", "attempts/s", columnOf("attempts")));
    await add(`${p}-latency-cdf`, section, "latency CDF", cdfChart(plan, completed, point.index, "Latency CDF after warm-up (mean of replications per quantile)"));
    if (rebalanceLines(plan, completed, point.index).length > 0) {
      await add(`${p}-rebalance`, section, "rebalance progress", rebalanceChart(plan, completed, point.index, "Rebalance progress per target: share of its objects moved, by the second its batches arrived (baseline, replication 0)"));
    }
    if (rebalanceBytes(plan, completed, point.index).length > 0) {
      await add(`${p}-rebalance-bytes`, section, "rebalance bytes per target", rebalanceBytesChart(plan, completed, point.index, "Bytes each target received and sent in rebalance (baseline, replication 0)"));
    }
  }
  // A metric gets a bar chart when some variant at some point measured a non-zero value: an all-zero chart says
  // nothing the table does not (an absent failure kind, no data moved, no refused command).
  const reported = (metric: string): boolean => analysis.rows.some((r) => r.metric === metric && !Number.isNaN(r.stat.mean) && r.stat.mean !== 0);
  for (const metric of analysis.metrics.filter(reported)) await add(`metric-${slug(metric)}`, "Metrics", metric, barChart(plan, analysis, metric));
  return charts;
}
