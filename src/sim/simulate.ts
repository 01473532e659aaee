import { Simulator } from "../kernel/index.js";
import { NS_PER_HOUR, nsFromS } from "../kernel/time.js";
import { requirePreset } from "../retry/presets/index.js";
import type { RetryPolicy } from "../retry/contract.js";
import {
  checkBytesConserved,
  checkDataMovement,
  checkNoPendingInPast,
  checkRequestsEndOnce,
  ObjectVersionLedger,
  type Violation,
} from "../checkers/index.js";
import {
  RunMetrics,
  type HdrHistogram,
  standardRunFigures,
  type PerSecondTable,
  type RequestRecord,
  type RunSummary,
  type SmapObservation,
} from "../metrics/index.js";
import { isHedgingPolicy } from "../retry/libraries/hedging.js";
import { requestContexts, type ClientHost, type OutcomeKindIds } from "../workload/clients/request-driver.js";
import { ObjectPicker, ObjectSizes, OpPicker } from "../workload/population.js";
import type { ClientGenerator, ClientPoolContext } from "../workload/clients/client-pool.js";
import { ClosedLoop } from "../workload/clients/closed-loop.js";
import { OpenLoop } from "../workload/clients/open-loop.js";
import { BulkCopy } from "../workload/clients/bulk-copy.js";
import { TraceReplay } from "../workload/clients/trace-replay.js";
import { FaultSchedule, type FaultEvent } from "../workload/faults/fault-schedule.js";
import { Cluster } from "../cluster/cluster.js";
import { UtilisationSampler, type UtilisationSeries } from "../cluster/resources/index.js";
import { clusterKnobs } from "../model/knobs.js";
import type { SimConfig } from "./sim-config.js";
import type { MembershipEvent } from "../cluster/control-plane.js";
import type { Placement } from "../cluster/ownership/placement-port.js";
import { objectName } from "../cluster/ownership/placement-port.js";
import { DataMovement } from "../cluster/movement/data-movement.js";
import type { MovementReport } from "../cluster/movement/rebalance/report.js";

/** What simulate() returns. */
export interface SimResult {
  readonly seed: number;
  readonly durationNs: number;
  /** Virtual time the run ended (after the drain, if any). */
  readonly endNs: number;
  /** True if every request ended (the run drained). */
  readonly drained: boolean;
  /** Totals after warm-up: requests, succeeded, failed by kind, attempts, amplification, latency percentiles… */
  readonly summary: RunSummary;
  /** The standard figures under the criteria's metric names (client_rps_max_1s, latency_p99, …). */
  readonly figures: Record<string, number>;
  readonly perSecond: PerSecondTable;
  /** Every node's installed Smap versions over time (metrics node numbering: proxies, then targets). */
  readonly smapVersions: SmapObservation[];
  /** Membership changes the primary made (removals, joins, elections). */
  readonly membership: MembershipEvent[];
  /** Fault actions as they happened. */
  readonly faults: FaultEvent[];
  readonly fingerprint: string;
  readonly eventsExecuted: number;
  readonly violations: Violation[];
  /** Per-request records, if `records` asked for them. */
  readonly records: RequestRecord[];
  /** Node names in metrics numbering. */
  readonly nodeNames: string[];
  /** Per-second NIC and disk utilisation (with `utilisation: true`). */
  readonly utilisation?: UtilisationSeries;
  /** Rebalance and resilver reports (`ais show rebalance` rows, stage times), GFN and EC counters. */
  readonly movement: MovementReport;
  /** Every measured request's latency (after warm-up), for percentiles finer than the summary's. */
  readonly latencyHistogram: HdrHistogram;
}

/** Extra hooks for code that wants the live objects (tests, future rebalance). */
export interface SimulateHooks {
  /** Placement to use instead of the interim HRW. */
  readonly placement?: Placement;
  /** Called after the cluster is built and before the run starts. */
  readonly onBuilt?: (cluster: Cluster, sim: Simulator) => void;
  /** Called as each request ends (after metrics recorded it). */
  readonly onRequestEnd?: (ended: EndedRequest) => void;
}

/** A request as it ended, for hooks. */
export interface EndedRequest {
  readonly client: number;
  readonly op: string;
  readonly bucket: number;
  readonly object: number;
  readonly startNs: number;
  readonly endNs: number;
  /** "ok" or the failure kind ("404", "refused", …). */
  readonly outcome: string;
  readonly attempts: number;
}

