import * as z from "zod";
import { BUCKET_NAME_EXPECTED, parseBucketName } from "./bucket-name.js";
import { bool, duration, int, nodeId, number, oneOf, positiveDuration, positiveSize, rate, strict, text } from "./schema-helpers.js";
import { contentionWorkloadSchema, kOfNWorkloadSchema, overloadWorkloadSchema } from "./schema-scenario.js";

/**
 * Schema of an experiment file as written (units converted, defaults applied). Cross-references — buckets,
 * nodes, presets, variant names in criteria, sweep keys — are checked afterwards against the cluster model
 * (see resolve-experiment.ts).
 */

const bucketRef = () =>
  z.string({ error: `expected ${BUCKET_NAME_EXPECTED}` }).refine((s) => parseBucketName(s) !== undefined, { error: `expected ${BUCKET_NAME_EXPECTED}` });

const fraction = () => z.number({ error: "expected a fraction between 0 and 1" }).min(0, { error: "expected a fraction between 0 and 1" }).max(1, { error: "expected a fraction between 0 and 1" });

const mixSchema = strict({ GET: fraction().optional(), PUT: fraction().optional(), HEAD: fraction().optional(), DELETE: fraction().optional() }, "an operation mix such as { GET: 0.9, PUT: 0.1 }")
  .superRefine((mix, ctx) => {
    const sum = (mix.GET ?? 0) + (mix.PUT ?? 0) + (mix.HEAD ?? 0) + (mix.DELETE ?? 0);
    if (Math.abs(sum - 1) > 1e-9) ctx.addIssue({ code: "custom", message: `expected fractions summing to 1, got a sum of ${sum}`, input: mix });
  })
  .transform((mix) => ({ GET: mix.GET ?? 0, PUT: mix.PUT ?? 0, HEAD: mix.HEAD ?? 0, DELETE: mix.DELETE ?? 0 }));

const objectsSchema = strict({
  bucket: bucketRef(),
  popularity: oneOf(["uniform", "zipf"]).default("uniform"),
  /** Zipf exponent. */
  s: number(0, Infinity, "a Zipf exponent").optional(),
  count: int(1, "an object count").optional(),
  size: positiveSize().optional(),
}, "an object population such as { bucket: ais://data, popularity: uniform }").superRefine((o, ctx) => {
  if (o.s !== undefined && o.popularity !== "zipf") ctx.addIssue({ code: "custom", message: `"s" applies only to popularity: zipf`, path: ["s"], input: o.s });
});

const common = {
  mix: mixSchema.prefault({ GET: 1 }),
  objects: objectsSchema,
  hosts: int(1, "a number of client hosts").optional(),
};

const workloadSchema = z.preprocess(
  // A workload without `mode` is a closed loop: the common case reads `clients: 64` and nothing more.
  (v) => (v !== null && typeof v === "object" && !Array.isArray(v) && !("mode" in v) ? { mode: "closed", ...v } : v),
  z.discriminatedUnion(
    "mode",
    [
      strict({ mode: z.literal("closed"), clients: int(1, "a number of clients"), thinkTime: duration().default(0), ...common }, "a closed-loop workload"),
      strict({ mode: z.literal("open"), rate: rate(), arrival: oneOf(["poisson", "constant"]).default("poisson"), ...common }, "an open-loop workload"),
      strict({ mode: z.literal("bulk-copy"), destination: bucketRef(), concurrency: int(1, "a number of copy workers").default(16), ...common }, "a bulk-copy workload"),
      strict({ mode: z.literal("trace-replay"), file: text("a trace file path"), speed: number(0, Infinity, "a replay speed").default(1), ...common, objects: objectsSchema.optional() }, "a trace-replay workload"),
      contentionWorkloadSchema,
      kOfNWorkloadSchema,
      overloadWorkloadSchema,
    ],
    { error: "expected a workload with mode closed (default), open, bulk-copy, trace-replay, contention, k-of-n or overload" },
  ),
);

const nodeSet = () =>
  z.union([z.literal("all"), z.array(nodeId()).min(1)], { error: 'expected "all" or a list of node IDs such as [t1, t2]' });

const at = () => duration();
/** One node ID or a list of them (several targets joining at once). */
const nodeOrNodes = () => z.union([nodeId(), z.array(nodeId()).min(1)], { error: "expected a node ID such as t17 or a list such as [t17, t18]" });
const forOpt = () => positiveDuration().optional();
/** How a restart stops the node: `term` (graceful, the default: what rollouts and systemd send) or `kill` (a crash). */
const stopSignal = () => oneOf(["term", "kill"]).default("term");

