import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/experiment/run/plan.js";
import type { RunOne } from "../../src/experiment/run/run-types.js";
import { executeRuns } from "../../src/experiment/run/runner.js";
import { buildResultFiles } from "../../src/report/write-results.js";
import { runOne as fakeRunOne } from "../experiment/fake-simulator.mjs";
import { fixtureVariant } from "../experiment/run/runner-helpers.js";

describe("metric bar charts", () => {
  it("are drawn for metrics some run measured as non-zero, and left out when every value is 0", async () => {
    const { loaded } = fixtureVariant((t) => t);
    const plan = buildPlan(loaded);
    const runOne: RunOne = async (spec, point) => {
      const result = await fakeRunOne(spec, point);
      return { ...result, metrics: { ...result.metrics, failed_refused: point.replication === 0 ? 2 : 0, admin_refused: 0 } };
    };
    const completed = await executeRuns(plan, plan.runs, { runOne });
    const files = (await buildResultFiles(plan, completed)).files;
    expect(files.has("charts/metric-failed_refused.svg")).toBe(true);
    expect(files.has("charts/metric-admin_refused.svg")).toBe(false);
    // The table still reports the all-zero metric.
    expect(files.get("summary.csv")).toMatch(/,admin_refused,3,0,/);
  });
});
