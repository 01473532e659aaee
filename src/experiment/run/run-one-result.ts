import type { SimResult } from "../../sim/simulate.js";
import { recoverySeconds } from "../../metrics/index.js";
import type { MovementRow } from "../../cluster/movement/rebalance/report.js";
import type { MovementRowResult, RebalanceProgress, RunEvent, RunResult } from "./run-types.js";
import type { ExperimentSpec } from "../spec/spec-types.js";
import { faultActionInfo } from "../../model/faults.js";
import { sFromNs } from "../../kernel/time.js";

/**
 * Fault windows from the simulator's fault log: crash…restart, hang…unhang, partition/blip…heal paired by node
 * set; slow, latency spikes and backend faults last their spec's `for`; anything left open ends with the run.
 */
export function faultWindows(sim: SimResult, spec: ExperimentSpec): RunEvent[] {
  const endS = sFromNs(spec.durationNs);
  const events: RunEvent[] = [];
  const open = new Map<string, { startS: number; kind: string; nodes: readonly string[] }>();
  for (const f of sim.faults) {
    const key = f.nodes.join(",");
    const startS = sFromNs(f.atNs);
    const closing = [...open.entries()].find(([k, o]) => k === `${faultActionInfo(o.kind)?.closedBy}|${key}`);
    if (closing !== undefined) {
      const [k, o] = closing;
      events.push({ startS: o.startS, endS: startS, kind: o.kind, label: `${o.nodes.join(" ")} ${o.kind}` });
      open.delete(k);
      continue;
    }
    const info = faultActionInfo(f.action);
    if (info?.closedBy !== undefined) {
      open.set(`${info.closedBy}|${key}`, { startS, kind: f.action, nodes: f.nodes });
    } else if (info?.timedBySpec === true) {
      const entry = spec.faults.find((s) => s.action === f.action && s.atNs === f.atNs) as { forNs?: number } | undefined;
      const lengthS = entry?.forNs !== undefined ? sFromNs(entry.forNs) : endS - startS;
      events.push({ startS, endS: startS + lengthS, kind: f.action, label: `${f.nodes.join(" ")} ${f.action}` });
    } else {
      events.push({ startS, endS: startS, kind: f.action, label: `${f.nodes.join(" ")} ${f.action}` });
    }
  }
  for (const o of open.values()) events.push({ startS: o.startS, endS, kind: o.kind, label: `${o.nodes.join(" ")} ${o.kind}` });
  // Admin commands the primary refused (ErrBusy while a rebalance ran): instants, for the report's timeline.
  for (const r of sim.movement.refused) {
    const atS = sFromNs(r.atNs);
    events.push({ startS: atS, endS: atS, kind: "refused", label: `${r.node} ${r.action} refused (rebalance running)` });
  }
  return events.sort((a, b) => a.startS - b.startS || a.endS - b.endS);
}

/**
 * Rebalance progress per target: the share of the objects it moved (received + sent, over all its runs) done by
 * the end of each second in which some of its batches arrived, from the batches as they were delivered; a point
 * at 0 where its first run started. Targets in the model's order, then any other by code-unit order.
 */
export function rebalanceProgress(sim: SimResult, targetOrder: readonly string[]): RebalanceProgress[] {
  const firstStartS = new Map<string, number>();
  for (const row of sim.movement?.rebalance ?? []) {
    const startS = sFromNs(row.startNs);
    firstStartS.set(row.daemonId, Math.min(firstStartS.get(row.daemonId) ?? Infinity, startS));
  }
  const progress: RebalanceProgress[] = [];
  const perSecond = sim.movement?.movedPerSecond ?? new Map<string, readonly number[]>();
  const targets = [...new Set([...firstStartS.keys(), ...perSecond.keys()])].sort(targetRanker(targetOrder));
  for (const target of targets) {
    const series = perSecond.get(target) ?? [];
    let total = 0;
    for (const n of series) total += n ?? 0;
    const points: Array<readonly [number, number]> = [[firstStartS.get(target) ?? 0, 0]];
    let done = 0;
    series.forEach((n, second) => {
      if (n === undefined || n === 0) return;
      done += n;
      points.push([second + 1, total > 0 ? done / total : 1]);
    });
    progress.push({ target, points });
  }
  return progress;
}

