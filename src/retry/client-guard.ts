import { createRetryLoop, type RetryLoopOptions } from "./retry-loop.js";
import type {
  AttemptOutcome,
  OutcomeClass,
  RequestContext,
  RequestRetryState,
  RetryDecision,
  RetryPolicy,
  SendDecision,
  Uniform,
} from "./contract.js";

/**
 * Shared client state layered over any retry policy: budgets (Envoy, Finagle, SRE), throttles (gRPC), rate
 * limiters (dls) and circuit breakers. A guard sees every attempt of every request of one client and can hold
 * an attempt back (wait), refuse it locally (reject), or veto a retry the inner policy wanted.
 *
 * Each step is split into a question and a commitment (`admit`/`sent`, `retryDenial`/`retryCommitted`) so that
 * when several guards are stacked, none records an attempt or spends a token that another then refused.
 */

/** One client's guard: shared state, plus a per-request view of it. */
export interface ClientGuard {
  /** Called once when a request starts. */
  startRequest(context: RequestContext, nowS: number): RequestGuard;
}

/** A guard's view of one request. Every hook is optional. */
export interface RequestGuard {
  /** May attempt number `attempt` (1-based) be sent now? Must not commit anything but its own rejections. */
  admit?(attempt: number, nowS: number, uniform: Uniform): SendDecision;
  /** Attempt `attempt` was sent at `nowS` (every guard and the inner policy admitted it). */
  sent?(attempt: number, nowS: number): void;
  /** The attempt just sent ended with this outcome. */
  observe?(outcomeClass: OutcomeClass, outcome: AttemptOutcome, nowS: number): void;
  /** The inner policy wants to retry: undefined allows it, a string is the reason to give up instead. */
  retryDenial?(nowS: number): string | undefined;
  /** Every guard allowed the retry: spend whatever it costs. */
  retryCommitted?(nowS: number): void;
  /** The request is over, however it ended. Called exactly once. */
  ended?(nowS: number): void;
}

class GuardedRequest implements RequestRetryState {
  private over = false;
  private inFlight = false;

  constructor(
    private readonly inner: RequestRetryState,
    private readonly guards: readonly RequestGuard[],
    private readonly classify: (outcome: AttemptOutcome) => OutcomeClass,
  ) {}

  get attempts(): number {
    return this.inner.attempts;
  }

  beforeAttempt(nowS: number, uniform: Uniform): SendDecision {
    if (this.over) throw new Error("beforeAttempt called on a request that already ended");
    const attempt = this.inner.attempts + 1;
    for (const guard of this.guards) {
      const decision = guard.admit?.(attempt, nowS, uniform);
      if (decision !== undefined && decision.action !== "send") return this.settle(decision, nowS);
    }
    const decision = this.inner.beforeAttempt(nowS, uniform);
    if (decision.action !== "send") return this.settle(decision, nowS);
    for (const guard of this.guards) guard.sent?.(attempt, nowS);
    this.inFlight = true;
    return decision;
  }

  afterAttempt(outcome: AttemptOutcome, nowS: number, uniform: Uniform): RetryDecision {
    if (!this.inFlight) throw new Error("afterAttempt called with no attempt in flight");
    this.inFlight = false;
    const outcomeClass = this.classify(outcome);
    for (const guard of this.guards) guard.observe?.(outcomeClass, outcome, nowS);
    const decision = this.inner.afterAttempt(outcome, nowS, uniform);
    if (decision.action !== "retry") {
      this.end(nowS);
      return decision;
    }
    for (const guard of this.guards) {
      const reason = guard.retryDenial?.(nowS);
      if (reason !== undefined) {
        this.end(nowS);
        return { action: "give-up", reason };
      }
    }
    for (const guard of this.guards) guard.retryCommitted?.(nowS);
    return decision;
  }

  end(nowS: number): void {
    if (this.over) return;
    this.over = true;
    for (const guard of this.guards) guard.ended?.(nowS);
    this.inner.end?.(nowS);
  }

  private settle(decision: SendDecision, nowS: number): SendDecision {
    if (decision.action === "reject") this.end(nowS);
    return decision;
  }
}

/** Describes a guarded policy for reports: its preset name and effective parameters. */
export interface GuardedPolicyInfo {
  readonly preset: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** The plain retry loop of `options` with `guards` around it, the guards classifying as the loop does. */
export function guardedLoop(options: RetryLoopOptions, guards: readonly ClientGuard[]): RetryPolicy {
  return guardPolicy({ preset: options.preset, params: options.params }, createRetryLoop(options), guards, options.classify);
}

/**
 * `inner` with `guards` consulted in order around every attempt. `classify` tells the guards what an outcome
 * means (the inner policy classifies for itself).
 */
export function guardPolicy(
  info: GuardedPolicyInfo,
  inner: RetryPolicy,
  guards: readonly ClientGuard[],
  classify: (outcome: AttemptOutcome) => OutcomeClass,
): RetryPolicy {
  return {
    preset: info.preset,
    params: info.params,
    start(context: RequestContext, nowS: number): RequestRetryState {
      const requestGuards = guards.map((guard) => guard.startRequest(context, nowS));
      return new GuardedRequest(inner.start(context, nowS), requestGuards, classify);
    },
  };
}
