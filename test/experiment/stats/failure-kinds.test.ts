import { describe, expect, it } from "vitest";
import { buildPlan } from "../../../src/experiment/run/plan.js";
import type { RunOne } from "../../../src/experiment/run/run-types.js";
import { executeRuns } from "../../../src/experiment/run/runner.js";
import { analyseRuns } from "../../../src/experiment/stats/metrics-table.js";
import { runOne as fakeRunOne } from "../fake-simulator.mjs";
import { fixtureVariant } from "../run/runner-helpers.js";

/**
 * A failure kind that did not occur in a run counted zero failures there: its mean is over every replication,
 * and a criterion on a kind that never occurred is decided on 0 (not "not reported").
 */
describe("failure-kind counts", () => {
  it("count 0 where the kind did not occur: n is the replications, the mean is not inflated, criteria are decided on 0", async () => {
    const { loaded } = fixtureVariant((t) =>
      t.replace('  - "success_rate >= 0.9"', '  - "full-jitter: failed_refused <= 1"\n  - "failed_404 == 0"'),
    );
    const plan = buildPlan(loaded);
    // Only replication 0 of each variant meets one refused connection; no run ever meets a 404.
    const runOne: RunOne = async (spec, point) => {
      const result = await fakeRunOne(spec, point);
      const metrics = { ...result.metrics };
      if (point.replication === 0) metrics.failed_refused = 1;
      return { ...result, metrics };
    };
    const completed = await executeRuns(plan, plan.runs, { runOne });
    const analysis = analyseRuns(plan, completed);
    const refused = analysis.rows.find((r) => r.variant === "full-jitter" && r.metric === "failed_refused")!;
    expect(refused.stat.n).toBe(3);
    expect(refused.stat.mean).toBeCloseTo(1 / 3, 12);
    const notFound = analysis.rows.find((r) => r.variant === "exponential" && r.metric === "failed_404")!;
    expect([notFound.stat.n, notFound.stat.mean]).toEqual([3, 0]);
    const checks = analysis.criteria.map((c) => [c.criterion, c.variant, c.value, c.pass, c.missing]);
    expect(checks).toEqual([
      ["full-jitter: failed_refused <= 1", "full-jitter", 1 / 3, true, false],
      ["failed_404 == 0", "full-jitter", 0, true, false],
      ["failed_404 == 0", "exponential", 0, true, false],
    ]);
  });
});
