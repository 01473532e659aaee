/**
 * The last `capacity` observed latencies, kept both in arrival order (to expire the oldest) and sorted (to read
 * quantiles without sorting per request). Insertion is O(capacity) by array shifts, which for a few thousand
 * samples is cheaper than any tree.
 */
export class LatencyWindow {
  private readonly arrivals: number[] = [];
  private readonly sorted: number[] = [];
  private next = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LatencyWindow: capacity must be a whole number ≥ 1, got ${capacity}`);
  }

  /** Samples held. */
  get size(): number {
    return this.sorted.length;
  }

  /** Adds a sample, dropping the oldest once full. */
  add(latencyS: number): void {
    if (this.arrivals.length < this.capacity) {
      this.arrivals.push(latencyS);
    } else {
      const oldest = this.arrivals[this.next];
      this.sorted.splice(this.indexOf(oldest), 1);
      this.arrivals[this.next] = latencyS;
      this.next = (this.next + 1) % this.capacity;
    }
    this.sorted.splice(this.insertionPoint(latencyS), 0, latencyS);
  }

  /** The q-quantile (0 < q ≤ 1) by nearest rank: the smallest sample with at least q of the samples ≤ it. */
  quantile(q: number): number {
    if (this.sorted.length === 0) throw new RangeError("LatencyWindow.quantile: no samples");
    const rank = Math.min(this.sorted.length, Math.max(1, Math.ceil(q * this.sorted.length)));
    return this.sorted[rank - 1];
  }

  private insertionPoint(value: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid] <= value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private indexOf(value: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
