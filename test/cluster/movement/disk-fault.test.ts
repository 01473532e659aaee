import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { AIS_DEFAULTS } from "../../../src/model/defaults.js";
import { bucketSpec, clusterSpec } from "../../../src/sim/cluster-builder.js";
import type { TimedFault } from "../../../src/model/faults.js";
import type { MovementSpec } from "../../../src/model/movement.js";
import { simulate, type EndedRequest, type SimResult } from "../../../src/sim/simulate.js";
import { closedGets, expectNoViolations, expectOnlyDiskLoss, S } from "../helpers.js";

const OBJECTS = 2000;
const MIB = 1 << 20;

interface Run {
  r: SimResult;
  c: Cluster;
  ended: EndedRequest[];
  /** Each object's copies on t3 before the run: the mountpath its HRW gave it (-1: t3 holds none). */
  t3Before: Int8Array;
}

function run(opts: { faults?: TimedFault[]; movement?: MovementSpec; mirror?: boolean; durationS?: number }): Run {
  let cluster: Cluster | null = null;
  const ended: EndedRequest[] = [];
  const t3Before = new Int8Array(OBJECTS).fill(-1);
  const config = { ...AIS_DEFAULTS, mirror: { enabled: opts.mirror ?? false, copies: 2 } };
  const r = simulate(
    {
      seed: 5,
      durationNs: (opts.durationS ?? 30) * S,
      cluster: clusterSpec({ targets: 4, mountpathsPerTarget: 4, buckets: [bucketSpec("ais://data", OBJECTS, MIB)], config }),
      workload: closedGets("ais://data", 8, OBJECTS, MIB, 20_000_000, 4),
      policy: { preset: "ais-sdk@1.25" },
      faults: opts.faults,
      movement: opts.movement,
      checkVersions: true,
    },
    {
      onBuilt: (c) => {
        cluster = c;
        const t3 = c.node("t3").index;
        for (let i = 0; i < OBJECTS; i++) if (c.buckets[0].store.versionOn(i, t3) > 0) t3Before[i] = c.placement.mountpath(0, i, t3);
      },
      onRequestEnd: (e) => ended.push(e),
    },
  );
  return { r, c: cluster! as Cluster, ended, t3Before };
}

const diskFail: TimedFault[] = [{ atNs: 10 * S, action: "disk-fail", node: "t3", mountpath: 2 }];

// AIStore: the filesystem health checker disables a faulty mountpath, and that starts a resilver (a "fail"
// event: the disk cannot be read, so only objects with another local copy survive on that target).
describe("a disk failure from the fault schedule resilvers like the mountpath-fail action", () => {
  const scheduled = run({ faults: diskFail });
  const action = run({ movement: { actions: [{ atNs: 10 * S, action: "mountpath-fail", node: "t3", mountpath: 2 }] } });

  it("one resilver on t3, the same as the movement action's, losing the same objects", () => {
    expect(scheduled.r.faults.map((f) => [f.action, f.nodes])).toEqual([["disk-fail", ["t3"]]]);
    const rows = scheduled.r.movement.resilver;
    expect(rows.map((x) => [x.daemonId, x.reason, x.aborted])).toEqual([["t3", "mountpath fail 2", false]]);
    expect(rows).toEqual(action.r.movement.resilver);
    const onFailed = scheduled.t3Before.filter((m) => m === 2).length;
    expect(onFailed).toBeGreaterThan(0);
    // No mirror: every object t3 kept on the failed mountpath is lost there (its only copy), nothing else is.
    expect(scheduled.r.movement.objectsLostOnDisk).toBe(onFailed);
    expect(action.r.movement.objectsLostOnDisk).toBe(onFailed);
    const store = scheduled.c.buckets[0].store;
    const t3 = scheduled.c.node("t3").index;
    for (let i = 0; i < OBJECTS; i++) {
      if (scheduled.t3Before[i] < 0) continue;
      expect(store.versionOn(i, t3) > 0, `object ${i}`).toBe(scheduled.t3Before[i] !== 2);
    }
    expect(scheduled.ended.map((e) => e.outcome)).toEqual(action.ended.map((e) => e.outcome));
  });

  it("the loss is reported by the nothing-lost checker and GETs of lost objects answer 404, not 500", () => {
    expectOnlyDiskLoss(action.r, "mountpath-fail action");
    expect(expectOnlyDiskLoss(scheduled.r, "disk-fail fault").length).toBeGreaterThan(0);
    const failed = scheduled.ended.filter((e) => e.outcome !== "ok");
    expect(failed.length).toBeGreaterThan(0);
    for (const e of failed) {
      expect(e.outcome).toBe("404");
      expect(scheduled.t3Before[e.object]).toBe(2);
    }
  });

  it("with 2-way mirroring nothing is lost: the surviving copies move to their new HRW mountpaths", () => {
    const m = run({ faults: diskFail, mirror: true });
    expectNoViolations(m.r, "mirrored");
    expect(m.r.movement.objectsLostOnDisk).toBe(0);
    expect(m.ended.filter((e) => e.outcome !== "ok")).toEqual([]);
    const t3 = m.c.node("t3").index;
    const store = m.c.buckets[0].store;
    let moved = 0;
    for (let i = 0; i < OBJECTS; i++) {
      if (m.t3Before[i] < 0) continue;
      expect(store.versionOn(i, t3), `object ${i}`).toBeGreaterThan(0);
      // After the run no IO is queued, so a GET would read the main copy: its HRW mountpath among the enabled.
      const now = m.c.dataPath.mountpathOf(0, i, t3, false);
      expect(now).not.toBe(2);
      if (m.t3Before[i] === 2) moved++;
      else expect(now).toBe(m.t3Before[i]);
    }
    // Objects whose main copy was on the failed disk were copied from their mirror copy, and only they.
    expect(m.r.movement.resilver).toHaveLength(1);
    expect(m.r.movement.resilver[0].objSent).toBe(moved);
    expect(moved).toBeGreaterThan(0);
  });

  it("stochastic mountpath failures resilver too, one walk per failed disk, deterministically", () => {
    const stochastic = (): Run =>
      run({ faults: [{ atNs: 0, action: "stochastic", class: "mountpath", mtbfNs: 60 * S, mttrNs: 0 }], mirror: true, durationS: 20 });
    const a = stochastic();
    const b = stochastic();
    // Mirrored, but a target can lose both disks holding an object's copies: such losses, and only they, are reported.
    expectOnlyDiskLoss(a.r, "run a");
    expectOnlyDiskLoss(b.r, "run b");
    const failures = a.r.faults.filter((f) => f.action === "disk-fail");
    expect(failures.length).toBeGreaterThan(0);
    expect(a.r.movement.resilver.map((x) => x.daemonId)).toEqual(failures.map((f) => f.nodes[0]));
    expect(a.r.fingerprint).toBe(b.r.fingerprint);
    expect(b.r.movement.resilver).toEqual(a.r.movement.resilver);
  });
});
