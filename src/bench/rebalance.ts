import { performance } from "node:perf_hooks";
import { bucketSpec, clusterSpec } from "../sim/cluster-builder.js";
import type { SimConfig } from "../sim/sim-config.js";
import { simulate } from "../sim/simulate.js";
import { peakRssBytes, type Figures, type Log } from "./process-memory.js";

/*
 * The rebalance case of `aisim bench cluster` (alone: `aisim bench cluster-rebalance`; cluster-bench.ts runs it
 * in a child process of its own, so its peak RSS is its own): 100 targets × 8 NVMe mountpaths (100 Gbps NICs)
 * hold 10M 1 MiB objects; a 101st target joins at 10 s while 64 clients GET; the run lasts until the rebalance is
 * over (60 virtual s). Figures: wall time and peak RSS of the whole run (set-up, placement diff, traversal, checkers),
 * and what the rebalance did. AISIM_BENCH_REBALANCE_OBJECTS overrides the population (for quick looks).
 */

const S = 1_000_000_000;

/** The benchmark's scenario over `objects` objects. */
export function rebalanceJoinScenario(objects: number): SimConfig {
  const sizeBytes = 1 << 20;
  return {
    seed: 1,
    durationNs: 60 * S,
    cluster: clusterSpec({
      proxies: 3,
      targets: 101,
      mountpathsPerTarget: 8,
      diskKind: "nvme",
      nicBytesPerS: 100e9 / 8,
      clientHosts: 8,
      buckets: [bucketSpec("ais://data", objects, sizeBytes)],
    }),
    workload: {
      mode: "closed",
      clients: 64,
      thinkTimeNs: 10_000_000,
      hosts: 8,
      mix: { GET: 1, PUT: 0, HEAD: 0, DELETE: 0 },
      objects: { bucket: "ais://data", popularity: { kind: "uniform" }, count: objects, sizeBytes },
    },
    policy: { preset: "ais-sdk@1.25" },
    movement: { standby: ["t101"], actions: [{ atNs: 10 * S, action: "join", node: "t101" }] },
  };
}

/** Runs the rebalance case and returns its figures. */
export function rebalanceJoinCase(log: Log): Figures {
  const envObjects = Number(process.env.AISIM_BENCH_REBALANCE_OBJECTS ?? "");
  const objects = Number.isFinite(envObjects) && envObjects > 0 ? envObjects : 10_000_000;
  log(`cluster-rebalance: 100 targets x 8 NVMe hold ${objects} objects, one target joins at 10 s, 64 clients GET`);
  const t0 = performance.now();
  const r = simulate(rebalanceJoinScenario(objects));
  const wallS = (performance.now() - t0) / 1000;
  // The kernel's high-water mark: simulate() is synchronous, so a timer sampling RSS would never fire during it.
  const peakRss = peakRssBytes();
  const run = r.movement.runs[0];
  const moved = r.movement.rebalance.reduce((s, x) => s + x.objSent, 0);
  const durS = run === undefined || run.endNs < 0 ? NaN : (run.endNs - run.startNs) / 1e9;
  log(`  rebalance ${run?.state ?? "none"}: ${moved} objects sent (${run?.plannedObjects ?? 0} planned), ${(r.figures.rebalance_bytes / 2 ** 30).toFixed(1)} GiB, ${durS.toFixed(1)} virtual s`);
  log(`  ${r.summary.requests} GETs (${r.summary.failed} failed), ${r.movement.gfnRequests} GFN requests, ${r.violations.length} violations`);
  log(`  wall ${wallS.toFixed(1)} s, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
  return {
    objects,
    rebalance_join_10m_wall_s: Number(wallS.toFixed(3)),
    rebalance_join_10m_peak_rss_bytes: peakRss,
    rebalance_objects_sent: moved,
    rebalance_virtual_s: Number(durS.toFixed(3)),
    rebalance_bytes: r.figures.rebalance_bytes,
    gets: r.summary.requests,
    gets_failed: r.summary.failed,
    gfn_requests: r.movement.gfnRequests,
    violations: r.violations.length,
  };
}
