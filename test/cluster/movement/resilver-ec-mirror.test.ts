import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { AIS_DEFAULTS } from "../../../src/model/defaults.js";
import { bucketSpec, clusterSpec } from "../../../src/sim/cluster-builder.js";
import type { MovementSpec } from "../../../src/model/movement.js";
import { simulate, type EndedRequest } from "../../../src/sim/simulate.js";
import { closedGets, expectNoViolations, expectOnlyDiskLoss, S } from "../helpers.js";

const OBJECTS = 2000;
const MIB = 1 << 20;

function run(movement: MovementSpec, opts: { faults?: Parameters<typeof simulate>[0]["faults"]; mirror?: boolean; targets?: number; sizeBytes?: number; durationS?: number; attempts?: number; objects?: number } = {}) {
  let cluster: Cluster | null = null;
  const ended: EndedRequest[] = [];
  const size = opts.sizeBytes ?? MIB;
  const objects = opts.objects ?? OBJECTS;
  const config = { ...AIS_DEFAULTS, mirror: { enabled: opts.mirror ?? false, copies: 2 } };
  const r = simulate(
    {
      seed: 5,
      durationNs: (opts.durationS ?? 60) * S,
      cluster: clusterSpec({ targets: opts.targets ?? 4, mountpathsPerTarget: 4, buckets: [bucketSpec("ais://data", objects, size)], config }),
      workload: closedGets("ais://data", 8, objects, size, 20_000_000, 4),
      policy: { preset: "ais-sdk@1.25", set: opts.attempts === undefined ? undefined : { "outer.stop.after_attempt": opts.attempts } },
      faults: opts.faults,
      movement,
      checkVersions: true,
    },
    { onBuilt: (c) => (cluster = c), onRequestEnd: (e) => ended.push(e) },
  );
  return { r, c: cluster! as Cluster, ended };
}

