import type { RunMetrics } from "./run-metrics.js";

/**
 * The standard per-run figures this layer can compute, under the metric names of the experiment criteria:
 * latencies in seconds, rates per second, fractions in [0, 1]. NaN where undefined (e.g. no request).
 * - `client_rps_max_1s`: the most attempts (HTTP requests on the wire, retries included) one client sent in
 *   any sliding 1 s window — the load a retry storm puts on the cluster. `client_requests_max_1s` counts
 *   logical requests instead.
 * - `amplification`: attempts / requests; `amplification_peak_1s`: the highest per-second value after warm-up.
 * - `goodput_bytes_per_s`: payload bytes of successful requests / measured time (end - warm-up).
 */
export function standardRunFigures(metrics: RunMetrics, endNs: number): Record<string, number> {
  const s = metrics.summary();
  const toS = (ns: number): number => ns / 1e9;
  const table = metrics.perSecond();
  const firstSecond = Math.ceil(metrics.warmupNs / 1e9);
  let peak = NaN;
  for (let i = firstSecond; i < table.seconds; i++) {
    const a = table.retryAmplification[i];
    if (!Number.isNaN(a) && !(a <= peak)) peak = a;
  }
  const measuredS = (endNs - metrics.warmupNs) / 1e9;
  return {
    requests: s.requests,
    succeeded: s.succeeded,
    failed: s.failed,
    success_rate: s.requests > 0 ? s.succeeded / s.requests : NaN,
    latency_p50: toS(s.latency.p50Ns),
    latency_p90: toS(s.latency.p90Ns),
    latency_p99: toS(s.latency.p99Ns),
    latency_p999: toS(s.latency.p999Ns),
    latency_max: toS(s.latency.maxNs),
    latency_mean: toS(s.latency.meanNs),
    attempts_mean: s.retryAmplification,
    attempts_max: s.attemptsMax,
    amplification: s.retryAmplification,
    amplification_peak_1s: peak,
    client_rps_max_1s: s.clientAttemptsMaxPerWindow,
    client_requests_max_1s: s.clientRequestsMaxPerWindow,
    goodput_bytes_per_s: measuredS > 0 ? s.succeededBytes / measuredS : NaN,
  };
}
