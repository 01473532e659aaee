import type { Attempt } from "../../cluster/http/attempt.js";
import type { Cluster } from "../../cluster/cluster.js";
import type { RunMetrics } from "../../metrics/index.js";

/**
 * Closes an attempt in the metrics with its outcome `kind`, first noting the proxy's redirect when there was one,
 * so a request's record (and its trace story) shows both hops: `p1 → 301 → t3 refused`.
 */
export function endAttemptInMetrics(metrics: RunMetrics, cluster: Cluster, a: Attempt, kind: number, nowNs: number): void {
  if (a.redirectTo >= 0 && a.directTarget < 0) metrics.endAttempt(a.handle, kind, nowNs, cluster.targets[a.redirectTo].metricsNode, a.redirectNs);
  else metrics.endAttempt(a.handle, kind, nowNs);
}
