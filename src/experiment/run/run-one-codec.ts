import type { MovementRowResult, RebalanceProgress, RunEvent, RunResult } from "./run-types.js";

/** JSON text of a run result. NaN (and ±Infinity) become null, since JSON has no such numbers. */
export function encodeRunResult(result: RunResult): string {
  return JSON.stringify(result, (_key, value: unknown) => (typeof value === "number" && !Number.isFinite(value) ? null : value));
}

function num(value: unknown): number {
  return typeof value === "number" ? value : NaN;
}

/** Reads a run result written by encodeRunResult (null → NaN); throws on anything that is not one. */
export function decodeRunResult(text: string): RunResult {
  const raw = JSON.parse(text) as Record<string, unknown>;
  const metricsRaw = raw.metrics as Record<string, unknown> | undefined;
  const series = raw.timeseries as { seconds?: unknown; columns?: Record<string, unknown[]> } | undefined;
  if (metricsRaw === undefined || series === undefined || typeof series.seconds !== "number" || series.columns === undefined) {
    throw new Error("not a run result");
  }
  const metrics: Record<string, number> = {};
  for (const [k, v] of Object.entries(metricsRaw)) metrics[k] = num(v);
  const columns: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(series.columns)) columns[k] = v.map(num);
  const cdf = ((raw.latencyCdf as unknown[][] | undefined) ?? []).map((p) => [num(p[0]), num(p[1])] as const);
  const rebalance = ((raw.rebalance as RebalanceProgress[] | undefined) ?? []).map((r) => ({
    target: r.target,
    points: r.points.map((p) => [num(p[0]), num(p[1])] as const),
  }));
  const movement = ((raw.movement as Array<Record<string, unknown>> | undefined) ?? []).map((m): MovementRowResult => {
    const stageS: Record<string, number> = {};
    for (const [stage, v] of Object.entries((m.stageS as Record<string, unknown> | undefined) ?? {})) stageS[stage] = num(v);
    return {
      kind: m.kind === "resilver" ? "resilver" : "rebalance",
      target: String(m.target),
      id: num(m.id),
      reason: String(m.reason ?? ""),
      objRcv: num(m.objRcv),
      bytesRcv: num(m.bytesRcv),
      objSent: num(m.objSent),
      bytesSent: num(m.bytesSent),
      startS: num(m.startS),
      endS: num(m.endS),
      aborted: m.aborted === true,
      stageS,
    };
  });
  return {
    metrics,
    timeseries: { seconds: series.seconds, columns },
    latencyCdf: cdf,
    rebalance,
    movement,
    fingerprint: String(raw.fingerprint ?? ""),
    events: (raw.events as RunEvent[] | undefined) ?? [],
    violations: (raw.violations as string[] | undefined) ?? [],
  };
}
