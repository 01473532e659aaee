/**
 * A log-linear ("HDR-style") histogram of non-negative integers (latencies in ns), with fixed relative
 * precision and O(1) recording into a typed array.
 *
 * With `subBucketBits` = s, values below 2^s are counted exactly; above, each power-of-two range [2^k, 2^(k+1))
 * is split into 2^(s-1) equal buckets, so a bucket's width is at most value / 2^(s-1). The default s = 8 gives
 * 128 buckets per octave: relative error below 1/128 ≈ 0.78% (at least two significant decimal digits).
 * Percentile queries return the *highest* value of the bucket holding the nearest-rank sample, so for any
 * quantile the answer v' and the exact sample v satisfy v <= v' < v × (1 + 2^-(s-1)).
 * Counts are Float64 (exact to 2^53); the array grows to the largest bucket touched.
 */
export class HdrHistogram {
  readonly subBucketBits: number;
  private readonly subBucketCount: number;
  private readonly halfCount: number;
  private counts: Float64Array;
  private total = 0;
  private sumValues = 0;
  private minValue = Infinity;
  private maxValue = -Infinity;

  constructor(subBucketBits = 8) {
    if (!(Number.isInteger(subBucketBits) && subBucketBits >= 2 && subBucketBits <= 20)) {
      throw new RangeError(`HdrHistogram: subBucketBits must be an integer in [2, 20], got ${subBucketBits}`);
    }
    this.subBucketBits = subBucketBits;
    this.subBucketCount = 2 ** subBucketBits;
    this.halfCount = this.subBucketCount / 2;
    this.counts = new Float64Array(this.subBucketCount * 4);
  }

  /** The largest relative error of a reported value: 2^-(s-1). */
  get relativePrecision(): number {
    return 1 / this.halfCount;
  }

  /** Number of values recorded. */
  get count(): number {
    return this.total;
  }

  /** Smallest value recorded (Infinity when empty). */
  get min(): number {
    return this.minValue;
  }

  /** Largest value recorded (-Infinity when empty). */
  get max(): number {
    return this.maxValue;
  }

  /** Exact mean of the values recorded (NaN when empty). */
  get mean(): number {
    return this.total > 0 ? this.sumValues / this.total : NaN;
  }

  /** Records a non-negative integer value (`times` times). */
  record(value: number, times = 1): void {
    if (!(value >= 0 && value <= Number.MAX_SAFE_INTEGER)) throw new RangeError(`HdrHistogram: value must be in [0, 2^53), got ${value}`);
    const v = Math.floor(value);
    const index = this.indexOf(v);
    if (index >= this.counts.length) this.grow(index + 1);
    this.counts[index] += times;
    this.total += times;
    this.sumValues += v * times;
    if (v < this.minValue) this.minValue = v;
    if (v > this.maxValue) this.maxValue = v;
  }

  /** Bucket index of value v (an integer >= 0). */
  indexOf(v: number): number {
    if (v < this.subBucketCount) return v;
    if (v < 4294967296) {
      // 32-bit fast path: integer shifts instead of a power and a division.
      const shift = 32 - Math.clz32(v) - this.subBucketBits;
      return shift * this.halfCount + (v >>> shift);
    }
    const shift = floorLog2(v) - this.subBucketBits + 1;
    return shift * this.halfCount + Math.floor(v / POW2[shift]);
  }

  /** Lowest value that lands in bucket `index`. */
  lowestInBucket(index: number): number {
    if (index < this.subBucketCount) return index;
    const shift = Math.floor(index / this.halfCount) - 1;
    const sub = index - shift * this.halfCount;
    return sub * POW2[shift];
  }

  /** Highest value that lands in bucket `index`. */
  highestInBucket(index: number): number {
    if (index < this.subBucketCount) return index;
    const shift = Math.floor(index / this.halfCount) - 1;
    return this.lowestInBucket(index) + POW2[shift] - 1;
  }

  /**
   * The value at percentile p (0 < p <= 100) by nearest rank — the ceil(p/100 × count)-th smallest —
   * reported as the highest value of its bucket, capped at the exact maximum. NaN when empty.
   */
  percentile(p: number): number {
    if (this.total === 0) return NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    const counts = this.counts;
    for (let i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) return Math.min(this.highestInBucket(i), this.maxValue);
    }
    return this.maxValue;
  }

  /** Several percentiles in one pass; `ps` must be ascending. */
  percentiles(ps: readonly number[]): number[] {
    const out = new Array<number>(ps.length).fill(NaN);
    if (this.total === 0) return out;
    let k = 0;
    let rank = Math.max(1, Math.ceil((ps[0] / 100) * this.total));
    let seen = 0;
    const counts = this.counts;
    for (let i = 0; i < counts.length && k < ps.length; i++) {
      seen += counts[i];
      while (k < ps.length && seen >= rank) {
        out[k] = Math.min(this.highestInBucket(i), this.maxValue);
        k++;
        if (k < ps.length) rank = Math.max(1, Math.ceil((ps[k] / 100) * this.total));
      }
    }
    for (; k < ps.length; k++) out[k] = this.maxValue;
    return out;
  }

  /** Adds every count of `other` (same subBucketBits) into this histogram. */
  merge(other: HdrHistogram): void {
    if (other.subBucketBits !== this.subBucketBits) throw new RangeError("HdrHistogram.merge: different precisions");
    if (other.counts.length > this.counts.length) this.grow(other.counts.length);
    const mine = this.counts;
    const theirs = other.counts;
    for (let i = 0; i < theirs.length; i++) if (theirs[i] !== 0) mine[i] += theirs[i];
    this.total += other.total;
    this.sumValues += other.sumValues;
    if (other.minValue < this.minValue) this.minValue = other.minValue;
    if (other.maxValue > this.maxValue) this.maxValue = other.maxValue;
  }

  /** Forgets every value (keeps the array). */
  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.sumValues = 0;
    this.minValue = Infinity;
    this.maxValue = -Infinity;
  }

  /** True if both hold exactly the same bucket counts. */
  sameCountsAs(other: HdrHistogram): boolean {
    if (other.subBucketBits !== this.subBucketBits || other.total !== this.total) return false;
    const n = Math.max(this.counts.length, other.counts.length);
    for (let i = 0; i < n; i++) if ((this.counts[i] ?? 0) !== (other.counts[i] ?? 0)) return false;
    return this.minValue === other.minValue && this.maxValue === other.maxValue;
  }

  private grow(minLength: number): void {
    let length = this.counts.length * 2;
    while (length < minLength) length *= 2;
    const grown = new Float64Array(length);
    grown.set(this.counts);
    this.counts = grown;
  }
}

const POW2 = Float64Array.from({ length: 64 }, (_, k) => 2 ** k);

/** floor(log2(v)) for an integer 1 <= v < 2^53, exact (no floating log). */
export function floorLog2(v: number): number {
  if (v < 4294967296) return 31 - Math.clz32(v);
  return 63 - Math.clz32(Math.floor(v / 4294967296));
}
