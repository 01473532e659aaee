import { describe, expect, it } from "vitest";
import type { Cluster } from "../../src/cluster/cluster.js";
import { bucketSpec, clusterSpec } from "../../src/sim/cluster-builder.js";
import { simulate, type EndedRequest } from "../../src/sim/simulate.js";
import { parseTraceCsv } from "../../src/workload/clients/trace-replay.js";
import { closedGets, describeViolations, S } from "./helpers.js";

const OBJECTS = 200;
const SIZE = 4096;
const cluster = () => clusterSpec({ targets: 4, buckets: [bucketSpec("ais://data", OBJECTS, SIZE)] });

/** An object t2 owns on the initial map, and its owner once t2 has left the map. */
function objectOfT2(): { object: number; t2: number; interim: number } {
  let c: Cluster | null = null;
  simulate(
    { seed: 1, durationNs: 1, cluster: cluster(), workload: closedGets("ais://data", 1, OBJECTS, SIZE), policy: { preset: "urllib3" } },
    { onBuilt: (built) => (c = built) },
  );
  const built = c! as Cluster;
  const t2 = built.node("t2").index;
  const map = built.proxies[0].smap;
  const without = { ...map, version: map.version + 1, targets: map.targets.filter((t) => t !== t2) };
  for (let i = 0; i < OBJECTS; i++) {
    if (built.owners.owner(map, 0, i) === t2) return { object: i, t2, interim: built.owners.owner(without, 0, i) };
  }
  throw new Error("t2 owns no object");
}

// AIStore deletes an object on the target the proxy redirects the DELETE to (the owner on the proxy's map) and
// tells no other target: a copy on a target that is down at the time stays there.
describe("DELETE", () => {
  const { object, t2, interim } = objectOfT2();
  // t2 (the object's owner) goes down at 1 s for 60 s; keepalive removes it (21–46 s), so a PUT at 50 s writes
  // version 2 on the interim owner and a DELETE at 52 s deletes it there. t2 comes back with its version 1.
  const rows = parseTraceCsv(
    ["time_s,op,object,size_bytes", `50,PUT,${object},${SIZE}`, `52,DELETE,${object},0`, `54,GET,${object},${SIZE}`, `90,GET,${object},${SIZE}`].join("\n"),
  );
  let c: Cluster | null = null;
  const ended: EndedRequest[] = [];
  const r = simulate(
    {
      seed: 3,
      durationNs: 120 * S,
      cluster: cluster(),
      workload: { mode: "trace-replay", file: "inline.csv", speed: 1, rows, hosts: 1, mix: { GET: 1, PUT: 0, HEAD: 0, DELETE: 0 }, objects: { bucket: "ais://data", popularity: { kind: "uniform" }, count: OBJECTS, sizeBytes: SIZE } },
      faults: [{ atNs: 1 * S, action: "restart", node: "t2", downNs: 60 * S, signal: "kill" }],
      policy: { preset: "urllib3", set: { total: 0 } },
      checkVersions: true,
    },
    { onBuilt: (built) => (c = built), onRequestEnd: (e) => ended.push(e) },
  );
  const store = (c! as Cluster).buckets[0].store;

  it("removes only the serving target's copy: the one on the target that was down stays", () => {
    expect(r.membership.filter((m) => m.kind === "remove").map((m) => m.nodes)).toEqual([["t2"]]);
    expect(interim).not.toBe(t2);
    expect(ended.map((e) => [e.op, e.outcome])).toEqual([
      ["PUT", "ok"],
      ["DELETE", "ok"],
      ["GET", "404"],
      ["GET", "ok"],
    ]);
    expect(store.latest(object)).toBe(0);
    expect(store.versionOn(object, interim)).toBe(0);
    expect(store.versionOn(object, t2)).toBe(1);
  });

  it("the rejoined owner serves its old copy of the deleted object: the version checker reports that read, and only it", () => {
    // Realistic: nothing in AIStore deletes t2's copy. The data-movement checkers skip deleted objects.
    const getAfter = ended[3];
    expect(r.violations.map((v) => v.checker), describeViolations(r)).toEqual(["get-current-version"]);
    expect(r.violations[0].message).toContain(`returned version 1 of a deleted object`);
    expect(r.violations[0].atNs).toBe(getAfter.endNs);
  });
});
