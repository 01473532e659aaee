import { formatDuration } from "../kernel/time.js";
import type { RequestRecord } from "./request-records.js";

/**
 * One readable line for a request record, for traces and teaching:
 * "request #1234 GET client 7: p1 301 (1.2 ms) → t3 refused (200 us) → wait 1.2 s → p1 301 (1 ms) → t4 200 (12 ms)
 *  = ok after 4 attempts in 1.4 s". Gaps between attempts (backoff) appear as "wait".
 */
export function describeRecord(record: RequestRecord, nodeName: (node: number) => string = (n) => `node ${n}`): string {
  const parts: string[] = [];
  let previousEnd = record.startNs;
  for (const a of record.attempts) {
    const gap = a.startNs - previousEnd;
    if (gap > 0) parts.push(`wait ${formatDuration(gap)}`);
    const took = a.endNs >= 0 ? ` (${formatDuration(a.endNs - a.startNs)})` : "";
    parts.push(`${nodeName(a.node)} ${a.outcome}${took}`);
    if (a.endNs >= 0 && a.endNs > previousEnd) previousEnd = a.endNs;
  }
  const attempts = record.attempts.length;
  const body = parts.length > 0 ? `${parts.join(" → ")} ` : "";
  return (
    `request #${record.seq} ${record.op} client ${record.client}: ${body}= ${record.outcome} after ` +
    `${attempts} attempt${attempts === 1 ? "" : "s"} in ${formatDuration(record.endNs - record.startNs)}`
  );
}
