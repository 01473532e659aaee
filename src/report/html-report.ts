import type { ExperimentAnalysis } from "../experiment/stats/metrics-table.js";
import type { ExperimentPlan } from "../experiment/run/plan.js";
import type { MovementRowResult } from "../experiment/run/run-types.js";
import type { CompletedRun } from "../experiment/run/runner.js";
import type { Chart } from "./charts.js";
import { pointLabel } from "./chart-data.js";
import { hasMovement } from "./csv-files.js";
import { tableMetrics } from "./key-metrics.js";
import { formatMeanInterval, formatMetricValue } from "./display-units.js";
import { formatNumber, humanBytes, humanSeconds } from "./number-format.js";
import { sFromNs } from "../kernel/time.js";

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** `mean ± half-width` in the metric's unit (µs/ms/s, %, GiB…), "–" when there is no value. */
function meanCell(metric: string, mean: number, halfWidth: number): string {
  const text = formatMeanInterval(metric, mean, halfWidth);
  return text === "-" ? "–" : text;
}

function summaryTable(plan: ExperimentPlan, analysis: ExperimentAnalysis): string {
  const metrics = tableMetrics(analysis);
  const head = `<tr>${plan.points.length > 1 ? "<th>point</th>" : ""}<th>variant</th>${metrics.map((m) => `<th>${escapeHtml(m)}</th>`).join("")}</tr>`;
  const lines: string[] = [];
  for (const point of plan.points) {
    for (const variant of plan.variants) {
      const cells = metrics.map((metric) => {
        const row = analysis.rows.find((r) => r.pointIndex === point.index && r.variant === variant && r.metric === metric);
        const diff = row?.diff !== undefined && formatNumber(row.diff.mean) !== "" ? `<br><small>Δ ${meanCell(metric, row.diff.mean, row.diff.halfWidth)}</small>` : "";
        return `<td>${row ? meanCell(metric, row.stat.mean, row.stat.halfWidth) : "–"}${diff}</td>`;
      });
      lines.push(`<tr>${plan.points.length > 1 ? `<td>${escapeHtml(pointLabel(plan, point.index))}</td>` : ""}<td>${escapeHtml(variant)}</td>${cells.join("")}</tr>`);
    }
  }
  return `<table class="summary">${head}${lines.join("\n")}</table>`;
}

function criteriaTable(plan: ExperimentPlan, analysis: ExperimentAnalysis): string {
  if (analysis.criteria.length === 0) return "<p>No criteria.</p>";
  const rows = analysis.criteria.map((c) => {
    const value = c.missing ? "not reported" : formatMetricValue(c.metric, c.value);
    const verdict = c.pass ? '<td class="pass">pass</td>' : '<td class="fail">FAIL</td>';
    return `<tr>${plan.points.length > 1 ? `<td>${escapeHtml(pointLabel(plan, c.pointIndex))}</td>` : ""}<td>${escapeHtml(c.criterion)}</td><td>${escapeHtml(c.variant)}</td><td>${escapeHtml(c.metric)}</td><td>${escapeHtml(value)}</td><td>${escapeHtml(`${c.op} ${formatMetricValue(c.metric, c.bound)}`)}</td>${verdict}</tr>`;
  });
  return `<table class="criteria"><tr>${plan.points.length > 1 ? "<th>point</th>" : ""}<th>criterion</th><th>variant</th><th>metric</th><th>mean</th><th>bound</th><th></th></tr>${rows.join("\n")}</table>`;
}

/** `ais show rebalance` of one run: a row per target and rebalance run, then the totals. */
function movementTable(kind: MovementRowResult["kind"], rows: readonly MovementRowResult[]): string {
  const head = ["DAEMON ID", kind === "rebalance" ? "REB ID" : "RESILVER ID", "REASON", "OBJECTS RECV", "SIZE RECV", "OBJECTS SENT", "SIZE SENT", "START", "END", "TIME", "ABORTED"];
  const line = (cells: readonly string[]): string => `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`;
  const body = rows.map((m) =>
    line([m.target, String(m.id), m.reason, String(m.objRcv), humanBytes(m.bytesRcv), String(m.objSent), humanBytes(m.bytesSent), humanSeconds(m.startS), Number.isNaN(m.endS) ? "running" : humanSeconds(m.endS), humanSeconds(m.endS - m.startS), m.aborted ? "yes" : "no"]),
  );
  const sum = (f: (m: MovementRowResult) => number): number => rows.reduce((total, m) => total + f(m), 0);
  const total = `<tr class="total"><td>total</td><td colspan="2"></td><td>${sum((m) => m.objRcv)}</td><td>${escapeHtml(humanBytes(sum((m) => m.bytesRcv)))}</td><td>${sum((m) => m.objSent)}</td><td>${escapeHtml(humanBytes(sum((m) => m.bytesSent)))}</td><td colspan="4"></td></tr>`;
  return `<table class="movement"><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr>${body.join("\n")}\n${total}</table>`;
}

/**
 * Per sweep point and variant, the `ais show rebalance` (or resilver) table of the first replication that had
 * one, each in a collapsible block (the first one open); empty when no run moved data of this kind.
 */
