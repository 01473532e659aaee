import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadExperiment } from "../../../src/experiment/spec/load-experiment.js";
import { mergeShards, shardFiles } from "../../../src/experiment/run/merge.js";
import { analyseRuns } from "../../../src/experiment/stats/metrics-table.js";
import { buildPlan } from "../../../src/experiment/run/plan.js";
import { RunStore } from "../../../src/experiment/run/resume.js";
import type { RunOne } from "../../../src/experiment/run/run-types.js";
import { executeRuns } from "../../../src/experiment/run/runner.js";
import { inShard, parseShard } from "../../../src/experiment/run/shard.js";
import { welchDifference } from "../../../src/experiment/stats/stats.js";
import { writeFolderAtomically } from "../../../src/report/results-folder.js";
import { buildResultFiles } from "../../../src/report/write-results.js";
import { InputError } from "../../../src/util/input-error.js";
import { runOne as fakeRunOne } from "../fake-simulator.mjs";
import { fixtureVariant, tempDir, TWO_VARIANTS } from "./runner-helpers.js";

describe("plan", () => {
  it("orders runs point, replication, variant and seeds by replication only", () => {
    const plan = buildPlan(loadExperiment(TWO_VARIANTS));
    expect(plan.runs.map((r) => r.runId)).toEqual([
      "p0-full-jitter-r0",
      "p0-exponential-r0",
      "p0-full-jitter-r1",
      "p0-exponential-r1",
      "p0-full-jitter-r2",
      "p0-exponential-r2",
    ]);
    const seeds = plan.runs.map((r) => r.seed);
    expect(seeds[0]).toBe(seeds[1]);
    expect(new Set(seeds).size).toBe(3);
    expect(buildPlan(loadExperiment(TWO_VARIANTS), { seed: 8 }).runs[0].seed).not.toBe(seeds[0]);
  });

  it("command-line overrides change the spec hash and the run count", () => {
    const loaded = loadExperiment(TWO_VARIANTS);
    const plain = buildPlan(loaded);
    expect(plain.specHash).toBe(loaded.hash);
    const more = buildPlan(loaded, { replications: 5, seed: 3 });
    expect(more.runs).toHaveLength(10);
    expect(more.specHash).not.toBe(plain.specHash);
    expect(more.spec.seed).toBe(3);
  });

  it("shards partition the runs", () => {
    const plan = buildPlan(loadExperiment(TWO_VARIANTS));
    const shards = [0, 1, 2].map((i) => plan.runs.filter((r) => inShard(r.index, { index: i, count: 3 })).map((r) => r.runId));
    expect(shards.flat().sort()).toEqual(plan.runs.map((r) => r.runId).sort());
    expect(shards.every((s) => s.length === 2)).toBe(true);
    expect(() => parseShard("2/2")).toThrow(InputError);
    expect(() => parseShard("a/2")).toThrow(InputError);
    expect(parseShard("1/4")).toEqual({ index: 1, count: 4 });
  });
});

