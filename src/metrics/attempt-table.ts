/**
 * The attempts of a run (one HTTP request on the wire each). An attempt holds one slot of typed columns over a
 * SlotTable from beginAttempt until nothing needs it: at its end when records are off, else once both it and
 * its request have ended, since the request's record is built from its chain of attempts. An AttemptHandle is
 * the slot's SlotTable handle.
 */

import { grownColumn, SLOT_SPAN, SlotTable } from "../kernel/slot-table.js";
import type { RequestTable } from "./request-table.js";

/** Identifies an open attempt. */
export type AttemptHandle = number;

/** Attempts as columns indexed by slot. */
export class AttemptTable {
  /** 1 until the attempt ends; an ended attempt may keep its slot (on its request's chain) until the request ends. */
  open: Uint8Array;
  startNs: Float64Array;
  // The columns below are written only when records are kept.
  /** Slot of the request whose chain holds the attempt; -1 once that request ended first (a losing hedge). */
  requestSlot: Int32Array;
  /** Node the attempt was sent to. */
  node: Int32Array;
  /** End time and outcome kind (-1 while open). */
  endNs: Float64Array;
  outcome: Int32Array;
  /** Node the proxy redirected the attempt to (-1: none) and when. */
  redirectNode: Int32Array;
  redirectNs: Float64Array;
  /** Next attempt of the same request (-1: the last). */
  nextAttempt: Int32Array;
  private readonly slots: SlotTable;

  constructor(capacity: number) {
    this.open = new Uint8Array(capacity);
    this.startNs = new Float64Array(capacity);
    this.requestSlot = new Int32Array(capacity);
    this.node = new Int32Array(capacity);
    this.endNs = new Float64Array(capacity);
    this.outcome = new Int32Array(capacity);
    this.redirectNode = new Int32Array(capacity);
    this.redirectNs = new Float64Array(capacity);
    this.nextAttempt = new Int32Array(capacity);
    const overflow = `metrics: more than ${SLOT_SPAN} attempts open at once`;
    this.slots = new SlotTable(capacity, (grownCapacity) => this.grow(grownCapacity), overflow);
  }

  /** Opens an attempt begun at `startNs`; returns its slot. */
  begin(startNs: number): number {
    const slot = this.slots.allocate();
    this.open[slot] = 1;
    this.startNs[slot] = startNs;
    return slot;
  }

  /** The handle of the attempt in `slot`. */
  handleOf(slot: number): AttemptHandle {
    return this.slots.handleOf(slot);
  }

  /** The slot of the open attempt `handle` names, else -1. */
  openSlotOf(handle: AttemptHandle): number {
    const slot = this.slots.slotOfCurrent(handle);
    return slot >= 0 && this.open[slot] === 1 ? slot : -1;
  }

  /** Marks the attempt in `slot` ended; its slot stays taken until released. */
  close(slot: number): void {
    this.open[slot] = 0;
  }

  /** Keeps an ended attempt's end for its request's record. */
  recordEnd(slot: number, endNs: number, outcome: number, redirectNode: number, redirectNs: number): void {
    this.endNs[slot] = endNs;
    this.outcome[slot] = outcome;
    this.redirectNode[slot] = redirectNode;
    this.redirectNs[slot] = redirectNs;
  }

  /** Frees `slot`; the attempt's handle no longer matches. */
  release(slot: number): void {
    this.open[slot] = 0;
    this.slots.release(slot);
  }

  /** Appends the open attempt in `slot`, sent to `node`, to the chain of the request in `request`. */
  chain(requests: RequestTable, request: number, slot: number, node: number): void {
    this.requestSlot[slot] = request;
    this.node[slot] = node;
    this.endNs[slot] = -1;
    this.outcome[slot] = -1;
    this.nextAttempt[slot] = -1;
    const last = requests.lastAttempt[request];
    if (last < 0) requests.firstAttempt[request] = slot;
    else this.nextAttempt[last] = slot;
    requests.lastAttempt[request] = slot;
  }

  /** The request in `request` ends: its ended attempts are freed, its open ones (hedges) live on until their end. */
  detachChain(requests: RequestTable, request: number): void {
    for (let slot = requests.firstAttempt[request]; slot >= 0; ) {
      const next = this.nextAttempt[slot];
      if (this.open[slot] === 1) this.requestSlot[slot] = -1;
      else this.release(slot);
      slot = next;
    }
  }

  private grow(capacity: number): void {
    this.open = grownColumn(this.open, capacity);
    this.startNs = grownColumn(this.startNs, capacity);
    this.requestSlot = grownColumn(this.requestSlot, capacity);
    this.node = grownColumn(this.node, capacity);
    this.endNs = grownColumn(this.endNs, capacity);
    this.outcome = grownColumn(this.outcome, capacity);
    this.redirectNode = grownColumn(this.redirectNode, capacity);
    this.redirectNs = grownColumn(this.redirectNs, capacity);
    this.nextAttempt = grownColumn(this.nextAttempt, capacity);
  }
}
