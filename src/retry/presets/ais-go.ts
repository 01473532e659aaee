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
  ...timeoutParams({ connectS: 10, readS: "unlimited" }, "Go dialer 10 s; http.Client.Timeout unset"),
];

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
  summary: "AIStore Go api client: retries connection errors only, ≤ 5 retries, sleeps 100, 150, 200, 250, 300 ms, via the proxy",
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
    return {
      preset: NAME,
      params: values.values,
      timeouts: timeoutsFromParams(NAME, values),
      start: () => new AisGoRequest(maxRetries, sleepS, backoff, maxSleepS, retryErrors),
    };
  },
};
