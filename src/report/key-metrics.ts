import type { ExperimentAnalysis } from "../experiment/stats/metrics-table.js";
import { isFailureKindCount } from "../experiment/stats/metrics-table.js";

/** Metrics shown in the compact tables, in this order, when the runs report them. */
export const KEY_METRICS = ["requests", "success_rate", "failed", "latency_p50", "latency_p99", "attempts_mean", "attempts_max", "client_rps_max_1s"];

/** Metrics shown when some run measured a non-zero value: what data movement did. */
const WHEN_NONZERO = ["rebalance_s", "rebalance_bytes"];

/**
 * The metrics a table shows: the key metrics the runs reported; how requests failed (each failure kind that
 * occurred in some run, so "failed" is never a bare count); what data moved, when it did; then any other
 * metric a criterion names.
 */
export function tableMetrics(analysis: ExperimentAnalysis): string[] {
  const present = new Set(analysis.metrics);
  const chosen = KEY_METRICS.filter((m) => present.has(m));
  const nonZero = new Set(analysis.rows.filter((r) => r.stat.n > 0 && r.stat.mean !== 0 && !Number.isNaN(r.stat.mean)).map((r) => r.metric));
  const add = (m: string): void => {
    if (present.has(m) && !chosen.includes(m)) chosen.push(m);
  };
  for (const m of analysis.metrics.filter(isFailureKindCount).sort()) if (nonZero.has(m)) add(m);
  for (const m of WHEN_NONZERO) if (nonZero.has(m)) add(m);
  for (const c of analysis.criteria) add(c.metric);
  return chosen;
}
