/**
 * One small min-heap of flow slots per NIC side, ordered by (virtual finish, start sequence). The flows bound to
 * a side all move at that side's share, so their order by virtual finish never changes while they stay bound:
 * a share change re-times the side as a whole (its top only), not each flow. A flow's position in its side's
 * heap is kept in `positions` (a flow is in at most one side heap).
 */
export class SideHeaps {
  private items: Int32Array[] = [];
  private counts = new Int32Array(16);

  constructor(
    private keys: Float64Array,
    private seqs: Float64Array,
    private positions: Int32Array,
  ) {}

  /** Points at the owner's (re-allocated) per-flow arrays. */
  rebind(keys: Float64Array, seqs: Float64Array, positions: Int32Array): void {
    this.keys = keys;
    this.seqs = seqs;
    this.positions = positions;
  }

  /** Adds sides up to `n` in all. */
  ensureSides(n: number): void {
    while (this.items.length < n) this.items.push(new Int32Array(4));
    if (n > this.counts.length) {
      let capacity = this.counts.length * 2;
      while (capacity < n) capacity *= 2;
      const grown = new Int32Array(capacity);
      grown.set(this.counts);
      this.counts = grown;
    }
  }

  /** Flows bound to side x. */
  count(x: number): number {
    return this.counts[x];
  }

  /** The flow of side x with the smallest virtual finish; only meaningful when count(x) > 0. */
  top(x: number): number {
    return this.items[x][0];
  }

  /** Adds flow f to side x. */
  push(x: number, f: number): void {
    let items = this.items[x];
    const i = this.counts[x]++;
    if (i === items.length) {
      const grown = new Int32Array(items.length * 2);
      grown.set(items);
      items = grown;
      this.items[x] = grown;
    }
    items[i] = f;
    this.positions[f] = i;
    this.siftUp(items, i);
  }

  /** Removes flow f from side x. */
  remove(x: number, f: number): void {
    const items = this.items[x];
    const i = this.positions[f];
    this.positions[f] = -1;
    const last = --this.counts[x];
    if (i === last) return;
    const moved = items[last];
    items[i] = moved;
    this.positions[moved] = i;
    if (!this.siftUp(items, i)) this.siftDown(items, this.counts[x], i);
  }

  private less(a: number, b: number): boolean {
    const ka = this.keys[a];
    const kb = this.keys[b];
    return ka < kb || (ka === kb && this.seqs[a] < this.seqs[b]);
  }

  private siftUp(items: Int32Array, i: number): boolean {
    const f = items[i];
    const start = i;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent];
      if (!this.less(f, p)) break;
      items[i] = p;
      this.positions[p] = i;
      i = parent;
    }
    items[i] = f;
    this.positions[f] = i;
    return i !== start;
  }

  private siftDown(items: Int32Array, n: number, i: number): void {
    const f = items[i];
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && this.less(items[right], items[left]) ? right : left;
      const c = items[child];
      if (!this.less(c, f)) break;
      items[i] = c;
      this.positions[c] = i;
      i = child;
    }
    items[i] = f;
    this.positions[f] = i;
  }
}
