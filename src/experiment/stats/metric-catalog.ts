/**
 * The metric names a run reports, known before running from the workload mode alone: the cluster simulator
 * always reports the same figures (src/metrics/run-figures.ts, the data-movement figures, and what
 * run-one-result.ts adds), each scenario model its recorder's figures plus its own. Criteria naming anything
 * else would fail at every run, so they are refused when the spec is checked. test/experiment/metric-catalog.test.ts
 * runs each model and keeps these lists equal to what the runs report.
 */

import { STANDARD_METRICS } from "./criteria.js";

/** A family of metric names known only by pattern (the failure kinds a run meets). */
export interface MetricPattern {
  readonly regex: RegExp;
  /** How messages show it, e.g. `failed_<kind>`. */
  readonly shown: string;
}

/** The metrics of one kind of run. */
export interface MetricCatalog {
  /** What the runs are, for messages: `cluster runs`, `overload scenario runs`. */
  readonly runs: string;
  readonly names: readonly string[];
  readonly patterns: readonly MetricPattern[];
  /** Names reported only under a condition the spec does not meet, with why (e.g. recovery_s without faults). */
  readonly absent: Readonly<Record<string, string>>;
}

/** Every cluster-simulator run, whatever its workload mode: the standard metrics and a few of its own. */
export const CLUSTER_METRICS: readonly string[] = [...STANDARD_METRICS, "latency_mean", "client_requests_max_1s", "attempts", "invariant_violations"];

/** What every scenario model's recorder reports. */
const SCENARIO_COMMON: readonly string[] = [
  "requests",
  "succeeded",
  "failed",
  "success_rate",
  "attempts",
  "attempts_mean",
  "attempts_max",
  "amplification",
  "latency_mean",
  "latency_p50",
  "latency_p90",
  "latency_p99",
  "latency_p999",
  "latency_max",
];

/** Each scenario model's own figures, by workload mode. */
export const SCENARIO_METRICS: Readonly<Record<"contention" | "k-of-n" | "overload", readonly string[]>> = {
  contention: [...SCENARIO_COMMON, "clients", "calls", "calls_per_client", "completion_s", "unfinished"],
  "k-of-n": [...SCENARIO_COMMON, "downloads", "hung_fetches"],
  overload: [...SCENARIO_COMMON, "goodput_end_per_s", "metastable", "recovery_s", "wasted_fraction", "queue_max", "rejected_locally", "trigger_drop", "trigger_s"],
};

const FAILED_KIND: MetricPattern = { regex: /^failed_[a-z0-9_]+$/, shown: "failed_<kind>" };

/**
 * The metrics runs of a spec report, from its workload mode and whether it has faults; undefined for a mode
 * this catalog does not know (then criteria metrics are not checked before running).
 */
export function metricCatalog(mode: string, hasFaults: boolean): MetricCatalog | undefined {
  if (mode === "contention" || mode === "k-of-n" || mode === "overload") {
    return { runs: `${mode} scenario runs`, names: SCENARIO_METRICS[mode], patterns: [], absent: {} };
  }
  if (mode === "closed" || mode === "open" || mode === "bulk-copy" || mode === "trace-replay") {
    const absent: Record<string, string> = hasFaults ? {} : { recovery_s: "recovery_s is reported only by runs with faults, and this experiment has none" };
    return { runs: "cluster runs", names: CLUSTER_METRICS.filter((m) => !(m in absent)), patterns: [FAILED_KIND], absent };
  }
  return undefined;
}

/** Whether a catalog has the metric, by name or pattern. */
export function catalogHas(catalog: MetricCatalog, metric: string): boolean {
  return catalog.names.includes(metric) || catalog.patterns.some((p) => p.regex.test(metric));
}
