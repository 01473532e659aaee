import { performance } from "node:perf_hooks";
import { bucketSpec, clusterSpec } from "../sim/cluster-builder.js";
import type { SimConfig } from "../sim/sim-config.js";
import { simulate } from "../sim/simulate.js";
import { peakRssBytes, type Figures, type Log } from "./process-memory.js";
import { bareHeapTimeouts } from "./bare-heap.js";

/*
 * The reference case of `aisim bench cluster` (cluster-bench.ts runs it in a child process of its own): the
 * whole model end to end on the reference scenario — 3 proxies, 16 targets ×
 * 8 NVMe mountpaths, 100 Gbps NICs, 256 closed-loop clients (no think time) on 32 hosts running ais-sdk@1.25,
 * 1 MiB GETs over 1M objects, a rolling restart of every target (down 30 s, 5 s apart, so all 16 fit in the
 * run). Virtual length: 10 minutes, or AISIM_BENCH_CLUSTER_S seconds. Figures: simulated requests per wall
 * second, kernel events per wall second, peak RSS; plus a 10M-object memory probe (population set-up only).
 */

const S = 1_000_000_000;

/** The reference scenario, `virtualS` seconds long, over `objects` objects. */
export function referenceScenario(virtualS: number, objects = 1_000_000): SimConfig {
  const sizeBytes = 1 << 20;
  return {
    seed: 1,
    durationNs: virtualS * S,
    cluster: clusterSpec({
      proxies: 3,
      targets: 16,
      mountpathsPerTarget: 8,
      diskKind: "nvme",
      nicBytesPerS: 100e9 / 8,
      clientHosts: 32,
      buckets: [bucketSpec("ais://data", objects, sizeBytes)],
    }),
    workload: {
      mode: "closed",
      clients: 256,
      thinkTimeNs: 0,
      hosts: 32,
      mix: { GET: 1, PUT: 0, HEAD: 0, DELETE: 0 },
      objects: { bucket: "ais://data", popularity: { kind: "uniform" }, count: objects, sizeBytes },
    },
    faults: [{ atNs: 30 * S, action: "rolling-restart", targets: "all", downNs: 30 * S, gapNs: 5 * S, signal: "kill" }],
    policy: { preset: "ais-sdk@1.25" },
  };
}

/** Runs the reference case and returns its figures; peak RSS is the process's peak before the 10M probe. */
export function referenceCase(log: Log): Figures {
  const envS = Number(process.env.AISIM_BENCH_CLUSTER_S ?? "");
  const virtualS = Number.isFinite(envS) && envS > 0 ? envS : 600;
  log(`cluster: reference scenario, ${virtualS} virtual s (3 proxies, 16 targets x 8 NVMe, 256 clients, 1 MiB GETs, 1M objects, rolling restart)`);
  // The machine's speed right before and after: the least a JS event loop can do, in this process. The ratio
  // of the model's events/s to it changes little when the shared machine is busier or quieter.
  const bareBefore = bareHeapEventsPerS();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = simulate(referenceScenario(virtualS));
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const bareEventsPerS = (bareBefore + bareHeapEventsPerS()) / 2;
  // CPU time of this process: the honest figure when other work shares the machine's cores.
  const cpuS = (cpu.user + cpu.system) / 1e6;
  // The kernel's high-water mark: simulate() is synchronous, so a timer sampling RSS would never fire during it.
  const peakRss = peakRssBytes();
  const requests = r.summary.requests;
  log(`  ${requests} requests (${r.summary.failed} failed), ${r.eventsExecuted} events in ${wallS.toFixed(1)} s wall, ${cpuS.toFixed(1)} s CPU`);
  log(`  ${Math.round(requests / cpuS)} simulated requests / CPU s`);
  log(`  ${Math.round(requests / wallS)} simulated requests / wall s, ${Math.round(r.eventsExecuted / wallS)} events / s, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
  log(`  reference: a bare typed-array heap runs ${(bareEventsPerS / 1e6).toFixed(2)} M events/s here; the model runs ${((r.eventsExecuted / wallS / bareEventsPerS) * 100).toFixed(1)}% of that`);
  log(`  one simulated request costs the wall time of ${(bareEventsPerS / (requests / wallS)).toFixed(1)} bare-heap events`);
  log(`  virtual throughput ${(requests / virtualS).toFixed(0)} GET/s, p50 ${(r.summary.latency.p50Ns / 1e6).toFixed(2)} ms, p99 ${(r.summary.latency.p99Ns / 1e6).toFixed(2)} ms`);

  // Memory of a 10M-object population: the cluster, stores and owner tables, no traffic.
  const before = process.memoryUsage().rss;
  const big = simulate({ ...referenceScenario(0.001, 10_000_000), faults: [] });
  const tenMillionRss = process.memoryUsage().rss;
  log(`  10M objects: RSS ${(tenMillionRss / 2 ** 20).toFixed(0)} MiB after set-up (was ${(before / 2 ** 20).toFixed(0)} MiB), ${big.summary.requests} requests`);
  return {
    virtual_s: virtualS,
    requests,
    failed: r.summary.failed,
    events: r.eventsExecuted,
    wall_s: Number(wallS.toFixed(3)),
    cpu_s: Number(cpuS.toFixed(3)),
    requests_per_cpu_s: Math.round(requests / cpuS),
    requests_per_wall_s: Math.round(requests / wallS),
    events_per_s: Math.round(r.eventsExecuted / wallS),
    reference_bare_heap_events_per_s: Math.round(bareEventsPerS),
    events_vs_bare_heap: Number((r.eventsExecuted / wallS / bareEventsPerS).toFixed(4)),
    // The wall time of one simulated request in bare-heap events: unlike events_vs_bare_heap it does not move
    // when the model needs fewer (or more) events per request.
    request_cost_bare_heap_events: Number((bareEventsPerS / (requests / wallS)).toFixed(2)),
    peak_rss_bytes: peakRss,
    rss_10m_objects_bytes: tenMillionRss,
    virtual_get_per_s: Math.round(requests / virtualS),
  };
}

/** Events per wall second of the bare-heap reference: 2M timeouts over 1000 chains (about the model's heap size). */
function bareHeapEventsPerS(): number {
  const t0 = performance.now();
  const { events } = bareHeapTimeouts(2_000_000, 1000, 1);
  return events / ((performance.now() - t0) / 1000);
}
