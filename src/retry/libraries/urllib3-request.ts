import { describeOutcome } from "../outcome-rules.js";
import type { AttemptOutcome, HttpMethod, Uniform } from "../contract.js";
import { urllib3ErrorEvent, Urllib3Retry, type Urllib3Config } from "./urllib3.js";

/**
 * What urllib3's `urlopen` does with one attempt's outcome, for one request: retry the same URL after the
 * sleep `Retry.sleep()` would take, hand the response back to the caller, or raise (MaxRetryError when a
 * counter runs out, the original error when a read error hits a method that may not be retried).
 */

/** The answer for one outcome. */
export type Urllib3Answer =
  | { readonly action: "return" }
  | { readonly action: "retry"; readonly delayS: number }
  | { readonly action: "raise"; readonly error: "max-retry" | "reraise"; readonly reason: string };

const RETURN: Urllib3Answer = Object.freeze({ action: "return" });

/** One request's urllib3 retry state. */
export class Urllib3Request {
  private retryValue: Urllib3Retry;

  /**
   * Starts from `initial`, the fresh `Retry(config)`. Retry values are immutable (increment returns a new one),
   * so a policy builds its starting value once and every request shares it.
   */
  constructor(
    config: Urllib3Config,
    readonly method: HttpMethod,
    initial: Urllib3Retry = new Urllib3Retry(config),
  ) {
    this.retryValue = initial;
  }

  /** The current Retry value (its counters are what urllib3 would log). */
  get retry(): Urllib3Retry {
    return this.retryValue;
  }

  /** urlopen's handling of one outcome. */
  onOutcome(outcome: AttemptOutcome, uniform: Uniform): Urllib3Answer {
    const method = this.method;
    if (outcome.type === "response") {
      const hasRetryAfter = outcome.retryAfterS !== undefined;
      if (!this.retryValue.isRetry(method, outcome.status, hasRetryAfter)) return RETURN;
      const next = this.retryValue.increment(method, { kind: "status", status: outcome.status });
      if (next.result === "retry") {
        this.retryValue = next.retry;
        return { action: "retry", delayS: next.retry.sleepS(outcome.retryAfterS, uniform) };
      }
      if (next.result === "exhausted") this.retryValue = next.retry;
      if (!this.retryValue.config.raiseOnStatus) return RETURN;
      return { action: "raise", error: "max-retry", reason: `urllib3 MaxRetryError: too many ${outcome.status} error responses` };
    }
    const next = this.retryValue.increment(method, urllib3ErrorEvent(outcome.error));
    if (next.result === "reraise") {
      return { action: "raise", error: "reraise", reason: `urllib3 re-raised ${describeOutcome(outcome)}: ${method} is not retried after a read error` };
    }
    this.retryValue = next.retry;
    if (next.result === "exhausted") {
      return { action: "raise", error: "max-retry", reason: `urllib3 MaxRetryError after ${describeOutcome(outcome)}` };
    }
    return { action: "retry", delayS: next.retry.sleepS(undefined, uniform) };
  }
}