describe("runner", () => {
  it("same spec and seed twice: identical bytes in every output; another seed: different results", async () => {
    const loaded = loadExperiment(TWO_VARIANTS);
    const build = async (seed?: number) => {
      const plan = buildPlan(loaded, { seed });
      return (await buildResultFiles(plan, await executeRuns(plan, plan.runs, { runOne: fakeRunOne }))).files;
    };
    const a = await build();
    const b = await build();
    // The stand-in rebalances in some runs and resilvers in one: those tables are covered too.
    expect(a.has("rebalance.csv") && a.has("resilver.csv")).toBe(true);
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [name, content] of a) expect(b.get(name), name).toBe(content);
    const other = await build(99);
    expect(other.get("runs.csv")).not.toBe(a.get("runs.csv"));
    expect(other.get("summary.csv")).not.toBe(a.get("summary.csv"));
  });

  it("returns runs in plan order whatever order they finish in", async () => {
    const plan = buildPlan(loadExperiment(TWO_VARIANTS));
    const reversed: RunOne = async (spec, point) => {
      // Later runs resolve first.
      for (let i = 0; i < 10 * (plan.runs.length - point.replication); i++) await Promise.resolve();
      return fakeRunOne(spec, point);
    };
    const done: string[] = [];
    const completed = await executeRuns(plan, plan.runs, { runOne: reversed, onProgress: (_d, _t, run) => done.push(run.runId) });
    expect(completed.map((c) => c.run.runId)).toEqual(plan.runs.map((r) => r.runId));
    expect(done).toHaveLength(plan.runs.length);
  });

  it("common random numbers: identical variants give identical metrics", async () => {
    const { loaded } = fixtureVariant((t) => t.replace("{ name: exponential, policy: aws-exponential }", "{ name: twin, policy: aws-full-jitter }"));
    const plan = buildPlan(loaded);
    const completed = await executeRuns(plan, plan.runs, { runOne: fakeRunOne });
    for (let r = 0; r < plan.replications; r++) {
      const base = completed.find((c) => c.run.runId === `p0-full-jitter-r${r}`);
      const twin = completed.find((c) => c.run.runId === `p0-twin-r${r}`);
      expect(twin?.result.metrics).toEqual(base?.result.metrics);
    }
    const diff = analyseRuns(plan, completed).rows.find((row) => row.variant === "twin" && row.metric === "latency_p99")?.diff;
    expect(diff?.mean).toBe(0);
    expect(diff?.halfWidth).toBe(0);
  });

  it("common random numbers: the paired interval is narrower than the unpaired one", async () => {
    const { loaded } = fixtureVariant((t) => t.replace("replications: 3", "replications: 6"));
    const plan = buildPlan(loaded);
    const completed = await executeRuns(plan, plan.runs, { runOne: fakeRunOne });
    const analysis = analyseRuns(plan, completed);
    const values = (variant: string) => completed.filter((c) => c.run.variant.name === variant).map((c) => c.result.metrics.latency_p99);
    const paired = analysis.rows.find((r) => r.variant === "exponential" && r.metric === "latency_p99")?.diff;
    const unpaired = welchDifference(values("exponential"), values("full-jitter"));
    expect(paired?.mean).toBeCloseTo(unpaired.mean, 12);
    expect(paired?.halfWidth).toBeLessThan(unpaired.halfWidth / 2);
  });

  it("resumes: finished runs are read back, only the rest are simulated, results identical", async () => {
    const plan = buildPlan(loadExperiment(TWO_VARIANTS));
    const store = new RunStore(path.join(tempDir(), "work"));
    let calls = 0;
    const failing: RunOne = (spec, point) => {
      if (++calls > 4) throw new Error("interrupted");
      return fakeRunOne(spec, point);
    };
    await expect(executeRuns(plan, plan.runs, { runOne: failing, store })).rejects.toThrow("interrupted");
    expect(readdirSync(store.dir).filter((f) => f.endsWith(".json"))).toHaveLength(4);
    let resumedCalls = 0;
    const counting: RunOne = (spec, point) => {
      resumedCalls++;
      return fakeRunOne(spec, point);
    };
    const resumed = await executeRuns(plan, plan.runs, { runOne: counting, store });
    expect(resumedCalls).toBe(2);
    const fresh = await executeRuns(plan, plan.runs, { runOne: fakeRunOne });
    const resumedFiles = (await buildResultFiles(plan, resumed)).files;
    const freshFiles = (await buildResultFiles(plan, fresh)).files;
    expect(freshFiles.has("rebalance.csv") && freshFiles.has("resilver.csv")).toBe(true);
    expect([...resumedFiles.keys()]).toEqual([...freshFiles.keys()]);
    for (const [name, content] of freshFiles) expect(resumedFiles.get(name), name).toBe(content);
    store.remove();
    expect(existsSync(store.dir)).toBe(false);
  });

  it("a fresh run and the same run read back from the store give the same values, Infinity and NaN included", async () => {
    const plan = buildPlan(loadExperiment(TWO_VARIANTS));
    const odd: RunOne = async (spec, point) => {
      const base = await fakeRunOne(spec, point);
      return { ...base, metrics: { ...base.metrics, recovery_s: point.replication === 0 ? Infinity : 2, gfn_requests: NaN } };
    };
    const store = new RunStore(path.join(tempDir(), "work"));
    const fresh = await executeRuns(plan, plan.runs, { runOne: odd, store });
    const resumed = await executeRuns(plan, plan.runs, { runOne: () => Promise.reject(new Error("must not run")), store });
    expect(resumed.map((c) => c.result)).toEqual(fresh.map((c) => c.result));
    const a = (await buildResultFiles(plan, fresh)).files;
    const b = (await buildResultFiles(plan, resumed)).files;
    for (const [name, content] of a) expect(b.get(name), name).toBe(content);
    // Infinity cannot be stored: it counts as undefined, so the mean is over the other replications.
    expect(analyseRuns(plan, fresh).rows.find((r) => r.variant === "full-jitter" && r.metric === "recovery_s")?.stat).toMatchObject({ n: 2, mean: 2 });
  });

  it("checks criteria against per-variant means and names the failing variant", async () => {
    const { loaded } = fixtureVariant((t) => t.replace('"success_rate >= 0.9"', '"success_rate >= 0.97"'));
    const plan = buildPlan(loaded);
    const analysis = analyseRuns(plan, await executeRuns(plan, plan.runs, { runOne: fakeRunOne }));
    const failing = analysis.criteria.filter((c) => !c.pass);
    expect(failing.map((c) => c.variant)).toEqual(["exponential"]);
    const mean = analysis.rows.find((r) => r.variant === "exponential" && r.metric === "success_rate")?.stat.mean;
    expect(failing[0].value).toBe(mean);
    expect(failing[0].bound).toBe(0.97);
  });
});

