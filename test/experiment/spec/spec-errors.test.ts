import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkExperimentFile, loadExperiment } from "../../../src/experiment/spec/load-experiment.js";
import { checkModelText } from "../../../src/experiment/spec/load-model.js";
import { SpecErrors, type SpecError } from "../../../src/experiment/spec/spec-error.js";
import { MODEL_16, positionIn, testPresets, writeTree } from "./spec-helpers.js";

const BASE = `name: e
cluster: ../models/m16.yaml
duration: 5m
warmup: 10s
workload:
  clients: 16
  objects: { bucket: ais://data, popularity: uniform }
faults:
  - { at: 1m, action: crash, node: t3 }
variants:
  - { name: old, policy: ais-sdk@1.13 }
  - { name: new, policy: ais-sdk@1.25, set: { outer.stop.after_attempt: 10 } }
criteria: [ "failed == 0", "new: attempts_max <= 7" ]
`;

/** Checks an experiment (text) next to the 16-target model; returns its errors. */
function errorsOf(text: string): { errors: readonly SpecError[]; file: string } {
  const dir = writeTree({ "models/m16.yaml": MODEL_16, "experiments/e.yaml": text });
  const file = path.join(dir, "experiments/e.yaml");
  return { errors: checkExperimentFile(file, { presets: testPresets }).errors, file };
}

