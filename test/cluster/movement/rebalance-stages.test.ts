import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import type { ClusterMap } from "../../../src/cluster/ownership/cluster-map.js";
import { placementDiff } from "../../../src/cluster/movement/rebalance/moved-set.js";
import { bucketSpec, clusterSpec } from "../../../src/sim/cluster-builder.js";
import { simulate } from "../../../src/sim/simulate.js";
import { closedGets, expectNoViolations, S } from "../helpers.js";

/**
 * A rebalance's stages against AIStore's own timeline (reb/globrun.go, reb/bcast.go, reb/qui.go, xact/base.go,
 * transport/bundle/dmover.go at 583e7729).
 */
describe("a near-empty join", () => {
  // Four targets with 40 tiny objects, one joins: almost nothing to send, so what remains is the stages' own time.
  const r = simulate({
    seed: 3,
    durationNs: 120 * S,
    cluster: clusterSpec({ targets: 5, buckets: [bucketSpec("ais://data", 40, 1024)] }),
    workload: closedGets("ais://data", 1, 40, 1024, 1 * S, 1),
    policy: { preset: "ais-sdk@1.25" },
    movement: { standby: ["t5"], actions: [{ atNs: 5 * S, action: "join", node: "t5" }] },
  });
  const run = r.movement.runs[0];
  const rows = r.movement.rebalance;

  it("completes", () => {
    expectNoViolations(r);
    expect(r.movement.runs.map((x) => x.state)).toEqual(["done"]);
  });

  it("lasts at least 25 s end to end: the quiesces, not the data, set its length", () => {
    expect(run.endNs - run.startNs).toBeGreaterThanOrEqual(25 * S);
  });

  it("spends the PostTraverse barrier's first 2 s poll, a Fin quiesce of 28 s and a FinStreams quiesce of 12 s on every target", () => {
    for (const row of rows) {
      // waitPostTraverse sleeps cplane_operation (2 s) before its first check.
      expect(row.stageNs["post-traverse"], row.daemonId).toBeGreaterThanOrEqual(2 * S);
      // Fin: the last peer's Fin notification keeps it active 9 probes (window max(2 × 5 s, 8 s) = 10 s), raising
      // the idle time needed to 19 s: 28 s, give or take a probe for the notification's arrival.
      expect(row.stageNs.quiesce, row.daemonId).toBeGreaterThanOrEqual(27 * S);
      expect(row.stageNs.quiesce, row.daemonId).toBeLessThanOrEqual(30 * S);
      // FinStreams: the data mover's first probe sees the run's receives (laterx): 1 s active + 11 s idle.
      expect(row.stageNs["fin-streams"], row.daemonId).toBe(12 * S);
    }
  });
});

describe("a large join at 10 Gbit/s", () => {
  // 4 targets hold 1.3 TB in 64 MiB objects; a fifth joins and must receive ≈ 270 GB through its 1.25 GB/s NIC:
  // ≈ 215 s of traverse, longer than dest_retry_time (2 min) that the other targets wait at PostTraverse.
  const objects = 20_000;
  const size = 64 * 1024 * 1024;
  let cluster: Cluster | null = null;
  let before: ClusterMap | null = null;
  const r = simulate({
    seed: 5,
    durationNs: 400 * S,
    cluster: clusterSpec({ targets: 5, mountpathsPerTarget: 8, nicBytesPerS: 10e9 / 8, buckets: [bucketSpec("ais://data", objects, size)] }),
    workload: closedGets("ais://data", 1, objects, size, 10 * S, 1),
    policy: { preset: "ais-sdk@1.25" },
    movement: { standby: ["t5"], actions: [{ atNs: 5 * S, action: "join", node: "t5" }] },
  }, {
    onBuilt: (c) => {
      cluster = c;
      before = c.proxies[0].smap;
    },
  });

  it("is not aborted by the PostTraverse timeout: it goes on to Fin and completes", () => {
    expectNoViolations(r);
    expect(r.movement.runs.map((x) => [x.state, x.abortCause])).toEqual([["done", ""]]);
    const postTraverseS = Math.max(...r.movement.rebalance.map((x) => x.stageNs["post-traverse"] / S));
    expect(postTraverseS).toBeGreaterThanOrEqual(120);
  });

  it("moves every planned object and byte, by the streams or, for the few a client asked for first, by GFN", () => {
    const sent = r.movement.rebalance.reduce((s, x) => s + x.objSent, 0);
    const received = r.movement.rebalance.reduce((s, x) => s + x.objRcv, 0);
    // A GFN fetch stores the object at its new owner and the sender skips it (the GFN filter); one in a batch
    // already in flight is sent anyway (no ACKs): never missing, rarely twice.
    const planned = r.movement.runs[0].plannedObjects;
    expect(sent + r.movement.gfnHits).toBeGreaterThanOrEqual(planned);
    expect(sent + r.movement.gfnHits - planned).toBeLessThanOrEqual(planned / 1000);
    expect(received).toBe(sent);
    expect(r.movement.rebalance.reduce((s, x) => s + x.sizeSentBytes, 0)).toBe(sent * size);
    expect(sent * size).toBeGreaterThan(250e9);
  });

  it("moves what the placement diff predicts (`aisim place --against`): every object whose owner changed", () => {
    const c = cluster! as Cluster;
    const after = c.proxies[c.controlPlane.primary].smap;
    const diff = placementDiff(c.buckets, c.owners, before!, after);
    const movedBytes = r.movement.figures.rebalance_bytes + r.movement.gfnHits * size;
    expect(Math.abs(movedBytes - diff.size * size) / (diff.size * size)).toBeLessThanOrEqual(0.01);
  });
});
