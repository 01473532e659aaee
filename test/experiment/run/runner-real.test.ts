import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadExperiment } from "../../../src/experiment/spec/load-experiment.js";
import { analyseRuns } from "../../../src/experiment/stats/metrics-table.js";
import { buildPlan } from "../../../src/experiment/run/plan.js";
import { runOne } from "../../../src/experiment/run/run-one.js";
import { executeRuns } from "../../../src/experiment/run/runner.js";
import { welchDifference } from "../../../src/experiment/stats/stats.js";
import { faultWindows, movementRows, rebalanceProgress } from "../../../src/experiment/run/run-one-result.js";
import { requestStoryLines } from "../../../src/experiment/run/run-one-trace.js";
import { toSimConfig } from "../../../src/experiment/run/to-sim-config.js";
import { tellStory } from "../../../src/report/trace-story.js";
import { buildResultFiles } from "../../../src/report/write-results.js";
import { tempDir } from "./runner-helpers.js";

/** Open-loop Poisson arrivals (random per replication, independent of the policy) and one target restart. */
const SPEC = `name: runner-crn-real
cluster:
  proxies: 1
  targets: 4
  mountpaths: { perTarget: 2, kind: ssd }
  buckets: [{ name: ais://data, objects: 2000, size: 64KiB }]
seed: 3
duration: 24s
warmup: 2s
replications: 4
workload:
  mode: open
  rate: 150/s
  arrival: poisson
  objects: { bucket: ais://data }
faults:
  - { at: 8s, action: restart, node: t2, down: 8s }
variants:
  - { name: a, policy: ais-sdk@1.13 }
  - { name: b, policy: ais-sdk@1.25 }
  - { name: a-again, policy: ais-sdk@1.13 }
`;

function load() {
  const dir = tempDir("aisim-runner-real-");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "crn.yaml");
  writeFileSync(file, SPEC);
  return loadExperiment(file);
}

describe("runner with the cluster simulator", () => {
  it("maps a run to the simulator's config: seed, variant policy, mountpath paths, faults as resolved", () => {
    const plan = buildPlan(load());
    const run = plan.runs[1];
    const config = toSimConfig(plan.points[0].spec, run);
    expect(config.seed).toBe(run.seed);
    expect(config.policy).toEqual({ preset: "ais-sdk@1.25", set: {} });
    expect(config.cluster.mountpaths.paths).toEqual(["/ais/mp1", "/ais/mp2"]);
    expect(config.cluster.targets).toEqual(["t1", "t2", "t3", "t4"]);
    expect(config.faults).toEqual([{ atNs: 8e9, action: "restart", node: "t2", downNs: 8e9, signal: "term" }]);
    expect(config.warmupNs).toBe(2e9);
  });

  it("common random numbers: identical variants give identical runs; paired intervals beat unpaired ones", async () => {
    const plan = buildPlan(load());
    const completed = await executeRuns(plan, plan.runs, { runOne });
    const byId = new Map(completed.map((c) => [c.run.runId, c.result]));
    for (let r = 0; r < plan.replications; r++) {
      const a = byId.get(`p0-a-r${r}`);
      const again = byId.get(`p0-a-again-r${r}`);
      expect(again?.fingerprint).toBe(a?.fingerprint);
      expect(again?.metrics).toEqual(a?.metrics);
      // The policies differ, and so do their runs.
      expect(byId.get(`p0-b-r${r}`)?.fingerprint).not.toBe(a?.fingerprint);
    }
    // Replications differ from each other.
    expect(new Set([0, 1, 2, 3].map((r) => byId.get(`p0-a-r${r}`)?.metrics.requests)).size).toBeGreaterThan(1);

    // Arrivals are the same for both policies in a replication: the paired difference of `requests` is exactly 0,
    // while an unpaired comparison sees the replication-to-replication spread.
    const analysis = analyseRuns(plan, completed);
    const paired = analysis.rows.find((row) => row.variant === "b" && row.metric === "requests")?.diff;
    const values = (v: string) => [0, 1, 2, 3].map((r) => byId.get(`p0-${v}-r${r}`)?.metrics.requests ?? NaN);
    const unpaired = welchDifference(values("b"), values("a"));
    expect(paired?.halfWidth).toBe(0);
    expect(unpaired.halfWidth).toBeGreaterThan(0);

    // The fault shows as a shaded window: t2 stopped (gracefully, the default) from 8 s until it starts at 16 s.
    expect(completed[0].result.events).toEqual([{ startS: 8, endS: 16, kind: "stop", label: "t2 stop" }]);
    // With a fault, every run says how long its success rate took to come back (whole seconds after 16 s).
    for (const c of completed) expect(Number.isInteger(c.result.metrics.recovery_s) && c.result.metrics.recovery_s >= 0, c.run.runId).toBe(true);
    expect(completed[0].result.latencyCdf.length).toBeGreaterThan(10);
    const files = (await buildResultFiles(plan, completed)).files;
    expect(files.get("summary.csv")).toContain("0,b,requests,4,");
  });
});

