import { sFromNs } from "../kernel/time.js";
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
  const table = metrics.perSecond();
  const firstSecond = Math.ceil(sFromNs(metrics.warmupNs));
  let peak = NaN;
  for (let i = firstSecond; i < table.seconds; i++) {
    const a = table.retryAmplification[i];
    if (!Number.isNaN(a) && !(a <= peak)) peak = a;
  }
  const measuredS = sFromNs(endNs - metrics.warmupNs);
  return {
    requests: s.requests,
    succeeded: s.succeeded,
    failed: s.failed,
    success_rate: s.requests > 0 ? s.succeeded / s.requests : NaN,
    latency_p50: sFromNs(s.latency.p50Ns),
    latency_p90: sFromNs(s.latency.p90Ns),
    latency_p99: sFromNs(s.latency.p99Ns),
    latency_p999: sFromNs(s.latency.p999Ns),
    latency_max: sFromNs(s.latency.maxNs),
    latency_mean: sFromNs(s.latency.meanNs),
    attempts_mean: s.retryAmplification,
    attempts_max: s.attemptsMax,
    amplification: s.retryAmplification,
    amplification_peak_1s: peak,
    client_rps_max_1s: s.clientAttemptsMaxPerWindow,
    client_requests_max_1s: s.clientRequestsMaxPerWindow,
    goodput_bytes_per_s: measuredS > 0 ? s.succeededBytes / measuredS : NaN,
  };
}