describe("sweeps and shards", () => {
  it("summarises each sweep point separately and checks criteria per point", async () => {
    const { loaded } = fixtureVariant((t) => t.replace("criteria:", "sweep: { workload.clients: [8, 32] }\ncriteria:").replace('"success_rate >= 0.9"', '"requests <= 5000"'));
    const plan = buildPlan(loaded);
    expect(plan.runs).toHaveLength(12);
    const completed = await executeRuns(plan, plan.runs, { runOne: fakeRunOne });
    const analysis = analyseRuns(plan, completed);
    const requests = (point: number) => analysis.rows.find((r) => r.pointIndex === point && r.variant === "full-jitter" && r.metric === "requests")?.stat.mean ?? NaN;
    // The stand-in scales load with clients: 4× the clients, 4× the requests.
    expect(requests(1) / requests(0)).toBeCloseTo(4, 0);
    expect(analysis.criteria.map((c) => [c.pointIndex, c.pass])).toEqual([
      [0, true],
      [0, true],
      [1, false],
      [1, false],
    ]);
    const summary = (await buildResultFiles(plan, completed)).files.get("summary.csv") ?? "";
    expect(summary.split("\n")[0].startsWith("point,workload.clients,variant,metric,")).toBe(true);
    expect(summary).toMatch(/^1,32,exponential,requests,3,/m);
  });

  it("checks a criterion scoped to a sweep point at that point only, and names the point in the result", async () => {
    const { loaded } = fixtureVariant((t) =>
      t.replace("criteria:", "sweep: { workload.clients: [8, 32] }\ncriteria:").replace('"success_rate >= 0.9"', '"[clients=32] exponential: requests > 5000"\n  - "[workload.clients=8]: requests <= 5000"'),
    );
    const plan = buildPlan(loaded);
    const analysis = analyseRuns(plan, await executeRuns(plan, plan.runs, { runOne: fakeRunOne }));
    expect(analysis.criteria.map((c) => [c.pointIndex, c.criterion, c.variant, c.pass])).toEqual([
      [0, "[workload.clients=8]: requests <= 5000", "full-jitter", true],
      [0, "[workload.clients=8]: requests <= 5000", "exponential", true],
      [1, "[clients=32] exponential: requests > 5000", "exponential", true],
    ]);
  });

  it("merging shard folders in any order gives the serial results", async () => {
    const plan = buildPlan(loadExperiment(TWO_VARIANTS));
    const dir = tempDir();
    const shards = [0, 1, 2].map((index) => ({ index, count: 3 }));
    for (const shard of shards) {
      const runs = plan.runs.filter((r) => inShard(r.index, shard));
      writeFolderAtomically(path.join(dir, `s${shard.index}`), shardFiles(plan, shard, await executeRuns(plan, runs, { runOne: fakeRunOne })));
    }
    const merged = mergeShards([2, 0, 1].map((i) => path.join(dir, `s${i}`)));
    expect(merged.completed.map((c) => c.run.runId)).toEqual(plan.runs.map((r) => r.runId));
    const serial = (await buildResultFiles(plan, await executeRuns(plan, plan.runs, { runOne: fakeRunOne }))).files;
    const fromShards = (await buildResultFiles(merged.plan, merged.completed)).files;
    expect(serial.has("rebalance.csv") && serial.has("resilver.csv")).toBe(true);
    expect([...fromShards.keys()]).toEqual([...serial.keys()]);
    for (const [name, content] of serial) expect(fromShards.get(name), name).toBe(content);
  });
});
