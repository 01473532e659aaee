import type { ExperimentAnalysis } from "../experiment/metrics-table.js";
import type { ExperimentPlan } from "../experiment/plan.js";
import type { Chart } from "./charts.js";
import { pointLabel } from "./chart-data.js";
import { tableMetrics } from "./key-metrics.js";
import { formatNumber } from "./number-format.js";

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function meanCell(mean: number, halfWidth: number): string {
  const m = formatNumber(mean);
  if (m === "") return "–";
  const h = formatNumber(halfWidth);
  return h === "" ? m : `${m} ± ${h}`;
}

function summaryTable(plan: ExperimentPlan, analysis: ExperimentAnalysis): string {
  const metrics = tableMetrics(analysis);
  const head = `<tr>${plan.points.length > 1 ? "<th>point</th>" : ""}<th>variant</th>${metrics.map((m) => `<th>${escapeHtml(m)}</th>`).join("")}</tr>`;
  const lines: string[] = [];
  for (const point of plan.points) {
    for (const variant of plan.variants) {
      const cells = metrics.map((metric) => {
        const row = analysis.rows.find((r) => r.pointIndex === point.index && r.variant === variant && r.metric === metric);
        const diff = row?.diff !== undefined && formatNumber(row.diff.mean) !== "" ? `<br><small>Δ ${meanCell(row.diff.mean, row.diff.halfWidth)}</small>` : "";
        return `<td>${row ? meanCell(row.stat.mean, row.stat.halfWidth) : "–"}${diff}</td>`;
      });
      lines.push(`<tr>${plan.points.length > 1 ? `<td>${escapeHtml(pointLabel(plan, point.index))}</td>` : ""}<td>${escapeHtml(variant)}</td>${cells.join("")}</tr>`);
    }
  }
  return `<table class="summary">${head}${lines.join("\n")}</table>`;
}

function criteriaTable(plan: ExperimentPlan, analysis: ExperimentAnalysis): string {
  if (analysis.criteria.length === 0) return "<p>No criteria.</p>";
  const rows = analysis.criteria.map((c) => {
    const value = c.missing ? "not reported" : formatNumber(c.value);
    const verdict = c.pass ? '<td class="pass">pass</td>' : '<td class="fail">FAIL</td>';
    return `<tr>${plan.points.length > 1 ? `<td>${escapeHtml(pointLabel(plan, c.pointIndex))}</td>` : ""}<td>${escapeHtml(c.criterion)}</td><td>${escapeHtml(c.variant)}</td><td>${escapeHtml(c.metric)}</td><td>${escapeHtml(value)}</td><td>${escapeHtml(`${c.op} ${formatNumber(c.bound)}`)}</td>${verdict}</tr>`;
  });
  return `<table class="criteria"><tr>${plan.points.length > 1 ? "<th>point</th>" : ""}<th>criterion</th><th>variant</th><th>metric</th><th>mean</th><th>bound</th><th></th></tr>${rows.join("\n")}</table>`;
}

const STYLE = `body{font-family:Helvetica,Arial,sans-serif;margin:2em;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:13px}th,td{border:1px solid #ccc;padding:3px 8px;text-align:right;vertical-align:top}
th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}.pass{color:#1a7f37}.fail{color:#c62828;font-weight:bold}
figure{margin:1em 0}figure.metric{display:inline-block;vertical-align:top;margin:0.5em 1em 0.5em 0}figcaption{font-size:12px;color:#666}code{background:#f4f4f4;padding:0 3px}`;

/**
 * report.html: one self-contained page (inline CSS and SVG, no script, no network) with the criteria, the
 * key-metric table (mean ± 95% half-width; Δ = paired difference against the baseline) and every chart.
 */
export function htmlReport(plan: ExperimentPlan, analysis: ExperimentAnalysis, charts: readonly Chart[]): string {
  const sections: string[] = [];
  let current = "";
  for (const chart of charts) {
    if (chart.section !== current) {
      current = chart.section;
      sections.push(`<h2>${escapeHtml(current)}</h2>`);
    }
    sections.push(`<figure class="chart${chart.section === "Metrics" ? " metric" : ""}" data-file="${escapeHtml(chart.file)}">${chart.svg}<figcaption>${escapeHtml(chart.title)} — <code>${escapeHtml(chart.file)}</code></figcaption></figure>`);
  }
  const spec = plan.spec;
  const failed = analysis.criteria.filter((c) => !c.criterionPass).length;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(plan.name)} — aisim report</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(plan.name)}</h1>
${spec.description ? `<p>${escapeHtml(spec.description)}</p>` : ""}
<p>Variants: ${plan.variants.map((v, i) => `<code>${escapeHtml(v)}</code>${i === 0 ? " (baseline)" : ""}`).join(", ")}; ${plan.replications} replication(s) per variant and sweep point, seed ${plan.seed}; ${formatNumber(spec.durationNs / 1e9)} s simulated, the first ${formatNumber(spec.warmupNs / 1e9)} s (warm-up, grey) excluded from the metrics. Fault windows are shaded red. Spec hash <code>${plan.specHash.slice(0, 16)}</code>.</p>
<h2>Criteria: ${analysis.criteria.length === 0 ? "none" : failed === 0 ? '<span class="pass">all pass</span>' : `<span class="fail">${failed} failing</span>`}</h2>
${criteriaTable(plan, analysis)}
<h2>Summary</h2>
<p>Mean ± 95% t-interval half-width across replications; Δ is the paired difference against the baseline. Every metric: <a href="summary.csv">summary.csv</a>; per run: <a href="runs.csv">runs.csv</a>; per second: <a href="timeseries.csv">timeseries.csv</a>; seeds, versions and fingerprints: <a href="manifest.json">manifest.json</a>.</p>
${summaryTable(plan, analysis)}
${sections.join("\n")}
</body></html>
`;
}
