import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fixtureVariant, tempDir, TWO_VARIANTS } from "../experiment/run/runner-helpers.js";
import { readTree, runAisim } from "./run-helpers.js";

const EXPECTED_FILES = ["manifest.json", "report.html", "runs.csv", "summary.csv", "timeseries.csv"];

describe("aisim run", () => {
  // One set of results computed every way, shared by the checks below.
  const dir = tempDir();
  const out = (name: string) => path.join(dir, name);
  const trees = new Map<string, Map<string, string>>();
  beforeAll(() => {
    const runs: Array<[string, string[]]> = [
      ["serial", []],
      ["workers", ["--workers", "2"]],
      ["s0", ["--shard", "0/2"]],
      ["s1", ["--shard", "1/2"]],
      ["seed8", ["--seed", "8"]],
    ];
    for (const [name, extra] of runs) {
      const r = runAisim(["run", TWO_VARIANTS, "--out", out(name), ...extra]);
      if (r.status !== 0) throw new Error(`${name}: exit ${r.status}: ${r.stderr}`);
    }
    const merged = runAisim(["merge", out("s0"), out("s1"), "--out", out("merged")]);
    if (merged.status !== 0) throw new Error(`merge: ${merged.stderr}`);
    for (const name of ["serial", "workers", "merged", "seed8"]) trees.set(name, readTree(out(name)));
  });

  it("same inputs give identical bytes serially, with --workers 2 and as two merged shards", () => {
    const serial = trees.get("serial") as Map<string, string>;
    for (const f of EXPECTED_FILES) expect(serial.has(f), f).toBe(true);
    expect([...serial.keys()].filter((f) => f.startsWith("charts/") && f.endsWith(".svg")).length).toBeGreaterThan(5);
    // (Two serial runs agreeing is checked in-process in test/experiment/runner.test.ts.)
    for (const other of ["workers", "merged"]) {
      const tree = trees.get(other) as Map<string, string>;
      expect([...tree.keys()], other).toEqual([...serial.keys()]);
      for (const [name, content] of serial) expect(tree.get(name), `${other}/${name}`).toBe(content);
    }
    // No temporary or work folders are left behind next to the results.
    expect(readdirSync(dir).sort()).toEqual(["merged", "s0", "s1", "seed8", "serial", "workers"]);
  });

  it("a different seed gives different results; the manifest records seeds, hash and fingerprints but no times", () => {
    const a = trees.get("serial") as Map<string, string>;
    const b = trees.get("seed8") as Map<string, string>;
    expect(b.get("runs.csv")).not.toBe(a.get("runs.csv"));
    const manifest = JSON.parse(a.get("manifest.json") ?? "{}");
    expect(manifest.seed).toBe(7);
    expect(manifest.specHash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.runs).toHaveLength(6);
    expect(manifest.runs[0].fingerprint).toMatch(/^[0-9a-f]+$/);
    expect(manifest.runs[0].seed).toBe(manifest.runs[1].seed);
    expect(JSON.parse(b.get("manifest.json") ?? "{}").seed).toBe(8);
    expect(a.get("manifest.json")).not.toMatch(/20\d\d-\d\d-\d\d|"time"|hostname|"node"/i);
  });

  it("summary.csv has one row per variant and metric with the interval and paired difference columns", () => {
    const lines = (trees.get("serial")?.get("summary.csv") ?? "").trimEnd().split("\n");
    expect(lines[0]).toBe("point,variant,metric,n,mean,ci_low,ci_high,half_width,sd,diff_mean,diff_ci_low,diff_ci_high");
    const base = lines.find((l) => l.startsWith("0,full-jitter,attempts_max,"));
    const other = lines.find((l) => l.startsWith("0,exponential,attempts_max,"));
    // The stand-in gives attempts_max = 1 + strength, the same in every replication: sd 0, a zero-width interval.
    expect(base?.split(",").slice(3)).toEqual(["3", "5", "5", "5", "0", "0", "", "", ""]);
    expect(other?.split(",").slice(3)).toEqual(["3", "3", "3", "3", "0", "0", "-2", "-2", "-2"]);
  });

  it("a failing criterion exits 1 and names the variant, metric, value and bound", () => {
    const { file } = fixtureVariant((t) => t.replace('"success_rate >= 0.9"', '"success_rate >= 0.97"'));
    const out = path.join(tempDir(), "res");
    const r = runAisim(["run", file, "--out", out]);
    expect(r.status).toBe(1);
    const fail = r.stdout.split("\n").find((l) => l.startsWith("FAIL"));
    expect(fail).toMatch(/exponential: success_rate = 95(\.\d+)?%, expected >= 97%/);
    expect(r.stdout).toMatch(/^pass +full-jitter: success_rate/m);
    expect(existsSync(path.join(out, "report.html"))).toBe(true);
    const json = runAisim(["run", file, "--out", out, "--json"]);
    expect(json.status).toBe(1);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.pass).toBe(false);
    expect(parsed.criteria.find((c: { pass: boolean }) => !c.pass)).toMatchObject({ variant: "exponential", metric: "success_rate", bound: 0.97, op: ">=" });
  });

  it("bad input exits 2 and creates or modifies nothing", () => {
    const dir = tempDir();
    const existing = path.join(dir, "existing");
    mkdirSync(existing);
    writeFileSync(path.join(existing, "keep.txt"), "mine");
    const bad = path.join(dir, "bad.yaml");
    writeFileSync(bad, readFileSync(TWO_VARIANTS, "utf8").replace("duration: 60s", "duration: 60 parsecs"));
    const cases: Array<[string[], RegExp]> = [
      [["run", bad, "--out", path.join(dir, "new")], /bad\.yaml:\d+:\d+: duration/],
      [["run", bad, "--out", existing], /bad\.yaml:\d+:\d+/],
      [["run", TWO_VARIANTS, "--out", path.join(dir, "new"), "--shard", "2/2"], /--shard/],
      [["run", TWO_VARIANTS, "--out", path.join(dir, "new"), "--workers", "0"], /--workers/],
      [["run", TWO_VARIANTS, "--out", path.join(dir, "new"), "--replications", "1.5"], /--replications/],
      [["run", TWO_VARIANTS, "--out", path.join(dir, "new"), "--seed", "abc"], /--seed: expected an integer ≥ 0, got "abc"/],
      [["run", TWO_VARIANTS, "--out", path.join(dir, "new"), "--trace", path.join(dir, "nowhere", "t.ndjson")], /--trace/],
      [["run", path.join(dir, "missing.yaml"), "--out", path.join(dir, "new")], /missing\.yaml/],
      [["merge", existing, "--out", path.join(dir, "new")], /not a shard folder/],
    ];
    for (const [args, message] of cases) {
      const r = runAisim(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(message);
    }
    expect(readdirSync(dir).sort()).toEqual(["bad.yaml", "existing"]);
    expect(readdirSync(existing)).toEqual(["keep.txt"]);
  });

  it("merge refuses incomplete shard sets", () => {
    const dir = tempDir();
    expect(runAisim(["run", TWO_VARIANTS, "--out", path.join(dir, "s0"), "--shard", "0/3"]).status).toBe(0);
    const r = runAisim(["merge", path.join(dir, "s0"), "--out", path.join(dir, "merged")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/4 of 6 runs are in none of the shard folders/);
    expect(existsSync(path.join(dir, "merged"))).toBe(false);
  });

  it("an interrupted sweep resumes from its finished runs", () => {
    const dir = tempDir();
    const out = path.join(dir, "res");
    // A simulator that stops the process after two runs, like an interrupt.
    const dying = path.join(dir, "dying.mjs");
    const counter = path.join(dir, "count");
    writeFileSync(
      dying,
      `import { runOne as fake } from ${JSON.stringify(path.resolve("test/experiment/fake-simulator.mjs"))};
import { appendFileSync, existsSync, readFileSync } from "node:fs";
export function runOne(spec, point) {
  const n = existsSync(${JSON.stringify(counter)}) ? readFileSync(${JSON.stringify(counter)}, "utf8").length : 0;
  if (n === 2 && process.env.DIE === "1") process.exit(130);
  appendFileSync(${JSON.stringify(counter)}, "x");
  return fake(spec, point);
}
`,
    );
    process.env.DIE = "1";
    try {
      expect(runAisim(["run", TWO_VARIANTS, "--out", out], { simulator: dying }).status).toBe(130);
    } finally {
      delete process.env.DIE;
    }
    expect(existsSync(out)).toBe(false);
    expect(runAisim(["run", TWO_VARIANTS, "--out", out], { simulator: dying }).status).toBe(0);
    // 2 runs before the interrupt, the 4 others after: no finished run was simulated twice.
    expect(readFileSync(counter, "utf8")).toHaveLength(6);
    const reference = path.join(dir, "reference");
    expect(runAisim(["run", TWO_VARIANTS, "--out", reference]).status).toBe(0);
    const a = readTree(out);
    for (const [name, content] of readTree(reference)) expect(a.get(name), name).toBe(content);
    expect(readdirSync(dir).sort()).toEqual(["count", "dying.mjs", "reference", "res"]);
  });
});