/** Rank of a daemon for display: the model's target order, then any other daemon by code-unit order. */
function targetRanker(targetOrder: readonly string[]): (a: string, b: string) => number {
  const rank = (id: string): number => {
    const i = targetOrder.indexOf(id);
    return i < 0 ? targetOrder.length : i;
  };
  return (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The simulator's `ais show rebalance` and resilver rows in virtual seconds: rebalance rows first, each kind by
 * run ID, then in the model's target order. A run still going at the end of the simulation has endS NaN.
 */
export function movementRows(sim: SimResult, targetOrder: readonly string[]): MovementRowResult[] {
  const byTarget = targetRanker(targetOrder);
  const convert = (kind: MovementRowResult["kind"], rows: readonly MovementRow[]): MovementRowResult[] =>
    [...rows]
      .sort((a, b) => a.rebId - b.rebId || byTarget(a.daemonId, b.daemonId))
      .map((r) => {
        const stageS: Record<string, number> = {};
        for (const [stage, ns] of Object.entries(r.stageNs)) stageS[stage] = sFromNs(ns);
        return {
          kind,
          target: r.daemonId,
          id: r.rebId,
          reason: r.reason,
          objRcv: r.objRcv,
          bytesRcv: r.sizeRcvBytes,
          objSent: r.objSent,
          bytesSent: r.sizeSentBytes,
          startS: sFromNs(r.startNs),
          endS: r.endNs >= 0 ? sFromNs(r.endNs) : NaN,
          aborted: r.aborted,
          stageS,
        };
      });
  return [...convert("rebalance", sim.movement?.rebalance ?? []), ...convert("resilver", sim.movement?.resilver ?? [])];
}

function seconds(ns: ArrayLike<number>): number[] {
  return Array.from(ns, (v) => sFromNs(v));
}

/**
 * A simulation's result as a run result: the standard figures plus `failed_<kind>`, `attempts`,
 * `invariant_violations` and, with faults, `recovery_s`; per-second counters and latency percentiles (in
 * seconds); the latency CDF at the percentiles the simulator reports (or `cdf` when the caller has a finer one);
 * fault windows; the `ais show rebalance` and resilver rows.
 */
export function toRunResult(sim: SimResult, spec: ExperimentSpec, cdf?: ReadonlyArray<readonly [number, number]>): RunResult {
  const metrics: Record<string, number> = { ...sim.figures };
  for (const kind of Object.keys(sim.summary.failedByKind).sort()) metrics[`failed_${kind}`] = sim.summary.failedByKind[kind];
  metrics.attempts = sim.summary.attempts;
  metrics.invariant_violations = sim.violations.length;
  const t = sim.perSecond;
  const columns: Record<string, number[]> = {
    requests: Array.from(t.requests),
    attempts: Array.from(t.attempts),
    succeeded: Array.from(t.succeeded),
    failed: Array.from(t.failed),
  };
  for (const kind of Object.keys(t.failedByKind).sort()) columns[`failed_${kind}`] = Array.from(t.failedByKind[kind]);
  columns.latency_p50_s = seconds(t.latencyP50Ns);
  columns.latency_p90_s = seconds(t.latencyP90Ns);
  columns.latency_p99_s = seconds(t.latencyP99Ns);
  columns.latency_max_s = seconds(t.latencyMaxNs);
  const events = faultWindows(sim, spec);
  // Runs with faults report how long the success rate took to come back (src/workload/metrics/recovery-time.ts).
  const recovery = recoverySeconds({ succeeded: t.succeeded, failed: t.failed, warmupS: sFromNs(spec.warmupNs), runEndS: sFromNs(spec.durationNs), faults: events });
  if (recovery !== undefined) metrics.recovery_s = recovery;
  const l = sim.summary.latency;
  const latencyCdf: ReadonlyArray<readonly [number, number]> =
    cdf !== undefined
      ? cdf
      : l.count > 0
      ? [
          [0.5, sFromNs(l.p50Ns)],
          [0.9, sFromNs(l.p90Ns)],
          [0.99, sFromNs(l.p99Ns)],
          [0.999, sFromNs(l.p999Ns)],
          [1, sFromNs(l.maxNs)],
        ]
      : [];
  return {
    metrics,
    timeseries: { seconds: t.seconds, columns },
    latencyCdf,
    rebalance: rebalanceProgress(sim, spec.cluster.targets),
    movement: movementRows(sim, spec.cluster.targets),
    fingerprint: sim.fingerprint,
    events,
    violations: sim.violations.slice(0, 10).map((v) => v.message),
  };
}
