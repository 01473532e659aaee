import path from "node:path";
import { describe, expect, it } from "vitest";
import "../../src/retry/presets/index.js";
import { listPresets } from "../../src/retry/presets/index.js";
import { MODEL_16, positionIn, writeTree } from "../experiment/spec/spec-helpers.js";
import { runCli } from "./cli-helpers.js";

// A preset that exists in this build's registry, so the files below are valid as written.
const PRESET = listPresets()[0]?.name ?? "none";

const GOOD = `name: good
cluster: ../models/m16.yaml
duration: 2m
workload:
  clients: 4
  objects: { bucket: ais://data }
faults:
  - { at: 30s, action: crash, node: t3 }
variants:
  - { name: only, policy: ${PRESET} }
criteria: [ "failed == 0" ]
`;

function tree(experiments: Record<string, string>): string {
  const files: Record<string, string> = { "models/m16.yaml": MODEL_16 };
  for (const [name, text] of Object.entries(experiments)) files[`experiments/${name}`] = text;
  return writeTree(files);
}

/** The `file:line:col` prefix an error line must start with. */
function at(file: string, text: string, token: string, marker?: string): string {
  const { line, column } = positionIn(text, token, marker);
  return `${file}:${line}:${column}: `;
}

describe("aisim validate", () => {
  it("prints ok per valid file and exits 0", () => {
    const dir = tree({ "good.yaml": GOOD });
    const r = runCli(["validate", "models/m16.yaml", "experiments/good.yaml"], dir);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe("models/m16.yaml: ok (model m16: 3 proxies, 16 targets × 8 nvme mountpaths, 2 buckets)");
    expect(lines[1]).toMatch(/^experiments\/good\.yaml: ok \(experiment good: 1 variant × 1 sweep point × 1 replication, spec [0-9a-f]{12}\)$/);
  });

  const cases: { name: string; text: string; token: string; marker?: string; message: RegExp }[] = [
    { name: "YAML syntax error", text: GOOD.replace("clients: 4", "clients: 4: 5"), token: "4: 5", message: /YAML syntax error: Nested mappings are not allowed/ },
    { name: "unknown key", text: GOOD.replace("clients: 4", "clients: 4\n  thinktme: 1s"), token: "thinktme", message: /workload\.thinktme: unknown key "thinktme" \(did you mean "thinkTime"\?\)$/ },
    { name: "wrong unit", text: GOOD.replace("duration: 2m", "duration: 2 minutes"), token: "2 minutes", message: /duration: expected a duration such as 45s.*got "2 minutes"$/ },
    { name: "negative duration", text: GOOD.replace("at: 30s", "at: -30s"), token: "-30s", message: /faults\[0\]\.at: expected a duration .*\(not negative\), got "-30s"$/ },
    { name: "fault on a missing node", text: GOOD.replace("node: t3", "node: t99"), token: "t99", message: /faults\[0\]\.node: unknown node "t99"/ },
    { name: "sweep over an unknown key", text: GOOD + "sweep:\n  workload.clients: [1]\n  workload.clints: [2]\n", token: "workload.clints", message: /sweep\."workload\.clints": sweep over unknown key "workload\.clints"/ },
    { name: "unknown preset", text: GOOD.replace(`policy: ${PRESET}`, "policy: no-such-preset"), token: "no-such-preset", message: /variants\[0\]\.policy: unknown retry-policy preset "no-such-preset"/ },
    { name: "unknown variant in a criterion", text: GOOD.replace('"failed == 0"', '"failed == 0", "onyl: failed == 0"'), token: "onyl", message: /criteria\[1\]: unknown variant "onyl" \(did you mean "only"\?\)/ },
  ];

  for (const c of cases) {
    it(`${c.name}: exit 2 with file:line:col, key path and what was expected`, () => {
      const dir = tree({ "bad.yaml": c.text });
      const r = runCli(["validate", "experiments/bad.yaml"], dir);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      const lines = r.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0].startsWith(at("experiments/bad.yaml", c.text, c.token, c.marker))).toBe(true);
      expect(lines[0]).toMatch(c.message);
    });
  }

  it("reports every error of every file, each file in line order; --first keeps one per file", () => {
    const two = GOOD.replace("duration: 2m", "duration: 2q").replace("node: t3", "node: t99").replace("clients: 4", "clients: 4\n  foo: 1");
    const dir = tree({ "a.yaml": two, "b.yaml": GOOD.replace("duration: 2m", "duration: -1s"), "good.yaml": GOOD });
    const r = runCli(["validate", "experiments/a.yaml", "experiments/good.yaml", "experiments/b.yaml"], dir);
    expect(r.status).toBe(2);
    expect(r.stdout.trim()).toMatch(/^experiments\/good\.yaml: ok/);
    const lines = r.stderr.trim().split("\n");
    expect(lines.map((l) => l.split(": ")[0])).toEqual(["experiments/a.yaml:3:11", "experiments/a.yaml:6:3", "experiments/b.yaml:3:11"]);
    const first = runCli(["validate", "--first", "experiments/a.yaml", "experiments/b.yaml"], dir);
    expect(first.stderr.trim().split("\n").map((l) => l.split(": ")[0])).toEqual(["experiments/a.yaml:3:11", "experiments/b.yaml:3:11"]);
  });

  it("a misspelled metric in a criterion is bad input, with its position and a suggestion", () => {
    const text = GOOD.replace('"failed == 0"', '"faild == 0"');
    const dir = tree({ "w.yaml": text });
    const r = runCli(["validate", "experiments/w.yaml"], dir);
    expect(r.status).toBe(2);
    expect(r.stdout).not.toMatch(/: ok/);
    expect(r.stderr.trim()).toMatch(new RegExp(`^${at("experiments/w.yaml", text, "faild").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}.*criteria\\[0\\]: unknown metric "faild" \\(did you mean "failed"\\?\\)`));
  });

  it("a missing file is bad input", () => {
    const dir = tree({});
    const r = runCli(["validate", "experiments/nope.yaml"], dir);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe("experiments/nope.yaml:1:1: cannot read the file: no such file");
  });

  it("errors inside a referenced model name the model file", () => {
    const dir = writeTree({ "models/m16.yaml": MODEL_16.replace("targets: 16", "targets: sixteen"), "experiments/good.yaml": GOOD });
    const r = runCli(["validate", "experiments/good.yaml"], dir);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^models\/m16\.yaml:3:10: targets: expected a count such as 3 or a list of IDs such as \[t1, t2\]/);
  });

  it("a directory stands for its yaml files", () => {
    const dir = tree({ "b.yaml": GOOD.replace("name: good", "name: b"), "a.yaml": GOOD.replace("duration: 2m", "duration: 2"), "notes.txt": "x" });
    const r = runCli(["validate", "experiments"], dir);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^experiments\/a\.yaml:3:11: duration: expected a duration/);
    expect(r.stdout.trim()).toMatch(/^experiments\/b\.yaml: ok/);
  });

  it("validates the shipped models and example experiment", () => {
    const r = runCli(["validate", "models/ais-16.yaml", "models/ais-small.yaml", "experiments/rolling-upgrade-small.yaml"], path.resolve("."));
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});

