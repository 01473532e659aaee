import type { ExperimentAnalysis } from "../experiment/stats/metrics-table.js";

/** Metrics shown in the compact tables, in this order, when the runs report them. */
export const KEY_METRICS = ["requests", "success_rate", "failed", "latency_p50", "latency_p99", "attempts_mean", "attempts_max", "client_rps_max_1s"];

/** The key metrics the runs reported, then any other metric a criterion names. */
export function tableMetrics(analysis: ExperimentAnalysis): string[] {
  const present = new Set(analysis.metrics);
  const chosen = KEY_METRICS.filter((m) => present.has(m));
  for (const c of analysis.criteria) if (present.has(c.metric) && !chosen.includes(c.metric)) chosen.push(c.metric);
  return chosen;
}
