import * as z from "zod";
import { DEFAULT_TEMPLATE, parseTemplate } from "../../placement/name-pattern.js";
import { AIS_DEFAULTS, DEFAULT_BACKEND, DEFAULT_MOUNTPATHS, DEFAULT_NETWORK, DISK_KIND_DEFAULTS } from "../../model/defaults.js";
import { BUCKET_NAME_EXPECTED, parseBucketName } from "./bucket-name.js";
import { bandwidth, bool, duration, int, nodeId, oneOf, positiveDuration, positiveSize, rate, size, strict, text } from "./schema-helpers.js";
import type { AisConfig, BucketSpec, ClusterSpec } from "../../model/cluster.js";

/** Proxies or targets: a count (IDs `p1`…/`t1`…) or an explicit list of unique IDs. */
function nodeList(prefix: "p" | "t") {
  const expected = `a count such as 3 or a list of IDs such as [${prefix}1, ${prefix}2]`;
  return z.unknown().transform((input, ctx): string[] => {
    if (typeof input === "number") {
      if (Number.isSafeInteger(input) && input >= 1) return Array.from({ length: input }, (_, i) => `${prefix}${i + 1}`);
      ctx.addIssue({ code: "custom", message: `expected ${expected} (at least 1), got ${input}`, input });
      return z.NEVER;
    }
    if (!Array.isArray(input) || input.length === 0) {
      ctx.addIssue({ code: "custom", message: `expected ${expected}`, input });
      return z.NEVER;
    }
    const seen = new Set<string>();
    input.forEach((id, i) => {
      const checked = nodeId().safeParse(id);
      if (!checked.success) ctx.addIssue({ code: "custom", message: `${checked.error.issues[0].message}, got ${JSON.stringify(id)}`, path: [i], input: id });
      else if (seen.has(id as string)) ctx.addIssue({ code: "custom", message: `duplicate node ID ${JSON.stringify(id)}`, path: [i], input: id });
      seen.add(id as string);
    });
    return input as string[];
  });
}

const D = AIS_DEFAULTS;

/** AIStore knobs; each absent knob takes AIStore's default. */
const configSchema = strict({
  keepalive: strict({
    interval: positiveDuration().default(D.keepalive.intervalNs),
    timeout: positiveDuration().default(D.keepalive.timeoutNs),
    maxTimeout: positiveDuration().default(D.keepalive.maxTimeoutNs),
    retryInterval: positiveDuration().default(D.keepalive.retryIntervalNs),
    failures: int(1).default(D.keepalive.failures),
  }).prefault({}),
  timeouts: strict({
    cplaneOperation: positiveDuration().default(D.timeouts.cplaneOperationNs),
    metasync: positiveDuration().default(D.timeouts.metasyncNs),
    coldGetConflict: positiveDuration().default(D.timeouts.coldGetConflictNs),
    sendFile: positiveDuration().default(D.timeouts.sendFileNs),
    lockPoll: positiveDuration().default(D.timeouts.lockPollNs),
  }).prefault({}),
  metasync: strict({
    retries: int(0).default(D.metasync.retries),
    retryInterval: positiveDuration().default(D.metasync.retryIntervalNs),
  }).prefault({}),
  gfn: strict({
    timed: duration().default(D.gfn.timedNs),
    headTimeout: positiveDuration().default(D.gfn.headTimeoutNs),
    getTimeout: positiveDuration().default(D.gfn.getTimeoutNs),
  }).prefault({}),
  rebalance: strict({
    enabled: bool().default(D.rebalance.enabled),
    destRetryTime: positiveDuration().default(D.rebalance.destRetryTimeNs),
    quiescent: positiveDuration().default(D.rebalance.quiescentNs),
    bundleMultiplier: int(1).default(D.rebalance.bundleMultiplier),
    compression: oneOf(["never", "always"]).default(D.rebalance.compression),
  }).prefault({}),
  ec: strict({
    enabled: bool().default(D.ec.enabled),
    data: int(1).default(D.ec.data),
    parity: int(1).default(D.ec.parity),
    objSizeLimit: size().default(D.ec.objSizeLimitBytes),
  }).prefault({}),
  mirror: strict({
    enabled: bool().default(D.mirror.enabled),
    copies: int(1).default(D.mirror.copies),
  }).prefault({}),
  // Cluster feature flags by AIStore's names (cmn/feat/feat.go); the ones the model knows.
  features: z.array(oneOf(["LoadBalanceGET"])).default([...D.features]),
}).prefault({});

