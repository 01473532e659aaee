import { canonicalJson } from "./canonical-json.js";
import { parseCriterion, STANDARD_METRICS, type PointScopeEntry } from "../stats/criteria.js";
import { didYouMean, suggest } from "./did-you-mean.js";
import { catalogHas, metricCatalog, type MetricCatalog } from "../stats/metric-catalog.js";
import type { PresetCatalog } from "./preset-catalog.js";
import type { RawExperiment, RawFault } from "./schema-experiment.js";
import type { KeyPath } from "./spec-error.js";
import type { BucketSpec, ClusterSpec } from "../../model/cluster.js";
import { FAULT_ACTIONS, type FaultSpec, type NodeSet } from "../../model/faults.js";
import type { Criterion, ExperimentSpec, VariantSpec, WorkloadSpec } from "./spec-types.js";
import { InputError } from "../../util/input-error.js";
import { msFromNs, sFromNs } from "../../kernel/time.js";
import { parseDuration } from "./units.js";
import { shown } from "./zod-issues.js";

/** Reports a problem at a key path (`at: "key"` points at the key, else at the value; `index` inside a string). */
export type Report = (path: KeyPath, message: string, options?: { at?: "key" | "value"; index?: number; warning?: boolean }) => void;

/** Short list of node IDs for messages: `t1…t16` when numbered consecutively, else the first few. */
function describeIds(ids: readonly string[]): string {
  const m = /^([a-z]+)1$/.exec(ids[0] ?? "");
  if (m && ids.every((id, i) => id === `${m[1]}${i + 1}`)) return ids.length === 1 ? ids[0] : `${ids[0]}…${ids[ids.length - 1]}`;
  return ids.length <= 6 ? ids.join(", ") : `${ids.slice(0, 5).join(", ")}, … (${ids.length} in all)`;
}

/** The fields of a raw fault that name nodes, in the order they are checked. */
const NODE_FIELDS = ["node", "nodes", "targets", "from"] as const;

/** Checks the nodes a fault names exist in the model, with the kind its action takes (FAULT_ACTIONS). */
function checkFaultNodes(fault: RawFault, path: KeyPath, model: ClusterSpec, report: Report): void {
  const targets = new Set(model.targets);
  const proxies = new Set(model.proxies);
  const has = `the model ${model.name} has targets ${describeIds(model.targets)} and proxies ${describeIds(model.proxies)}`;
  const kinds = {
    target: { noun: "target", ok: (id: string) => targets.has(id), candidates: model.targets },
    proxy: { noun: "proxy", ok: (id: string) => id === "primary" || proxies.has(id), candidates: ["primary", ...model.proxies] },
    server: { noun: "node", ok: (id: string) => targets.has(id) || proxies.has(id), candidates: [...model.targets, ...model.proxies] },
  };
  const nodeKind = FAULT_ACTIONS[fault.action].nodeKind;
  if (nodeKind === "bucket" || nodeKind === "class" || nodeKind === "none") return;
  const { noun, ok, candidates } = kinds[nodeKind];
  const need = (id: string, where: KeyPath) => {
    if (!ok(id)) report(where, `unknown ${noun} "${id}"${didYouMean(id, candidates)}: ${has}`);
  };
  const fields = fault as Partial<Record<(typeof NODE_FIELDS)[number], NodeSet | string>>;
  for (const key of NODE_FIELDS) {
    const value = fields[key];
    if (typeof value === "string") {
      if (value !== "all" || key === "node") need(value, [...path, key]);
    } else if (value !== undefined) value.forEach((id, i) => need(id, [...path, key, i]));
  }
  if (fault.action === "disk-fail" && fault.mountpath >= model.mountpaths.perTarget) {
    report([...path, "mountpath"], `expected a mountpath index below ${model.mountpaths.perTarget} (the model has ${model.mountpaths.perTarget} per target), got ${fault.mountpath}`);
  }
}

/** The model's bucket of that name, or a report saying which buckets exist. */
function findBucket(name: string, where: KeyPath, model: ClusterSpec, report: Report): BucketSpec | undefined {
  const bucket = model.buckets.find((b) => b.name === name);
  if (!bucket) {
    const names = model.buckets.map((b) => b.name);
    report(where, `unknown bucket "${name}"${didYouMean(name, names)}: the model ${model.name} has ${names.length === 0 ? "no buckets" : names.join(", ")}`);
  }
  return bucket;
}

