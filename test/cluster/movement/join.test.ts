import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { bucketSpec, clusterSpec } from "../../../src/sim/cluster-builder.js";
import type { ClusterMap } from "../../../src/cluster/ownership/cluster-map.js";
import { placementDiff } from "../../../src/cluster/movement/rebalance/moved-set.js";
import { simulate } from "../../../src/sim/simulate.js";
import { closedGets, S, expectNoViolations } from "../helpers.js";

const OBJECTS = 200_000;
const SIZE = 16 * 1024;

// AIStore's own integration test: join one target to a loaded cluster under GET load; nothing fails, and
// exactly the objects whose HRW owner changed move.
describe("join 1 target to 10 holding 200k objects (ais-sdk@1.25)", () => {
  let cluster: Cluster | null = null;
  let before: ClusterMap | null = null;
  const r = simulate(
    {
      seed: 7,
      durationNs: 60 * S,
      cluster: clusterSpec({ targets: 11, mountpathsPerTarget: 4, buckets: [bucketSpec("ais://data", OBJECTS, SIZE)] }),
      workload: closedGets("ais://data", 16, OBJECTS, SIZE, 5_000_000, 4),
      policy: { preset: "ais-sdk@1.25" },
      movement: { standby: ["t11"], actions: [{ atNs: 5 * S, action: "join", node: "t11" }] },
      checkVersions: true,
    },
    {
      onBuilt: (c) => {
        cluster = c;
        before = c.proxies[0].smap;
      },
    },
  );
  const c = cluster!;
  const after = c.proxies[c.controlPlane.primary].smap;
  const joined = c.node("t11").index;

  it("runs one rebalance to completion with no invariant violation", () => {
    expectNoViolations(r);
    expect(r.movement.runs.map((x) => [x.reason, x.state])).toEqual([["join", "done"]]);
    expect(after.targets).toContain(joined);
  });

  it("moves exactly the placement diff: every object whose owner changed, now on the new target", () => {
    const diff = placementDiff(c.buckets, c.owners, before!, after);
    expect(diff.size).toBeGreaterThan(OBJECTS / 11 * 0.8);
    expect(diff.size).toBeLessThan(OBJECTS / 11 * 1.2);
    const store = c.buckets[0].store;
    const onNew: number[] = [];
    for (let i = 0; i < OBJECTS; i++) if (store.versionOn(i, joined) > 0) onNew.push(i);
    expect(onNew.length).toBe(diff.size);
    for (const i of onNew) expect(diff.has(i)).toBe(true);
    // Moved by the rebalance streams or, for objects a client asked for first, by get-from-neighbor.
    const sent = r.movement.rebalance.reduce((s, x) => s + x.objSent, 0);
    // A batch in flight while a GET fetched the same object by GFN is sent once more (no ACKs): rare, never missing.
    const duplicates = sent + r.movement.gfnHits - diff.size;
    expect(duplicates).toBeGreaterThanOrEqual(0);
    expect(duplicates).toBeLessThanOrEqual(diff.size / 1000);
    // The plan is drawn at traversal start: objects GFN brought before that are not in it.
    expect(r.movement.runs[0].plannedObjects).toBeLessThanOrEqual(diff.size);
    expect(r.movement.runs[0].plannedObjects).toBeGreaterThanOrEqual(diff.size - r.movement.gfnHits);
  });

  it("sent totals equal received totals, per object and per byte", () => {
    const rows = r.movement.rebalance;
    const sum = (f: (x: (typeof rows)[number]) => number): number => rows.reduce((s, x) => s + f(x), 0);
    expect(sum((x) => x.objSent)).toBe(sum((x) => x.objRcv));
    expect(sum((x) => x.sizeSentBytes)).toBe(sum((x) => x.sizeRcvBytes));
    expect(rows.find((x) => x.daemonId === "t11")!.objRcv).toBe(sum((x) => x.objSent));
    expect(sum((x) => x.sizeSentBytes)).toBe(sum((x) => x.objSent) * SIZE);
  });

  it("every object is on its HRW owner afterwards", () => {
    const store = c.buckets[0].store;
    let misplaced = 0;
    for (let i = 0; i < OBJECTS; i++) if (store.versionOn(i, c.owners.owner(after, 0, i)) === 0) misplaced++;
    expect(misplaced).toBe(0);
  });

  it("zero GET errors during the rebalance", () => {
    expect(r.summary.requests).toBeGreaterThan(1000);
    expect(r.summary.failed).toBe(0);
    expect(r.figures.gfn_requests).toBeGreaterThan(0);
  });

  it("reports every stage, with quiesce at least `quiescent`", () => {
    for (const row of r.movement.rebalance) {
      expect(row.aborted).toBe(false);
      expect(row.endNs).toBeGreaterThan(row.startNs);
      expect(row.stageNs.quiesce).toBeGreaterThanOrEqual(10 * S);
    }
    expect(r.figures.rebalance_s).toBeGreaterThan(10);
    expect(r.figures.rebalance_bytes).toBe(r.movement.rebalance.reduce((s, x) => s + x.sizeSentBytes, 0));
  });
});
