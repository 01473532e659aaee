import { describe, expect, it } from "vitest";
import type { Cluster } from "../../src/cluster/cluster.js";
import { simulate, type EndedRequest } from "../../src/sim/simulate.js";
import type { StopSignal } from "../../src/model/faults.js";
import { closedGets, expectNoViolations, MS, S, smallCluster } from "./helpers.js";

/**
 * A restart's stop, as AIStore does it (ais/tgtcp.go target.Stop, ais/htrun.go stop and rmSelf, ais/prxcycle.go
 * httpcludel/mcastUnreg with skipReb, ais/target.go marker removal, all at 583e7729): on SIGTERM the target
 * leaves the map at once (one version, no rebalance), its objects answer 404 while it is away, and it comes back
 * as a new node, which starts a rebalance. SIGKILL leaves it in the map: clients meet refused connections.
 */
function run(signal: StopSignal, downS: number) {
  let cluster: Cluster | null = null;
  let owners: Int16Array = new Int16Array(0);
  const ended: EndedRequest[] = [];
  const r = simulate(
    {
      seed: 9,
      durationNs: 150 * S,
      cluster: smallCluster({ targets: 4 }, 400, 16 * 1024),
      workload: closedGets("ais://data", 8, 400, 16 * 1024, 20 * MS, 8),
      faults: [{ atNs: 10 * S, action: "restart", node: "t2", downNs: downS * S, signal }],
      // No retries: each request is one attempt, so its outcome is what the cluster answered.
      policy: { preset: "urllib3", set: { total: 0 } },
    },
    {
      onBuilt: (c) => {
        cluster = c;
        owners = Int16Array.from({ length: 400 }, (_, i) => c.owners.owner(c.proxies[0].smap, 0, i));
      },
      onRequestEnd: (e) => ended.push(e),
    },
  );
  const c = cluster! as Cluster;
  return { r, c, t2: c.node("t2").index, owners, ended };
}

describe("restart with signal: term (graceful)", () => {
  const { r, t2, owners, ended } = run("term", 20);

  it("leaves the map at once with exactly one version bump, and comes back with one more", () => {
    expectNoViolations(r);
    expect(r.membership.map((m) => [m.kind, m.nodes, m.version])).toEqual([
      ["unregister", ["t2"], 2],
      ["join", ["t2"], 3],
    ]);
    // rmSelf is one hop to the primary.
    expect(r.membership[0].atNs - 10 * S).toBeLessThan(1 * MS);
    // Back after the 20 s down time, its 5 s start-up and the join round trip.
    expect(r.membership[1].atNs).toBeGreaterThanOrEqual(35 * S);
    expect(r.membership[1].atNs).toBeLessThan(35.1 * S);
  });

  it("runs no rebalance while it is away; its return is a join of a new node, which rebalances", () => {
    expect(r.movement.runs.map((x) => [x.reason, x.state])).toEqual([["join", "done"]]);
    expect(r.movement.runs[0].startNs).toBe(r.membership[1].atNs);
  });

  it("answers 404 for its objects from within a round trip of the stop until it returns, and no request is refused", () => {
    expect(ended.filter((e) => e.outcome === "refused")).toEqual([]);
    const notFound = ended.filter((e) => e.outcome === "404");
    expect(notFound.length).toBeGreaterThan(0);
    for (const a of notFound) {
      expect(owners[a.object]).toBe(t2);
      expect(a.endNs).toBeGreaterThan(10 * S);
      expect(a.endNs).toBeLessThan(35.1 * S);
    }
    expect(Math.min(...notFound.map((a) => a.endNs)) - 10 * S).toBeLessThan(100 * MS);
  });
});

describe("restart with signal: kill (a crash)", () => {
  const { r, t2, owners, ended } = run("kill", 15);

  it("stays in the map (restarted before keepalive removal): refusals while down and starting, no 404s", () => {
    expectNoViolations(r);
    expect(r.membership).toEqual([]);
    expect(ended.filter((e) => e.outcome === "404")).toEqual([]);
    const refused = ended.filter((e) => e.outcome === "refused");
    expect(refused.length).toBeGreaterThan(0);
    for (const a of refused) expect(owners[a.object]).toBe(t2);
    // It rejoins with its restart marker: a "restart" rebalance.
    expect(r.movement.runs.map((x) => [x.reason, x.state])).toEqual([["restart", "done"]]);
  });
});