/** Converts a fault as written to the resolved form (units already converted by the schema). */
function toFaultSpec(f: RawFault): FaultSpec {
  const forNs = "for" in f && f.for !== undefined ? { forNs: f.for } : {};
  switch (f.action) {
    case "crash":
    case "power-off":
    case "hang":
    case "proxy-crash":
      return { action: f.action, atNs: f.at, node: f.node, ...forNs };
    case "restart":
      return { action: f.action, atNs: f.at, node: f.node, downNs: f.down, signal: f.signal };
    case "rolling-restart":
      return { action: f.action, atNs: f.at, targets: f.targets, downNs: f.down, gapNs: f.gap, signal: f.signal };
    case "slow":
      return { action: f.action, atNs: f.at, node: f.node, factor: f.factor, ...forNs };
    case "partition":
      return { action: f.action, atNs: f.at, nodes: f.nodes, from: f.from, ...forNs };
    case "blip":
      return { action: f.action, atNs: f.at, durationNs: f.duration, nodes: f.nodes };
    case "latency-spike":
      return { action: f.action, atNs: f.at, addNs: f.add, nodes: f.nodes, ...forNs };
    case "disk-fail":
      return { action: f.action, atNs: f.at, node: f.node, mountpath: f.mountpath };
    case "join":
      return { action: f.action, atNs: f.at, node: f.node };
    case "stop-maintenance":
      return { action: f.action, atNs: f.at, node: f.node, ...(f.rebalance === false ? { rebalance: false } : {}) };
    case "maintenance":
      return { action: f.action, atNs: f.at, node: f.node, ...(f.retry !== undefined ? { retryNs: f.retry } : {}), ...(f.rebalance === false ? { rebalance: false } : {}) };
    case "decommission":
      return { action: f.action, atNs: f.at, node: f.node, ...(f.retry !== undefined ? { retryNs: f.retry } : {}) };
    case "cleanup":
      return { action: f.action, atNs: f.at, force: f.force };
    case "backend-throttle":
      return { action: f.action, atNs: f.at, bucket: f.bucket, ratePerS: f.rate, ...forNs };
    case "backend-outage":
      return { action: f.action, atNs: f.at, bucket: f.bucket, ...forNs };
    case "stochastic":
      return { action: f.action, atNs: f.at, class: f.class, mtbfNs: f.mtbf, mttrNs: f.mttr, ...(f.until !== undefined ? { untilNs: f.until } : {}) };
  }
}

/** Resolves the workload against the model: bucket references, default count/size/hosts. */
function resolveWorkload(raw: RawExperiment["workload"], model: ClusterSpec, report: Report): WorkloadSpec | undefined {
  // Scenario modes model their own servers: nothing to resolve against the cluster model.
  if (raw.mode === "contention" || raw.mode === "k-of-n" || raw.mode === "overload") return raw;
  let objects = raw.objects;
  if (!objects) {
    if (model.buckets.length === 0) {
      report(["workload"], `missing required key "objects": the model ${model.name} has no buckets to default to`);
      return undefined;
    }
    objects = { bucket: model.buckets[0].name, popularity: "uniform" };
  }
  const bucket = findBucket(objects.bucket, ["workload", "objects", "bucket"], model, report);
  if (!bucket) return undefined;
  const count = objects.count ?? bucket.objects;
  if (count < 1) {
    report(["workload", "objects", "bucket"], `bucket ${bucket.name} has no objects in the model; give workload.objects.count`);
    return undefined;
  }
  const popularity = objects.popularity === "zipf" ? { kind: "zipf" as const, s: objects.s ?? 0.99 } : { kind: "uniform" as const };
  const common = { mix: raw.mix, objects: { bucket: bucket.name, popularity, count, sizeBytes: objects.size ?? bucket.objectSizeBytes }, hosts: raw.hosts ?? model.clients.hosts };
  switch (raw.mode) {
    case "closed":
      return { mode: "closed", clients: raw.clients, thinkTimeNs: raw.thinkTime, ...common };
    case "open":
      return { mode: "open", ratePerS: raw.rate, arrival: raw.arrival, ...common };
    case "bulk-copy":
      if (!findBucket(raw.destination, ["workload", "destination"], model, report)) return undefined;
      return { mode: "bulk-copy", destination: raw.destination, concurrency: raw.concurrency, ...common };
    case "trace-replay":
      return { mode: "trace-replay", file: raw.file, speed: raw.speed, ...common };
  }
}

