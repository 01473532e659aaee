import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { InputError } from "../util/input-error.js";
import { msFromNs, NS_PER_MS, NS_PER_S, NS_PER_US, sFromNs, usFromNs } from "../kernel/time.js";

/**
 * The request and attempt records a trace must contain for `aisim trace` to tell a request's story. They are
 * lines of the kernel's NDJSON trace (`{"t_ns":…, "comp":…, …}`, virtual time) with these fields added; other
 * lines (per-event lines, notes without `ev`) are ignored.
 *
 * - `request.begin` {req, op, object?, client?}: a client starts a logical request.
 * - `attempt.begin` {req, attempt, node, role?}: attempt n (1-based) is sent to `node` (a proxy or a target).
 * - `attempt.end` {req, attempt, node, status, redirect?}: `node` answered (HTTP status number) or the hop failed
 *   (status is the error kind: "refused", "timeout", "reset", …); a 301/307 names the target in `redirect`, and
 *   the redirected hop ends with its own `attempt.end` from that target.
 * - `backoff` {req, attempt, delay_ns, reason?}: the policy waits before the next attempt.
 * - `request.end` {req, outcome, attempts, reason?}: "ok" or the failure kind; `reason` says why it gave up.
 */
export type TraceRecord =
  | { t_ns: number; ev: "request.begin"; req: number | string; op?: string; object?: string; client?: number | string }
  | { t_ns: number; ev: "attempt.begin"; req: number | string; attempt: number; node: string; role?: string }
  | { t_ns: number; ev: "attempt.end"; req: number | string; attempt: number; node: string; status: number | string; redirect?: string }
  | { t_ns: number; ev: "backoff"; req: number | string; attempt: number; delay_ns: number; reason?: string }
  | { t_ns: number; ev: "request.end"; req: number | string; outcome: string; attempts?: number; reason?: string };

const STORY_EVENTS = new Set(["request.begin", "attempt.begin", "attempt.end", "backoff", "request.end"]);

/** Seconds for humans: up to 3 significant decimals, e.g. `1.2 s`, `250 ms`, `40 µs`. */
export function formatDelay(ns: number): string {
  const trim = (x: number): string => String(Number(x.toPrecision(3)));
  if (ns >= NS_PER_S) return `${trim(sFromNs(ns))} s`;
  if (ns >= NS_PER_MS) return `${trim(msFromNs(ns))} ms`;
  if (ns >= NS_PER_US) return `${trim(usFromNs(ns))} µs`;
  return `${ns} ns`;
}

/** Virtual time as seconds with 6 decimals (µs), aligned. */
function stamp(ns: number): string {
  return `${sFromNs(ns).toFixed(6)} s`;
}

function nodeName(node: string, role: string | undefined): string {
  if (role !== undefined) return `${role} ${node}`;
  return /^p/.test(node) ? `proxy ${node}` : /^t/.test(node) ? `target ${node}` : node;
}

/** One step of the story for the arrow line, and the timed detail line. */
function step(record: TraceRecord): { arrow: string; detail: string } {
  switch (record.ev) {
    case "request.begin":
      return { arrow: "", detail: `${record.op ?? "request"}${record.object ? ` ${record.object}` : ""}${record.client !== undefined ? ` (client ${record.client})` : ""}` };
    case "attempt.begin": {
      const to = nodeName(record.node, record.role);
      return { arrow: `attempt ${record.attempt} → ${to}`, detail: `attempt ${record.attempt} sent to ${to}` };
    }
    case "attempt.end": {
      // A redirect shows as its status alone: the redirected hop's own end names the target (`301 → t3 refused`).
      if (record.redirect !== undefined) return { arrow: String(record.status), detail: `${record.node} answered ${record.status} → ${record.redirect}` };
      const detail = typeof record.status === "number" ? `${record.node} answered ${record.status}` : `${record.node}: ${record.status}`;
      return { arrow: `${record.node} ${record.status}`, detail };
    }
    case "backoff":
      return { arrow: `backoff ${formatDelay(record.delay_ns)}`, detail: `backoff ${formatDelay(record.delay_ns)}${record.reason ? ` (${record.reason})` : ""}` };
    case "request.end": {
      const attempts = record.attempts !== undefined ? ` after ${record.attempts} attempt${record.attempts === 1 ? "" : "s"}` : "";
      const why = record.reason ? ` (${record.reason})` : "";
      return { arrow: `${record.outcome}${attempts}${why}`, detail: `${record.outcome}${attempts}${why}` };
    }
  }
}

/**
 * The story of one request as plain lines: first the arrow line (`request 1234: attempt 1 → proxy p1 → 301 →
 * t3 refused → backoff 1.2 s → …`), then one timed line per record.
 */
export function tellStory(requestId: string, records: readonly TraceRecord[]): string[] {
  const steps = records.map(step);
  const begin = records.find((r) => r.ev === "request.begin");
  const end = records.find((r) => r.ev === "request.end");
  const arrows = steps.map((s) => s.arrow).filter((a) => a !== "");
  const took = begin !== undefined && end !== undefined ? `, ${formatDelay(end.t_ns - begin.t_ns)}` : end === undefined ? " → (no end in the trace)" : "";
  const head = `request ${requestId}${begin ? ` (${steps[records.indexOf(begin)].detail})` : ""}: ${arrows.join(" → ")}${took}`;
  const lines = records.filter((r) => r.ev !== "request.begin").map((r) => `  ${stamp(r.t_ns)}  ${step(r).detail}`);
  return [head, ...lines];
}

function isStoryRecord(value: unknown): value is TraceRecord {
  if (value === null || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return typeof v.ev === "string" && STORY_EVENTS.has(v.ev) && (typeof v.req === "number" || typeof v.req === "string") && typeof v.t_ns === "number";
}

/**
 * Reads a trace file's request records, grouped by request id in order of first appearance and sorted by time
 * within a request; only `requestId`'s when given. A line that is not JSON is an InputError at its line number.
 */
export async function readRequestRecords(file: string, requestId?: string): Promise<Map<string, TraceRecord[]>> {
  const byRequest = new Map<string, TraceRecord[]>();
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === "") continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new InputError("not a JSON line (expected an NDJSON trace written by aisim run --trace)", { file, line: lineNumber, column: 1 });
      }
      if (!isStoryRecord(parsed)) continue;
      const id = String(parsed.req);
      if (requestId !== undefined && id !== requestId) continue;
      let list = byRequest.get(id);
      if (list === undefined) byRequest.set(id, (list = []));
      list.push(parsed);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new InputError(`cannot read the trace file: no such file`, { file });
    throw error;
  }
  // Records of one request may come from several writers: put them in time order (stable for equal times).
  for (const list of byRequest.values()) list.sort((a, b) => a.t_ns - b.t_ns);
  return byRequest;
}
