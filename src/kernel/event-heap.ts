/**
 * A 4-ary min-heap of (time, tie, payload) triples stored side by side in one Float64Array, so pushing and
 * popping allocate nothing. `tie` orders entries with equal times; the simulator packs (priority, sequence)
 * into it so a single float comparison settles both. Payloads are small integers (slot numbers of the
 * simulator's event table, or negated process indices).
 *
 * Why 4-ary and interleaved: a pop sifts an entry from the root to a leaf; four children per node halve the
 * levels, and the four children of a node sit in 96 consecutive bytes, so each level touches one or two
 * cache lines instead of three arrays' worth.
 */
const STRIDE = 3;

export class EventHeap {
  private data: Float64Array;
  private count = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(16, initialCapacity | 0);
    this.data = new Float64Array(capacity * STRIDE);
  }

  /** Number of entries. */
  get size(): number {
    return this.count;
  }

  /** Time of the smallest entry; only meaningful when size > 0. */
  peekTime(): number {
    return this.data[0];
  }

  /** Tie key of the smallest entry; only meaningful when size > 0. */
  peekTie(): number {
    return this.data[1];
  }

  /** Payload of the smallest entry; only meaningful when size > 0. */
  peekPayload(): number {
    return this.data[2];
  }

  /** Adds an entry. Amortised O(log n), allocation-free except when the array doubles. */
  push(time: number, tie: number, payload: number): void {
    if (this.count * STRIDE === this.data.length) this.grow();
    const d = this.data;
    let i = this.count++;
    // Sift up: move parents down until the new entry's place is found, then write it once.
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const p = parent * STRIDE;
      const pt = d[p];
      if (pt < time || (pt === time && d[p + 1] < tie)) break;
      place(d, i, pt, d[p + 1], d[p + 2]);
      i = parent;
    }
    place(d, i, time, tie, payload);
  }

  /** Removes the smallest entry and returns its payload; the caller reads peekTime() first if it needs it. */
  pop(): number {
    const d = this.data;
    const top = d[2];
    const n = --this.count;
    if (n > 0) {
      const last = n * STRIDE;
      this.siftDown(0, d[last], d[last + 1], d[last + 2], n);
    }
    return top;
  }

  /** Removes every entry. */
  clear(): void {
    this.count = 0;
  }

  /**
   * Drops the entries whose payload fails `keep` and restores heap order in O(n). Used by the simulator to
   * shed cancelled events when they pile up (e.g. request timeouts that almost never fire).
   */
  filter(keep: (payload: number, tie: number) => boolean): void {
    const d = this.data;
    let n = 0;
    for (let i = 0; i < this.count; i++) {
      const j = i * STRIDE;
      if (!keep(d[j + 2], d[j + 1])) continue;
      place(d, n, d[j], d[j + 1], d[j + 2]);
      n++;
    }
    this.count = n;
    for (let i = (n - 2) >> 2; i >= 0; i--) {
      const j = i * STRIDE;
      this.siftDown(i, d[j], d[j + 1], d[j + 2], n);
    }
  }

  /** Places (time, tie, payload) at or below index `start` of a heap of n entries. */
  private siftDown(start: number, time: number, tie: number, payload: number, n: number): void {
    const d = this.data;
    let i = start;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      // The smallest of up to four children.
      let best = first;
      let b = first * STRIDE;
      let bt = d[b];
      let btie = d[b + 1];
      const end = first + 4 < n ? first + 4 : n;
      for (let c = first + 1; c < end; c++) {
        const k = c * STRIDE;
        const ct = d[k];
        if (ct < bt || (ct === bt && d[k + 1] < btie)) {
          best = c;
          b = k;
          bt = ct;
          btie = d[k + 1];
        }
      }
      if (time < bt || (time === bt && tie < btie)) break;
      place(d, i, bt, btie, d[b + 2]);
      i = best;
    }
    place(d, i, time, tie, payload);
  }

  /** Doubles the capacity. */
  private grow(): void {
    const grown = new Float64Array(this.data.length * 2);
    grown.set(this.data);
    this.data = grown;
  }
}

/** Writes entry i. */
function place(d: Float64Array, i: number, time: number, tie: number, payload: number): void {
  const j = i * STRIDE;
  d[j] = time;
  d[j + 1] = tie;
  d[j + 2] = payload;
}
