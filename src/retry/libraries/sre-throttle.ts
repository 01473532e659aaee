import { classifier, classifierFromParams, classifierParams } from "../classify.js";
import { GENERIC_HTTP_SPEC } from "../outcome-rules.js";
import { backoffChoiceFromParams, backoffChoiceParams } from "./aws-backoff.js";
import { guardedLoop, type ClientGuard, type RequestGuard } from "../client-guard.js";
import { requireParam, resolveParams, type TypedParam } from "../preset-params.js";
import type { PresetDefinition } from "../registry.js";
import { maxAttemptsParam, routeParam } from "../retry-loop.js";
import { SEND, type OutcomeClass, type RetryRoute } from "../contract.js";
import { WindowedCounter } from "../windowed-counter.js";

/**
 * Google SRE book (ch. 21–22): client-side adaptive throttling plus retry budgets.
 * - Each client counts, over the last 2 minutes, `requests` (every attempt the application made, including
 *   those rejected locally) and `accepts` (attempts the backend processed), and rejects an attempt locally with
 *   probability max(0, (requests − K·accepts) / (requests + 1)), K = 2.
 * - At most 3 attempts per request; a client retries only while retries / requests < 10% (same window).
 * The book names no backoff; this preset uses full jitter (settable).
 *
 * "Accepted" here: any outcome but a retryable server/transport error or throttling — a fatal 4xx or an
 * AIStore transient 404 was still processed by the backend.
 */

/** True if the backend processed the attempt (what the throttle counts as an accept). */
export function backendAccepted(outcomeClass: OutcomeClass): boolean {
  return outcomeClass !== "retryable" && outcomeClass !== "throttle";
}

/** One client's throttle state: requests, accepts and retries over a sliding window. */
export class SreClientThrottle implements ClientGuard {
  private readonly requests: WindowedCounter;
  private readonly accepts: WindowedCounter;
  private readonly retries: WindowedCounter;

  constructor(
    readonly k: number,
    readonly windowS: number,
    readonly maxRetryRatio: number,
  ) {
    const slices = Math.max(1, Math.round(windowS));
    this.requests = new WindowedCounter(windowS, slices);
    this.accepts = new WindowedCounter(windowS, slices);
    this.retries = new WindowedCounter(windowS, slices);
  }

  /** max(0, (requests − K·accepts) / (requests + 1)) over the window ending at `nowS`. */
  rejectionProbability(nowS: number): number {
    const requests = this.requests.sum(nowS);
    return Math.max(0, (requests - this.k * this.accepts.sum(nowS)) / (requests + 1));
  }

  /** retries / requests over the window (0 with no requests). */
  retryRatio(nowS: number): number {
    const requests = this.requests.sum(nowS);
    return requests === 0 ? 0 : this.retries.sum(nowS) / requests;
  }

  startRequest(): RequestGuard {
    return {
      admit: (_attempt, nowS, uniform) => {
        const probability = this.rejectionProbability(nowS);
        if (probability > 0 && uniform() < probability) {
          this.requests.add(1, nowS);
          return { action: "reject", reason: "throttled locally (client-side adaptive throttling)" };
        }
        return SEND;
      },
      sent: (_attempt, nowS) => this.requests.add(1, nowS),
      observe: (outcomeClass, _outcome, nowS) => {
        if (backendAccepted(outcomeClass)) this.accepts.add(1, nowS);
      },
      retryDenial: (nowS) => {
        return this.retryRatio(nowS) < this.maxRetryRatio ? undefined : `client retry budget: retries reached ${100 * this.maxRetryRatio}% of requests`;
      },
      retryCommitted: (nowS) => this.retries.add(1, nowS),
    };
  }
}

const NAME = "sre-throttle";
const params: TypedParam[] = [
  { key: "throttle.k", kind: "number", defaultValue: 2, describe: "K: accepts multiplier (2 in the SRE book; lower is more aggressive)" },
  { key: "throttle.window_s", kind: "number", defaultValue: 120, describe: "seconds, window of the request/accept/retry counts" },
  { key: "retry_budget.max_ratio", kind: "number", defaultValue: 0.1, describe: "retries only while retries/requests is below this" },
  ...backoffChoiceParams({ kind: "full-jitter", baseS: 0.1, capS: 5 }, "the book sets none"),
  maxAttemptsParam(3, "the book: 3"),
  routeParam("origin"),
  ...classifierParams("", GENERIC_HTTP_SPEC),
];

export const SRE_THROTTLE_PRESET: PresetDefinition = {
  name: NAME,
  summary: "Google SRE client-side adaptive throttling (K = 2, 2 min), ≤ 3 attempts, per-client retry budget 10%",
  params,
  create(overrides) {
    const p = resolveParams(NAME, params, overrides);
    const k = p.num("throttle.k");
    const windowS = p.num("throttle.window_s");
    requireParam(NAME, k > 0 && windowS > 0, `throttle.k and throttle.window_s must be > 0, got ${k}, ${windowS}`);
    const classify = classifier(classifierFromParams("", p, GENERIC_HTTP_SPEC));
    const loop = {
      preset: NAME,
      params: p.values,
      maxAttempts: p.attempts("max_attempts"),
      route: p.str("route") as RetryRoute,
      classify,
      newBackoff: backoffChoiceFromParams(NAME, p),
    };
    return guardedLoop(loop, [new SreClientThrottle(k, windowS, p.num("retry_budget.max_ratio"))]);
  },
};
