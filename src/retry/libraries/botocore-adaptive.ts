import { cubeLibm, powOneThirdLibm } from "../libm-pow.js";

/**
 * botocore's adaptive-mode client rate limiter (`retries/adaptive.py`, `bucket.py`, `throttling.py`): a token
 * bucket whose rate follows CUBIC, driven by the measured send rate. Clock-free: every method takes `nowS`.
 * The limiter is off until the first throttling response; from then on every send takes one token, waiting
 * (1 − tokens)/fill_rate when there is none.
 */

/** The limiter's tunables, botocore's values by default. */
export interface AdaptiveLimiterConfig {
  /** CUBIC C (throttling.py `_SCALE_CONSTANT`). */
  readonly scaleConstant: number;
  /** CUBIC β, the multiplicative decrease. */
  readonly beta: number;
  /** Lowest fill rate of the bucket, tokens/s. */
  readonly minFillRate: number;
  /** The bucket's rate before any response, tokens/s. */
  readonly initialMaxRate: number;
  /** Weight of the newest rate sample in the smoothed measured rate. */
  readonly smoothing: number;
  /** Seconds per measurement bucket. */
  readonly timeBucketS: number;
  /** The bucket's rate is capped at this multiple of the measured rate. */
  readonly maxRateAdjustScale: number;
}

/** botocore's values. */
export const BOTOCORE_ADAPTIVE_DEFAULTS: AdaptiveLimiterConfig = {
  scaleConstant: 0.4,
  beta: 0.7,
  minFillRate: 0.5,
  initialMaxRate: 1,
  smoothing: 0.8,
  timeBucketS: 0.5,
  maxRateAdjustScale: 2,
};

/** Everything the limiter holds, for tests and traces. Rates are per second, times seconds. */
export interface AdaptiveLimiterState {
  readonly enabled: boolean;
  readonly measuredRate: number;
  readonly bucketRate: number;
  readonly bucketCapacity: number;
  readonly bucketTokens: number;
  readonly cubicWMax: number;
  readonly cubicK: number;
  readonly cubicLastFail: number;
}

/** The shortest wait, seconds: one tick of the simulator's nanosecond clock. */
const CLOCK_TICK_S = 1e-9;

/** bucket.TokenBucket. */
class TokenBucket {
  fillRate = 0;
  maxCapacity = 0;
  tokens = 0;
  private lastS: number | null = null;

  constructor(
    private readonly minRate: number,
    maxRate: number,
    nowS: number,
  ) {
    this.setMaxRate(maxRate, nowS);
  }

  /** Setting max_rate first refills at the old rate, then caps the tokens at the new capacity. */
  setMaxRate(value: number, nowS: number): void {
    this.refill(nowS);
    this.fillRate = Math.max(value, this.minRate);
    this.maxCapacity = value >= 1 ? value : 1;
    this.tokens = Math.min(this.tokens, this.maxCapacity);
  }

  refill(nowS: number): void {
    if (this.lastS === null) {
      this.lastS = nowS;
      return;
    }
    this.tokens = Math.min(this.maxCapacity, this.tokens + (nowS - this.lastS) * this.fillRate);
    this.lastS = nowS;
  }

  /** Takes one token now (answer 0) or says how long to wait before asking again. */
  tryAcquire(nowS: number): number {
    this.refill(nowS);
    if (1 <= this.tokens) {
      this.tokens -= 1;
      return 0;
    }
    // botocore keeps waiting while the amount is positive. Float residue after an exact wait can leave a few
    // 1e-16 tokens missing; such a wait lasts one clock tick (1 ns, the simulator's resolution), which is also
    // what the recorded vectors show.
    const waitS = Math.max((1 - this.tokens) / this.fillRate, CLOCK_TICK_S);
    if (nowS + waitS === nowS) {
      // A clock too coarse to advance by the wait would never end it: grant the token.
      this.tokens -= 1;
      return 0;
    }
    return waitS;
  }
}

/** adaptive.RateClocker: the smoothed rate at which responses are recorded. */
class RateClocker {
  measuredRate = 0;
  private count = 0;
  private lastBucket: number;

