import { allCriteriaPass } from "../experiment/stats/criteria-eval.js";
import type { ExperimentPlan } from "../experiment/run/plan.js";
import type { CompletedRun } from "../experiment/run/runner.js";
import { EXIT_CRITERIA_FAILED, EXIT_OK } from "../util/input-error.js";
import { roundNumber } from "./number-format.js";
import { writeFolderAtomically } from "./results-folder.js";
import { criteriaLines, resultsTable } from "./terminal-table.js";
import { buildResultFiles } from "./write-results.js";

/** What publishing results gives the command: its exit code and the text for stdout. */
export interface Published {
  readonly exitCode: number;
  readonly stdout: string;
}

/** `1 variant`, `2 variants`. */
function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function jsonNumber(x: number): number | null {
  const r = roundNumber(x);
  return Number.isNaN(r) ? null : r;
}

/**
 * Writes the results folder (atomically) and renders what the command prints: the compact table, the
 * criteria pass/fail lines and where the report is — or, with `json`, one JSON object for scripts.
 * Exit code 1 when a criterion fails.
 */
export async function publishResults(plan: ExperimentPlan, completed: readonly CompletedRun[], outDir: string, json: boolean): Promise<Published> {
  const { analysis, files } = await buildResultFiles(plan, completed);
  writeFolderAtomically(outDir, files);
  const pass = allCriteriaPass(analysis.criteria);
  const exitCode = pass ? EXIT_OK : EXIT_CRITERIA_FAILED;
  if (json) {
    const out = {
      experiment: plan.name,
      out: outDir,
      report: `${outDir}/report.html`,
      specHash: plan.specHash,
      runs: completed.length,
      pass,
      criteria: analysis.criteria.map((c) => ({ point: c.pointIndex, criterion: c.criterion, variant: c.variant, metric: c.metric, op: c.op, value: jsonNumber(c.value), bound: c.bound, pass: c.pass, criterionPass: c.criterionPass, missing: c.missing })),
      summary: analysis.rows.map((r) => ({
        point: r.pointIndex,
        variant: r.variant,
        metric: r.metric,
        n: r.stat.n,
        mean: jsonNumber(r.stat.mean),
        ciLow: jsonNumber(r.stat.low),
        ciHigh: jsonNumber(r.stat.high),
        diffMean: r.diff ? jsonNumber(r.diff.mean) : null,
        diffLow: r.diff ? jsonNumber(r.diff.low) : null,
        diffHigh: r.diff ? jsonNumber(r.diff.high) : null,
      })),
    };
    return { exitCode, stdout: `${JSON.stringify(out, null, 2)}\n` };
  }
  const parts = [`${plan.name}: ${completed.length} runs (${plural(plan.variants.length, "variant")} × ${plural(plan.points.length, "sweep point")} × ${plural(plan.replications, "replication")}), mean ±95% CI half-width`, resultsTable(plan, analysis)];
  if (analysis.criteria.length > 0) parts.push(`criteria: ${pass ? "all pass" : "FAILED"}`, criteriaLines(plan, analysis));
  parts.push(`report: ${outDir}/report.html`);
  return { exitCode, stdout: `${parts.join("\n\n")}\n` };
}