describe("request trace of a simulated run", () => {
  it("numbers attempts, folds redirect hops into their attempt and shows the backoff between attempts", () => {
    const record = {
      seq: 41,
      client: 2,
      op: "GET",
      startNs: 1_000,
      endNs: 2_000_900_000,
      outcome: "ok",
      attempts: [
        { node: 0, startNs: 1_000, endNs: 300_000, outcome: "301" },
        { node: 3, startNs: 300_000, endNs: 600_000, outcome: "refused" },
        { node: 0, startNs: 1_800_600_000, endNs: 1_800_900_000, outcome: "301" },
        { node: 2, startNs: 1_800_900_000, endNs: 2_000_900_000, outcome: "200" },
      ],
    };
    const lines = requestStoryLines(record, ["p1", "t1", "t2", "t3"], 1).map((l) => JSON.parse(l));
    const story = tellStory("41", lines);
    expect(story[0]).toBe("request 41 (GET (client 2)): attempt 1 → proxy p1 → 301 → t3 refused → backoff 1.8 s → attempt 2 → proxy p1 → 301 → t2 200 → ok after 2 attempts, 2 s");
  });
});

describe("fault windows from the simulator's fault log", () => {
  it("pairs crash/restart and partition/heal by node set, times spec-bounded faults, leaves open ones to the end", () => {
    const S = 1e9;
    const spec = { durationNs: 100 * S, faults: [{ atNs: 30 * S, action: "slow", node: "t1", factor: 4, forNs: 10 * S }] } as unknown as Parameters<typeof faultWindows>[1];
    const sim = {
      faults: [
        { atNs: 10 * S, action: "crash", nodes: ["t1"] },
        { atNs: 12 * S, action: "crash", nodes: ["t2"] },
        { atNs: 20 * S, action: "restart", nodes: ["t2"] },
        { atNs: 25 * S, action: "restart", nodes: ["t1"] },
        { atNs: 30 * S, action: "slow", nodes: ["t1"] },
        { atNs: 40 * S, action: "partition", nodes: ["t3", "t4"] },
        { atNs: 50 * S, action: "disk-fail", nodes: ["t2"] },
        { atNs: 60 * S, action: "hang", nodes: ["p1"] },
      ],
      movement: { refused: [] },
    } as unknown as Parameters<typeof faultWindows>[0];
    expect(faultWindows(sim, spec).map((w) => [w.kind, w.startS, w.endS, w.label])).toEqual([
      ["crash", 10, 25, "t1 crash"],
      ["crash", 12, 20, "t2 crash"],
      ["slow", 30, 40, "t1 slow"],
      ["partition", 40, 100, "t3 t4 partition"],
      ["disk-fail", 50, 50, "t2 disk-fail"],
      ["hang", 60, 100, "p1 hang"],
    ]);
  });
});

describe("rebalance progress from the batches the simulator delivered", () => {
  it("gives each target's share of its moved objects at the end of each second batches arrived, in model order", () => {
    const S = 1e9;
    const row = (daemonId: string, startNs: number) => ({ daemonId, startNs, endNs: -1, objRcv: 0, objSent: 0 });
    const sim = {
      endNs: 100 * S,
      movement: {
        rebalance: [row("t10", 10 * S), row("t2", 10 * S), row("t2", 50 * S), row("t1", 10 * S)],
        // t2 moved 10 objects in second 11, 20 in 12, 10 in 52 (of 40); t10 4 in 14; t1 none.
        movedPerSecond: new Map<string, number[]>([
          ["t2", Object.assign([], { 11: 10, 12: 20, 52: 10 })],
          ["t10", Object.assign([], { 14: 4 })],
        ]),
      },
    } as unknown as Parameters<typeof rebalanceProgress>[0];
    expect(rebalanceProgress(sim, ["t1", "t2", "t10"])).toEqual([
      { target: "t1", points: [[10, 0]] },
      { target: "t2", points: [[10, 0], [12, 0.25], [13, 0.75], [53, 1]] },
      { target: "t10", points: [[10, 0], [15, 1]] },
    ]);
  });
});

describe("ais show rebalance rows from the simulator's movement report", () => {
  it("converts to seconds, orders by run ID then model target order, keeps running rows open and resilver rows apart", () => {
    const S = 1e9;
    const row = (daemonId: string, rebId: number, startNs: number, endNs: number, stageNs: Record<string, number>) => ({
      daemonId,
      rebId,
      objRcv: 1,
      sizeRcvBytes: 1024,
      objSent: 2,
      sizeSentBytes: 2048,
      startNs,
      endNs,
      aborted: endNs === 40 * S,
      reason: rebId === 9 ? "mountpath disable /ais/mp2" : "join t5",
      stageNs,
    });
    const sim = {
      endNs: 100 * S,
      movement: {
        rebalance: [row("t10", 4, 30 * S, 40 * S, { init: S / 2, traverse: 9.5 * S }), row("t2", 4, 30 * S, -1, { init: S, traverse: 0 }), row("t2", 3, 10 * S, 20 * S, { init: 0, traverse: 10 * S })],
        resilver: [row("t1", 9, 5 * S, 7.25 * S, { init: 0.25 * S, traverse: 2 * S })],
      },
    } as unknown as Parameters<typeof movementRows>[0];
    const rows = movementRows(sim, ["t1", "t2", "t10"]);
    expect(rows.map((r) => [r.kind, r.id, r.target, r.startS, r.endS, r.aborted])).toEqual([
      ["rebalance", 3, "t2", 10, 20, false],
      ["rebalance", 4, "t2", 30, NaN, false],
      ["rebalance", 4, "t10", 30, 40, true],
      ["resilver", 9, "t1", 5, 7.25, false],
    ]);
    expect(rows[2]).toMatchObject({ objRcv: 1, bytesRcv: 1024, objSent: 2, bytesSent: 2048, reason: "join t5", stageS: { init: 0.5, traverse: 9.5 } });
  });
});