/** The single error of a text with one mistake, checked for its position and message. */
function onlyError(text: string, where: { line: number; column: number }, message: RegExp, keyPath: (string | number)[]): void {
  const { errors, file } = errorsOf(text);
  expect(errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toHaveLength(1);
  expect(errors[0]).toMatchObject({ file, line: where.line, column: where.column, path: keyPath });
  expect(errors[0].message).toMatch(message);
}

describe("experiment errors point at the offending token", () => {
  it("accepts the base spec", () => {
    expect(errorsOf(BASE).errors).toEqual([]);
  });

  it("YAML syntax error", () => {
    const text = BASE.replace("  clients: 16", "  clients: [16");
    const { errors } = errorsOf(text);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].message).toMatch(/^YAML syntax error/);
    expect(errors[0].line).toBeGreaterThanOrEqual(6);
  });

  it("YAML syntax error: exact position of a nested mapping in a compact one", () => {
    const text = BASE.replace("warmup: 10s", "warmup: 10s: 20s");
    const { errors } = errorsOf(text);
    expect(errors[0].message).toMatch(/^YAML syntax error: Nested mappings are not allowed in compact mappings$/);
    expect({ line: errors[0].line, column: errors[0].column }).toEqual({ line: 4, column: 9 });
  });

  it("YAML syntax error: a tab used as indentation", () => {
    const text = BASE.replace("  clients: 16", "\tclients: 16");
    const { errors } = errorsOf(text);
    expect(errors[0]).toMatchObject({ line: 6, column: 1, path: [] });
    expect(errors[0].message).toMatch(/Tabs are not allowed as indentation/);
  });

  it("duplicate key is a YAML error at the second key", () => {
    const text = BASE.replace("warmup: 10s", "warmup: 10s\nwarmup: 20s");
    const { errors } = errorsOf(text);
    expect(errors[0]).toMatchObject({ line: 5, column: 1 });
    expect(errors[0].message).toMatch(/unique/);
  });

  it("unknown key, with a did-you-mean suggestion, at the key", () => {
    const text = BASE.replace("popularity: uniform", "popularty: uniform");
    onlyError(text, { line: 7, column: 34 }, /^unknown key "popularty" \(did you mean "popularity"\?\)$/, ["workload", "objects", "popularty"]);
  });

  it("unknown top-level key folded for style: dest_retry_time suggests destRetryTime", () => {
    const model = `name: m\nproxies: 1\ntargets: 2\nconfig:\n  rebalance: { dest_retry_time: 3m }\n`;
    const { errors } = checkModelText("m.yaml", model);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 5, column: 16, path: ["config", "rebalance", "dest_retry_time"] });
    expect(errors[0].message).toBe('unknown key "dest_retry_time" (did you mean "destRetryTime"?)');
  });

  it("unknown key without a close match lists the known keys", () => {
    const text = BASE.replace("warmup: 10s", "warmup: 10s\nzzz: 1");
    onlyError(text, { line: 5, column: 1 }, /^unknown key "zzz"; expected one of: name, description, cluster, seed, duration/, ["zzz"]);
  });

  it("wrong unit", () => {
    const text = BASE.replace("warmup: 10s", "warmup: 10q");
    onlyError(text, { line: 4, column: 9 }, /^expected a duration such as 45s, 250ms, 2m, 1h or 500us, got "10q"$/, ["warmup"]);
  });

  it("size where a duration is expected", () => {
    const text = BASE.replace("at: 1m", "at: 1MiB");
    onlyError(text, positionIn(text, "1MiB"), /^expected a duration .* got "1MiB"$/, ["faults", 0, "at"]);
  });

  it("negative duration", () => {
    const text = BASE.replace("duration: 5m", "duration: -5m");
    onlyError(text, { line: 3, column: 11 }, /\(not negative\), got "-5m"/, ["duration"]);
  });

  it("missing required key points at the enclosing mapping", () => {
    const text = BASE.replace("duration: 5m\n", "");
    onlyError(text, { line: 1, column: 1 }, /^missing required key "duration": expected a duration/, ["duration"]);
  });

  it("fault on a node that does not exist", () => {
    const text = BASE.replace("node: t3", "node: t99");
    onlyError(text, positionIn(text, "t99"), /^unknown node "t99".*the model m16 has targets t1…t16 and proxies p1…p3$/, ["faults", 0, "node"]);
  });

  it("rolling restart naming a proxy as a target", () => {
    const text = BASE.replace("{ at: 1m, action: crash, node: t3 }", "{ at: 1m, action: rolling-restart, targets: [t1, p2], down: 45s }");
    onlyError(text, positionIn(text, "p2"), /^unknown target "p2"/, ["faults", 0, "targets", 1]);
  });

  it("unknown fault action with a suggestion", () => {
    const text = BASE.replace("action: crash", "action: crsh");
    onlyError(text, positionIn(text, "crsh"), /^unknown action "crsh" \(did you mean "crash"\?\); expected one of: crash, power-off, restart/, ["faults", 0, "action"]);
  });

  it("fault after the end of the run", () => {
    const text = BASE.replace("at: 1m", "at: 6m");
    onlyError(text, positionIn(text, "6m"), /before the end of the run/, ["faults", 0, "at"]);
  });

  it("sweep over an unknown key, at the sweep key", () => {
    const text = BASE + `sweep:\n  workload.clients: [4, 8]\n  "workload.clientz": [1, 2]\n`;
    onlyError(text, { line: 16, column: 3 }, /^sweep over unknown key "workload.clientz": .*unknown key "clientz" \(did you mean "clients"\?\)/, ["sweep", "workload.clientz"]);
  });

  it("sweep value that is invalid, at the value", () => {
    const text = BASE + `sweep: { workload.clients: [4, 0] }\n`;
    onlyError(text, positionIn(text, "0]"), /^sweep value 0 of "workload.clients" is invalid: workload.clients: expected a number of clients ≥ 1/, ["sweep", "workload.clients", 1]);
  });

  it("sweep over an unknown preset param", () => {
    const text = BASE + `sweep: { "variants.new.set.outer.stop.after_atempt": [1, 2] }\n`;
    onlyError(text, positionIn(text, '"variants'), /^sweep over unknown key .*unknown param "outer.stop.after_atempt"/, ["sweep", "variants.new.set.outer.stop.after_atempt"]);
  });

  it("unknown preset", () => {
    const text = BASE.replace("policy: ais-sdk@1.13", "policy: ais-sdk@1.31");
    onlyError(text, positionIn(text, "ais-sdk@1.31"), /^unknown retry-policy preset "ais-sdk@1.31" \(did you mean "ais-sdk@1.13"\?\); known presets: ais-sdk@1.13, ais-sdk@1.25$/, ["variants", 0, "policy"]);
  });

  it("unknown preset param, at the param key", () => {
    const text = BASE.replace("outer.stop.after_attempt: 10", "outer.stop.after_atempt: 10");
    onlyError(text, positionIn(text, "outer.stop.after_atempt"), /^unknown param "outer.stop.after_atempt" of preset ais-sdk@1.25 \(did you mean "outer.stop.after_attempt"\?\)/, ["variants", 1, "set", "outer.stop.after_atempt"]);
  });

  it("a param value the preset refuses, at the value", () => {
    const text = BASE.replace("outer.stop.after_attempt: 10", "outer.stop.after_attempt: 0");
    onlyError(text, positionIn(text, "0 }", "after_attempt"), /must be a positive integer/, ["variants", 1, "set", "outer.stop.after_attempt"]);
  });

  it("unknown variant in a criterion, at the variant name inside the string", () => {
    const text = BASE.replace("new: attempts_max", "neww: attempts_max");
    onlyError(text, positionIn(text, "neww"), /^unknown variant "neww" \(did you mean "new"\?\); variants: old, new$/, ["criteria", 1]);
  });

  it("a criterion metric the runs do not report is an error at the metric, with a suggestion", () => {
    const text = BASE.replace('"failed == 0"', '"failed == 0 and latncy_p99 < 2", "failed_refused == 0 and recovery_s < 30"');
    onlyError(text, positionIn(text, "latncy_p99"), /^unknown metric "latncy_p99" \(did you mean "latency_p99"\?\): cluster runs do not report it$/, ["criteria", 0]);
  });

  it("a metric of another kind of run is an error listing what these runs report", () => {
    const text = BASE.replace('"failed == 0"', '"completion_s < 60"');
    const { errors } = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ ...positionIn(text, "completion_s"), path: ["criteria", 0] });
    expect(errors[0].message).toMatch(/^unknown metric "completion_s": cluster runs report requests, succeeded, failed, success_rate, .*\brecovery_s\b.*, failed_<kind>$/);
    // The contention scenario does report it.
    const scenario = BASE.replace(/workload:\n.*\n.*\n/, "workload: { mode: contention, clients: 4 }\n").replace(/faults:\n.*\n/, "").replace('"new: attempts_max <= 7"', '"new: attempts_max <= 7", "completion_s < 60"');
    expect(errorsOf(scenario).errors).toEqual([]);
  });

  it("recovery_s without faults is an error: no run would report it", () => {
    const text = BASE.replace(/faults:\n.*\n/, "").replace('"failed == 0"', '"recovery_s < 30"');
    onlyError(text, positionIn(text, "recovery_s"), /^recovery_s is reported only by runs with faults, and this experiment has none$/, ["criteria", 0]);
  });

  it("criterion with a unit that does not fit its metric, at the bound", () => {
    const text = BASE.replace('"failed == 0"', '"latency_p99 <= 3MiB"');
    onlyError(text, positionIn(text, "3MiB"), /latency_p99 is in seconds: expected a duration/, ["criteria", 0]);
  });

  it("unknown bucket with a suggestion", () => {
    const text = BASE.replace("bucket: ais://data", "bucket: ais://dta");
    onlyError(text, positionIn(text, "ais://dta"), /^unknown bucket "ais:\/\/dta" \(did you mean "ais:\/\/data"\?\)/, ["workload", "objects", "bucket"]);
  });

  it("model file errors are reported in the model file", () => {
    const dir = writeTree({ "models/m16.yaml": MODEL_16.replace("kind: nvme", "kind: nvm"), "experiments/e.yaml": BASE });
    const { errors } = checkExperimentFile(path.join(dir, "experiments/e.yaml"), { presets: testPresets });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: path.join(dir, "models/m16.yaml"), line: 4, column: 35, path: ["mountpaths", "kind"] });
    expect(errors[0].message).toBe('expected one of hdd, ssd, nvme, got "nvm" (did you mean "nvme"?)');
  });

  it("missing model file is reported at cluster:", () => {
    const text = BASE.replace("../models/m16.yaml", "../models/nope.yaml");
    onlyError(text, { line: 2, column: 10 }, /^cannot read the model file .*nope.yaml: no such file$/, ["cluster"]);
  });

  it("inline cluster errors are pinned inside the experiment file", () => {
    const text = BASE.replace("cluster: ../models/m16.yaml", "cluster:\n  proxies: 1\n  targets: 4\n  mountpaths: { perTargt: 2 }\n  buckets: [ { name: ais://data, objects: 10, size: 1KiB } ]");
    onlyError(text, { line: 5, column: 17 }, /^unknown key "perTargt" \(did you mean "perTarget"\?\)$/, ["cluster", "mountpaths", "perTargt"]);
  });

  it("loadExperiment throws SpecErrors, an InputError whose describe() lists every error", () => {
    const dir = writeTree({ "models/m16.yaml": MODEL_16, "experiments/e.yaml": BASE.replace("warmup: 10s", "warmup: 10q").replace("popularity: uniform", "popularty: uniform") });
    const file = path.join(dir, "experiments/e.yaml");
    let thrown: unknown;
    try {
      loadExperiment(file, { presets: testPresets });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SpecErrors);
    const e = thrown as SpecErrors;
    expect(e.errors).toHaveLength(2);
    expect([e.file, e.line, e.column]).toEqual([file, 4, 9]);
    expect(e.describe().split("\n")).toEqual([
      `${file}:4:9: warmup: expected a duration such as 45s, 250ms, 2m, 1h or 500us, got "10q"`,
      `${file}:7:34: workload.objects.popularty: unknown key "popularty" (did you mean "popularity"?)`,
    ]);
  });
});

