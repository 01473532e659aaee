import { performance } from "node:perf_hooks";
import { Simulator } from "../kernel/index.js";
import { Disk, Network, RemoteBackend, diskSpec, type TransferStatus } from "../cluster/resources/index.js";
import { HdrHistogram, KIND_OK, RunMetrics, SlidingWindowMax } from "../metrics/index.js";
import { registerBench } from "./registry.js";

/*
 * `aisim bench resources [--json]`: micro-figures of the resource and metrics hot paths, each the median of
 * three in-process repetitions: PS network transfers (closed loop, many flows per NIC), disk IOs, backend
 * admissions, request recording (begin, two attempts, end), HDR recording and sliding-window observations.
 */

/** Median wall-clock rate (operations per second) of `reps` runs of `body`, which returns its operation count. */
function rate(reps: number, body: () => number): number {
  const rates: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    const ops = body();
    rates.push(ops / ((performance.now() - t0) / 1000));
  }
  rates.sort((a, b) => a - b);
  return rates[reps >> 1];
}

/** Closed loop: `concurrent` transfers in flight between 16 servers and 64 clients, `total` transfers in all. */
function networkCase(concurrent: number, total: number): number {
  const sim = new Simulator({ seed: 1 });
  const net = new Network(sim);
  const servers: number[] = [];
  const clients: number[] = [];
  for (let i = 0; i < 16; i++) servers.push(net.addNode(`t${i}`, { egressBytesPerS: 12.5e9, ingressBytesPerS: 12.5e9 }));
  for (let i = 0; i < 64; i++) clients.push(net.addNode(`c${i}`, { egressBytesPerS: 3.125e9, ingressBytesPerS: 3.125e9 }));
  const pick = sim.rng.stream("bench/pick");
  let started = 0;
  const onDone = (_: undefined, _status: TransferStatus): void => {
    if (started < total) start();
  };
  const start = (): void => {
    started++;
    const s = servers[Math.floor(pick() * servers.length)];
    const c = clients[Math.floor(pick() * clients.length)];
    net.transfer(s, c, 1 << 20, onDone, undefined);
  };
  for (let i = 0; i < concurrent; i++) start();
  sim.run();
  return total;
}

/** Closed loop of `outstanding` IOs over 8 NVMe mountpaths. */
function diskCase(outstanding: number, total: number): number {
  const sim = new Simulator({ seed: 1 });
  const disks = Array.from({ length: 8 }, (_, i) => new Disk(sim, diskSpec("nvme"), { name: `t0/mp${i}` }));
  let issued = 0;
  const onDone = (d: number): void => {
    if (issued < total) issue((d + 1) & 7);
  };
  const issue = (d: number): void => {
    issued++;
    disks[d].read(1 << 20, onDone, d);
  };
  for (let i = 0; i < outstanding; i++) issue(i & 7);
  sim.run();
  return total;
}

/** Records `total` requests of two attempts each. */
function metricsCase(total: number, ring: boolean): number {
  const m = new RunMetrics(ring ? { records: { mode: "ring", capacity: 10_000 } } : {});
  const h301 = m.kinds.http(301);
  const h200 = m.kinds.http(200);
  for (let i = 0; i < total; i++) {
    const t = i * 1000;
    const r = m.beginRequest(i & 255, 0, t);
    m.endAttempt(m.beginAttempt(r, 100, t), h301, t + 100);
    m.endAttempt(m.beginAttempt(r, i & 15, t + 100), h200, t + 900);
    m.endRequest(r, KIND_OK, t + 900);
  }
  return total;
}

/**
 * The resource part of a GET, closed loop of `clients` over 16 targets × 4 NVMe mountpaths: request hop
 * (one event), disk read, body transfer with delivery latency, metrics begin/attempt/end. About 4 events a
 * request; the cluster layer adds proxies, redirects and retry logic on top.
 */