describe("resilver", () => {
  // Disable is graceful (copies read from the leaving disk); a failed disk cannot be read, so with 2-way
  // mirroring the surviving copies are what moves.
  it.each([
    ["mountpath-disable", false],
    ["mountpath-fail", true],
  ] as const)("a mountpath failure resilvers its objects to their new HRW mountpaths; GETs keep working (%s, mirrored: %s)", (action, mirror) => {
    const { r, c, ended } = run({ actions: [{ atNs: 10 * S, action, node: "t2", mountpath: 1 }] }, { mirror });
    expectNoViolations(r);
    const t2 = c.node("t2").index;
    const rows = r.movement.resilver;
    expect(rows).toHaveLength(1);
    expect(rows[0].daemonId).toBe("t2");
    expect(rows[0].aborted).toBe(false);
    expect(r.movement.objectsLostOnDisk).toBe(0);
    // About a quarter of t2's objects lived on mountpath 1; all of them moved, nothing else did.
    const store = c.buckets[0].store;
    let held = 0;
    let onMp1Before = 0;
    for (let i = 0; i < OBJECTS; i++) {
      if (store.versionOn(i, t2) === 0) continue;
      held++;
      if (c.placement.mountpath(0, i, t2) === 1) onMp1Before++;
      // After the run no IO is queued, so with mirroring too this is the main copy's mountpath.
      const now = c.dataPath.mountpathOf(0, i, t2, false);
      expect(now).not.toBe(1);
      if (c.placement.mountpath(0, i, t2) !== 1) expect(now).toBe(c.placement.mountpath(0, i, t2));
    }
    // Failed: each main copy on mountpath 1 is read from its mirror copy instead (none is lost).
    expect(rows[0].objSent).toBe(onMp1Before);
    expect(rows[0].objRcv).toBe(onMp1Before);
    expect(onMp1Before).toBeGreaterThan(held / 4 * 0.7);
    expect(ended.filter((e) => e.outcome !== "ok")).toEqual([]);
  });

  it("a newer event preempts the running resilver; the next one finishes the job", () => {
    const { r, c } = run({
      actions: [
        { atNs: 10 * S, action: "mountpath-disable", node: "t1", mountpath: 0 },
        { atNs: 10 * S + 1_000_000, action: "mountpath-disable", node: "t1", mountpath: 2 },
      ],
    }, { sizeBytes: 4 * MIB });
    expectNoViolations(r);
    expect(r.movement.resilver.map((x) => x.aborted)).toEqual([true, false]);
    const t1 = c.node("t1").index;
    const store = c.buckets[0].store;
    for (let i = 0; i < OBJECTS; i++) {
      if (store.versionOn(i, t1) === 0) continue;
      expect([1, 3]).toContain(c.dataPath.mountpathOf(0, i, t1, false));
    }
  });

  // AIStore: the resilver xaction dies with the target; its marker stays on the mountpaths, and the target
  // resilvers again when it starts (right after it joined).
  it.each([
    ["mountpath-disable", false],
    ["mountpath-fail", true],
  ] as const)("a target crash aborts its resilver; back up, the target resilvers what was left (%s, mirrored: %s)", (action, mirror) => {
    const crashNs = 10 * S + 200_000_000;
    const downNs = 10 * S;
    let onMp0Before = 0;
    const { r, c } = run(
      { actions: [{ atNs: 10 * S, action, node: "t1", mountpath: 0 }] },
      // 90 s: the restart's rebalance, with its Fin and FinStreams quiesce (≈ 40 s), completes before the end.
      { mirror, objects: 5 * OBJECTS, faults: [{ atNs: crashNs, action: "restart", node: "t1", downNs, signal: "kill" }], durationS: 90 },
    );
    const t1 = c.node("t1").index;
    const store = c.buckets[0].store;
    for (let i = 0; i < store.count; i++) if (store.versionOn(i, t1) > 0 && c.placement.mountpath(0, i, t1) === 0) onMp0Before++;
    const rows = r.movement.resilver;
    expect(rows.map((x) => [x.daemonId, x.reason, x.aborted])).toEqual([
      ["t1", `mountpath ${action.slice("mountpath-".length)} 0`, true],
      ["t1", "restart: resilver interrupted", false],
    ]);
    // The crashed run ends at the crash, part-way; the run at restart starts after start-up and the join.
    expect(rows[0].endNs).toBe(crashNs);
    expect(rows[0].objRcv).toBeGreaterThan(0);
    expect(rows[0].objRcv).toBeLessThan(onMp0Before);
    expect(rows[1].startNs).toBeGreaterThan(crashNs + downNs);
    expect(rows[1].endNs).toBeGreaterThan(rows[1].startNs);
    // Between them every object of the disabled mountpath moved once (the second walk skips what the first moved;
    // a batch cut by the crash was read but not written, so it moves again).
    expect(rows[0].objRcv + rows[1].objRcv).toBe(onMp0Before);
    expect(r.movement.objectsLostOnDisk).toBe(0);
    // Invariants: the restart's rebalance completed on the final map, so objects-at-owners checked every object's
    // owner and mountpath; nothing lost.
    expect(r.movement.runs.at(-1)?.state).toBe("done");
    expectNoViolations(r);
    for (let i = 0; i < store.count; i++) {
      if (store.versionOn(i, t1) === 0) continue;
      const now = c.dataPath.mountpathOf(0, i, t1, false);
      expect(now).not.toBe(0);
      if (c.placement.mountpath(0, i, t1) !== 0) expect(now).toBe(c.placement.mountpath(0, i, t1));
    }
  });

  it("a hard disk failure loses the objects only it held; with 2-way mirroring none is lost", () => {
    const plain = run({ actions: [{ atNs: 10 * S, action: "mountpath-fail", node: "t3", mountpath: 2 }] }, { durationS: 30 });
    expect(plain.r.movement.objectsLostOnDisk).toBeGreaterThan(0);
    // Without a mirror the loss is real, and the nothing-lost checker reports it (up to its limit of 20 names):
    // only objects whose one copy was on t3's failed mountpath. Every other invariant holds.
    const lost = expectOnlyDiskLoss(plain.r, "plain");
    const t3 = plain.c.node("t3").index;
    const map = plain.c.proxies[0].smap;
    for (const v of lost) {
      const object = Number(/obj-(\d+):/.exec(v.message)![1]);
      expect(plain.c.owners.owner(map, 0, object), v.message).toBe(t3);
      expect(plain.c.placement.mountpath(0, object, t3), v.message).toBe(2);
    }
    const mirrored = run({ actions: [{ atNs: 10 * S, action: "mountpath-fail", node: "t3", mountpath: 2 }] }, { mirror: true, durationS: 30 });
    expectNoViolations(mirrored.r, "mirrored");
    expect(mirrored.r.movement.objectsLostOnDisk).toBe(0);
    expect(mirrored.ended.filter((e) => e.outcome !== "ok")).toEqual([]);
  });
});