const backendSchema = strict({
  get: rate().optional(),
  put: rate().optional(),
  latency: duration().optional(),
  bandwidth: bandwidth().optional(),
});

const bucketNameSchema = z.string({ error: `expected ${BUCKET_NAME_EXPECTED}` }).refine((s) => parseBucketName(s) !== undefined, { error: `expected ${BUCKET_NAME_EXPECTED}` });

/** An object-name template with one counter, as `aisim place` reads it (`obj-%08d`). */
const templateSchema = z.string({ error: "expected an object-name template such as obj-%08d" }).superRefine((t, ctx) => {
  try {
    parseTemplate(t);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: `expected an object-name template such as obj-%08d: ${(error as Error).message}`, input: t });
  }
});

const bucketSchema = strict({
  name: bucketNameSchema,
  objects: int(0, "an object count"),
  size: positiveSize(),
  template: templateSchema.default(DEFAULT_TEMPLATE),
  backend: backendSchema.optional(),
});

/** The model as written, before IDs, kinds and buckets are resolved. */
function modelShape(nameRequired: boolean) {
  return {
    name: nameRequired ? text("a model name") : text("a model name").optional(),
    description: z.string({ error: "expected a one-line description" }).optional(),
    proxies: nodeList("p"),
    targets: nodeList("t"),
    /** Targets that exist but are outside the cluster map at t=0; a `join` fault brings one in. */
    standby: z.array(text("a target ID"), { error: "expected a list of target IDs such as [t17, t18]" }).optional(),
    mountpaths: strict({
      perTarget: int(1).optional(),
      paths: z.array(text("a mountpath path such as /ais/mp1"), { error: "expected a list of mountpath paths such as [/ais/mp1, /ais/mp2]" }).min(1, { error: "expected at least one mountpath path" }).optional(),
      kind: oneOf(["hdd", "ssd", "nvme"]).default(DEFAULT_MOUNTPATHS.kind),
      bandwidth: bandwidth().optional(),
      writeBandwidth: bandwidth().optional(),
      latency: duration().optional(),
      concurrency: int(1).optional(),
    }).prefault({}),
    network: strict({
      nic: bandwidth().default(DEFAULT_NETWORK.nicBytesPerS),
      rtt: duration().default(DEFAULT_NETWORK.rttNs),
    }).prefault({}),
    clients: strict({ hosts: int(1).default(1), nic: bandwidth().optional() }).prefault({}),
    buckets: z.array(bucketSchema, { error: "expected a list of buckets such as [{ name: ais://data, objects: 1000, size: 1MiB }]" }).default([]),
    config: configSchema,
  };
}

type RawModel = z.output<z.ZodObject<ReturnType<typeof modelShape>>>;

