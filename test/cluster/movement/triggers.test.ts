import { describe, expect, it } from "vitest";
import { bucketSpec, clusterSpec } from "../../../src/sim/cluster-builder.js";
import type { TimedFault } from "../../../src/model/faults.js";
import type { MovementSpec } from "../../../src/model/movement.js";
import { simulate } from "../../../src/sim/simulate.js";
import { closedGets, S, expectNoViolations } from "../helpers.js";

const OBJECTS = 3000;
const SIZE = 4 << 20;

function run(movement: MovementSpec, faults: TimedFault[] = [], durationS = 120, targets = 6) {
  return simulate({
    seed: 21,
    durationNs: durationS * S,
    cluster: clusterSpec({ targets, mountpathsPerTarget: 2, nicBytesPerS: 10e9 / 8, buckets: [bucketSpec("ais://data", OBJECTS, SIZE)] }),
    workload: closedGets("ais://data", 4, OBJECTS, SIZE, 50_000_000, 2),
    policy: { preset: "ais-sdk@1.25" },
    faults,
    movement,
    checkVersions: true,
  });
}

describe("what starts, aborts and resumes a rebalance", () => {
  it("removal by keepalive starts no rebalance", () => {
    const r = run({}, [{ atNs: 5 * S, action: "crash", node: "t3" }], 80);
    expectNoViolations(r);
    expect(r.membership.map((m) => m.kind)).toEqual(["remove"]);
    expect(r.movement.runs).toEqual([]);
    expect(r.figures.rebalance_s).toBe(0);
  });

  it("a target restarted before its removal rejoins with the restarted flag: a rebalance runs", () => {
    // 90 s: the run's own tail (Fin quiesce ≈ 28 s, FinStreams ≈ 12 s, reb/qui.go and dmover.go) ends well before.
    const r = run({}, [{ atNs: 5 * S, action: "crash", node: "t3", forNs: 5 * S }], 90);
    expectNoViolations(r);
    expect(r.membership.map((m) => m.kind)).toEqual([]);
    expect(r.movement.runs.map((x) => [x.reason, x.state])).toEqual([["restart", "done"]]);
  });

  it("a newer join preempts the running run; the newer one moves everything to the final owners", () => {
    const r = run(
      {
        standby: ["t5", "t6"],
        actions: [
          { atNs: 5 * S, action: "join", node: "t5" },
          { atNs: 12 * S, action: "join", node: "t6" },
        ],
      },
      [],
    );
    expectNoViolations(r);
    expect(r.movement.runs.map((x) => [x.reason, x.state])).toEqual([
      ["join", "aborted"],
      ["join", "done"],
    ]);
    expect(r.movement.runs[0].abortCause).toMatch(/preempted/);
    // The preempting run paid the 1 s preemption poll in Init.
    const second = r.movement.rebalance.filter((x) => x.rebId === 2);
    for (const row of second) expect(row.stageNs.init).toBeGreaterThanOrEqual(1 * S);
  });

  it("a peer lost for good aborts the run; it stays interrupted (GFN on) until the admin starts it again", () => {
    const r = run(
      { standby: ["t6"], actions: [{ atNs: 5 * S, action: "join", node: "t6" }, { atNs: 90 * S, action: "start-rebalance" }] },
      [{ atNs: 9_500_000_000, action: "crash", node: "t2" }],
      150,
    );
    const runs = r.movement.runs;
    expect(runs.map((x) => [x.reason, x.state])).toEqual([
      ["join", "aborted"],
      ["admin", "done"],
    ]);
    expect(runs[1].startNs).toBe(90 * S);
    // Only t2 holds its objects: they are lost to clients until it returns, so some GETs fail, but the data
    // is not lost (nothing-lost checker): its disk still holds them.
    expectNoViolations(r);
    expect(r.figures.gfn_requests).toBeGreaterThan(0);
  });

  it("pingall: a peer that never answers keeps the run from starting", () => {
    const r = run(
      { standby: ["t6"], actions: [{ atNs: 5 * S, action: "join", node: "t6" }] },
      [{ atNs: 4 * S, action: "partition", nodes: ["t3"], from: ["t1"], forNs: 60 * S }],
      40,
    );
    expectNoViolations(r);
    expect(r.movement.runs[0].state).toBe("aborted");
    expect(r.movement.runs[0].abortCause).toMatch(/pingall/);
    const rows = r.movement.rebalance;
    // 4 tries: 5 s timeout each plus 2 s gaps = 26 s of pinging before the abort.
    expect(r.movement.runs[0].endNs - r.movement.runs[0].startNs).toBeGreaterThanOrEqual(26 * S);
    expect(rows.every((x) => x.aborted)).toBe(true);
  });
});