describe("n-way mirroring", () => {
  // ais/tgtobj.go at 583e7729: a GET opens a mirrored copy (lom.OpenCopy) only with the cluster feature
  // LoadBalanceGET; otherwise it reads the main copy.
  it("a GET reads the main copy; with LoadBalanceGET the least busy copy: one hot object is read from both of its mountpaths", () => {
    const hot = (mirror: boolean, loadBalance = true): number[] => {
      let cluster: Cluster | null = null;
      const config = { ...AIS_DEFAULTS, mirror: { enabled: mirror, copies: 2 }, features: loadBalance ? (["LoadBalanceGET"] as const) : [] };
      const r = simulate(
        {
          seed: 2,
          durationNs: 5 * S,
          cluster: clusterSpec({ targets: 2, mountpathsPerTarget: 4, diskKind: "hdd", buckets: [bucketSpec("ais://data", 10, MIB)], config }),
          workload: closedGets("ais://data", 8, 1, MIB, 0, 2),
          policy: { preset: "ais-sdk@1.25" },
        },
        { onBuilt: (c) => (cluster = c) },
      );
      expectNoViolations(r, mirror ? "mirrored" : "plain");
      const c = cluster! as Cluster;
      return c.targets.flatMap((t) => t.disks.map((d) => d.stats().readsCompleted)).filter((n) => n > 0);
    };
    expect(hot(false)).toHaveLength(1);
    expect(hot(true, false)).toHaveLength(1);
    const spread = hot(true);
    expect(spread).toHaveLength(2);
    expect(Math.min(...spread) / Math.max(...spread)).toBeGreaterThan(0.8);
  });
});

describe("erasure coding 2+2", () => {
  const crash = [{ atNs: 10 * S, action: "crash" as const, node: "t2" }];

  it("a target crash causes no GET failure on EC objects; the same crash gives non-EC objects 404s after the keepalive removal", () => {
    // Clients patient enough to outlast the removal window (12 attempts), so refusals before it do not end requests.
    const ec = run({ ecBuckets: ["ais://data"] }, { faults: crash, targets: 6, durationS: 90, attempts: 12 });
    const plain = run({}, { faults: crash, targets: 6, durationS: 90, attempts: 12 });
    expectNoViolations(ec.r, "ec");
    expectNoViolations(plain.r, "plain");
    const removal = plain.r.membership.find((m) => m.kind === "remove")!;
    expect(removal.nodes).toEqual(["t2"]);
    const notFound = plain.ended.filter((e) => e.outcome === "404");
    expect(notFound.length).toBeGreaterThan(0);
    for (const e of notFound) expect(e.endNs).toBeGreaterThan(removal.atNs);
    expect(ec.ended.filter((e) => e.outcome !== "ok")).toEqual([]);
    expect(ec.r.movement.ecRestores).toBeGreaterThan(0);
    expect(ec.r.movement.ecRestoreFailures).toBe(0);
  });

  it("restores fail without enough slices (four of six targets lost), for sliced and replicated objects alike", () => {
    const crash4 = ["t1", "t2", "t3", "t4"].map((node) => ({ atNs: 10 * S, action: "crash" as const, node }));
    // 1 MiB objects: 2 data + 2 parity slices, 2 needed; 64 KiB objects: 2 full replicas, 1 needed.
    for (const sizeBytes of [MIB, 64 * 1024]) {
      const r = run({ ecBuckets: ["ais://data"] }, { faults: crash4, targets: 6, sizeBytes, durationS: 90 }).r;
      expectNoViolations(r, `${sizeBytes} B objects`);
      expect(r.movement.ecRestores).toBeGreaterThan(0);
      expect(r.movement.ecRestoreFailures).toBeGreaterThan(0);
    }
  });
});
