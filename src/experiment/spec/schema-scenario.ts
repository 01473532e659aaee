import * as z from "zod";
import { duration, int, number, oneOf, positiveDuration, rate, strict } from "./schema-helpers.js";

/**
 * Schemas of the scenario workload modes (src/scenarios/): small dedicated models of classic
 * experiments that need no cluster traffic. Each resolves straight to the scenario's config shape.
 */

const fractionBelowOne = () =>
  z.number({ error: "expected a fraction of capacity lost, from 0 up to (not including) 1" })
    .min(0, { error: "expected a fraction of capacity lost, from 0 up to (not including) 1" })
    .lt(1, { error: "expected a fraction of capacity lost, from 0 up to (not including) 1" });

/** `mode: contention` — optimistic-concurrency clients retrying a conditional write until it succeeds. */
export const contentionWorkloadSchema = strict(
  {
    mode: z.literal("contention"),
    clients: int(1, "a number of clients"),
    /** Network delay of every message: |N(delay, delaySd)|. */
    delay: positiveDuration().default(10_000_000),
    delaySd: duration().default(2_000_000),
    conflictStatus: int(100, "an HTTP status").default(409),
  },
  "a contention workload such as { mode: contention, clients: 100 }",
).transform((w) => ({ mode: w.mode, clients: w.clients, delayMeanNs: w.delay, delaySdNs: w.delaySd, conflictStatus: w.conflictStatus }));

/** `mode: k-of-n` — erasure-coded downloads needing k shares of N servers, one hung and one slow. */
export const kOfNWorkloadSchema = strict(
  {
    mode: z.literal("k-of-n"),
    k: int(1, "a number of shares needed"),
    servers: int(1, "a number of servers"),
    downloads: int(1, "a number of downloads"),
    fetch: positiveDuration().default(50_000_000),
    fetchSigma: z.number({ error: "expected a lognormal sigma ≥ 0" }).min(0, { error: "expected a lognormal sigma ≥ 0" }).default(0.25),
    hung: int(0, "a number of hung servers").default(1),
    slow: int(0, "a number of slow servers").default(1),
    slowFactor: number(0, Infinity, "a slowdown factor").default(10),
    timeout: positiveDuration().default(30_000_000_000),
    selection: oneOf(["random", "fastest-first"]).default("random"),
  },
  "a k-of-n workload such as { mode: k-of-n, k: 3, servers: 10, downloads: 200 }",
)
  .superRefine((w, ctx) => {
    if (w.k > w.servers) ctx.addIssue({ code: "custom", message: `expected k ≤ servers (${w.servers}), got ${w.k}`, path: ["k"], input: w.k });
    if (w.hung + w.slow > w.servers) ctx.addIssue({ code: "custom", message: `expected hung + slow ≤ servers (${w.servers})`, path: ["hung"], input: w.hung });
  })
  .transform((w) => ({
    mode: w.mode,
    k: w.k,
    servers: w.servers,
    downloads: w.downloads,
    fetchNs: w.fetch,
    fetchSigma: w.fetchSigma,
    hung: w.hung,
    slow: w.slow,
    slowFactor: w.slowFactor,
    timeoutNs: w.timeout,
    selection: w.selection,
  }));

/** `mode: overload` — an open-loop load on one server with a CPU queue and a temporary capacity drop. */
export const overloadWorkloadSchema = strict(
  {
    mode: z.literal("overload"),
    rate: rate(),
    arrival: oneOf(["poisson", "constant"]).default("poisson"),
    workers: int(1, "a number of server workers").default(1),
    service: positiveDuration(),
    timeout: positiveDuration().default(3_000_000_000),
    hosts: int(1, "a number of client hosts").default(1),
    trigger: strict({ at: duration(), for: positiveDuration(), drop: fractionBelowOne() }, "a trigger such as { at: 20s, for: 10s, drop: 0.8 }"),
  },
  "an overload workload such as { mode: overload, rate: 1000/s, service: 800us, trigger: { at: 20s, for: 10s, drop: 0.8 } }",
).transform((w) => ({
  mode: w.mode,
  ratePerS: w.rate,
  arrival: w.arrival,
  workers: w.workers,
  serviceNs: w.service,
  timeoutNs: w.timeout,
  hosts: w.hosts,
  trigger: { atNs: w.trigger.at, forNs: w.trigger.for, drop: w.trigger.drop },
}));