describe("validate: preset parameters", () => {
  const withVariants = (variants: string) => GOOD.replace(`  - { name: only, policy: ${PRESET} }\n`, variants);

  it("reports every bad parameter of every variant in one pass, each at its own position", () => {
    const text = withVariants(
      [
        '  - { name: a, policy: tenacity, set: { wait.expr: "wait_fixed(1)" } }',
        '  - { name: b, policy: urllib3, set: { total: "x", backoff_factor: "y" } }',
        "",
      ].join("\n"),
    );
    const dir = tree({ "bad.yaml": text });
    const r = runCli(["validate", path.join(dir, "experiments/bad.yaml")]);
    expect(r.status).toBe(2);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    // tenacity reads wait.expr only with wait.kind expr: set alone, it would be ignored.
    expect(lines[0]).toMatch(/variants\[0\]\.set\."wait\.expr": .*wait\.expr is set but wait\.kind is none/);
    expect(lines[1]).toMatch(/variants\[1\]\.set\.total: .*parameter total must be/);
    expect(lines[2]).toMatch(/variants\[1\]\.set\.backoff_factor: .*parameter backoff_factor must be/);
  });

  it("takes a list parameter as a comma-separated string, as a command line writes it", () => {
    const dir = tree({ "list.yaml": withVariants('  - { name: a, policy: urllib3, set: { status_forcelist: "503, 504" } }\n') });
    const r = runCli(["validate", path.join(dir, "experiments/list.yaml")]);
    expect(r.status, r.stderr).toBe(0);
    const show = runCli(["policy", "show", "urllib3", "--set", "status_forcelist=503,504", "--json"]);
    expect(show.status, show.stderr).toBe(0);
    expect(JSON.parse(show.stdout).params.find((p: { key: string }) => p.key === "status_forcelist").value).toEqual([503, 504]);
  });

  it("--json gives each file's kind, verdict and problems with line, column and key path", () => {
    const dir = tree({ "good.yaml": GOOD, "bad.yaml": withVariants('  - { name: b, policy: urllib3, set: { total: "x" } }\n') });
    const r = runCli(["validate", "--json", path.join(dir, "experiments/good.yaml"), path.join(dir, "experiments/bad.yaml")]);
    expect(r.status).toBe(2);
    const out = JSON.parse(r.stdout) as { files: Array<{ file: string; kind: string; ok: boolean; errors: Array<{ line: number; column: number; path: string; message: string }> }> };
    expect(out.files.map((f) => [path.basename(f.file), f.kind, f.ok])).toEqual([
      ["good.yaml", "experiment", true],
      ["bad.yaml", "experiment", false],
    ]);
    const [error] = out.files[1].errors;
    expect(error.path).toBe("variants[0].set.total");
    expect(error.line).toBe(10);
    expect(error.message).toMatch(/parameter total must be/);
  });
});