function pipelineCase(clients: number, total: number): number {
  const sim = new Simulator({ seed: 1 });
  const net = new Network(sim, { defaultLatency: { kind: "constant", ns: 50_000 } });
  const metrics = new RunMetrics();
  const GET = metrics.ops.intern("GET");
  const h200 = metrics.kinds.http(200);
  const targets: number[] = [];
  const disks: Disk[] = [];
  for (let t = 0; t < 16; t++) {
    targets.push(net.addNode(`t${t}`, { egressBytesPerS: 12.5e9, ingressBytesPerS: 12.5e9 }));
    for (let m = 0; m < 4; m++) disks.push(new Disk(sim, diskSpec("nvme"), { name: `t${t}/mp${m}` }));
  }
  const hosts: number[] = [];
  for (let c = 0; c < clients; c++) hosts.push(net.addNode(`c${c}`, { egressBytesPerS: 3.125e9, ingressBytesPerS: 3.125e9 }));
  const pick = sim.rng.stream("bench/pick");
  interface Req { client: number; target: number; handle: number; attempt: number }
  let started = 0;
  const onBody = (r: Req): void => {
    metrics.endAttempt(r.attempt, h200, sim.now);
    metrics.endRequest(r.handle, KIND_OK, sim.now, 65536);
    if (started < total) begin(r);
  };
  const onDisk = (r: Req): void => {
    net.transfer(targets[r.target], hosts[r.client], 65536, onBody, r, net.latencyNs(targets[r.target], hosts[r.client]));
  };
  const onArrive = (r: Req): void => {
    disks[r.target * 4 + Math.floor(pick() * 4)].read(65536, onDisk, r);
  };
  const begin = (r: Req): void => {
    started++;
    r.target = Math.floor(pick() * 16);
    r.handle = metrics.beginRequest(r.client, GET, sim.now);
    r.attempt = metrics.beginAttempt(r.handle, targets[r.target], sim.now);
    sim.schedule(net.latencyNs(hosts[r.client], targets[r.target]), onArrive, r);
  };
  for (let c = 0; c < clients; c++) begin({ client: c, target: 0, handle: 0, attempt: 0 });
  sim.run();
  return total;
}

registerBench("resources", async (log) => {
  const figures: Record<string, number> = {};
  const put = (name: string, value: number, unit: string): void => {
    figures[name] = Math.round(value);
    log(`${name.padEnd(34)} ${Math.round(value).toLocaleString("en-US").padStart(14)} ${unit}`);
  };
  log(`resources benchmark: node ${process.version}, median of 3`);
  put("network_transfers_per_s_c64", rate(3, () => networkCase(64, 300_000)), "transfers/s (64 in flight)");
  put("network_transfers_per_s_c1024", rate(3, () => networkCase(1024, 200_000)), "transfers/s (1024 in flight)");
  put("pipeline_requests_per_s_c64", rate(3, () => pipelineCase(64, 300_000)), "requests/s (hop, disk, 64 KiB body, metrics; 64 clients)");
  put("pipeline_requests_per_s_c512", rate(3, () => pipelineCase(512, 300_000)), "requests/s (same, 512 clients)");
  put("disk_ios_per_s", rate(3, () => diskCase(128, 500_000)), "IOs/s (128 outstanding, 8 NVMe)");
  put("metrics_requests_per_s", rate(3, () => metricsCase(1_000_000, false)), "requests/s (begin, 2 attempts, end)");
  put("metrics_requests_per_s_ring", rate(3, () => metricsCase(300_000, true)), "requests/s (with a 10k record ring)");
  put(
    "hdr_records_per_s",
    rate(3, () => {
      const h = new HdrHistogram();
      let x = 12345;
      for (let i = 0; i < 5_000_000; i++) {
        x = (x * 1103515245 + 12345) % 2147483648;
        h.record(x);
      }
      return 5_000_000;
    }),
    "values/s",
  );
  put(
    "window_observes_per_s",
    rate(3, () => {
      const w = new SlidingWindowMax();
      for (let i = 0; i < 5_000_000; i++) w.observe(i & 1023, i * 997);
      return 5_000_000;
    }),
    "observations/s",
  );
  put(
    "backend_admits_per_s",
    rate(3, () => {
      const clock = { now: 0 };
      const s3 = new RemoteBackend(clock, { latency: { kind: "constant", ns: 1 } });
      const prefixes = ["a/", "b/", "c/", "d/"];
      for (let i = 0; i < 2_000_000; i++) {
        clock.now = i * 50;
        s3.admit(i & 1 ? "GET" : "PUT", prefixes[i & 3]);
      }
      return 2_000_000;
    }),
    "admissions/s",
  );
  return figures;
});