/** Turns the validated raw model into the resolved ClusterSpec, reporting cross-field problems. */
function resolveModel(raw: RawModel, ctx: z.core.$RefinementCtx<RawModel>, defaultName: string): ClusterSpec {
  const proxySet = new Set(raw.proxies);
  (raw.standby ?? []).forEach((id, i) => {
    if (!raw.targets.includes(id)) ctx.addIssue({ code: "custom", message: `standby ${JSON.stringify(id)} is not one of the model's targets`, path: ["standby", i], input: id });
  });
  raw.targets.forEach((id, i) => {
    if (proxySet.has(id)) ctx.addIssue({ code: "custom", message: `node ID ${JSON.stringify(id)} is both a proxy and a target`, path: ["targets", i], input: id });
  });
  const seenBuckets = new Set<string>();
  const buckets = raw.buckets.map((b, i): BucketSpec => {
    const parsed = parseBucketName(b.name)!;
    if (seenBuckets.has(b.name)) ctx.addIssue({ code: "custom", message: `duplicate bucket ${JSON.stringify(b.name)}`, path: ["buckets", i, "name"], input: b.name });
    seenBuckets.add(b.name);
    const remote = parsed.provider !== "ais";
    const backend =
      remote || b.backend
        ? {
            getPerS: b.backend?.get ?? DEFAULT_BACKEND.getPerS,
            putPerS: b.backend?.put ?? DEFAULT_BACKEND.putPerS,
            latencyNs: b.backend?.latency ?? DEFAULT_BACKEND.latencyNs,
            bandwidthBytesPerS: b.backend?.bandwidth ?? DEFAULT_BACKEND.bandwidthBytesPerS,
          }
        : undefined;
    return { name: b.name, ...parsed, objects: b.objects, objectSizeBytes: b.size, template: b.template, ...(backend ? { backend } : {}) };
  });
  const c = raw.config;
  if (c.ec.enabled && raw.targets.length < c.ec.data + c.ec.parity + 1) {
    ctx.addIssue({
      code: "custom",
      message: `erasure coding ${c.ec.data}+${c.ec.parity} needs at least ${c.ec.data + c.ec.parity + 1} targets, the model has ${raw.targets.length}`,
      path: ["config", "ec", "enabled"],
      input: true,
    });
  }
  const config: AisConfig = {
    keepalive: { intervalNs: c.keepalive.interval, timeoutNs: c.keepalive.timeout, maxTimeoutNs: c.keepalive.maxTimeout, retryIntervalNs: c.keepalive.retryInterval, failures: c.keepalive.failures },
    timeouts: { cplaneOperationNs: c.timeouts.cplaneOperation, metasyncNs: c.timeouts.metasync, coldGetConflictNs: c.timeouts.coldGetConflict, sendFileNs: c.timeouts.sendFile, lockPollNs: c.timeouts.lockPoll },
    metasync: { retries: c.metasync.retries, retryIntervalNs: c.metasync.retryInterval },
    gfn: { timedNs: c.gfn.timed, headTimeoutNs: c.gfn.headTimeout, getTimeoutNs: c.gfn.getTimeout },
    rebalance: { enabled: c.rebalance.enabled, destRetryTimeNs: c.rebalance.destRetryTime, quiescentNs: c.rebalance.quiescent, bundleMultiplier: c.rebalance.bundleMultiplier, compression: c.rebalance.compression },
    ec: { enabled: c.ec.enabled, data: c.ec.data, parity: c.ec.parity, objSizeLimitBytes: c.ec.objSizeLimit },
    mirror: { enabled: c.mirror.enabled, copies: c.mirror.copies },
    features: c.features,
  };
  const disk = DISK_KIND_DEFAULTS[raw.mountpaths.kind];
  const perTarget = raw.mountpaths.perTarget ?? raw.mountpaths.paths?.length ?? DEFAULT_MOUNTPATHS.perTarget;
  const paths = raw.mountpaths.paths ?? Array.from({ length: perTarget }, (_, i) => `/ais/mp${i + 1}`);
  if (paths.length !== perTarget) {
    ctx.addIssue({ code: "custom", message: `expected ${perTarget} mountpath paths (perTarget), got ${paths.length}`, path: ["mountpaths", "paths"], input: paths });
  }
  paths.forEach((p, i) => {
    if (paths.indexOf(p) !== i) ctx.addIssue({ code: "custom", message: `duplicate mountpath path ${JSON.stringify(p)}`, path: ["mountpaths", "paths", i], input: p });
  });
  return {
    name: raw.name ?? defaultName,
    ...(raw.description !== undefined ? { description: raw.description } : {}),
    proxies: raw.proxies,
    targets: raw.targets,
    ...(raw.standby !== undefined ? { standby: raw.standby } : {}),
    mountpaths: {
      perTarget,
      kind: raw.mountpaths.kind,
      paths,
      bandwidthBytesPerS: raw.mountpaths.bandwidth ?? disk.bandwidthBytesPerS,
      // A single `bandwidth` given for a disk stands for both directions.
      writeBandwidthBytesPerS: raw.mountpaths.writeBandwidth ?? raw.mountpaths.bandwidth ?? disk.writeBandwidthBytesPerS,
      latencyNs: raw.mountpaths.latency ?? disk.latencyNs,
      concurrency: raw.mountpaths.concurrency ?? disk.concurrency,
    },
    network: { nicBytesPerS: raw.network.nic, rttNs: raw.network.rtt },
    clients: { hosts: raw.clients.hosts, nicBytesPerS: raw.clients.nic ?? raw.network.nic },
    buckets,
    config,
  };
}

/** Schema of a model file (`name` required). */
export const modelFileSchema = strict(modelShape(true), "a cluster model").transform((raw, ctx) => resolveModel(raw, ctx, raw.name ?? ""));

/** Schema of a model written inline under an experiment's `cluster:` (`name` optional, default `inline`). */
export const inlineModelSchema = strict(modelShape(false), "an inline cluster model").transform((raw, ctx) => resolveModel(raw, ctx, "inline"));
