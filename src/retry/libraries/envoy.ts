import { ALL_TRANSPORT_ERRORS, classifier, classifierFromParams, classifierParams, EMPTY_CLASSIFIER, type ClassifierSpec } from "../classify.js";
import { guardedLoop, type ClientGuard, type RequestGuard } from "../client-guard.js";
import { requireParam, resolveParams, type TypedParam } from "../preset-params.js";
import type { PresetDefinition } from "../registry.js";
import { createRetryLoop, routeParam, type Backoff } from "../retry-loop.js";
import type { RetryRoute } from "../contract.js";

/**
 * Envoy's router retries:
 * - backoff: the interval starts at base (25 ms) and doubles up to max (default 10 × base = 250 ms); each retry
 *   waits a random whole number of milliseconds in [0, interval);
 * - `num_retries` (default 1) retries per request;
 * - the cluster's retry budget caps retry *concurrency*: a retry may start only while the active retries are
 *   fewer than max(budget_percent × (active + pending requests), min_retry_concurrency) = max(20%, 3).
 *
 * Accounting, as in Envoy: a request holds a retry slot from the moment a retry is granted (through its
 * backoff) until that retry attempt's outcome is known; "active requests" are attempts in flight to the
 * cluster (Envoy's rq_active + rq_pending; a request waiting out its backoff is in neither).
 */

/** Envoy's jittered exponential backoff: whole milliseconds in [0, interval), interval doubling to the max. */
export function envoyBackoff(baseMs: number, maxMs: number): Backoff {
  let intervalMs = baseMs;
  return {
    delayS(_failedAttempt, uniform) {
      const current = intervalMs;
      intervalMs = intervalMs < maxMs / 2 ? intervalMs * 2 : maxMs;
      return Math.min(Math.floor(uniform() * current), maxMs) / 1000;
    },
  };
}

/** The shared cluster counters the retry budget reads, and the budget itself. */
export class EnvoyRetryBudget implements ClientGuard {
  /** Attempts sent and not yet answered (Envoy's active + pending requests). */
  attemptsInFlight = 0;
  /** Requests holding a retry slot: granted a retry whose outcome is not known yet. */
  activeRetries = 0;

  constructor(
    readonly budgetPercent: number,
    readonly minRetryConcurrency: number,
  ) {}

  /** The current cap on active retries: max(percent of active + pending, minimum). */
  maxActiveRetries(): number {
    return Math.max(Math.floor((this.budgetPercent / 100) * this.attemptsInFlight), this.minRetryConcurrency);
  }

  startRequest(): RequestGuard {
    let holdsRetrySlot = false;
    let attemptInFlight = false;
    const releaseSlot = (): void => {
      if (holdsRetrySlot) {
        holdsRetrySlot = false;
        this.activeRetries -= 1;
      }
    };
    return {
      sent: () => {
        attemptInFlight = true;
        this.attemptsInFlight += 1;
      },
      observe: () => {
        attemptInFlight = false;
        this.attemptsInFlight -= 1;
        releaseSlot();
      },
      retryDenial: () => (this.activeRetries < this.maxActiveRetries() ? undefined : "retry budget overflow"),
      retryCommitted: () => {
        holdsRetrySlot = true;
        this.activeRetries += 1;
      },
      ended: () => {
        if (attemptInFlight) {
          attemptInFlight = false;
          this.attemptsInFlight -= 1;
        }
        releaseSlot();
      },
    };
  }
}

/**
 * retry_on "5xx,connect-failure,reset": any 5xx, or no response at all (refused, timed out, reset, broken) —
 * Envoy's "5xx" also covers an upstream that disconnects or hits its per-try timeout.
 */
const ENVOY_RULES: ClassifierSpec = {
  ...EMPTY_CLASSIFIER,
  retryStatuses: [500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 510, 511],
  retryErrors: ALL_TRANSPORT_ERRORS,
};

const NAME = "envoy";
const params: TypedParam[] = [
  { key: "num_retries", kind: "number", defaultValue: 1, describe: "retries per request (Envoy's default: 1)" },
  { key: "base_interval_s", kind: "number", defaultValue: 0.025, describe: "seconds, retry_back_off.base_interval (whole milliseconds, as Envoy keeps it)" },
  { key: "max_interval_s", kind: "number", defaultValue: 0.25, describe: "seconds, retry_back_off.max_interval (Envoy's default: 10 × base)" },
  { key: "budget.enabled", kind: "boolean", defaultValue: true, describe: "the cluster has a retry_budget" },
  { key: "budget.percent", kind: "number", defaultValue: 20, describe: "retry_budget.budget_percent of active + pending requests" },
  { key: "budget.min_retry_concurrency", kind: "number", defaultValue: 3, describe: "retry_budget.min_retry_concurrency" },
  routeParam("origin"),
  ...classifierParams("", ENVOY_RULES),
];

export const ENVOY_PRESET: PresetDefinition = {
  name: NAME,
  summary: "Envoy router retries: 1 retry, 25–250 ms integer-ms jittered backoff, retry budget max(20% of active, 3) concurrent retries",
  params,
  create(overrides) {
    const p = resolveParams(NAME, params, overrides);
    const numRetries = p.num("num_retries");
    // Envoy holds these durations in whole milliseconds.
    const baseMs = Math.floor(p.num("base_interval_s") * 1000);
    const maxMs = Math.floor(p.num("max_interval_s") * 1000);
    requireParam(NAME, Number.isInteger(numRetries) && numRetries >= 0, `num_retries must be a whole number ≥ 0, got ${numRetries}`);
    requireParam(NAME, baseMs >= 1 && maxMs >= baseMs, `need 1 ms ≤ base_interval_s ≤ max_interval_s, got ${baseMs} ms, ${maxMs} ms`);
    const classify = classifier(classifierFromParams("", p, ENVOY_RULES));
    const loop = {
      preset: NAME,
      params: p.values,
      maxAttempts: numRetries + 1,
      route: p.str("route") as RetryRoute,
      classify,
      newBackoff: () => envoyBackoff(baseMs, maxMs),
    };
    if (!p.bool("budget.enabled")) return createRetryLoop(loop);
    return guardedLoop(loop, [new EnvoyRetryBudget(p.num("budget.percent"), p.num("budget.min_retry_concurrency"))]);
  },
};
