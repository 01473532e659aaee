/**
 * Slot tables: the one implementation of the generation-handle idiom used by the event loop, the network's
 * transfers, the disks' IOs and the metrics' requests and attempts. Each owner keeps its records as parallel
 * columns (typed arrays, plain arrays) indexed by slot; the table hands out slots (reusing released ones, last
 * released first), tells the owner when its columns must grow, and makes handles that pack
 * generation × SLOT_SPAN + slot, so a handle stops matching once its slot is released and reused.
 */

import { slotOf } from "./handles.js";

/** Slots per generation in a handle (a power of two, so handles decode without a floating-point remainder). */
export const SLOT_SPAN = 2 ** 26;

/** Generations wrap at 2^27, which keeps every handle below 2^53. */
const GENERATION_MASK = 2 ** 27 - 1;

/** Typed-array columns a table's owner grows. */
export type TypedColumn = Float64Array | Int32Array | Uint32Array | Uint8Array | Int8Array | Uint16Array | Int16Array | BigInt64Array;

/** A copy of `column` with room for `capacity` entries (the new ones zero). */
export function grownColumn<T extends TypedColumn>(column: T, capacity: number): T {
  const ctor = column.constructor as new (n: number) => T;
  const grown = new ctor(capacity);
  grown.set(column as never);
  return grown;
}

/** Slot allocation, generations and the free list of one table of records. */
export class SlotTable {
  /** Slots handed out so far: every slot below is in use or on the free list. */
  used = 0;
  private generations: Int32Array;
  private freeSlots: Int32Array;
  private freeCount = 0;

  /**
   * @param capacity initial room (the owner's columns have the same capacity)
   * @param grow called with the new capacity before a slot at the old capacity is handed out
   * @param overflow the error message when more than SLOT_SPAN records would be live at once
   */
  constructor(
    capacity: number,
    private readonly grow: (capacity: number) => void,
    private readonly overflow: string,
  ) {
    this.generations = new Int32Array(capacity);
    this.freeSlots = new Int32Array(capacity);
  }

  /** Room in the columns. */
  get capacity(): number {
    return this.generations.length;
  }

  /** A free slot: the last one released, else a never-used one (growing the columns when full). */
  allocate(): number {
    if (this.freeCount > 0) return this.freeSlots[--this.freeCount];
    const slot = this.used++;
    if (slot === this.generations.length) {
      if (slot === SLOT_SPAN) throw new RangeError(this.overflow);
      const capacity = Math.min(slot * 2, SLOT_SPAN);
      this.generations = grownColumn(this.generations, capacity);
      this.freeSlots = grownColumn(this.freeSlots, capacity);
      this.grow(capacity);
    }
    return slot;
  }

  /** The handle of the slot's current record. */
  handleOf(slot: number): number {
    return this.generations[slot] * SLOT_SPAN + slot;
  }

  /** Returns a slot to the free list; its generation moves on, so handles of the old record no longer match. */
  release(slot: number): void {
    this.generations[slot] = (this.generations[slot] + 1) & GENERATION_MASK;
    this.freeSlots[this.freeCount++] = slot;
  }

  /** The slot `handle` names if the handle is of the slot's current generation, else -1 (the owner checks liveness). */
  slotOfCurrent(handle: number): number {
    const slot = slotOf(handle, SLOT_SPAN);
    return slot < this.used && this.generations[slot] === (handle - slot) / SLOT_SPAN ? slot : -1;
  }

  /** True if `handle` named the slot's record just before its latest release (the generation right after it). */
  releasedSince(handle: number): boolean {
    const slot = slotOf(handle, SLOT_SPAN);
    return slot < this.used && this.generations[slot] === (((handle - slot) / SLOT_SPAN + 1) & GENERATION_MASK);
  }
}