const DRAIN_STEP_NS = 10_000_000_000;
const DRAIN_LIMIT_NS = 3_600_000_000_000;

/**
 * Runs one simulation: builds the cluster, the client hosts (one policy instance each) and the workload, runs the
 * failure schedule, stops starting requests at `durationNs`, drains, checks invariants and returns the figures.
 */
export function simulate(config: SimConfig, hooks: SimulateHooks = {}): SimResult {
  const sim = new Simulator({ seed: config.seed, maxEvents: config.maxEvents });
  const knobs = clusterKnobs(config.knobs);
  const metrics = new RunMetrics({ seed: config.seed, warmupNs: config.warmupNs ?? 0, records: config.records });
  const ledger = config.checkVersions === true ? new ObjectVersionLedger() : null;
  const seenKeys = ledger === null ? null : new Set<string>();
  const keyOf = (bucket: number, object: number): string => `${config.cluster.buckets[bucket].name}/${objectName(object)}`;
  // Versions start at 1 at t=0; the ledger learns them lazily, on an object's first touch.
  const touch = (bucket: number, object: number, currentBefore: number): string => {
    const key = keyOf(bucket, object);
    if (!seenKeys!.has(key)) {
      seenKeys!.add(key);
      if (currentBefore >= 1) ledger!.commit(key, 1, 0);
    }
    return key;
  };
  let clusterRef: Cluster | null = null;
  const cluster = new Cluster({
    sim,
    metrics,
    spec: config.cluster,
    knobs,
    placement: hooks.placement,
    interimPlacement: config.placement === "interim",
    onCommit: ledger === null ? undefined : (b, o, v) => ledger.commit(touch(b, o, v - 1), v, sim.now),
    onDelete: ledger === null ? undefined : (b, o, v) => ledger.deleted(touch(b, o, v), sim.now),
  });
  clusterRef = cluster;
  cluster.seedObjects();
  const movement = DataMovement.attach(cluster, sim, config.movement);

  const kinds = internKinds(metrics);
  const preset = requirePreset(config.policy.preset);
  const w = config.workload;
  const hosts: ClientHost[] = [];
  for (let h = 0; h < Math.max(1, w.hosts); h++) {
    const policy: RetryPolicy = preset.create(config.policy.set ?? {});
    const connectS = policy.timeouts?.connectS;
    const readS = policy.timeouts?.readS;
    hosts.push({
      index: h,
      net: cluster.addClientHost(`h${h}`),
      proxy: h % cluster.proxies.length,
      policy,
      policyDraws: sim.rng.stream(`policy/host/${h}`),
      connectTimeoutNs: timeoutNs(connectS, knobs.connectTimeoutNs),
      readTimeoutNs: timeoutNs(readS, knobs.readTimeoutNs),
      // Each host's wall clock has its own phase (a seeded draw): where its seconds begin is arbitrary in reality.
      contexts: requestContexts(cluster.proxies[h % cluster.proxies.length].id, sim.rng.stream(`workload/host/${h}/clock-phase`)()),
      hedging: isHedgingPolicy(policy),
    });
  }
  const bucket = cluster.bucketIndex(w.objects.bucket);
  const count = Math.min(w.objects.count, config.cluster.buckets[bucket].objects);
  const pool: ClientPoolContext = {
    driver: {
      sim,
      cluster,
      metrics,
      kinds,
      onRequestEnd:
        hooks.onRequestEnd === undefined
          ? undefined
          : (r, kind) =>
              hooks.onRequestEnd!({
                client: r.client,
                op: r.opName,
                bucket: r.bucket,
                object: r.object,
                startNs: r.startNs,
                endNs: sim.now,
                outcome: kind === kinds.ok ? "ok" : metrics.kinds.name(kind),
                attempts: r.attempts,
              }),
      onGetOk:
        ledger === null
          ? undefined
          : (r, version) => {
              const c = clusterRef!;
              const key = touch(r.bucket, r.object, c.buckets[r.bucket].store.latest(r.object) >= 1 ? 1 : 0);
              ledger.getReturned(key, version, r.startNs, sim.now, r.handle);
            },
    },
    hosts,
    bucket,
    sizes: new ObjectSizes(count, w.objects.sizeBytes, w.objects.sizes, sim.rng.stream(`workload/population/${w.objects.bucket}/sizes`)),
    objects: new ObjectPicker(count, w.objects.popularity),
    ops: new OpPicker(w.mix),
    stopNs: config.durationNs,
  };
  const generator = makeGenerator(config, pool, cluster);
  const faults = new FaultSchedule(sim, cluster, config.faults ?? [], config.durationNs);
  // A finite workload (bulk copy, trace) ends the run when its last request ends.
  generator.onFinished = () => sim.stop();
  let sampler: UtilisationSampler | null = null;
  if (config.utilisation === true) {
    sampler = new UtilisationSampler(sim);
    sampler.watchNetwork(cluster.net);
    for (const t of cluster.targets) for (const d of t.disks) sampler.watchDisk(d);
    sampler.start(config.durationNs);
  }
  hooks.onBuilt?.(cluster, sim);
  cluster.start();
  faults.start();
  generator.start();

  sim.runUntil(config.durationNs);
  let drained = generator.open === 0;
  if (config.drain !== false) {
    while (generator.open > 0 && sim.now < config.durationNs + DRAIN_LIMIT_NS) sim.runUntil(sim.now + DRAIN_STEP_NS);
    drained = generator.open === 0;
  }
  const endNs = sim.now;

  const violations: Violation[] = [
    ...checkRequestsEndOnce(metrics.lifecycleFacts(), { drained: config.drain !== false && drained }),
    ...checkNoPendingInPast(sim),
    ...checkBytesConserved(cluster.net.conservationFacts(), config.seed),
    ...(ledger === null ? [] : ledger.check(config.seed)),
    ...checkDataMovement(movement, config.seed),
  ];
  const movementReport = movement.report(endNs);
  return {
    seed: config.seed,
    durationNs: config.durationNs,
    endNs,
    drained,
    summary: metrics.summary(),
    figures: { ...standardRunFigures(metrics, Math.min(endNs, config.durationNs)), ...movementReport.figures },
    perSecond: metrics.perSecond(),
    smapVersions: metrics.smap.observations(),
    membership: [...cluster.controlPlane.events],
    faults: [...faults.log],
    fingerprint: sim.fingerprint(),
    eventsExecuted: sim.eventsExecuted,
    violations,
    records: metrics.records(),
    nodeNames: [...cluster.proxies.map((p) => p.id), ...cluster.targets.map((t) => t.id)],
    ...(sampler === null ? {} : { utilisation: sampler.series() }),
    movement: movementReport,
    latencyHistogram: metrics.latencyHistogram(),
  };
}

