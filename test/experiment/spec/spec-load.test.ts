import path from "node:path";
import { describe, expect, it } from "vitest";
import { diskSpec } from "../../../src/cluster/resources/disk/disk-kinds.js";
import { canonicalJson, specHash } from "../../../src/experiment/spec/canonical-json.js";
import { checkExperimentFile, loadExperiment } from "../../../src/experiment/spec/load-experiment.js";
import { checkModelText, loadModel } from "../../../src/experiment/spec/load-model.js";
import { MODEL_16, testPresets, writeTree } from "./spec-helpers.js";

const S = 1e9;

function model(text: string) {
  const checked = checkModelText("m.yaml", text);
  if (!checked.model) throw new Error(checked.errors.map((e) => `${e.line}:${e.column} ${e.message}`).join("\n"));
  return checked.model;
}

describe("cluster model defaults", () => {
  it("a minimal model gets AIStore's defaults", () => {
    const m = model("name: tiny\nproxies: 1\ntargets: 2\n");
    expect(m.config.keepalive.intervalNs).toBe(10 * S);
    expect(m.config.rebalance).toEqual({ enabled: true, destRetryTimeNs: 120 * S, quiescentNs: 10 * S, bundleMultiplier: 2, compression: "never" });
    expect(m.config.ec).toEqual({ enabled: false, data: 2, parity: 2, objSizeLimitBytes: 256 * 1024 });
    expect(m.config.keepalive).toEqual({ intervalNs: 10 * S, timeoutNs: 2 * S, maxTimeoutNs: 5 * S, retryIntervalNs: 6 * S, failures: 3 });
    expect(m.config.timeouts.coldGetConflictNs).toBe(5 * S);
    expect(m.config.gfn.timedNs).toBe(90 * S);
    expect(m.proxies).toEqual(["p1"]);
    expect(m.targets).toEqual(["t1", "t2"]);
    expect(m.buckets).toEqual([]);
  });

  it("EC enabled alone takes 2+2 and needs data+parity+1 targets", () => {
    const m = model("name: ec\nproxies: 1\ntargets: 5\nconfig: { ec: { enabled: true } }\n");
    expect(m.config.ec).toMatchObject({ enabled: true, data: 2, parity: 2 });
    const small = checkModelText("m.yaml", "name: ec\nproxies: 1\ntargets: 4\nconfig: { ec: { enabled: true } }\n");
    expect(small.errors).toHaveLength(1);
    expect(small.errors[0].message).toBe("erasure coding 2+2 needs at least 5 targets, the model has 4");
  });

  it("given knobs override the defaults, with units converted", () => {
    const m = model("name: k\nproxies: 1\ntargets: 2\nconfig:\n  keepalive: { interval: 5s }\n  rebalance: { destRetryTime: 30s, bundleMultiplier: 4 }\n");
    expect(m.config.keepalive.intervalNs).toBe(5 * S);
    expect(m.config.keepalive.retryIntervalNs).toBe(6 * S);
    expect(m.config.rebalance.destRetryTimeNs).toBe(30 * S);
    expect(m.config.rebalance.bundleMultiplier).toBe(4);
    expect(m.config.rebalance.quiescentNs).toBe(10 * S);
  });

  it("mountpath figures default by kind, network and buckets convert units", () => {
    const m = model(MODEL_16 + "network: { nic: 100Gbit/s, rtt: 200us }\n");
    const nvme = diskSpec("nvme");
    expect(m.mountpaths).toEqual({
      perTarget: 8,
      kind: "nvme",
      paths: ["/ais/mp1", "/ais/mp2", "/ais/mp3", "/ais/mp4", "/ais/mp5", "/ais/mp6", "/ais/mp7", "/ais/mp8"],
      bandwidthBytesPerS: nvme.readBytesPerS,
      writeBandwidthBytesPerS: nvme.writeBytesPerS,
      latencyNs: nvme.latency.kind === "constant" ? nvme.latency.ns : NaN,
      concurrency: nvme.concurrency,
    });
    const given = model("name: g\nproxies: 1\ntargets: 1\nmountpaths: { kind: ssd, bandwidth: 1GB/s, concurrency: 3 }\n");
    expect(given.mountpaths).toMatchObject({ bandwidthBytesPerS: 1e9, writeBandwidthBytesPerS: 1e9, concurrency: 3 });
    const hdd = model("name: h\nproxies: 1\ntargets: 1\nmountpaths: { perTarget: 2, kind: hdd, latency: 8ms }\n");
    expect(hdd.mountpaths).toMatchObject({ kind: "hdd", latencyNs: 8_000_000, concurrency: 1 });
    expect(m.network).toEqual({ nicBytesPerS: 12.5e9, rttNs: 200_000 });
    expect(m.buckets[0]).toEqual({ name: "ais://data", provider: "ais", namespace: { uuid: "", name: "" }, bucket: "data", objects: 1000, objectSizeBytes: 1_048_576, template: "obj-%08d" });
    expect(m.buckets[1]).toMatchObject({ provider: "aws", bucket: "remote", backend: { getPerS: 5500, putPerS: 3500, latencyNs: 30_000_000 } });
  });

  it("mountpath paths may be given; their count is perTarget", () => {
    const m = model("name: p\nproxies: 1\ntargets: 1\nmountpaths: { paths: [/data/a, /data/b] }\n");
    expect(m.mountpaths).toMatchObject({ perTarget: 2, paths: ["/data/a", "/data/b"] });
    const bad = checkModelText("m.yaml", "name: p\nproxies: 1\ntargets: 1\nmountpaths: { perTarget: 3, paths: [/data/a, /data/a] }\n");
    expect(bad.errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [4, 36, "expected 3 mountpath paths (perTarget), got 2"],
      [4, 46, 'duplicate mountpath path "/data/a"'],
    ]);
  });

  it("targets and proxies may be explicit ID lists; duplicates and clashes are errors", () => {
    const m = model("name: ids\nproxies: [px]\ntargets: [ta, tb, tc]\n");
    expect(m.targets).toEqual(["ta", "tb", "tc"]);
    const dup = checkModelText("m.yaml", "name: ids\nproxies: [px]\ntargets: [ta, tb, ta]\n");
    expect(dup.errors.map((e) => [e.line, e.column, e.message])).toEqual([[3, 19, 'duplicate node ID "ta"']]);
    const clash = checkModelText("m.yaml", "name: ids\nproxies: [px]\ntargets: [px]\n");
    expect(clash.errors[0].message).toBe('node ID "px" is both a proxy and a target');
  });

  it("bucket names must be in URL form; namespaces are parsed", () => {
    const m = model("name: b\nproxies: 1\ntargets: 1\nbuckets: [ { name: 'ais://@uu#ns/data', objects: 1, size: 1KiB }, { name: gs://g, objects: 1, size: 1 } ]\n");
    expect(m.buckets[0]).toMatchObject({ provider: "ais", namespace: { uuid: "uu", name: "ns" }, bucket: "data" });
    expect(m.buckets[1]).toMatchObject({ provider: "gcp", backend: { getPerS: 5500 } });
    const named = model("name: b\nproxies: 1\ntargets: 1\nbuckets: [ { name: ais://x, objects: 1, size: 1, template: img-%d.jpg } ]\n");
    expect(named.buckets[0].template).toBe("img-%d.jpg");
    const badTemplate = checkModelText("m.yaml", "name: b\nproxies: 1\ntargets: 1\nbuckets: [ { name: ais://x, objects: 1, size: 1, template: img } ]\n");
    expect(badTemplate.errors.map((e) => [e.line, e.column])).toEqual([[4, 60]]);
    expect(badTemplate.errors[0].message).toMatch(/^expected an object-name template such as obj-%08d: .*has no counter/);
    const bad = checkModelText("m.yaml", "name: b\nproxies: 1\ntargets: 1\nbuckets: [ { name: data, objects: 1, size: 1 } ]\n");
    expect(bad.errors[0]).toMatchObject({ line: 4, column: 20 });
    expect(bad.errors[0].message).toMatch(/^expected a bucket in URL form such as ais:\/\/data/);
  });
});

