import { describeComparison } from "../experiment/stats/criteria-eval.js";
import type { ExperimentAnalysis } from "../experiment/stats/metrics-table.js";
import type { ExperimentPlan } from "../experiment/run/plan.js";
import { pointLabel } from "./chart-data.js";
import { formatMeanInterval, formatMetricValue } from "./display-units.js";
import { tableMetrics } from "./key-metrics.js";

/** Lays out rows of cells as aligned columns: the first `leftColumns` left-aligned (labels), the rest right-aligned. */
export function alignColumns(rows: readonly (readonly string[])[], leftColumns = 1): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i < leftColumns ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ").trimEnd()).join("\n");
}

/** The compact result table: key metrics per point and variant as `mean ±half-width`, in each metric's unit. */
export function resultsTable(plan: ExperimentPlan, analysis: ExperimentAnalysis): string {
  const metrics = tableMetrics(analysis);
  const multi = plan.points.length > 1;
  const rows: string[][] = [[...(multi ? ["point"] : []), "variant", ...metrics]];
  for (const point of plan.points) {
    for (const variant of plan.variants) {
      const cells = metrics.map((metric) => {
        const row = analysis.rows.find((r) => r.pointIndex === point.index && r.variant === variant && r.metric === metric);
        return row === undefined ? "-" : formatMeanInterval(metric, row.stat.mean, row.stat.halfWidth);
      });
      rows.push([...(multi ? [pointLabel(plan, point.index)] : []), variant, ...cells]);
    }
  }
  return alignColumns(rows, multi ? 2 : 1);
}

/** The pass/fail table of the criteria, one line per comparison, naming point, variant, metric, value and bound. */
export function criteriaLines(plan: ExperimentPlan, analysis: ExperimentAnalysis): string {
  const multi = plan.points.length > 1;
  return analysis.criteria
    .map((c) => `${c.criterionPass ? "pass" : "FAIL"}  ${multi ? `[${pointLabel(plan, c.pointIndex)}] ` : ""}${describeComparison(c, formatMetricValue)}`)
    .join("\n");
}
