/**
 * A sum over a sliding time window, kept in equal slices: the current (partial) slice plus the `slices − 1`
 * before it. Older slices expire whole, so the window is exact to one slice — the structure of Finagle's
 * WindowedAdder, which its retry budget uses, and cheap enough for per-attempt bookkeeping.
 */
export class WindowedCounter {
  private readonly sliceS: number;
  private readonly sums: number[];
  private readonly sliceIds: number[];

  constructor(
    readonly windowS: number,
    readonly slices: number,
  ) {
    if (!(windowS > 0) || !Number.isInteger(slices) || slices < 1) {
      throw new RangeError(`WindowedCounter: need windowS > 0 and a whole number of slices ≥ 1, got ${windowS}, ${slices}`);
    }
    this.sliceS = windowS / slices;
    this.sums = new Array<number>(slices).fill(0);
    this.sliceIds = new Array<number>(slices).fill(-Infinity);
  }

  /** Adds `amount` (may be negative) at time `nowS`. */
  add(amount: number, nowS: number): void {
    const id = Math.floor(nowS / this.sliceS);
    const at = ((id % this.slices) + this.slices) % this.slices;
    if (this.sliceIds[at] !== id) {
      this.sliceIds[at] = id;
      this.sums[at] = 0;
    }
    this.sums[at] += amount;
  }

  /** The sum of what was added within the window ending at `nowS`. */
  sum(nowS: number): number {
    const id = Math.floor(nowS / this.sliceS);
    let total = 0;
    for (let i = 0; i < this.slices; i++) {
      const sliceId = this.sliceIds[i];
      if (sliceId > id - this.slices && sliceId <= id) total += this.sums[i];
    }
    return total;
  }
}