/** The failure-schedule actions; each has `at` (from the start of the run). */
export const faultSchema = z.discriminatedUnion(
  "action",
  [
    strict({ action: z.literal("crash"), at: at(), node: nodeId(), for: forOpt() }),
    strict({ action: z.literal("power-off"), at: at(), node: nodeId(), for: forOpt() }),
    strict({ action: z.literal("restart"), at: at(), node: nodeId(), down: positiveDuration(), signal: stopSignal() }),
    strict({ action: z.literal("rolling-restart"), at: at(), targets: nodeSet().default("all"), down: positiveDuration(), gap: duration().default(0), signal: stopSignal() }),
    strict({ action: z.literal("hang"), at: at(), node: nodeId(), for: forOpt() }),
    strict({ action: z.literal("slow"), at: at(), node: nodeId(), factor: number(0, Infinity, "a slowdown factor"), for: forOpt() }),
    strict({ action: z.literal("partition"), at: at(), nodes: z.array(nodeId()).min(1, { error: "expected at least one node" }), from: nodeSet().default("all"), for: forOpt() }),
    strict({ action: z.literal("blip"), at: at(), duration: positiveDuration(), nodes: nodeSet().default("all") }),
    strict({ action: z.literal("latency-spike"), at: at(), add: positiveDuration(), nodes: nodeSet().default("all"), for: forOpt() }),
    strict({ action: z.literal("disk-fail"), at: at(), node: nodeId(), mountpath: int(0, "a mountpath index").default(0) }),
    strict({ action: z.literal("backend-throttle"), at: at(), bucket: bucketRef(), rate: rate(), for: forOpt() }),
    strict({ action: z.literal("backend-outage"), at: at(), bucket: bucketRef(), for: forOpt() }),
    strict({ action: z.literal("proxy-crash"), at: at(), node: nodeId().default("primary"), for: forOpt() }),
    strict({ action: z.literal("join"), at: at(), node: nodeOrNodes() }),
    strict({ action: z.literal("maintenance"), at: at(), node: nodeOrNodes(), retry: positiveDuration().optional(), rebalance: bool().optional() }),
    strict({ action: z.literal("decommission"), at: at(), node: nodeOrNodes(), retry: positiveDuration().optional() }),
    strict({ action: z.literal("stop-maintenance"), at: at(), node: nodeOrNodes(), rebalance: bool().optional() }),
    strict({ action: z.literal("cleanup"), at: at(), force: bool().default(false) }),
    strict({
      action: z.literal("stochastic"),
      at: duration().default(0),
      class: oneOf(["target", "proxy", "mountpath"]),
      mtbf: positiveDuration(),
      mttr: positiveDuration(),
      until: positiveDuration().optional(),
    }),
  ],
  { error: "expected a fault such as { at: 2m, action: crash, node: t3 }" },
);

const variantSchema = strict({
  name: text("a variant name").regex(/^[^:\s]+$/, { error: "expected a variant name without spaces or ':'" }),
  policy: text("a retry-policy preset name such as ais-sdk@1.25"),
  description: z.string().optional(),
  set: z.record(z.string(), z.unknown(), { error: "expected a mapping of preset params such as { outer.stop.after_attempt: 10 }" }).default({}),
}, "a variant such as { name: sdk-1.25, policy: ais-sdk@1.25 }");

/** A list or mapping key left empty (`faults:` with nothing after it) means none. */
const emptyAsNone = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === null ? undefined : v), schema);

/** Keys that belong to one workload mode, for the hint on an unknown workload key. */
export const WORKLOAD_MODE_KEYS: Readonly<Record<string, string>> = {
  clients: "closed",
  thinkTime: "closed",
  rate: "open",
  arrival: "open",
  destination: "bulk-copy",
  concurrency: "bulk-copy",
  file: "trace-replay",
  speed: "trace-replay",
};

/** The experiment as written; `cluster` is checked separately (a path to a model file, or an inline model). */
export const experimentSchema = strict({
  name: text("an experiment name").regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: "expected an experiment name of letters, digits, '.', '_', '-' (it names the results directory)" }),
  description: z.string({ error: "expected a one-line description" }).optional(),
  cluster: z.unknown(),
  seed: int(0, "a seed").default(1),
  duration: positiveDuration(),
  warmup: duration().default(0),
  replications: int(1, "a number of replications").default(1),
  workload: workloadSchema,
  faults: emptyAsNone(z.array(faultSchema, { error: "expected a list of faults" }).default([])),
  variants: z.array(variantSchema, { error: "expected a list of variants" }).min(1, { error: "expected at least one variant" }),
  sweep: emptyAsNone(z.record(z.string(), z.array(z.unknown(), { error: "expected a list of values such as [16, 64, 256]" }).min(1, { error: "expected at least one value" }), { error: 'expected a mapping such as { "workload.clients": [16, 64] }' }).default({})),
  criteria: emptyAsNone(z.array(z.string({ error: 'expected a criterion string such as "failed == 0"' }), { error: "expected a list of criteria" }).default([])),
}, "an experiment");

/** The validated experiment before cross-references are resolved. */
export type RawExperiment = z.output<typeof experimentSchema>;
/** One validated fault as written. */
export type RawFault = z.output<typeof faultSchema>;
