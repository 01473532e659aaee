import { analyseRuns, type ExperimentAnalysis } from "../experiment/stats/metrics-table.js";
import type { ExperimentPlan } from "../experiment/run/plan.js";
import type { CompletedRun } from "../experiment/run/runner.js";
import { buildCharts } from "./charts.js";
import { hasMovement, movementCsv, runsCsv, summaryCsv, timeseriesCsv } from "./csv-files.js";
import { htmlReport } from "./html-report.js";
import { manifestJson } from "./manifest.js";
import { packageInfo } from "./package-info.js";

/** An experiment's results: the analysis and every output file's content by path in the results folder. */
export interface ResultFiles {
  readonly analysis: ExperimentAnalysis;
  readonly files: Map<string, string>;
}

/**
 * Builds every output file from the plan and its completed runs (in plan order). A pure function of its inputs:
 * serial, parallel, resumed and merged executions give the same bytes.
 */
export async function buildResultFiles(plan: ExperimentPlan, completed: readonly CompletedRun[]): Promise<ResultFiles> {
  const analysis = analyseRuns(plan, completed);
  const charts = await buildCharts(plan, completed, analysis);
  const files = new Map<string, string>();
  files.set("summary.csv", summaryCsv(plan, analysis));
  files.set("runs.csv", runsCsv(plan, completed, analysis.metrics));
  files.set("timeseries.csv", timeseriesCsv(completed));
  // Only experiments that moved data get these files: the others' folders stay exactly as they were.
  if (hasMovement(completed, "rebalance")) files.set("rebalance.csv", movementCsv(plan, completed, "rebalance"));
  if (hasMovement(completed, "resilver")) files.set("resilver.csv", movementCsv(plan, completed, "resilver"));
  files.set("report.html", htmlReport(plan, analysis, charts, completed));
  for (const chart of charts) files.set(chart.file, chart.svg);
  const names = ["manifest.json", ...files.keys()].sort();
  files.set("manifest.json", manifestJson(plan, completed, analysis, packageInfo(), names));
  return { analysis, files };
}
