/**
 * Per-request records: what one holds (RequestRecord, AttemptRecord), how it is built from the request and
 * attempt tables when the request ends, and which are kept (RecordStore, per the `records` option). Aggregates
 * never depend on them; records are the trace a reader follows request by request.
 */

import type { AttemptTable } from "./attempt-table.js";
import type { NameRegistry, OutcomeKinds } from "./kinds.js";
import type { RequestTable } from "./request-table.js";

/** One attempt of a request, as recorded. */
export interface AttemptRecord {
  /** Node the attempt was sent to (the model's node index). */
  node: number;
  startNs: number;
  /** -1 if the attempt had not ended when the request did (e.g. a losing hedge). */
  endNs: number;
  /** Outcome kind name ("200", "301", "refused", ...), or "open" if it had not ended. */
  outcome: string;
  /** The proxy's redirect within this attempt: the target it sent the client to, and when. */
  redirect?: { node: number; atNs: number };
}

/** One request from start to end. */
export interface RequestRecord {
  /** Sequence number of the request in the run (0, 1, 2, ... in begin order). */
  seq: number;
  client: number;
  op: string;
  startNs: number;
  endNs: number;
  /** "ok" or the failure kind. */
  outcome: string;
  attempts: AttemptRecord[];
}

/** What to keep of per-request records (aggregates are always kept). */
export type RecordsOption =
  | { mode: "none" }
  | { mode: "all" }
  /** The most recent `capacity` records. */
  | { mode: "ring"; capacity: number }
  /** Hand each record to `sink` as the request ends, keep nothing. */
  | { mode: "sink"; sink: (record: RequestRecord) => void };

/** Keeps records according to a RecordsOption. */
export class RecordStore {
  readonly enabled: boolean;
  private readonly option: RecordsOption;
  private readonly kept: RequestRecord[] = [];
  private next = 0;
  private total = 0;

  constructor(option: RecordsOption = { mode: "none" }) {
    if (option.mode === "ring" && !(Number.isInteger(option.capacity) && option.capacity >= 1)) {
      throw new RangeError(`records: ring capacity must be an integer >= 1, got ${option.capacity}`);
    }
    this.option = option;
    this.enabled = option.mode !== "none";
  }

  /** Stores (or forwards) one record. */
  add(record: RequestRecord): void {
    this.total++;
    switch (this.option.mode) {
      case "all":
        this.kept.push(record);
        break;
      case "ring":
        if (this.kept.length < this.option.capacity) this.kept.push(record);
        else this.kept[this.next] = record;
        this.next = (this.next + 1) % this.option.capacity;
        break;
      case "sink":
        this.option.sink(record);
        break;
      default:
        break;
    }
  }

  /** Records kept, oldest first. */
  records(): RequestRecord[] {
    if (this.option.mode === "ring" && this.kept.length === this.option.capacity) {
      return [...this.kept.slice(this.next), ...this.kept.slice(0, this.next)];
    }
    return this.kept.slice();
  }

  /** Records added so far (kept or not). */
  get added(): number {
    return this.total;
  }
}

/**
 * The record of the request in `request` (ending now, at `endNs`, with outcome kind `outcome`), built from its
 * chain of attempts; an attempt still open (a losing hedge) shows as "open" with endNs -1.
 */
export function buildRequestRecord(
  requests: RequestTable,
  attempts: AttemptTable,
  request: number,
  outcome: number,
  endNs: number,
  kinds: OutcomeKinds,
  ops: NameRegistry,
): RequestRecord {
  const attemptRecords: AttemptRecord[] = [];
  for (let a = requests.firstAttempt[request]; a >= 0; a = attempts.nextAttempt[a]) {
    const open = attempts.open[a] === 1;
    attemptRecords.push({
      node: attempts.node[a],
      startNs: attempts.startNs[a],
      endNs: open ? -1 : attempts.endNs[a],
      outcome: open ? "open" : kinds.name(attempts.outcome[a]),
      ...(attempts.redirectNode[a] >= 0 ? { redirect: { node: attempts.redirectNode[a], atNs: attempts.redirectNs[a] } } : {}),
    });
  }
  return {
    seq: requests.seq[request],
    client: requests.client[request],
    op: ops.name(requests.op[request]),
    startNs: requests.startNs[request],
    endNs,
    outcome: kinds.name(outcome),
    attempts: attemptRecords,
  };
}
