import { describe, expect, it } from "vitest";
import { bucketSpec, clusterSpec } from "../../../src/sim/cluster-builder.js";
import { simulate, type EndedRequest } from "../../../src/sim/simulate.js";
import type { MovementAction } from "../../../src/model/movement.js";
import type { Cluster } from "../../../src/cluster/cluster.js";
import type { ClusterMap } from "../../../src/cluster/ownership/cluster-map.js";
import { placementDiff } from "../../../src/cluster/movement/rebalance/moved-set.js";
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

/**
 * Maintenance without rebalance (`--no-rebalance`, the operator's rolling-upgrade path: docs/lifecycle_node.md
 * "Skipping Rebalance"; ais/prxcycle.go rmTargets with skipReb stops early GFN): the node is flagged out of HRW,
 * nothing moves and no GFN runs, so the objects only it holds answer 404 until it is back in service.
 */
describe("maintenance without rebalance", () => {
  it("flags the node and moves nothing: its objects answer 404; stop-maintenance without rebalance serves them again", () => {
    const ended: EndedRequest[] = [];
    const r = simulate(
      {
        seed: 6,
        durationNs: 60 * S,
        cluster: clusterSpec({ targets: 4, buckets: [bucketSpec("ais://data", 800, 64 * 1024)] }),
        workload: closedGets("ais://data", 4, 800, 64 * 1024, 20_000_000, 4),
        policy: { preset: "urllib3", set: { total: 0 } },
        movement: {
          actions: [
            { atNs: 10 * S, action: "maintenance", node: "t2", rebalance: false },
            { atNs: 30 * S, action: "stop-maintenance", node: "t2", rebalance: false },
          ],
        },
      },
      { onRequestEnd: (e) => ended.push(e) },
    );
    expectNoViolations(r);
    expect(r.movement.runs).toEqual([]);
    expect(r.movement.gfnRequests).toBe(0);
    expect(r.membership.map((m) => m.kind)).toEqual(["maintenance", "activate"]);
    const notFound = ended.filter((e) => e.outcome === "404");
    expect(notFound.length).toBeGreaterThan(0);
    const [flagged, back] = r.membership;
    for (const e of notFound) {
      expect(e.endNs).toBeGreaterThan(flagged.atNs);
      expect(e.startNs).toBeLessThan(back.atNs + 1_000_000);
    }
    // Nothing else fails; back in service, t2 serves what it always had.
    expect(ended.filter((e) => e.outcome !== "ok" && e.outcome !== "404")).toEqual([]);
    expect(ended.filter((e) => e.startNs > back.atNs + 1_000_000 && e.outcome !== "ok")).toEqual([]);
  });
});

/**
 * The admin's cleanup (reb/cleanup.go `_lwalk` at 583e7729): a rebalance leaves its source copies behind; the
 * cleanup removes each misplaced copy whose owner holds an identical one, and keeps those the owner lacks.
 */
describe("rebalance cleanup", () => {
  it("removes the source copies a join's rebalance left behind, and only those", () => {
    let cluster: Cluster | null = null;
    let before: ClusterMap | null = null;
    const r = simulate(
      {
        seed: 8,
        durationNs: 150 * S,
        cluster: clusterSpec({ targets: 5, buckets: [bucketSpec("ais://data", 3000, 64 * 1024)] }),
        workload: closedGets("ais://data", 2, 3000, 64 * 1024, 50_000_000, 2),
        policy: { preset: "ais-sdk@1.25" },
        movement: {
          standby: ["t5"],
          actions: [
            { atNs: 5 * S, action: "join", node: "t5" },
            { atNs: 120 * S, action: "cleanup", force: false },
          ],
        },
      },
      {
        onBuilt: (c) => {
          cluster = c;
          before = c.proxies[0].smap;
        },
      },
    );
    expectNoViolations(r);
    const c = cluster! as Cluster;
    expect(r.movement.runs.map((x) => [x.reason, x.state])).toEqual([["join", "done"]]);
    expect(r.movement.runs[0].endNs).toBeLessThan(120 * S);
    // Every object whose owner changed was moved (by the streams or GFN) and left its source copy: each goes.
    const map = c.proxies[c.controlPlane.primary].smap;
    const diff = placementDiff(c.buckets, c.owners, before!, map);
    expect(r.movement.cleanups).toHaveLength(1);
    const [cleanup] = r.movement.cleanups;
    expect(cleanup.removed).toBe(diff.size);
    expect([cleanup.keptDiverged, cleanup.keptOwnerMissing]).toEqual([0, 0]);
    // Afterwards no copy sits anywhere but on its owner.
    const store = c.buckets[0].store;
    for (let i = 0; i < store.count; i++) {
      const owner = c.owners.owner(map, 0, i);
      for (const h of store.holders(i)) expect(h, `object ${i}`).toBe(owner);
    }
  });
});