/** Checks a variant's preset and params; converts duration strings given for numeric params to seconds. */
function resolveVariant(raw: RawExperiment["variants"][number], index: number, presets: PresetCatalog, report: Report): VariantSpec {
  const path = ["variants", index];
  const preset = presets.find(raw.policy);
  const set: Record<string, unknown> = {};
  if (!preset) {
    const names = presets.names();
    report([...path, "policy"], `unknown retry-policy preset "${raw.policy}"${didYouMean(raw.policy, names)}; known presets: ${names.length === 0 ? "(none)" : names.join(", ")}`);
    return { name: raw.name, policy: raw.policy, set: raw.set };
  }
  const params = new Map(preset.params.map((p) => [p.key, p]));
  for (const [key, value] of Object.entries(raw.set)) {
    const param = params.get(key);
    if (!param) {
      report([...path, "set", key], `unknown param "${key}" of preset ${preset.name}${didYouMean(key, [...params.keys()])}; its params: ${[...params.keys()].join(", ")}`, { at: "key" });
      continue;
    }
    set[key] = convertParam(key, value, [...path, "set", key], report);
  }
  // Building the policy checks each value's kind and the constraints between values (e.g. cap ≥ base): each
  // parameter alone first, so every bad one is reported in one pass, then the good ones together.
  const good: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(set)) {
    const problem = createProblem(preset, { [key]: value });
    if (problem === undefined) good[key] = value;
    else report([...path, "set", key], problem);
  }
  if (Object.keys(good).length === Object.keys(set).length) {
    const problem = createProblem(preset, good);
    if (problem !== undefined) {
      const key = Object.keys(set).find((k) => problem.includes(k));
      report(key !== undefined ? [...path, "set", key] : [...path, "policy"], problem);
    }
  }
  return { name: raw.name, policy: raw.policy, set };
}

/** The bad-input message of building a policy from `set`, or undefined when it builds. */
function createProblem(preset: { create(set: Record<string, unknown>): unknown }, set: Record<string, unknown>): string | undefined {
  try {
    preset.create(set);
    return undefined;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return error.message;
  }
}

/**
 * A param value as the preset takes it: a duration string given for a param whose key says seconds (`…_s`) or
 * milliseconds (`…_ms`) is converted to that unit; everything else is passed as written (the preset checks kinds).
 */
function convertParam(key: string, value: unknown, where: KeyPath, report: Report): unknown {
  const unit = /_(s|ms)$/.exec(key)?.[1];
  if (unit === undefined || typeof value !== "string") return value;
  const d = parseDuration(value);
  if (d.ok) return unit === "s" ? sFromNs(d.value) : msFromNs(d.value);
  report(where, `expected a number of ${unit === "s" ? "seconds" : "milliseconds"} or a duration such as 2s, got ${shown(value)}`);
  return value;
}

/** A sweep value as criteria and messages write it: strings as they are, anything else as JSON. */
function sweepValueText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * Maps a criterion's `[key=value, …]` scope onto the sweep: each key must be a sweep key or a dot-suffix of
 * exactly one (`down` → `faults.0.down`), each value one of that key's values. Reports the first problem at its
 * character and returns undefined.
 */
function resolvePointScope(entries: readonly PointScopeEntry[], sweep: Readonly<Record<string, readonly unknown[]>>, where: KeyPath, report: Report): Record<string, unknown> | undefined {
  const keys = Object.keys(sweep);
  const point: Record<string, unknown> = {};
  for (const entry of entries) {
    if (keys.length === 0) {
      report(where, `a sweep-point scope needs a sweep, and this experiment has none`, { index: entry.keyIndex });
      return undefined;
    }
    const matches = keys.filter((k) => k === entry.key || k.endsWith(`.${entry.key}`));
    const key = matches.includes(entry.key) ? entry.key : matches.length === 1 ? matches[0] : undefined;
    if (key === undefined) {
      const why = matches.length > 1 ? `ambiguous sweep key "${entry.key}": it ends ${matches.join(", ")}; write the whole key` : `unknown sweep key "${entry.key}"${didYouMean(entry.key, [...keys, ...keys.map((k) => k.slice(k.lastIndexOf(".") + 1))])}`;
      report(where, `${why}; sweep keys: ${keys.join(", ")}`, { index: entry.keyIndex });
      return undefined;
    }
    if (key in point) {
      report(where, `sweep key "${key}" appears twice in the scope`, { index: entry.keyIndex });
      return undefined;
    }
    const values = sweep[key];
    const value = values.find((v) => canonicalJson(v) === canonicalJson(entry.value));
    if (value === undefined) {
      const texts = values.map(sweepValueText);
      report(where, `the sweep has no value ${entry.valueText} for ${key}${didYouMean(entry.valueText, texts)}; its values: ${texts.join(", ")}`, { index: entry.valueIndex });
      return undefined;
    }
    point[key] = value;
  }
  return point;
}

/**
 * Parses the criteria; variant prefixes must name a variant, sweep-point scopes a sweep key and value, and
 * metrics one the runs report when that is known (`catalog`), else a name far from the standard ones (a near
 * miss is a warning).
 */
