import { isRetryClass } from "./classify.js";
import { describeOutcome } from "./outcome-rules.js";
import type { TypedParam } from "./preset-params.js";
import {
  DONE,
  SEND,
  type AttemptOutcome,
  type OutcomeClass,
  type RequestContext,
  type RequestRetryState,
  type RetryDecision,
  type RetryPolicy,
  type RetryRoute,
  type SendDecision,
  type Uniform,
} from "./contract.js";

/**
 * The plain retry loop most libraries share: classify the outcome, stop on success or a fatal error, stop after
 * `maxAttempts`, otherwise wait the backoff (or what the server asked for) and retry. Shared client state
 * (budgets, limiters, breakers) is layered on top with `guardPolicy`, so each preset is this loop plus guards.
 */

/** A per-request backoff schedule. */
export interface Backoff {
  /** Seconds to wait before the retry that follows failed attempt `failedAttempt` (1-based). */
  delayS(failedAttempt: number, uniform: Uniform): number;
  /** The server dictated this retry's delay (Retry-After, gRPC pushback); schedules that restart after one reset. */
  serverDelayUsed?(): void;
}

/** What a server said about when, or whether, to retry. */
export type ServerRetryHint =
  | { readonly kind: "after"; readonly delayS: number }
  | { readonly kind: "never"; readonly reason: string };

/** Everything that distinguishes one plain retry loop from another. */
export interface RetryLoopOptions {
  readonly preset: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** Total attempts including the first; Infinity retries until success. */
  readonly maxAttempts: number;
  readonly route: RetryRoute;
  classify(outcome: AttemptOutcome): OutcomeClass;
  /** A fresh backoff schedule for each request. */
  newBackoff(): Backoff;
  /** The server's retry hint in an outcome, if the source library honours one. */
  serverHint?(outcome: AttemptOutcome): ServerRetryHint | undefined;
}

class RetryLoopRequest implements RequestRetryState {
  attempts = 0;
  private readonly backoff: Backoff;

  constructor(private readonly options: RetryLoopOptions) {
    this.backoff = options.newBackoff();
  }

  beforeAttempt(): SendDecision {
    this.attempts += 1;
    return SEND;
  }

  afterAttempt(outcome: AttemptOutcome, _nowS: number, uniform: Uniform): RetryDecision {
    const options = this.options;
    const outcomeClass = options.classify(outcome);
    if (outcomeClass === "success") return DONE;
    if (!isRetryClass(outcomeClass)) return { action: "give-up", reason: `not retryable: ${describeOutcome(outcome)}` };
    const hint = options.serverHint?.(outcome);
    if (hint?.kind === "never") return { action: "give-up", reason: hint.reason };
    if (this.attempts >= options.maxAttempts) {
      return { action: "give-up", reason: `${this.attempts} attempts made, the maximum (last: ${describeOutcome(outcome)})` };
    }
    // The backoff is computed even when the server's hint replaces it, so stateful schedules advance as in
    // the libraries (Polly computes, then overrides); schedules that restart after a hint reset themselves.
    const backoffS = this.backoff.delayS(this.attempts, uniform);
    if (hint === undefined) return { action: "retry", delayS: backoffS, route: options.route };
    this.backoff.serverDelayUsed?.();
    return { action: "retry", delayS: hint.delayS, route: options.route };
  }
}

/** A retry policy that is just the loop, with no shared client state. */
export function createRetryLoop(options: RetryLoopOptions): RetryPolicy {
  return {
    preset: options.preset,
    params: options.params,
    start(_context: RequestContext, _nowS: number): RequestRetryState {
      return new RetryLoopRequest(options);
    },
  };
}

/** Honours a Retry-After header (seconds) as the exact delay, as Polly's HTTP retry strategy does. */
export function retryAfterHint(outcome: AttemptOutcome): ServerRetryHint | undefined {
  if (outcome.type !== "response" || outcome.retryAfterS === undefined || !(outcome.retryAfterS >= 0)) return undefined;
  return { kind: "after", delayS: outcome.retryAfterS };
}

/** The documented `max_attempts` parameter; `note` says where the default comes from. */
export function maxAttemptsParam(defaultValue: number | "unlimited", note = ""): TypedParam {
  const describe = `total attempts including the first, or "unlimited"${note === "" ? "" : ` (${note})`}`;
  return { key: "max_attempts", kind: "attempts", defaultValue, describe };
}

/** The documented `route` parameter. */
export function routeParam(defaultValue: RetryRoute): TypedParam {
  return {
    key: "route",
    kind: "string",
    choices: ["origin", "same-url"],
    defaultValue,
    describe: "where a retry goes: origin (back to the proxy, redirected anew) or same-url (the redirected URL)",
  };
}

/** The documented `max_attempts` and `route` parameters with a preset's defaults. */
export function loopParams(defaults: { maxAttempts: number | "unlimited"; route: RetryRoute }): TypedParam[] {
  return [maxAttemptsParam(defaults.maxAttempts), routeParam(defaults.route)];
}
