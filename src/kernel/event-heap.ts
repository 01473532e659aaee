/**
 * A binary min-heap of (time, tie, payload) triples kept in parallel typed arrays, so pushing and popping
 * allocate nothing. `tie` orders entries with equal times; the simulator packs (priority, sequence) into it so
 * a single float comparison settles both. Payloads are small integers (slot numbers of the simulator's event
 * table).
 */
export class EventHeap {
  private times: Float64Array;
  private ties: Float64Array;
  private payloads: Int32Array;
  private count = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(16, initialCapacity | 0);
    this.times = new Float64Array(capacity);
    this.ties = new Float64Array(capacity);
    this.payloads = new Int32Array(capacity);
  }

  /** Number of entries. */
  get size(): number {
    return this.count;
  }

  /** Time of the smallest entry; only meaningful when size > 0. */
  peekTime(): number {
    return this.times[0];
  }

  /** Tie key of the smallest entry; only meaningful when size > 0. */
  peekTie(): number {
    return this.ties[0];
  }

  /** Payload of the smallest entry; only meaningful when size > 0. */
  peekPayload(): number {
    return this.payloads[0];
  }

  /** Adds an entry. Amortised O(log n), allocation-free except when the arrays double. */
  push(time: number, tie: number, payload: number): void {
    if (this.count === this.times.length) this.grow();
    const times = this.times;
    const ties = this.ties;
    const payloads = this.payloads;
    let i = this.count++;
    // Sift up: move parents down until the new entry's place is found, then write it once.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent];
      if (pt < time || (pt === time && ties[parent] < tie)) break;
      times[i] = pt;
      ties[i] = ties[parent];
      payloads[i] = payloads[parent];
      i = parent;
    }
    times[i] = time;
    ties[i] = tie;
    payloads[i] = payload;
  }

  /** Removes the smallest entry and returns its payload; the caller reads peekTime() first if it needs it. */
  pop(): number {
    const times = this.times;
    const ties = this.ties;
    const payloads = this.payloads;
    const top = payloads[0];
    const n = --this.count;
    if (n > 0) this.siftDown(0, times[n], ties[n], payloads[n], n);
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
    const times = this.times;
    const ties = this.ties;
    const payloads = this.payloads;
    let n = 0;
    for (let i = 0; i < this.count; i++) {
      if (!keep(payloads[i], ties[i])) continue;
      times[n] = times[i];
      ties[n] = ties[i];
      payloads[n] = payloads[i];
      n++;
    }
    this.count = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.siftDown(i, times[i], ties[i], payloads[i], n);
  }

  /** Places (time, tie, payload) at or below index i of a heap of n entries. */
  private siftDown(start: number, time: number, tie: number, payload: number, n: number): void {
    const times = this.times;
    const ties = this.ties;
    const payloads = this.payloads;
    let i = start;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n) {
        const tr = times[right];
        const tc = times[child];
        if (tr < tc || (tr === tc && ties[right] < ties[child])) child = right;
      }
      const ct = times[child];
      if (time < ct || (time === ct && tie < ties[child])) break;
      times[i] = ct;
      ties[i] = ties[child];
      payloads[i] = payloads[child];
      i = child;
    }
    times[i] = time;
    ties[i] = tie;
    payloads[i] = payload;
  }

  /** Doubles the capacity of every array. */
  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    const ties = new Float64Array(capacity);
    ties.set(this.ties);
    const payloads = new Int32Array(capacity);
    payloads.set(this.payloads);
    this.times = times;
    this.ties = ties;
    this.payloads = payloads;
  }
}