function resolveCriteria(texts: readonly string[], variantNames: readonly string[], sweep: Readonly<Record<string, readonly unknown[]>>, catalog: MetricCatalog | undefined, report: Report): Criterion[] {
  const out: Criterion[] = [];
  texts.forEach((text, i) => {
    const parsed = parseCriterion(text);
    if (!parsed.ok) {
      report(["criteria", i], parsed.message, { index: parsed.index });
      return;
    }
    const point = parsed.point !== undefined ? resolvePointScope(parsed.point, sweep, ["criteria", i], report) : undefined;
    if (parsed.point !== undefined && point === undefined) return;
    const variant = parsed.criterion.variant;
    if (variant !== undefined && !variantNames.includes(variant)) {
      report(["criteria", i], `unknown variant "${variant}"${didYouMean(variant, variantNames)}; variants: ${variantNames.join(", ")}`, { index: parsed.variantIndex });
      return;
    }
    let metricsOk = true;
    for (const { metric, index } of parsed.metrics) {
      if (catalog !== undefined) {
        // The runs' metric names are known: any other name would fail at every run, so it is an error now.
        if (catalogHas(catalog, metric)) continue;
        const hint = didYouMean(metric, catalog.names);
        const known = hint !== "" ? `${catalog.runs} do not report it` : `${catalog.runs} report ${[...catalog.names, ...catalog.patterns.map((p) => p.shown)].join(", ")}`;
        const why = catalog.absent[metric] ?? `unknown metric "${metric}"${hint}: ${known}`;
        report(["criteria", i], why, { index });
        metricsOk = false;
        continue;
      }
      // Any metric name is allowed (experiments add their own), but one edit off a standard name is likely a typo.
      if (STANDARD_METRICS.includes(metric) || /^failed_[a-z0-9_]+$/.test(metric)) continue;
      const close = suggest(metric, STANDARD_METRICS);
      if (close !== undefined) report(["criteria", i], `metric "${metric}" is not a standard metric (did you mean "${close}"?); it fails if no run reports it`, { index, warning: true });
    }
    if (!metricsOk) return;
    out.push(point !== undefined ? { ...parsed.criterion, point } : parsed.criterion);
  });
  return out;
}

/** Builds the resolved experiment from its validated fields and the resolved model, reporting cross-field errors. */
export function resolveExperiment(raw: RawExperiment, model: ClusterSpec, presets: PresetCatalog, report: Report): ExperimentSpec | undefined {
  let ok = true;
  const check: Report = (path, message, options) => {
    if (!options?.warning) ok = false;
    report(path, message, options);
  };
  if (raw.warmup >= raw.duration) check(["warmup"], `expected a warmup shorter than the duration (${shown(sFromNs(raw.duration))} s), got ${sFromNs(raw.warmup)} s`);
  const workload = resolveWorkload(raw.workload, model, check);
  raw.faults.forEach((fault, i) => {
    const path = ["faults", i];
    if (fault.at >= raw.duration) check([...path, "at"], `expected a time before the end of the run (duration ${sFromNs(raw.duration)} s), got ${sFromNs(fault.at)} s`);
    checkFaultNodes(fault, path, model, check);
    if (fault.action === "backend-throttle" || fault.action === "backend-outage") {
      const bucket = findBucket(fault.bucket, [...path, "bucket"], model, check);
      if (bucket && !bucket.backend) check([...path, "bucket"], `bucket ${bucket.name} has no remote backend to ${fault.action === "backend-outage" ? "fail" : "throttle"}`);
    }
  });
  const seen = new Set<string>();
  raw.variants.forEach((v, i) => {
    if (seen.has(v.name)) check(["variants", i, "name"], `duplicate variant name "${v.name}"`);
    seen.add(v.name);
  });
  const variants = raw.variants.map((v, i) => resolveVariant(v, i, presets, check));
  const catalog = metricCatalog(raw.workload.mode, raw.faults.length > 0);
  const criteria = resolveCriteria(raw.criteria, raw.variants.map((v) => v.name), raw.sweep, catalog, check);
  if (!ok || !workload) return undefined;
  return {
    name: raw.name,
    ...(raw.description !== undefined ? { description: raw.description } : {}),
    cluster: model,
    seed: raw.seed,
    durationNs: raw.duration,
    warmupNs: raw.warmup,
    replications: raw.replications,
    workload,
    faults: raw.faults.map(toFaultSpec),
    variants,
    sweep: Object.entries(raw.sweep).map(([key, values]) => ({ key, values })),
    criteria,
  };
}