  constructor(
    private readonly smoothing: number,
    private readonly bucketS: number,
    nowS: number,
    /** The client's wall-clock phase: botocore buckets `time.time()`, so where a second begins matters. */
    private readonly clockPhaseS: number,
  ) {
    // botocore starts at floor(now), whole seconds, not a bucket boundary.
    this.lastBucket = Math.floor(nowS + clockPhaseS);
  }

  record(nowS: number): number {
    const scale = 1 / this.bucketS;
    const bucket = Math.floor((nowS + this.clockPhaseS) * scale) / scale;
    this.count += 1;
    if (bucket > this.lastBucket) {
      const currentRate = this.count / (bucket - this.lastBucket);
      this.measuredRate = currentRate * this.smoothing + this.measuredRate * (1 - this.smoothing);
      this.count = 0;
      this.lastBucket = bucket;
    }
    return this.measuredRate;
  }
}

/** throttling.CubicCalculator. */
class Cubic {
  wMax: number;
  k: number;
  lastFail: number;

  constructor(
    private readonly scaleConstant: number,
    private readonly beta: number,
    startingMaxRate: number,
    startS: number,
  ) {
    this.wMax = startingMaxRate;
    this.k = this.zeroPoint();
    this.lastFail = startS;
  }

  private zeroPoint(): number {
    return powOneThirdLibm((this.wMax * (1 - this.beta)) / this.scaleConstant);
  }

  successReceived(nowS: number): number {
    const dt = nowS - this.lastFail;
    return this.scaleConstant * cubeLibm(dt - this.k) + this.wMax;
  }

  errorReceived(currentRate: number, nowS: number): number {
    this.wMax = currentRate;
    this.k = this.zeroPoint();
    this.lastFail = nowS;
    return currentRate * this.beta;
  }
}

/** adaptive.ClientRateLimiter: one per client, shared by all its requests. */
export class ClientRateLimiter {
  private enabled = false;
  private readonly bucket: TokenBucket;
  private readonly clocker: RateClocker;
  private readonly cubic: Cubic;

  constructor(
    private readonly config: AdaptiveLimiterConfig,
    createdS: number,
    /** Seconds the client's wall clock reads past a whole second at time 0 (RequestContext.clockPhaseS). */
    clockPhaseS = 0,
  ) {
    this.cubic = new Cubic(config.scaleConstant, config.beta, 0, createdS);
    this.bucket = new TokenBucket(config.minFillRate, config.initialMaxRate, createdS);
    this.clocker = new RateClocker(config.smoothing, config.timeBucketS, createdS, clockPhaseS);
  }

  /** Before each send: 0 when it may go now (a token was taken, if enabled), else seconds to wait and ask again. */
  beforeSend(nowS: number): number {
    if (!this.enabled) return 0;
    return this.bucket.tryAcquire(nowS);
  }

  /** After each attempt's response or error: measure, adjust the rate by CUBIC, enable on throttling. */
  onResponse(nowS: number, throttled: boolean): void {
    const measuredRate = this.clocker.record(nowS);
    let newRate: number;
    if (!throttled) {
      newRate = this.cubic.successReceived(nowS);
    } else {
      const rateToUse = this.enabled ? Math.min(measuredRate, this.bucket.fillRate) : measuredRate;
      newRate = this.cubic.errorReceived(rateToUse, nowS);
      this.enabled = true;
    }
    this.bucket.setMaxRate(Math.min(newRate, this.config.maxRateAdjustScale * measuredRate), nowS);
  }

  /** The full state. */
  snapshot(): AdaptiveLimiterState {
    return {
      enabled: this.enabled,
      measuredRate: this.clocker.measuredRate,
      bucketRate: this.bucket.fillRate,
      bucketCapacity: this.bucket.maxCapacity,
      bucketTokens: this.bucket.tokens,
      cubicWMax: this.cubic.wMax,
      cubicK: this.cubic.k,
      cubicLastFail: this.cubic.lastFail,
    };
  }
}