const EXPERIMENT = `name: e
description: a test
cluster: ../models/m16.yaml
duration: 5m
warmup: 10s
replications: 2
workload:
  clients: 16
  objects: { bucket: ais://data, popularity: zipf, s: 1.2 }
faults:
  - { at: 1m, action: rolling-restart, targets: all, down: 45s, gap: 30s }
  - { at: 2m, action: slow, node: t2, factor: 3, for: 30s }
  - { at: 2m, action: backend-outage, bucket: s3://remote }
  - { action: stochastic, class: target, mtbf: 1h, mttr: 2m }
variants:
  - { name: old, policy: ais-sdk@1.13 }
  - { name: new, policy: ais-sdk@1.25, set: { outer.stop.after_attempt: 10, outer.wait.max_s: 1m } }
sweep: { workload.clients: [4, 8], "variants.new.set.outer.stop.after_attempt": [3, 5, 9] }
criteria: [ "failed == 0", "new: attempts_max <= 7" ]
`;

function loadText(text: string, modelText = MODEL_16) {
  const dir = writeTree({ "models/m16.yaml": modelText, "experiments/e.yaml": text });
  return loadExperiment(path.join(dir, "experiments/e.yaml"), { presets: testPresets });
}

describe("experiment resolution", () => {
  it("resolves units, defaults, model references and variants", () => {
    const { spec } = loadText(EXPERIMENT);
    expect(spec.cluster.name).toBe("m16");
    expect([spec.durationNs, spec.warmupNs, spec.replications, spec.seed]).toEqual([300 * S, 10 * S, 2, 1]);
    expect(spec.workload).toEqual({
      mode: "closed",
      clients: 16,
      thinkTimeNs: 0,
      mix: { GET: 1, PUT: 0, HEAD: 0, DELETE: 0 },
      objects: { bucket: "ais://data", popularity: { kind: "zipf", s: 1.2 }, count: 1000, sizeBytes: 1_048_576 },
      hosts: 1,
    });
    expect(spec.faults).toEqual([
      // A restart stops the node gracefully unless told otherwise (SIGTERM, what rollouts send).
      { action: "rolling-restart", atNs: 60 * S, targets: "all", downNs: 45 * S, gapNs: 30 * S, signal: "term" },
      { action: "slow", atNs: 120 * S, node: "t2", factor: 3, forNs: 30 * S },
      { action: "backend-outage", atNs: 120 * S, bucket: "s3://remote" },
      { action: "stochastic", atNs: 0, class: "target", mtbfNs: 3600 * S, mttrNs: 120 * S },
    ]);
    // A duration given for a `_s` param becomes seconds; counts stay as written.
    expect(spec.variants[1]).toEqual({ name: "new", policy: "ais-sdk@1.25", set: { "outer.stop.after_attempt": 10, "outer.wait.max_s": 60 } });
    expect(spec.criteria.map((c) => c.variant)).toEqual([undefined, "new"]);
  });

  it("resolves every fault action", () => {
    const faults = [
      "{ at: 1s, action: crash, node: t1 }",
      "{ at: 1s, action: crash, node: p2, for: 30s }",
      "{ at: 1s, action: restart, node: t2, down: 45s }",
      "{ at: 1s, action: restart, node: t2, down: 45s, signal: kill }",
      "{ at: 1s, action: rolling-restart, targets: [t1, t3], down: 45s }",
      "{ at: 1s, action: hang, node: t4, for: 10s }",
      "{ at: 1s, action: slow, node: t5, factor: 2.5 }",
      "{ at: 1s, action: partition, nodes: [t6, p1], for: 20s }",
      "{ at: 1s, action: blip, duration: 1s }",
      "{ at: 1s, action: latency-spike, add: 200ms, nodes: [t7], for: 5s }",
      "{ at: 1s, action: disk-fail, node: t8, mountpath: 7 }",
      "{ at: 1s, action: backend-throttle, bucket: s3://remote, rate: 100/s, for: 1m }",
      "{ at: 1s, action: backend-outage, bucket: s3://remote }",
      "{ at: 1s, action: proxy-crash }",
      "{ action: stochastic, class: mountpath, mtbf: 10m, mttr: 1m, until: 4m }",
    ];
    const text = EXPERIMENT.replace(/faults:\n(  - .*\n)+/, `faults:\n${faults.map((f) => `  - ${f}\n`).join("")}`);
    expect(loadText(text).spec.faults).toEqual([
      { action: "crash", atNs: S, node: "t1" },
      { action: "crash", atNs: S, node: "p2", forNs: 30 * S },
      { action: "restart", atNs: S, node: "t2", downNs: 45 * S, signal: "term" },
      { action: "restart", atNs: S, node: "t2", downNs: 45 * S, signal: "kill" },
      { action: "rolling-restart", atNs: S, targets: ["t1", "t3"], downNs: 45 * S, gapNs: 0, signal: "term" },
      { action: "hang", atNs: S, node: "t4", forNs: 10 * S },
      { action: "slow", atNs: S, node: "t5", factor: 2.5 },
      { action: "partition", atNs: S, nodes: ["t6", "p1"], from: "all", forNs: 20 * S },
      { action: "blip", atNs: S, durationNs: S, nodes: "all" },
      { action: "latency-spike", atNs: S, addNs: 200_000_000, nodes: ["t7"], forNs: 5 * S },
      { action: "disk-fail", atNs: S, node: "t8", mountpath: 7 },
      { action: "backend-throttle", atNs: S, bucket: "s3://remote", ratePerS: 100, forNs: 60 * S },
      { action: "backend-outage", atNs: S, bucket: "s3://remote" },
      { action: "proxy-crash", atNs: S, node: "primary" },
      { action: "stochastic", atNs: 0, class: "mountpath", mtbfNs: 600 * S, mttrNs: 60 * S, untilNs: 240 * S },
    ]);
  });

  it("fault cross-checks: disks, proxies and backends", () => {
    const one = (fault: string) => () => loadText(EXPERIMENT.replace(/faults:\n(  - .*\n)+/, `faults:\n  - ${fault}\n`));
    expect(one("{ at: 1s, action: disk-fail, node: t1, mountpath: 8 }")).toThrow(/expected a mountpath index below 8/);
    expect(one("{ at: 1s, action: proxy-crash, node: t1 }")).toThrow(/unknown proxy "t1"/);
    expect(one("{ at: 1s, action: backend-outage, bucket: ais://data }")).toThrow(/bucket ais:\/\/data has no remote backend to fail/);
    expect(one("{ at: 1s, action: partition, nodes: [t1], from: [t77] }")).toThrow(/faults\[0\]\.from\[0\]: unknown node "t77"/);
  });

  it("open-loop workloads need a rate; a workload key of another mode is an unknown key", () => {
    const open = loadText(EXPERIMENT.replace("  clients: 16\n", "  mode: open\n  rate: 2000/m\n").replace(/sweep:.*\n/, ""));
    expect(open.spec.workload).toMatchObject({ mode: "open", ratePerS: 2000 / 60, arrival: "poisson" });
    expect(() => loadText(EXPERIMENT.replace("  clients: 16\n", "  clients: 16\n  rate: 5/s\n"))).toThrow(/unknown key "rate" \("rate" belongs to mode: open\)$/);
  });

  it("a mix must sum to 1", () => {
    expect(() => loadText(EXPERIMENT.replace("  clients: 16\n", "  clients: 16\n  mix: { GET: 0.9, PUT: 0.2 }\n"))).toThrow(/expected fractions summing to 1, got a sum of 1.1/);
  });

  it("expands the sweep row-major, first axis outermost, each point re-resolved", () => {
    const loaded = loadText(EXPERIMENT);
    expect(loaded.points.map((p) => p.assignments)).toEqual([
      { "workload.clients": 4, "variants.new.set.outer.stop.after_attempt": 3 },
      { "workload.clients": 4, "variants.new.set.outer.stop.after_attempt": 5 },
      { "workload.clients": 4, "variants.new.set.outer.stop.after_attempt": 9 },
      { "workload.clients": 8, "variants.new.set.outer.stop.after_attempt": 3 },
      { "workload.clients": 8, "variants.new.set.outer.stop.after_attempt": 5 },
      { "workload.clients": 8, "variants.new.set.outer.stop.after_attempt": 9 },
    ]);
    const p4 = loaded.points[4].spec;
    expect(p4.workload).toMatchObject({ mode: "closed", clients: 8 });
    expect(p4.variants[1].set).toEqual({ "outer.stop.after_attempt": 5, "outer.wait.max_s": 60 });
    expect(p4.sweep).toEqual(loaded.spec.sweep);
    expect(loaded.points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("sweeps a key of a model given by path", () => {
    const loaded = loadText(EXPERIMENT.replace(/sweep:.*\n/, "sweep: { cluster.targets: [4, 20], cluster.config.rebalance.quiescent: [5s] }\n"));
    expect(loaded.points.map((p) => p.spec.cluster.targets.length)).toEqual([4, 20]);
    expect(loaded.points[0].spec.cluster.config.rebalance.quiescentNs).toBe(5 * S);
    expect(loaded.points[0].spec.cluster.mountpaths.perTarget).toBe(8);
  });

  it("sweeps list items by index and variants by index or name", () => {
    const loaded = loadText(EXPERIMENT.replace(/sweep:.*\n/, 'sweep: { faults.0.down: [10s, 1m], "variants.0.policy": [ais-sdk@1.25] }\n'));
    expect(loaded.points.map((p) => (p.spec.faults[0] as { downNs: number }).downNs)).toEqual([10 * S, 60 * S]);
    expect(loaded.points.map((p) => p.spec.variants[0].policy)).toEqual(["ais-sdk@1.25", "ais-sdk@1.25"]);
    expect(() => loadText(EXPERIMENT.replace(/sweep:.*\n/, "sweep: { faults.9.down: [10s] }\n"))).toThrow(/sweep over unknown key "faults.9.down": no list item "9" at faults/);
  });

  it("a sweep shrinking the cluster below a faulted node is reported", () => {
    const text = EXPERIMENT.replace("node: t2", "node: t12").replace(/sweep:.*\n/, "sweep: { cluster.targets: [16, 8] }\n");
    const dir = writeTree({ "models/m16.yaml": MODEL_16, "experiments/e.yaml": text });
    const { errors } = checkExperimentFile(path.join(dir, "experiments/e.yaml"), { presets: testPresets });
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toEqual(["sweep", "cluster.targets", 1]);
    expect(errors[0].message).toMatch(/^sweep value 8 of "cluster.targets" is invalid: faults\[1\].node: unknown node "t12"/);
  });

  it("YAML anchors and merge keys work", () => {
    const loaded = loadText(EXPERIMENT.replace("  - { name: old, policy: ais-sdk@1.13 }", "  - &old { name: old, policy: ais-sdk@1.13 }\n  - { <<: *old, name: old2 }").replace(/sweep:.*\n/, ""));
    expect(loaded.spec.variants.map((v) => [v.name, v.policy])).toEqual([
      ["old", "ais-sdk@1.13"],
      ["old2", "ais-sdk@1.13"],
      ["new", "ais-sdk@1.25"],
    ]);
  });

  it("an empty faults:, sweep: or criteria: means none", () => {
    const loaded = loadText(EXPERIMENT.replace(/faults:\n(  - .*\n)+/, "faults:\n").replace(/sweep:.*\n/, "sweep:\n").replace(/criteria:.*\n/, "criteria:\n"));
    expect([loaded.spec.faults, loaded.spec.sweep, loaded.spec.criteria]).toEqual([[], [], []]);
  });

  it("without a sweep there is exactly one point, the spec itself", () => {
    const loaded = loadText(EXPERIMENT.replace(/sweep:.*\n/, ""));
    expect(loaded.points).toHaveLength(1);
    expect(loaded.points[0]).toEqual({ index: 0, assignments: {}, spec: loaded.spec });
  });

  it("inline clusters resolve like model files", () => {
    const inline = EXPERIMENT.replace("cluster: ../models/m16.yaml", "cluster:\n" + MODEL_16.replace("name: m16", "name: inline16").replace(/^/gm, "  ").trimEnd());
    const loaded = loadText(inline);
    expect(loaded.spec.cluster.name).toBe("inline16");
    expect(loaded.spec.cluster.targets).toHaveLength(16);
  });

  it("the spec hash ignores key order and formatting but not values", () => {
    const a = loadText(EXPERIMENT);
    const reordered = loadText(EXPERIMENT.replace("duration: 5m\nwarmup: 10s\n", "warmup: 10000ms\nduration: 300s\n"));
    expect(reordered.hash).toBe(a.hash);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).toBe(specHash(a.spec));
    const other = loadText(EXPERIMENT.replace("warmup: 10s", "warmup: 11s"));
    expect(other.hash).not.toBe(a.hash);
  });

  it("resolvePath anchors paths at the spec's directory", () => {
    const loaded = loadText(EXPERIMENT);
    expect(loaded.resolvePath("traces/a.csv")).toBe(path.join(path.dirname(path.resolve(loaded.file)), "traces/a.csv"));
  });

  it("loadModel throws for an invalid model and returns the model otherwise", () => {
    const dir = writeTree({ "m.yaml": MODEL_16, "bad.yaml": "name: x\nproxies: 0\ntargets: 1\n" });
    expect(loadModel(path.join(dir, "m.yaml")).targets).toHaveLength(16);
    expect(() => loadModel(path.join(dir, "bad.yaml"))).toThrow(/proxies: expected a count such as 3 or a list of IDs such as \[p1, p2\] \(at least 1\), got 0/);
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every level and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it("refuses non-finite numbers", () => {
    expect(() => canonicalJson({ a: NaN })).toThrow(RangeError);
  });
});
