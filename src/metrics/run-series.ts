import { sFromNs } from "../kernel/time.js";
import type { HdrHistogram } from "./hdr-histogram.js";
import type { RunMetrics } from "./run-metrics.js";

/** Per-second columns of a run, by column name, each `seconds` long (NaN where undefined). */
export interface RunColumns {
  seconds: number;
  columns: Record<string, number[]>;
}

/**
 * The per-second series of a run as named columns (second 0 = start of the run, warm-up included):
 * `requests`, `attempts`, `succeeded`, `failed`, `amplification`, `latency_p50_s`, `latency_p90_s`,
 * `latency_p99_s`, `latency_p999_s`, `latency_max_s`, `latency_mean_s`, `failed_<kind>` per failure kind
 * seen, and, when Smap versions were observed, `smap_version_max` / `smap_version_min` (highest version
 * installed anywhere / lowest held by any node, at the end of each second). `seconds` fixes the length (e.g. the run's duration rounded up), so every run of an experiment has
 * the same rows.
 */
export function runColumns(metrics: RunMetrics, seconds?: number): RunColumns {
  const t = metrics.perSecond(seconds);
  const s = (xs: Float64Array): number[] => Array.from(xs, (ns) => sFromNs(ns));
  const columns: Record<string, number[]> = {
    requests: Array.from(t.requests),
    attempts: Array.from(t.attempts),
    succeeded: Array.from(t.succeeded),
    failed: Array.from(t.failed),
    amplification: Array.from(t.retryAmplification),
    latency_p50_s: s(t.latencyP50Ns),
    latency_p90_s: s(t.latencyP90Ns),
    latency_p99_s: s(t.latencyP99Ns),
    latency_p999_s: s(t.latencyP999Ns),
    latency_max_s: s(t.latencyMaxNs),
    latency_mean_s: s(t.latencyMeanNs),
  };
  for (const kind of Object.keys(t.failedByKind).sort()) columns[`failed_${kind}`] = Array.from(t.failedByKind[kind]);
  if (metrics.smap.size > 0) {
    const versions = metrics.smap.perSecond(t.seconds);
    columns.smap_version_max = versions.max;
    columns.smap_version_min = versions.min;
  }
  return { seconds: t.seconds, columns };
}

/**
 * A latency CDF as `[fraction, latencyS]` pairs at the given fractions (nearest rank; fraction 1 is the max).
 * Empty when the histogram is.
 */
export function latencyCdf(histogram: HdrHistogram, fractions: readonly number[]): Array<[number, number]> {
  if (histogram.count === 0) return [];
  const sorted = [...fractions].sort((a, b) => a - b);
  const values = histogram.percentiles(sorted.map((f) => f * 100));
  return sorted.map((f, i) => [f, sFromNs(values[i])]);
}
