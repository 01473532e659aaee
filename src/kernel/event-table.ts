/**
 * The simulator's event table: what each scheduled event will run (handler, argument, label), in parallel
 * columns indexed by slot, with slots and event ids from a SlotTable. The heap orders slots by time; this table
 * holds what the heap entries stand for, so the heap stays three numbers per entry and scheduling allocates no
 * object per event.
 *
 * A slot is pending exactly while its handler is set. Cancelling clears the handler but keeps the slot: its heap
 * entry is still in the heap, and the slot is released only when that entry is popped or compacted away, so a
 * slot is never in the heap twice.
 */

import type { EventId, Handler, Label } from "./event.js";
import { grownColumn, SLOT_SPAN, SlotTable } from "./slot-table.js";

/** Handler, argument and label of each scheduled event, by slot. */
export class EventTable {
  /** Handler of each slot's event; undefined once it ran or was cancelled. */
  readonly handlers: Array<Handler<unknown> | undefined>;
  /** Argument passed to the handler. */
  readonly args: unknown[];
  /** Label of each slot's event (grows by doubling, so read it through the table). */
  labels: Int32Array;
  private readonly slots: SlotTable;

  constructor(capacity: number) {
    this.handlers = new Array<Handler<unknown> | undefined>(capacity).fill(undefined);
    this.args = new Array<unknown>(capacity).fill(undefined);
    this.labels = new Int32Array(capacity);
    const overflow = `schedule: more than ${SLOT_SPAN} events pending at once`;
    this.slots = new SlotTable(capacity, (grownCapacity) => this.grow(grownCapacity), overflow);
  }

  /** Stores an event in a free slot and returns the slot. */
  add(handler: Handler<unknown>, arg: unknown, label: Label): number {
    const slot = this.slots.allocate();
    this.handlers[slot] = handler;
    this.args[slot] = arg;
    this.labels[slot] = label;
    return slot;
  }

  /** The id of the event in `slot`. */
  idOf(slot: number): EventId {
    return this.slots.handleOf(slot);
  }

  /** The slot of the event `id` names if that event is still pending, else -1 (it ran, was cancelled, or never was). */
  pendingSlotOf(id: EventId): number {
    const slot = this.slots.slotOfCurrent(id);
    return slot >= 0 && this.handlers[slot] !== undefined ? slot : -1;
  }

  /** Cancels the event in `slot`; the slot stays taken until its heap entry is dropped (then call release). */
  cancel(slot: number): void {
    this.handlers[slot] = undefined;
    this.args[slot] = undefined;
  }

  /** Frees `slot` once its heap entry is gone; ids of its event no longer match. */
  release(slot: number): void {
    this.handlers[slot] = undefined;
    this.args[slot] = undefined;
    this.slots.release(slot);
  }

  private grow(capacity: number): void {
    this.labels = grownColumn(this.labels, capacity);
    for (let slot = this.handlers.length; slot < capacity; slot++) {
      this.handlers.push(undefined);
      this.args.push(undefined);
    }
  }
}
