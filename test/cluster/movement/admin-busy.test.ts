import { describe, expect, it } from "vitest";
import { bucketSpec, clusterSpec } from "../../../src/sim/cluster-builder.js";
import { simulate } from "../../../src/sim/simulate.js";
import type { MovementAction } from "../../../src/model/movement.js";
import { closedGets, expectNoViolations, S } from "../helpers.js";

/**
 * The primary refuses start-maintenance and decommission while a rebalance runs (ErrBusy: ais/prxcycle.go
 * beginMembership / errRebRunning at 583e7729); a self-join is not gated.
 */
function run(actions: MovementAction[]) {
  return simulate({
    seed: 2,
    durationNs: 240 * S,
    cluster: clusterSpec({ targets: 5, buckets: [bucketSpec("ais://data", 2000, 256 * 1024)] }),
    workload: closedGets("ais://data", 2, 2000, 256 * 1024, 50_000_000, 2),
    policy: { preset: "ais-sdk@1.25" },
    movement: { standby: ["t5"], actions },
  });
}

describe("admin membership during a rebalance", () => {
  it("refuses maintenance while the join's rebalance runs; nothing changes", () => {
    const r = run([
      { atNs: 5 * S, action: "join", node: "t5" },
      { atNs: 15 * S, action: "maintenance", node: "t2" },
    ]);
    expectNoViolations(r);
    expect(r.movement.runs.map((x) => [x.reason, x.state])).toEqual([["join", "done"]]);
    expect(r.movement.runs[0].endNs).toBeGreaterThan(15 * S);
    expect(r.movement.refused).toEqual([{ atNs: 15 * S, action: "maintenance", node: "t2" }]);
    expect(r.membership.map((m) => m.kind)).toEqual(["join"]);
    expect(r.figures.admin_refused).toBe(1);
  });

  it("with retry, sends the command again until the primary accepts it, after the running rebalance", () => {
    const r = run([
      { atNs: 5 * S, action: "join", node: "t5" },
      { atNs: 15 * S, action: "maintenance", node: "t2", retryNs: 10 * S },
    ]);
    expectNoViolations(r);
    const join = r.movement.runs[0];
    expect(r.movement.runs.map((x) => [x.reason, x.state])).toEqual([
      ["join", "done"],
      ["maintenance", "done"],
    ]);
    // Refused every 10 s while the join ran; accepted at the first try after it ended.
    const refusals = r.movement.refused.map((x) => x.atNs);
    expect(refusals[0]).toBe(15 * S);
    for (let i = 1; i < refusals.length; i++) expect(refusals[i] - refusals[i - 1]).toBe(10 * S);
    expect(refusals.at(-1)!).toBeLessThan(join.endNs);
    const accepted = r.membership.find((m) => m.kind === "maintenance")!;
    expect(accepted.atNs).toBe(refusals.at(-1)! + 10 * S);
    expect(accepted.atNs).toBeGreaterThanOrEqual(join.endNs);
  });
});
