/**
 * The open requests of a run. From beginRequest to endRequest a request holds one slot of typed columns over a
 * SlotTable, so the per-request hot path allocates nothing; a RequestHandle is the slot's SlotTable handle, which
 * stops matching once the request ends and its slot is reused.
 */

import { slotOf } from "../kernel/handles.js";
import { grownColumn, SLOT_SPAN, SlotTable } from "../kernel/slot-table.js";

/** Identifies an open request (slot + generation); stale after endRequest. */
export type RequestHandle = number;

/** Open requests as columns indexed by slot. */
export class RequestTable {
  /**
   * 1 while the slot's request is open. The generation alone cannot tell: a free slot's generation has already
   * moved on, so a handle made up for it would match.
   */
  open: Uint8Array;
  /** Sequence number of the request in the run (0, 1, 2, ... in begin order). */
  seq: Float64Array;
  startNs: Float64Array;
  /** Client index and operation id, as passed to beginRequest. */
  client: Int32Array;
  op: Int32Array;
  /** Attempts the request sent so far. */
  attemptCount: Int32Array;
  /** First and last attempt slot of the request's chain (-1: none); chained only when records are kept. */
  firstAttempt: Int32Array;
  lastAttempt: Int32Array;
  /** Requests begun so far (the next one's sequence number) and ended (each once). */
  begun = 0;
  ended = 0;
  private readonly slots: SlotTable;

  constructor(capacity: number) {
    this.open = new Uint8Array(capacity);
    this.seq = new Float64Array(capacity);
    this.startNs = new Float64Array(capacity);
    this.client = new Int32Array(capacity);
    this.op = new Int32Array(capacity);
    this.attemptCount = new Int32Array(capacity);
    this.firstAttempt = new Int32Array(capacity);
    this.lastAttempt = new Int32Array(capacity);
    const overflow = `metrics: more than ${SLOT_SPAN} requests open at once`;
    this.slots = new SlotTable(capacity, (grownCapacity) => this.grow(grownCapacity), overflow);
  }

  /** Requests begun and not yet ended. */
  get openCount(): number {
    return this.begun - this.ended;
  }

  /** Opens a request of `client` doing `op`, begun at `startNs`; returns its slot. */
  begin(client: number, op: number, startNs: number): number {
    const slot = this.slots.allocate();
    this.open[slot] = 1;
    this.seq[slot] = this.begun++;
    this.startNs[slot] = startNs;
    this.client[slot] = client;
    this.op[slot] = op;
    this.attemptCount[slot] = 0;
    this.firstAttempt[slot] = -1;
    this.lastAttempt[slot] = -1;
    return slot;
  }

  /** The handle of the request in `slot`. */
  handleOf(slot: number): RequestHandle {
    return this.slots.handleOf(slot);
  }

  /** The slot of the open request `handle` names, else -1 (ended, never issued, or not a handle). */
  openSlotOf(handle: RequestHandle): number {
    if (!(handle >= 0)) return -1;
    const slot = this.slots.slotOfCurrent(handle);
    return slot >= 0 && this.open[slot] === 1 ? slot : -1;
  }

  /**
   * Counts one more request as ended. Its slot's columns and handle stay valid (its record and attempt chain
   * are still to be read) until release(slot).
   */
  countEnded(): void {
    this.ended++;
  }

  /** Frees the slot of an ended request: the slot is free for the next request and its handle no longer matches. */
  release(slot: number): void {
    this.open[slot] = 0;
    this.slots.release(slot);
  }

  /**
   * The slot `handle` named if its request has ended and the slot has been neither reused nor ended again since
   * (so the slot's sequence number is still that request's), else -1.
   */
  endedSlotOf(handle: RequestHandle): number {
    if (!this.slots.releasedSince(handle)) return -1;
    const slot = slotOf(handle, SLOT_SPAN);
    return this.open[slot] === 0 ? slot : -1;
  }

  /** Sequence number and begin time of up to `limit` open requests (by slot; sort them if order matters). */
  openSample(limit: number): Array<{ seq: number; startNs: number }> {
    const sample: Array<{ seq: number; startNs: number }> = [];
    for (let slot = 0; slot < this.slots.used && sample.length < limit; slot++) {
      if (this.open[slot] === 1) sample.push({ seq: this.seq[slot], startNs: this.startNs[slot] });
    }
    return sample;
  }

  private grow(capacity: number): void {
    this.open = grownColumn(this.open, capacity);
    this.seq = grownColumn(this.seq, capacity);
    this.startNs = grownColumn(this.startNs, capacity);
    this.client = grownColumn(this.client, capacity);
    this.op = grownColumn(this.op, capacity);
    this.attemptCount = grownColumn(this.attemptCount, capacity);
    this.firstAttempt = grownColumn(this.firstAttempt, capacity);
    this.lastAttempt = grownColumn(this.lastAttempt, capacity);
  }
}