function movementSection(plan: ExperimentPlan, completed: readonly CompletedRun[], kind: MovementRowResult["kind"]): string {
  if (!hasMovement(completed, kind)) return "";
  const blocks: string[] = [];
  for (const point of plan.points) {
    for (const variant of plan.variants) {
      // The first replication that had any (usually replication 0: faults are the same in every replication).
      const run = completed.find((c) => c.run.pointIndex === point.index && c.run.variant.name === variant && (c.result.movement ?? []).some((m) => m.kind === kind));
      if (run === undefined) continue;
      const rows = (run.result.movement ?? []).filter((m) => m.kind === kind);
      const runs = new Set(rows.map((m) => m.id)).size;
      const sent = rows.reduce((total, m) => total + m.bytesSent, 0);
      const label = `${plan.points.length > 1 ? `${pointLabel(plan, point.index)} · ` : ""}${variant}, replication ${run.run.replication}: ${runs} ${kind} run${runs === 1 ? "" : "s"}, ${humanBytes(sent)} sent`;
      blocks.push(`<details${blocks.length === 0 ? " open" : ""}><summary>${escapeHtml(label)}</summary>${movementTable(kind, rows)}</details>`);
    }
  }
  const file = `${kind}.csv`;
  const title = kind === "rebalance" ? "Rebalance per target (<code>ais show rebalance</code>)" : "Resilver per target";
  return `<h2>${title}</h2>
<p>The first replication with a ${kind} of each sweep point and variant; sizes in binary units, times in virtual seconds from the start of the run. Every run, with the time spent in each stage: <a href="${file}">${file}</a>.</p>
${blocks.join("\n")}`;
}

const STYLE = `body{font-family:Helvetica,Arial,sans-serif;margin:2em;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:13px}th,td{border:1px solid #ccc;padding:3px 8px;text-align:right;vertical-align:top}
th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}.pass{color:#1a7f37}.fail{color:#c62828;font-weight:bold}
figure{margin:1em 0}figure.metric{display:inline-block;vertical-align:top;margin:0.5em 1em 0.5em 0}figcaption{font-size:12px;color:#666}code{background:#f4f4f4;padding:0 3px}`;

/** Added only to reports with rebalance or resilver tables. */
const MOVEMENT_STYLE = `
details{margin:0.3em 0}summary{cursor:pointer;font-size:13px}table.movement tr:not(.total) td:nth-child(3){text-align:left}tr.total td{font-weight:bold;background:#fafafa}`;

/**
 * report.html: one self-contained page (inline CSS and SVG, no script, no network) with the criteria, the
 * key-metric table (mean ± 95% half-width; Δ = paired difference against the baseline) and every chart.
 */
export function htmlReport(plan: ExperimentPlan, analysis: ExperimentAnalysis, charts: readonly Chart[], completed: readonly CompletedRun[] = []): string {
  const sections: string[] = [];
  let current = "";
  for (const chart of charts) {
    if (chart.section !== current) {
      current = chart.section;
      sections.push(`<h2>${escapeHtml(current)}</h2>`);
    }
    sections.push(`<figure class="chart${chart.section === "Metrics" ? " metric" : ""}" data-file="${escapeHtml(chart.file)}">${chart.svg}<figcaption>${escapeHtml(chart.title)} — <code>${escapeHtml(chart.file)}</code></figcaption></figure>`);
  }
  // Nothing at all (not even a line break) for runs that moved no data: their reports stay as they were.
  const movement = [movementSection(plan, completed, "rebalance"), movementSection(plan, completed, "resilver")].map((m) => (m === "" ? "" : `\n${m}`)).join("");
  const spec = plan.spec;
  const failed = analysis.criteria.filter((c) => !c.criterionPass).length;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(plan.name)} — aisim report</title><style>${STYLE}${movement === "" ? "" : MOVEMENT_STYLE}</style></head>
<body>
<h1>${escapeHtml(plan.name)}</h1>
${spec.description ? `<p>${escapeHtml(spec.description)}</p>` : ""}
<p>Variants: ${plan.variants.map((v, i) => `<code>${escapeHtml(v)}</code>${i === 0 ? " (baseline)" : ""}`).join(", ")}; ${plan.replications} replication(s) per variant and sweep point, seed ${plan.seed}; ${formatNumber(sFromNs(spec.durationNs))} s simulated, the first ${formatNumber(sFromNs(spec.warmupNs))} s (warm-up, grey) excluded from the metrics. Fault windows are shaded red. Spec hash <code>${plan.specHash.slice(0, 16)}</code>.</p>
<h2>Criteria: ${analysis.criteria.length === 0 ? "none" : failed === 0 ? '<span class="pass">all pass</span>' : `<span class="fail">${failed} failing</span>`}</h2>
${criteriaTable(plan, analysis)}
<h2>Summary</h2>
<p>Mean ± 95% t-interval half-width across replications; Δ is the paired difference against the baseline. Every metric: <a href="summary.csv">summary.csv</a>; per run: <a href="runs.csv">runs.csv</a>; per second: <a href="timeseries.csv">timeseries.csv</a>; seeds, versions and fingerprints: <a href="manifest.json">manifest.json</a>.</p>
${summaryTable(plan, analysis)}${movement}
${sections.join("\n")}
</body></html>
`;
}
