import { Tracer } from "../../kernel/trace.js";
import type { RequestRecord } from "../../metrics/index.js";

/** Attempt outcomes that send the client on to another node within the same attempt. */
const REDIRECTS = new Set(["301", "302", "307", "308"]);

/** An outcome as the trace writes it: HTTP statuses as numbers, error kinds as names. */
function status(outcome: string): number | string {
  return /^\d{3}$/.test(outcome) ? Number(outcome) : outcome;
}

/**
 * The story records (src/report/trace-story.ts) of one finished request: its begin, every hop of every attempt
 * (a redirect's follow-up hop belongs to the same attempt), the backoff before each new attempt, its end.
 */
export function requestStoryRecords(record: RequestRecord, nodeNames: readonly string[], proxyCount: number): Array<{ t_ns: number } & Record<string, unknown>> {
  const req = record.seq;
  const lines: Array<{ t_ns: number } & Record<string, unknown>> = [{ t_ns: record.startNs, ev: "request.begin", req, op: record.op, client: record.client }];
  let attempt = 0;
  let previous: RequestRecord["attempts"][number] | undefined;
  for (let i = 0; i < record.attempts.length; i++) {
    const hop = record.attempts[i];
    const node = nodeNames[hop.node] ?? `node${hop.node}`;
    const followsRedirect = previous !== undefined && REDIRECTS.has(previous.outcome);
    if (!followsRedirect) {
      if (previous !== undefined && previous.endNs >= 0 && hop.startNs > previous.endNs) {
        lines.push({ t_ns: previous.endNs, ev: "backoff", req, attempt, delay_ns: hop.startNs - previous.endNs });
      }
      attempt++;
      lines.push({ t_ns: hop.startNs, ev: "attempt.begin", req, attempt, node, role: hop.node < proxyCount ? "proxy" : "target" });
    }
    const next = record.attempts[i + 1];
    const redirect = REDIRECTS.has(hop.outcome) && next !== undefined ? (nodeNames[next.node] ?? `node${next.node}`) : undefined;
    const endNs = hop.endNs >= 0 ? hop.endNs : record.endNs;
    if (hop.redirect !== undefined) {
      // The proxy's redirect and the target's answer: two hops of one attempt, as the client saw them
      // (AIStore answers a GET with 301, the other operations with 307).
      const target = nodeNames[hop.redirect.node] ?? `node${hop.redirect.node}`;
      lines.push({ t_ns: hop.redirect.atNs, ev: "attempt.end", req, attempt, node, status: record.op === "GET" ? 301 : 307, redirect: target });
      lines.push({ t_ns: endNs, ev: "attempt.end", req, attempt, node: target, status: status(hop.outcome) });
    } else {
      lines.push({ t_ns: endNs, ev: "attempt.end", req, attempt, node, status: status(hop.outcome), ...(redirect ? { redirect } : {}) });
    }
    previous = hop;
  }
  lines.push({ t_ns: record.endNs, ev: "request.end", req, outcome: record.outcome, attempts: attempt });
  return lines;
}

/** The story records of one finished request as NDJSON lines (without the newline). */
export function requestStoryLines(record: RequestRecord, nodeNames: readonly string[], proxyCount: number): string[] {
  return requestStoryRecords(record, nodeNames, proxyCount).map((l) => JSON.stringify(l));
}

/**
 * Writes each finished request's story records to `file` (created or truncated) as NDJSON through the kernel's
 * pino tracer, synchronously: every line stamped `t_ns` with the virtual time of what it tells, no wall clock.
 */
export function openRequestTrace(file: string, nodeNames: readonly string[], proxyCount: number): { sink: (record: RequestRecord) => void; close: () => void } {
  let stampNs = 0;
  const tracer = new Tracer({ dest: file, events: false }, () => stampNs);
  return {
    sink: (record) => {
      for (const { t_ns, ...fields } of requestStoryRecords(record, nodeNames, proxyCount)) {
        stampNs = t_ns;
        tracer.line(fields);
      }
    },
    close: () => tracer.close(),
  };
}
