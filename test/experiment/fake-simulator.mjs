// A small deterministic stand-in for the cluster simulator, for testing the runner, statistics and reports.
// Plain JavaScript so worker threads of the built CLI can load it (AISIM_SIMULATOR_MODULE).
// Model: each replication draws a load level shared by every variant (common random numbers); a variant's
// "retry strength" comes from its policy and params, plus a small variant-specific noise.
import { writeFileSync } from "node:fs";

function hash32(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function stream(seedText) {
  let a = hash32(seedText);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function faultWindows(spec) {
  const windows = [];
  for (const f of spec.faults) {
    const at = f.atNs / 1e9;
    if (f.action === "rolling-restart") {
      const targets = f.targets === "all" ? spec.cluster.targets : f.targets;
      targets.forEach((t, i) => {
        const start = at + (i * (f.downNs + f.gapNs)) / 1e9;
        windows.push({ startS: start, endS: start + f.downNs / 1e9, kind: f.action, label: `${t} down` });
      });
    } else {
      const length = (f.downNs ?? f.forNs ?? f.durationNs ?? 1e9) / 1e9;
      windows.push({ startS: at, endS: at + length, kind: f.action, label: f.action });
    }
  }
  return windows;
}

/**
 * `ais show rebalance` rows (fake): on small clusters, two rebalance runs over every target in replications
 * 0 and 2 (none in replication 1); replication 2 also has one resilver, and its second rebalance is still
 * running on the last target at the end. Each target receives what its neighbour sent.
 */
function movementRows(spec, point) {
  const targets = spec.cluster.targets;
  if (targets.length > 4 || point.replication === 1) return [];
  const draw = stream(`${point.seed}/movement/${point.variant.policy}`);
  const rows = [];
  for (const [k, rebId] of [2, 3].entries()) {
    const sent = targets.map(() => Math.floor(draw() * 500));
    const startS = 20 + 30 * k;
    targets.forEach((target, i) => {
      const from = sent[(i + targets.length - 1) % targets.length];
      const running = point.replication === 2 && k === 1 && i === targets.length - 1;
      const lengthS = 5 + Math.round(draw() * 200) / 10;
      const stageS = { init: 0.5, traverse: lengthS - 1.75, quiesce: 1, "fin-streams": running ? 0 : 0.25 };
      rows.push({ kind: "rebalance", target, id: rebId, reason: k === 0 ? "restart" : "join", objRcv: from, bytesRcv: from * 65536, objSent: sent[i], bytesSent: sent[i] * 65536, startS, endS: running ? NaN : startS + lengthS, aborted: false, stageS });
    });
  }
  if (point.replication === 2) {
    rows.push({ kind: "resilver", target: targets[0], id: 1, reason: "mountpath disable /ais/mp2", objRcv: 0, bytesRcv: 0, objSent: 40, bytesSent: 40 * 65536, startS: 12, endS: 14.25, aborted: false, stageS: { init: 0.25, traverse: 2 } });
  }
  return rows;
}

/** Simulates a run (fake): a pure function of the spec and the point. */
export function runOne(spec, point, options = {}) {
  const workload = stream(`${point.seed}/workload`)();
  const clients = spec.workload.mode === "closed" ? spec.workload.clients : 16;
  const load = (0.5 + workload) * (clients / 16);
  const variantKey = `${point.variant.policy}/${JSON.stringify(point.variant.set)}`;
  const strength = 1 + (hash32(variantKey) % 5);
  const noise = stream(`${point.seed}/${variantKey}`)() - 0.5;
  const durationS = Math.round(spec.durationNs / 1e9);
  const warmupS = spec.warmupNs / 1e9;
  const windows = faultWindows(spec);
  const downS = windows.reduce((sum, w) => sum + (w.endS - w.startS), 0);
  const faultFraction = Math.min(1, downS / durationS);
  const requests = Math.round((durationS - warmupS) * 100 * load);
  const failed = Math.round(requests * faultFraction * Math.exp(-strength) * (1 + 0.05 * noise));
  const p50 = 0.01 * load + 0.001 * strength;
  const p99 = 0.05 * load + 0.2 * strength * faultFraction * (1 + 0.02 * noise);
  const metrics = {
    requests,
    succeeded: requests - failed,
    failed,
    success_rate: requests > 0 ? (requests - failed) / requests : NaN,
    latency_p50: p50,
    latency_p99: p99,
    attempts_mean: 1 + 0.05 * strength * load,
    attempts_max: 1 + strength,
    client_rps_max_1s: 10 + strength * load,
    rebalance_s: NaN,
  };
  const perSecond = stream(`${point.seed}/seconds`);
  const columns = { requests: [], attempts: [], succeeded: [], failed: [], latency_p50_s: [], latency_p99_s: [] };
  for (let s = 0; s < durationS; s++) {
    const inFault = windows.some((w) => s >= w.startS && s < w.endS);
    const n = Math.round(100 * load + 10 * perSecond());
    const f = inFault ? Math.round(n * Math.exp(-strength)) : 0;
    columns.requests.push(n);
    columns.attempts.push(inFault ? n * (1 + strength) : n);
    columns.succeeded.push(n - f);
    columns.failed.push(f);
    columns.latency_p50_s.push(s === 0 ? NaN : p50);
    columns.latency_p99_s.push(s === 0 ? NaN : inFault ? p99 * 3 : p99);
  }
  if (columns.failed.some((f) => f > 0)) columns.failed_refused = columns.failed.slice();
  const fractions = [0.01, 0.1, 0.5, 0.9, 0.99, 1];
  const latencyCdf = fractions.map((q) => [q, q === 1 ? p99 * 2 : p50 * -Math.log(1 - q) / Math.LN2]);
  const rebalance = spec.cluster.targets.length > 4 ? [] : spec.cluster.targets.slice(0, 2).map((t, i) => ({ target: t, points: [[0, 0], [30 + i * 10, 0.5], [60 + i * 10, 1]] }));
  if (options.traceFile !== undefined) {
    const lines = [
      { t_ns: 0, ev: "request.begin", req: 1, op: "GET", object: "ais://data/obj-1", client: 0 },
      { t_ns: 1000, ev: "attempt.begin", req: 1, attempt: 1, node: "p1" },
      { t_ns: 2000, ev: "attempt.end", req: 1, attempt: 1, node: "p1", status: 301, redirect: "t3" },
      { t_ns: 3000, ev: "attempt.end", req: 1, attempt: 1, node: "t3", status: "refused" },
      { t_ns: 3000, ev: "backoff", req: 1, attempt: 1, delay_ns: 1_200_000_000 },
      { t_ns: 1_200_003_000, ev: "attempt.begin", req: 1, attempt: 2, node: "p1" },
      { t_ns: 1_200_004_000, ev: "attempt.end", req: 1, attempt: 2, node: "p1", status: 301, redirect: "t2" },
      { t_ns: 1_250_004_000, ev: "attempt.end", req: 1, attempt: 2, node: "t2", status: 200 },
      { t_ns: 1_250_004_000, ev: "request.end", req: 1, outcome: "ok", attempts: 2 },
    ];
    writeFileSync(options.traceFile, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  }
  return {
    metrics,
    timeseries: { seconds: durationS, columns },
    latencyCdf,
    rebalance,
    movement: movementRows(spec, point),
    fingerprint: (hash32(`${point.seed}/${variantKey}/${spec.durationNs}/${clients}`) >>> 0).toString(16).padStart(8, "0"),
    events: windows,
  };
}