function makeGenerator(config: SimConfig, pool: ClientPoolContext, cluster: Cluster): ClientGenerator {
  const w = config.workload;
  switch (w.mode) {
    case "closed":
      return new ClosedLoop(pool, w.clients, w.thinkTimeNs, w.think ?? "constant");
    case "open":
      return new OpenLoop(pool, w.ratePerS, w.arrival);
    case "bulk-copy":
      return new BulkCopy(pool, w.concurrency, w.destination === "" ? -1 : cluster.bucketIndex(w.destination));
    case "trace-replay":
      if (w.rows === undefined) throw new RangeError(`trace-replay: rows of ${w.file} were not loaded (parseTraceCsv)`);
      return new TraceReplay(pool, w.rows, w.speed);
  }
}

function internKinds(metrics: RunMetrics): OutcomeKindIds {
  const k = metrics.kinds;
  const byError: Record<string, number> = {};
  for (const e of ["connect-timeout", "read-timeout", "refused", "reset", "protocol", "aborted"]) byError[e] = k.intern(e);
  const ok = k.intern("ok");
  const rejected = k.intern("rejected");
  return {
    ok,
    rejected,
    byError,
    // The registry keeps an array by status: one look-up per attempt.
    http: (status: number): number => k.http(status),
  };
}

/** A policy's timeout in ns: its own when it has one (a library without one waits an hour), else the model's. */
function timeoutNs(seconds: number | undefined, fallbackNs: number): number {
  if (seconds === undefined) return fallbackNs;
  return Number.isFinite(seconds) ? nsFromS(seconds) : NO_TIMEOUT_NS;
}

const NO_TIMEOUT_NS = NS_PER_HOUR;
