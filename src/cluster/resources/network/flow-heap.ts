/**
 * An indexed binary min-heap of slots ordered by (finish time, start sequence). The fair-share engine keeps its
 * NIC sides in it by next completion; each slot's position is kept in `positions`, so a side re-timed after a
 * share change moves in O(log n) without searching. Only the top entry is ever scheduled with the kernel: the
 * network's single "next completion" event.
 */
export class FlowHeap {
  private slots: Int32Array;
  private count = 0;
  /** positions[slot] = index in the heap, or -1 when absent. Shared with the owner, which grows it. */
  positions: Int32Array;

  constructor(
    private finish: Float64Array,
    private seq: Float64Array,
    capacity: number,
  ) {
    this.slots = new Int32Array(capacity);
    this.positions = new Int32Array(capacity).fill(-1);
  }

  /** Number of flows in the heap. */
  get size(): number {
    return this.count;
  }

  /** The flow with the earliest finish; only meaningful when size > 0. */
  top(): number {
    return this.slots[0];
  }

  /** Points the heap at the owner's (re-allocated) key arrays and grows its own tables to `capacity`. */
  rebind(finish: Float64Array, seq: Float64Array, capacity: number): void {
    this.finish = finish;
    this.seq = seq;
    if (capacity > this.slots.length) {
      const slots = new Int32Array(capacity);
      slots.set(this.slots);
      this.slots = slots;
      const positions = new Int32Array(capacity).fill(-1);
      positions.set(this.positions);
      this.positions = positions;
    }
  }

  /** True if the slot is in the heap. */
  has(slot: number): boolean {
    return this.positions[slot] >= 0;
  }

  /** Inserts a slot (not already present). */
  push(slot: number): void {
    const i = this.count++;
    this.slots[i] = slot;
    this.positions[slot] = i;
    this.siftUp(i);
  }

  /** Re-establishes heap order after the slot's finish time changed. */
  update(slot: number): void {
    const i = this.positions[slot];
    if (!this.siftUp(i)) this.siftDown(this.positions[slot]);
  }

  /** Removes a slot that is in the heap. */
  remove(slot: number): void {
    const i = this.positions[slot];
    this.positions[slot] = -1;
    const last = --this.count;
    if (i === last) return;
    const moved = this.slots[last];
    this.slots[i] = moved;
    this.positions[moved] = i;
    if (!this.siftUp(i)) this.siftDown(i);
  }

  private less(a: number, b: number): boolean {
    const fa = this.finish[a];
    const fb = this.finish[b];
    return fa < fb || (fa === fb && this.seq[a] < this.seq[b]);
  }

  /** Moves entry i up; true if it moved. */
  private siftUp(i: number): boolean {
    const slots = this.slots;
    const slot = slots[i];
    const start = i;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = slots[parent];
      if (!this.less(slot, p)) break;
      slots[i] = p;
      this.positions[p] = i;
      i = parent;
    }
    slots[i] = slot;
    this.positions[slot] = i;
    return i !== start;
  }

  private siftDown(i: number): void {
    const slots = this.slots;
    const n = this.count;
    const slot = slots[i];
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && this.less(slots[right], slots[left])) child = right;
      const c = slots[child];
      if (!this.less(c, slot)) break;
      slots[i] = c;
      this.positions[c] = i;
      i = child;
    }
    slots[i] = slot;
    this.positions[slot] = i;
  }
}
