import { isRetryClass, ALL_TRANSPORT_ERRORS, EMPTY_CLASSIFIER, type ClassifierSpec } from "../classify.js";
import { describeOutcome } from "../outcome-rules.js";
import type { AttemptOutcome, OutcomeClass, Uniform } from "../contract.js";

/**
 * botocore's retry handlers (1.43, the default code path): the legacy handler (`_retry.json`) and the standard
 * one (`botocore/retries/standard.py`) with its per-client retry quota (`quota.py`). What they retry is a
 * classifier spec, so presets expose it as parameters.
 */

/** The 14 error codes botocore's standard mode treats as throttling (ThrottledRetryableChecker). */
export const BOTOCORE_THROTTLE_CODES: readonly string[] = [
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestThrottledException",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
  "TransactionInProgressException",
  "RequestLimitExceeded",
  "BandwidthLimitExceeded",
  "LimitExceededException",
  "RequestThrottled",
  "SlowDown",
  "PriorRequestNotComplete",
  "EC2ThrottledException",
];

/** Standard mode's transient error codes (TransientRetryableChecker). */
export const BOTOCORE_TRANSIENT_CODES: readonly string[] = ["RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"];

/** Standard mode: transient codes, 500/502/503/504, every connection error, and the throttling codes. A bare 429 is not retried. */
export function botocoreStandardRules(): ClassifierSpec {
  return {
    ...EMPTY_CLASSIFIER,
    throttleCodes: BOTOCORE_THROTTLE_CODES,
    retryCodes: BOTOCORE_TRANSIENT_CODES,
    retryStatuses: [500, 502, 503, 504],
    retryErrors: ALL_TRANSPORT_ERRORS,
  };
}

/**
 * Legacy mode (`_retry.json` `__default__`): socket errors, 500/502/503/504/509, 429, and five throttling codes
 * that count only on a 400. The S3 client adds 400 RequestTimeout and 400 BadDigest (`s3Extras`).
 */
export function botocoreLegacyRules(s3Extras: boolean): ClassifierSpec {
  return {
    ...EMPTY_CLASSIFIER,
    throttleCodes: ["Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "ProvisionedThroughputExceededException"].map((c) => `400:${c}`),
    throttleStatuses: [429],
    retryCodes: s3Extras ? ["400:RequestTimeout", "400:BadDigest"] : [],
    retryStatuses: [500, 502, 503, 504, 509],
    retryErrors: ALL_TRANSPORT_ERRORS,
  };
}

/** Standard mode's backoff base: delay = u · min(base^(n−1), max_backoff). */
export const BOTOCORE_STANDARD_BASE = 2;

/** The delay after failed attempt n: u · min(2^(n−1), maxBackoffS) (legacy: maxBackoffS = Infinity). */
export function botocoreBackoffS(failedAttempt: number, u: number, maxBackoffS: number): number {
  return u * Math.min(BOTOCORE_STANDARD_BASE ** (failedAttempt - 1), maxBackoffS);
}

/** quota.RetryQuota: capacity shared by all requests of one client. */
export class BotocoreRetryQuota {
  private availableValue: number;

  constructor(readonly maxCapacity: number) {
    this.availableValue = maxCapacity;
  }

  /** Capacity left. */
  get available(): number {
    return this.availableValue;
  }

  /** Takes `amount` if that much is left. */
  acquire(amount: number): boolean {
    if (amount > this.availableValue) return false;
    this.availableValue -= amount;
    return true;
  }

  /** Gives back up to `amount`, never above the maximum. */
  release(amount: number): void {
    this.availableValue += Math.min(this.maxCapacity - this.availableValue, amount);
  }
}

/** Quota costs (RetryQuotaChecker). */
export interface QuotaCosts {
  /** A retry after a connect or read timeout. */
  readonly timeoutRetryCost: number;
  /** Any other retry. */
  readonly retryCost: number;
  /** Given back by a call that succeeded without retrying. */
  readonly noRetryIncrement: number;
}

/** botocore's costs: 10, 5, 1. */
export const BOTOCORE_QUOTA_COSTS: QuotaCosts = { timeoutRetryCost: 10, retryCost: 5, noRetryIncrement: 1 };

/** What one call needs to know. */
export interface BotocoreCallOptions {
  /** Total attempts including the first (botocore `total_max_attempts`). */
  readonly maxAttempts: number;
  /** Seconds, cap of 2^(n−1) (standard 20; legacy none: Infinity). */
  readonly maxBackoffS: number;
  /** The client's retry quota (standard mode), or null (legacy). */
  readonly quota: BotocoreRetryQuota | null;
  readonly costs: QuotaCosts;
  classify(outcome: AttemptOutcome): OutcomeClass;
}

/** The needs-retry answer. */
export type BotocoreAnswer = { readonly retry: true; readonly delayS: number } | { readonly retry: false; readonly reason?: string };

/** One API call: its attempts, its last quota charge, the needs-retry and after-call handlers. */
export class BotocoreCall {
  /** The last quota amount acquired for this call (`retry_quota_capacity` in the request context). */
  lastCharge: number | undefined;

  constructor(private readonly options: BotocoreCallOptions) {}

  /** needs-retry after attempt `attempt` (1-based): max attempts and retryability, then the quota, then the delay. */
  needsRetry(outcome: AttemptOutcome, attempt: number, uniform: Uniform): BotocoreAnswer {
    const options = this.options;
    const outcomeClass = options.classify(outcome);
    if (outcomeClass === "success") return { retry: false };
    if (!isRetryClass(outcomeClass)) return { retry: false, reason: `not retryable: ${describeOutcome(outcome)}` };
    if (attempt >= options.maxAttempts) return { retry: false, reason: `max attempts (${options.maxAttempts}) reached (last: ${describeOutcome(outcome)})` };
    if (options.quota !== null) {
      const isTimeout = outcome.type === "error" && (outcome.error === "connect-timeout" || outcome.error === "read-timeout");
      const cost = isTimeout ? options.costs.timeoutRetryCost : options.costs.retryCost;
      if (!options.quota.acquire(cost)) return { retry: false, reason: `retry quota exhausted (${options.quota.available} left, ${cost} needed; last: ${describeOutcome(outcome)})` };
      this.lastCharge = cost;
    }
    return { retry: true, delayS: botocoreBackoffS(attempt, uniform(), options.maxBackoffS) };
  }

  /** after-call: a final 2xx response gives back the last charge, or the no-retry increment. */
  afterCall(outcome: AttemptOutcome): void {
    const quota = this.options.quota;
    if (quota === null || outcome.type !== "response" || outcome.status < 200 || outcome.status >= 300) return;
    quota.release(this.lastCharge ?? this.options.costs.noRetryIncrement);
  }
}
