import { describeOutcome } from "../outcome-rules.js";
import { requireParam, resolveParams, timeoutParams, timeoutsFromParams, type TypedParam } from "../params.js";
import type { PresetDefinition } from "../registry.js";
import { DONE, SEND, type AttemptOutcome, type RequestRetryState, type RetryDecision, type RetryPolicy, type SendDecision, type TransportError } from "../contract.js";

/**
 * AIStore's Go `api` client (`api/client.go` over `cmn.RetryArgs.Do`): only connection errors are retried —
 * refused, reset, broken pipe, aborted, and client timeouts — as "soft" errors, up to 5 retries; the sleep
 * starts at 100 ms and grows by half of it after every later failure (100, 150, 200, 250, 300 ms; at most 4 s).
 * An HTTP error status is an answer, not an error, so it is never retried. Each retry re-sends the request to
 * the proxy URL, which redirects it anew (`origin`). A body that breaks after the headers (`protocol`) fails
 * outside the retried call. Timeouts: Go's dialer 10 s (cmn.DfltDialupTimeout); no overall client timeout.
 *
 * PUT (and the other payload-carrying calls) goes through `api.DoWithRetry` instead (api/object.go at 583e7729):
 * it also retries 429; the first sleep is 100 ms (httpRetrySleep), or 1.5 s (httpRetryRateSleep) when the first
 * answer was 429, and every sleep is the previous one × 1.5 (`sleep += sleep / 2`), up to 5 retries
 * (httpMaxRetries) — no cap, and a later 429 does not change the base.
 */

const NAME = "ais-go";

const PARAMS: TypedParam[] = [
  { key: "max_retries", kind: "number", defaultValue: 5, describe: "retries after soft (connection) errors (RetryArgs.SoftErr = httpMaxRetries)" },
  { key: "sleep_s", kind: "number", defaultValue: 0.1, describe: "seconds, the first sleep (httpRetrySleep)" },
  { key: "backoff", kind: "boolean", defaultValue: true, describe: "grow the sleep by sleep_s/2 after every failure but the first" },
  { key: "max_sleep_s", kind: "number", defaultValue: 4, describe: "seconds, cap of the growing sleep (client side)" },
  {
    key: "retry_errors",
    kind: "strings",
    choices: ["connect-timeout", "read-timeout", "refused", "reset", "protocol"],
    defaultValue: ["connect-timeout", "read-timeout", "refused", "reset"],
    describe: "transport errors retried (cos.IsErrRetriableConn: refused, reset, broken pipe, aborted, client timeout)",
  },
  { key: "put.rate_sleep_s", kind: "number", defaultValue: 1.5, describe: "seconds, PUT's first sleep when the first answer was 429 (httpRetryRateSleep)" },
  ...timeoutParams({ connectS: 10, readS: "unlimited" }, "Go dialer 10 s; http.Client.Timeout unset"),
];

/** PUT through api.DoWithRetry: connection errors and 429, sleeps growing × 1.5 from 100 ms (1.5 s after a first 429). */
class AisGoPutRequest implements RequestRetryState {
  attempts = 0;
  private retries = 0;
  private sleepS = -1;

  constructor(
    private readonly maxRetries: number,
    private readonly baseSleepS: number,
    private readonly rateSleepS: number,
    private readonly retryErrors: readonly TransportError[],
  ) {}

  beforeAttempt(): SendDecision {
    this.attempts += 1;
    return SEND;
  }

  afterAttempt(outcome: AttemptOutcome): RetryDecision {
    const throttled = outcome.type === "response" && outcome.status === 429;
    if (outcome.type === "response" && !throttled) {
      if (outcome.status < 400) return DONE;
      return { action: "give-up", reason: `HTTP errors other than 429 are not retried: ${describeOutcome(outcome)}` };
    }
    if (outcome.type === "error" && !this.retryErrors.includes(outcome.error)) {
      return { action: "give-up", reason: `not a retriable connection error: ${outcome.error}` };
    }
    if (this.retries === this.maxRetries) {
      return { action: "give-up", reason: `${this.retries} retries, httpMaxRetries (last: ${describeOutcome(outcome)})` };
    }
    // The first failure sets the base; each retry sleeps, then grows the sleep by half of itself.
    this.sleepS = this.sleepS < 0 ? (throttled ? this.rateSleepS : this.baseSleepS) : this.sleepS + this.sleepS / 2;
    this.retries += 1;
    return { action: "retry", delayS: this.sleepS, route: "origin" };
  }
}

class AisGoRequest implements RequestRetryState {
  attempts = 0;
  private softErrors = 0;
  private sleepS: number;

  constructor(
    private readonly maxRetries: number,
    private readonly baseSleepS: number,
    private readonly backoff: boolean,
    private readonly maxSleepS: number,
    private readonly retryErrors: readonly TransportError[],
  ) {
    this.sleepS = baseSleepS;
  }

  beforeAttempt(): SendDecision {
    this.attempts += 1;
    return SEND;
  }

  afterAttempt(outcome: AttemptOutcome): RetryDecision {
    if (outcome.type === "response") {
      if (outcome.status < 400) return DONE;
      return { action: "give-up", reason: `HTTP errors are not retried: ${describeOutcome(outcome)}` };
    }
    // Any other error is "hard": RetryArgs.HardErr is 0, so the first one ends the loop.
    if (!this.retryErrors.includes(outcome.error)) return { action: "give-up", reason: `not a retriable connection error: ${outcome.error}` };
    this.softErrors += 1;
    if (this.backoff && this.attempts > 1) this.sleepS = Math.min(this.sleepS + this.baseSleepS / 2, this.maxSleepS);
    if (this.softErrors > this.maxRetries) {
      return { action: "give-up", reason: `${this.softErrors} connection errors, more than max_retries ${this.maxRetries} (last: ${outcome.error})` };
    }
    return { action: "retry", delayS: this.sleepS, route: "origin" };
  }
}

export const AIS_GO_PRESET: PresetDefinition = {
  name: NAME,
  summary: "AIStore Go api client: retries connection errors, ≤ 5 retries, sleeps 100, 150, 200, 250, 300 ms, via the proxy; PUT also 429, sleeps ×1.5 (DoWithRetry)",
  params: PARAMS,
  create(overrides): RetryPolicy {
    const values = resolveParams(NAME, PARAMS, overrides);
    const maxRetries = values.num("max_retries");
    const sleepS = values.num("sleep_s");
    const maxSleepS = values.num("max_sleep_s");
    requireParam(NAME, Number.isInteger(maxRetries) && maxRetries >= 0, `max_retries must be a whole number ≥ 0, got ${maxRetries}`);
    requireParam(NAME, sleepS >= 0 && maxSleepS >= sleepS, `need 0 ≤ sleep_s ≤ max_sleep_s, got ${sleepS}, ${maxSleepS}`);
    const retryErrors = values.strs("retry_errors") as readonly TransportError[];
    const backoff = values.bool("backoff");
    const rateSleepS = values.num("put.rate_sleep_s");
    requireParam(NAME, rateSleepS >= 0, `put.rate_sleep_s must be ≥ 0, got ${rateSleepS}`);
    return {
      preset: NAME,
      params: values.values,
      timeouts: timeoutsFromParams(NAME, values),
      start: (context) =>
        context.method === "PUT" ? new AisGoPutRequest(maxRetries, sleepS, rateSleepS, retryErrors) : new AisGoRequest(maxRetries, sleepS, backoff, maxSleepS, retryErrors),
    };
  },
};