describe("criteria scoped to a sweep point", () => {
  const SWEPT = BASE.replace("criteria:", 'sweep: { faults.0.at: [1m, 2m], "variants.new.set.outer.stop.after_attempt": [5, 10] }\ncriteria:');
  const withCriterion = (criterion: string) => SWEPT.replace('"new: attempts_max <= 7"', `"new: attempts_max <= 7", "${criterion}"`);

  it("accepts a key, a key's dot-suffix, several keys, and every variant or one", () => {
    for (const c of ["[faults.0.at=2m] new: failed > 0", "[at=1m] failed == 0", "[at=1m, after_attempt=10]: failed == 0", "[ stop.after_attempt = 5 ] old: failed == 0"]) {
      expect(errorsOf(withCriterion(c)).errors, c).toEqual([]);
    }
  });

  it("unknown sweep key, with a suggestion, at the key", () => {
    const text = withCriterion("[faults.0.att=2m] new: failed > 0");
    onlyError(text, positionIn(text, "faults.0.att="), /^unknown sweep key "faults.0.att" \(did you mean "faults.0.at"\?\); sweep keys: faults.0.at, variants.new.set.outer.stop.after_attempt$/, ["criteria", 2]);
  });

  it("a value the sweep does not take, with a suggestion and the values, at the value", () => {
    const text = withCriterion("[at=2mn] new: failed > 0");
    onlyError(text, positionIn(text, "2mn]"), /^the sweep has no value 2mn for faults.0.at \(did you mean "2m"\?\); its values: 1m, 2m$/, ["criteria", 2]);
    // Values compare as YAML values: a number is not its string.
    const typed = withCriterion("[after_attempt='10'] new: failed > 0");
    onlyError(typed, positionIn(typed, "'10'"), /^the sweep has no value '10' for variants.new.set.outer.stop.after_attempt/, ["criteria", 2]);
  });

  it("an ambiguous short key", () => {
    const text = BASE.replace("criteria:", 'sweep: { faults.0.at: [1m, 2m], "variants.new.set.outer.stop.after_attempt": [5, 10] }\ncriteria:')
      .replace("  - { at: 1m, action: crash, node: t3 }", "  - { at: 1m, action: crash, node: t3 }\n  - { at: 2m, action: crash, node: t4 }")
      .replace("faults.0.at: [1m, 2m]", "faults.0.at: [1m, 2m], faults.1.at: [3m]")
      .replace('"new: attempts_max <= 7"', '"[at=1m] failed == 0"');
    onlyError(text, positionIn(text, "at=1m"), /^ambiguous sweep key "at": it ends faults.0.at, faults.1.at; write the whole key; sweep keys: /, ["criteria", 1]);
  });

  it("a scope without a sweep, an unclosed scope, a scope without key=value", () => {
    const none = BASE.replace('"failed == 0"', '"[at=1m] failed == 0"');
    onlyError(none, positionIn(none, "at=1m"), /^a sweep-point scope needs a sweep, and this experiment has none$/, ["criteria", 0]);
    const open = withCriterion("[at=1m new: failed > 0");
    onlyError(open, positionIn(open, "[at=1m"), /^expected "\]" closing the sweep-point scope such as \[faults.0.down=45s\]$/, ["criteria", 2]);
    const bare = withCriterion("[1m] new: failed > 0");
    onlyError(bare, positionIn(bare, "1m]"), /^expected key=value such as faults.0.down=45s in the sweep-point scope$/, ["criteria", 2]);
  });

  it("each point keeps only the criteria that apply there; the base spec keeps them all, with the full key", () => {
    const dir = writeTree({ "models/m16.yaml": MODEL_16, "experiments/e.yaml": withCriterion("[at=2m, after_attempt=10] new: failed > 0") });
    const loaded = loadExperiment(path.join(dir, "experiments/e.yaml"), { presets: testPresets });
    expect(loaded.spec.criteria[2].point).toEqual({ "faults.0.at": "2m", "variants.new.set.outer.stop.after_attempt": 10 });
    expect(loaded.points.map((p) => [p.assignments, p.spec.criteria.length])).toEqual([
      [{ "faults.0.at": "1m", "variants.new.set.outer.stop.after_attempt": 5 }, 2],
      [{ "faults.0.at": "1m", "variants.new.set.outer.stop.after_attempt": 10 }, 2],
      [{ "faults.0.at": "2m", "variants.new.set.outer.stop.after_attempt": 5 }, 2],
      [{ "faults.0.at": "2m", "variants.new.set.outer.stop.after_attempt": 10 }, 3],
    ]);
  });
});
