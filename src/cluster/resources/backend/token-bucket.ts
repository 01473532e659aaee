import { NS_PER_S } from "../../../kernel/time.js";

// A token is NS_PER_S × q units, so a rate of p/q tokens/s adds exactly p units per ns.

/**
 * A token bucket in exact integer arithmetic. A rate R tokens/s is written p/q with q in {1, 10, 100, 1000}
 * (rates with up to three decimals); the level is kept in units of 1/(1e9 × q) token, so refilling over an
 * integer dt ns adds exactly p × dt units: no float drift however long the run. Starts full (a fresh prefix may
 * burst). Exact while capacity × 1e9 × q < 2^53 (integer rates: capacity below ~9 million tokens).
 */
export class IntegerTokenBucket {
  private rate = 0;
  private unitsPerNs = 0;
  private unitsPerToken = NS_PER_S;
  private capacity = 0;
  private capacityUnits = 0;
  private levelUnits = 0;
  private lastNs: number;

  constructor(ratePerS: number, capacityTokens: number, startNs = 0) {
    this.lastNs = startNs;
    this.configure(ratePerS, capacityTokens);
    this.levelUnits = this.capacityUnits;
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
    this.refill(nowNs);
    const tokensNow = this.levelUnits / this.unitsPerToken;
    const oldUnitsPerToken = this.unitsPerToken;
    this.configure(ratePerS, capacityTokens);
    // Same scale: keep the exact level. A finer scale multiplies exactly; a coarser one floors (< 1e-9 token).
    this.levelUnits =
      this.unitsPerToken === oldUnitsPerToken
        ? this.levelUnits
        : this.unitsPerToken > oldUnitsPerToken
          ? this.levelUnits * (this.unitsPerToken / oldUnitsPerToken)
          : Math.floor(tokensNow * this.unitsPerToken);
    if (this.levelUnits > this.capacityUnits) this.levelUnits = this.capacityUnits;
  }

  /** Takes one token if one is available at `nowNs` (integer ns, non-decreasing across calls). */
  tryTake(nowNs: number): boolean {
    this.refill(nowNs);
    if (this.levelUnits < this.unitsPerToken) return false;
    this.levelUnits -= this.unitsPerToken;
    return true;
  }

  /** Whole tokens available at `nowNs`. */
  tokens(nowNs: number): number {
    this.refill(nowNs);
    return Math.floor(this.levelUnits / this.unitsPerToken);
  }

  /** Nanoseconds from `nowNs` until a token is available (0 if one is). */
  waitNs(nowNs: number): number {
    this.refill(nowNs);
    const missing = this.unitsPerToken - this.levelUnits;
    return missing <= 0 ? 0 : Math.ceil(missing / this.unitsPerNs);
  }

  private configure(ratePerS: number, capacityTokens: number): void {
    if (!(ratePerS > 0 && Number.isFinite(ratePerS))) throw new RangeError(`token bucket: rate must be > 0 per second, got ${ratePerS}`);
    let q = 1;
    while (q <= 1000 && Math.abs(ratePerS * q - Math.round(ratePerS * q)) > 1e-9 * q) q *= 10;
    if (q > 1000) throw new RangeError(`token bucket: rate ${ratePerS}/s has more than three decimals`);
    if (!(Number.isSafeInteger(capacityTokens) && capacityTokens >= 1)) {
      throw new RangeError(`token bucket: capacity must be an integer >= 1 token, got ${capacityTokens}`);
    }
    const unitsPerToken = NS_PER_S * q;
    if (capacityTokens * unitsPerToken > Number.MAX_SAFE_INTEGER) {
      throw new RangeError(`token bucket: capacity ${capacityTokens} at rate ${ratePerS}/s is too large to be exact`);
    }
    this.rate = ratePerS;
    this.unitsPerNs = Math.round(ratePerS * q);
    this.unitsPerToken = unitsPerToken;
    this.capacity = capacityTokens;
    this.capacityUnits = capacityTokens * unitsPerToken;
  }

  private refill(nowNs: number): void {
    const dt = nowNs - this.lastNs;
    if (dt <= 0) return;
    this.lastNs = nowNs;
    const room = this.capacityUnits - this.levelUnits;
    // Compare before multiplying so rate × dt never leaves the exact integer range.
    if (dt >= Math.ceil(room / this.unitsPerNs)) this.levelUnits = this.capacityUnits;
    else this.levelUnits += this.unitsPerNs * dt;
  }
}
