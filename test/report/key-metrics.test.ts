import { describe, expect, it } from "vitest";
import { tableMetrics } from "../../src/report/key-metrics.js";
import type { ExperimentAnalysis, SummaryRow } from "../../src/experiment/stats/metrics-table.js";

function row(variant: string, metric: string, mean: number): SummaryRow {
  return { pointIndex: 0, variant, metric, stat: { n: 3, mean, sd: 0, halfWidth: 0, low: mean, high: mean } } as unknown as SummaryRow;
}

function analysis(rows: SummaryRow[], criteria: string[] = []): ExperimentAnalysis {
  return {
    metrics: [...new Set(rows.map((r) => r.metric))],
    rows,
    criteria: criteria.map((metric) => ({ metric }) as unknown as ExperimentAnalysis["criteria"][number]),
  };
}

describe("the table's metrics", () => {
  it("show how requests failed: every failure kind that occurred in some run, none that never did", () => {
    const a = analysis([row("a", "requests", 100), row("a", "failed", 5), row("a", "failed_refused", 5), row("b", "failed_refused", 0), row("a", "failed_404", 0), row("b", "failed_404", 0)]);
    expect(tableMetrics(a)).toEqual(["requests", "failed", "failed_refused"]);
  });

  it("show what data moved when it did, and every metric a criterion names", () => {
    const moved = analysis([row("a", "requests", 1), row("a", "rebalance_s", 53), row("a", "rebalance_bytes", 6e10), row("a", "gfn_requests", 4)], ["gfn_requests"]);
    expect(tableMetrics(moved)).toEqual(["requests", "rebalance_s", "rebalance_bytes", "gfn_requests"]);
    const still = analysis([row("a", "requests", 1), row("a", "rebalance_s", 0), row("a", "rebalance_bytes", 0)]);
    expect(tableMetrics(still)).toEqual(["requests"]);
  });
});
