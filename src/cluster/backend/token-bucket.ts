/** Units per token: one token is 1e9 units, so a rate of R tokens/s adds exactly R units per nanosecond. */
const UNITS_PER_TOKEN = 1_000_000_000;

/**
 * A token bucket in exact integer arithmetic. The level is kept in units of 1e-9 token, so refilling at an
 * integer rate R tokens/s over an integer dt ns adds R × dt units: no float drift however long the run.
 * Starts full (a fresh prefix may burst). Exact while capacity × 1e9 < 2^53, i.e. capacity < ~9 million tokens.
 */
export class IntegerTokenBucket {
  private rate: number;
  private capacity: number;
  private capacityUnits: number;
  private levelUnits: number;
  private lastNs: number;

  constructor(ratePerS: number, capacityTokens: number, startNs = 0) {
    if (!(Number.isSafeInteger(ratePerS) && ratePerS > 0)) throw new RangeError(`token bucket: rate must be a positive integer per second, got ${ratePerS}`);
    if (!(Number.isSafeInteger(capacityTokens) && capacityTokens >= 1)) {
      throw new RangeError(`token bucket: capacity must be an integer >= 1 token, got ${capacityTokens}`);
    }
    if (capacityTokens * UNITS_PER_TOKEN > Number.MAX_SAFE_INTEGER) throw new RangeError(`token bucket: capacity ${capacityTokens} is too large to be exact`);
    this.rate = ratePerS;
    this.capacity = capacityTokens;
    this.capacityUnits = capacityTokens * UNITS_PER_TOKEN;
    this.levelUnits = this.capacityUnits;
    this.lastNs = startNs;
  }

  /** Tokens added per second. */
  get ratePerS(): number {
    return this.rate;
  }

  /** Most tokens the bucket holds. */
  get capacityTokens(): number {
    return this.capacity;
  }

  /**
   * Changes rate and capacity from `nowNs` on (a throttle): tokens accrued so far at the old rate are kept,
   * capped at the new capacity.
   */
  setRate(ratePerS: number, capacityTokens: number, nowNs: number): void {
    const check = new IntegerTokenBucket(ratePerS, capacityTokens);
    this.refill(nowNs);
    this.rate = check.rate;
    this.capacity = check.capacity;
    this.capacityUnits = check.capacityUnits;
    if (this.levelUnits > this.capacityUnits) this.levelUnits = this.capacityUnits;
  }

  /** Takes one token if one is available at `nowNs` (integer ns, non-decreasing across calls). */
  tryTake(nowNs: number): boolean {
    this.refill(nowNs);
    if (this.levelUnits < UNITS_PER_TOKEN) return false;
    this.levelUnits -= UNITS_PER_TOKEN;
    return true;
  }

  /** Whole tokens available at `nowNs`. */
  tokens(nowNs: number): number {
    this.refill(nowNs);
    return Math.floor(this.levelUnits / UNITS_PER_TOKEN);
  }

  /** Nanoseconds from `nowNs` until a token is available (0 if one is). */
  waitNs(nowNs: number): number {
    this.refill(nowNs);
    const missing = UNITS_PER_TOKEN - this.levelUnits;
    return missing <= 0 ? 0 : Math.ceil(missing / this.rate);
  }

  private refill(nowNs: number): void {
    const dt = nowNs - this.lastNs;
    if (dt <= 0) return;
    this.lastNs = nowNs;
    const room = this.capacityUnits - this.levelUnits;
    // Compare before multiplying so rate × dt never leaves the exact integer range.
    if (dt >= Math.ceil(room / this.rate)) this.levelUnits = this.capacityUnits;
    else this.levelUnits += this.rate * dt;
  }
}
