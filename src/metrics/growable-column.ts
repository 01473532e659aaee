import { grownColumn } from "../kernel/slot-table.js";

/**
 * A column of numbers indexed by a small integer (a second, a node, a kind), growing by doubling as higher
 * indices are touched. Unwritten cells read 0. Backed by a Float64Array: exact integers up to 2^53.
 */
export class GrowableColumn {
  private data: Float64Array;
  private used = 0;

  constructor(initialCapacity = 64) {
    this.data = new Float64Array(Math.max(1, initialCapacity));
  }

  /** One past the highest index written. */
  get length(): number {
    return this.used;
  }

  /** Adds `delta` to cell `index`. */
  add(index: number, delta: number): void {
    if (index >= this.data.length) this.grow(index + 1);
    this.data[index] += delta;
    if (index >= this.used) this.used = index + 1;
  }

  /** Sets cell `index`. */
  set(index: number, value: number): void {
    if (index >= this.data.length) this.grow(index + 1);
    this.data[index] = value;
    if (index >= this.used) this.used = index + 1;
  }

  /** Cell `index` (0 if never written). */
  get(index: number): number {
    return index < this.used ? this.data[index] : 0;
  }

  /** Sum of all cells. */
  sum(): number {
    let s = 0;
    for (let i = 0; i < this.used; i++) s += this.data[i];
    return s;
  }

  /** Largest cell (0 when empty). */
  max(): number {
    let m = 0;
    for (let i = 0; i < this.used; i++) if (this.data[i] > m) m = this.data[i];
    return m;
  }

  /** A copy of cells [0, length) — or [0, n) when n is given (zero-padded). */
  toArray(n = this.used): Float64Array {
    const out = new Float64Array(n);
    out.set(this.data.subarray(0, Math.min(n, this.used)));
    return out;
  }

  private grow(minCapacity: number): void {
    let capacity = this.data.length * 2;
    while (capacity < minCapacity) capacity *= 2;
    this.data = grownColumn(this.data, capacity);
  }
}
