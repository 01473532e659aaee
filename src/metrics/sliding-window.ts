import { grownColumn } from "../kernel/slot-table.js";
import { NS_PER_S } from "../kernel/time.js";

/**
 * Per key (a client index), the largest number of events in any window of `windowNs` — exact for sliding
 * windows, not just aligned seconds. Event times must be non-decreasing per key (virtual time is).
 *
 * For integer times, the most events in any half-open window [a, a + W) equals the most events in any
 * (t_i - W, t_i] ending at an event, so a ring of each key's recent times suffices: on each event, drop times
 * <= t - W, push t, compare the ring length with the best so far.
 *
 * Dropping is deferred: the ring's length bounds the window's count from above, so while it is no more than the
 * best so far no new maximum is possible and old times need not be looked at. They are dropped (in one
 * sequential sweep) only when the ring outgrows the best. A busy client's oldest times were written a second
 * ago and are out of the cache; reading one per event cost more than the rest of the metrics together. The ring
 * holds at most best + 1 times. O(1) amortised per event.
 */
export class SlidingWindowMax {
  readonly windowNs: number;
  private rings: Float64Array[] = [];
  private heads: Int32Array = new Int32Array(16);
  private lengths: Int32Array = new Int32Array(16);
  private maxima: Int32Array = new Int32Array(16);
  private keys = 0;

  constructor(windowNs = NS_PER_S) {
    if (!(windowNs > 0 && Number.isSafeInteger(windowNs))) throw new RangeError(`SlidingWindowMax: windowNs must be a positive integer, got ${windowNs}`);
    this.windowNs = windowNs;
  }

  /** Number of keys seen (one past the highest key). */
  get keyCount(): number {
    return this.keys;
  }

  /** Records one event of `key` at `timeNs`. Throws if time goes backwards for that key. */
  observe(key: number, timeNs: number): void {
    if (key >= this.keys) this.addKeys(key + 1);
    let ring = this.rings[key];
    let head = this.heads[key];
    let len = this.lengths[key];
    // Ring capacities are powers of two (4, doubling), so a mask wraps an index.
    if (len > 0) {
      const last = ring[(head + len - 1) & (ring.length - 1)];
      if (timeNs < last) throw new RangeError(`SlidingWindowMax: time went backwards for key ${key}: ${timeNs} < ${last}`);
    }
    if (len === ring.length) {
      ring = this.grow(key, ring, head, len);
      head = 0;
    }
    ring[(head + len) & (ring.length - 1)] = timeNs;
    len++;
    const best = this.maxima[key];
    if (len > best) {
      const cutoff = timeNs - this.windowNs;
      const mask = ring.length - 1;
      while (ring[head] <= cutoff) {
        head = (head + 1) & mask;
        len--;
      }
      if (len > best) this.maxima[key] = len;
      this.heads[key] = head;
    }
    this.lengths[key] = len;
  }

  /** Doubles key's ring, oldest time first. */
  private grow(key: number, ring: Float64Array, head: number, len: number): Float64Array {
    const mask = ring.length - 1;
    const grown = new Float64Array(ring.length * 2);
    for (let i = 0; i < len; i++) grown[i] = ring[(head + i) & mask];
    this.rings[key] = grown;
    this.heads[key] = 0;
    return grown;
  }

  /** The most events of `key` in any window (0 if none). */
  maxOf(key: number): number {
    return key < this.keys ? this.maxima[key] : 0;
  }

  /** The most events of any key in any window. */
  maxOverall(): number {
    let m = 0;
    for (let k = 0; k < this.keys; k++) if (this.maxima[k] > m) m = this.maxima[k];
    return m;
  }

  private addKeys(n: number): void {
    if (n > this.heads.length) {
      let capacity = this.heads.length * 2;
      while (capacity < n) capacity *= 2;
      this.heads = grownColumn(this.heads, capacity);
      this.lengths = grownColumn(this.lengths, capacity);
      this.maxima = grownColumn(this.maxima, capacity);
    }
    for (let k = this.keys; k < n; k++) this.rings.push(new Float64Array(4));
    this.keys = n;
  }
}

/** The exact answer by brute force, O(n^2): for tests. Times need not be sorted. */
export function bruteForceWindowMax(timesNs: readonly number[], windowNs: number): number {
  let best = 0;
  for (const start of timesNs) {
    let n = 0;
    for (const t of timesNs) if (t >= start && t < start + windowNs) n++;
    if (n > best) best = n;
  }
  return best;
}
