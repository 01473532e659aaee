/**
 * A sum over a sliding time window, kept in equal slices: the current (partial) slice plus the `slices − 1`
 * before it. Older slices expire whole, so the window is exact to one slice — the structure of Finagle's
 * WindowedAdder, which its retry budget uses. A running total makes `add` and `sum` O(1) amortised, cheap
 * enough for bookkeeping on every attempt.
 */
export class WindowedCounter {
  private readonly sliceS: number;
  private readonly sums: number[];
  private currentId = -Infinity;
  private total = 0;

  constructor(
    readonly windowS: number,
    readonly slices: number,
  ) {
    if (!(windowS > 0) || !Number.isInteger(slices) || slices < 1) {
      throw new RangeError(`WindowedCounter: need windowS > 0 and a whole number of slices ≥ 1, got ${windowS}, ${slices}`);
    }
    this.sliceS = windowS / slices;
    this.sums = new Array<number>(slices).fill(0);
  }

  /** Adds `amount` (may be negative) at time `nowS`. */
  add(amount: number, nowS: number): void {
    this.advance(nowS);
    this.sums[this.slot(this.currentId)] += amount;
    this.total += amount;
  }

  /** The sum of what was added within the window ending at `nowS`. */
  sum(nowS: number): number {
    this.advance(nowS);
    return this.total;
  }

  private slot(id: number): number {
    return ((id % this.slices) + this.slices) % this.slices;
  }

  /** Moves to the slice of `nowS`, expiring the slices that fell out; an earlier time counts as the current slice. */
  private advance(nowS: number): void {
    const id = Math.floor(nowS / this.sliceS);
    if (id <= this.currentId) return;
    if (id - this.currentId >= this.slices) {
      this.sums.fill(0);
      this.total = 0;
    } else {
      for (let expired = this.currentId + 1; expired <= id; expired++) {
        const at = this.slot(expired);
        this.total -= this.sums[at];
        this.sums[at] = 0;
      }
    }
    this.currentId = id;
  }
}
