import { classifier, classifierFromParams, classifierParams } from "../classify.js";
import { GENERIC_HTTP_SPEC } from "../outcome-rules.js";
import { guardPolicy, type ClientGuard, type GuardedPolicyInfo, type RequestGuard } from "../client-guard.js";
import { InputError } from "../../util/input-error.js";
import { requireParam, resolveParams, type TypedParam } from "../preset-params.js";
import type { PresetDefinition } from "../registry.js";
import { SEND, type AttemptOutcome, type OutcomeClass, type RetryPolicy } from "../contract.js";
import { WindowedCounter } from "../windowed-counter.js";

/**
 * A client-side circuit breaker (the pattern of Nygard's *Release It!*, Hystrix, resilience4j, Polly):
 * closed → open after N consecutive failures, or when failures are a given share of enough recent attempts;
 * open rejects every attempt locally; after the open duration it is half-open and lets a few probes through;
 * enough successful probes close it, a failed probe opens it again. It wraps any retry policy (`wrapWithBreaker`),
 * so the breaker sits in front of the backoff: a retry that meets an open breaker fails fast.
 *
 * Failures are retryable server/transport errors and throttling; fatal 4xx and AIStore's transient 404 are the
 * server working and count as successes.
 */

/** The breaker's states. */
export type BreakerState = "closed" | "open" | "half-open";

/** When the breaker opens and how it recovers. */
export interface BreakerOptions {
  /** Consecutive failures that open it; 0 disables this trigger. */
  readonly consecutiveFailures: number;
  /** Failure share over the window that opens it (0 < x ≤ 1); 0 disables this trigger. */
  readonly failureRatio: number;
  /** Window of the failure share, seconds. */
  readonly windowS: number;
  /** Attempts needed in the window before the failure share counts. */
  readonly minAttempts: number;
  /** How long it stays open before letting probes through, seconds. */
  readonly openS: number;
  /** Probes allowed in flight while half-open. */
  readonly halfOpenProbes: number;
  /** Successful probes that close it. */
  readonly closeAfterSuccesses: number;
}

/** True if the outcome counts against the server's health. */
export function isBreakerFailure(outcomeClass: OutcomeClass): boolean {
  return outcomeClass === "retryable" || outcomeClass === "throttle";
}

/** One client's breaker (for all requests of that client). */
export class CircuitBreaker implements ClientGuard {
  private current: BreakerState = "closed";
  private failuresInARow = 0;
  private openedAtS = 0;
  private probesInFlight = 0;
  private probeSuccesses = 0;
  private readonly attemptsSeen: WindowedCounter;
  private readonly failuresSeen: WindowedCounter;
  /** Every state change as [time, new state], for traces and tests. */
  readonly transitions: Array<[number, BreakerState]> = [];

  constructor(readonly options: BreakerOptions) {
    const slices = 10;
    this.attemptsSeen = new WindowedCounter(options.windowS, slices);
    this.failuresSeen = new WindowedCounter(options.windowS, slices);
  }

  /** The state at `nowS`, after the open duration has turned open into half-open. */
  state(nowS: number): BreakerState {
    if (this.current === "open" && nowS >= this.openedAtS + this.options.openS) this.enter("half-open", nowS);
    return this.current;
  }

  private enter(state: BreakerState, nowS: number): void {
    this.current = state;
    this.transitions.push([nowS, state]);
    if (state === "open") this.openedAtS = nowS;
    if (state === "half-open") this.probeSuccesses = 0;
    if (state === "closed") this.failuresInARow = 0;
  }

  private recordClosed(failure: boolean, nowS: number): void {
    const o = this.options;
    this.failuresInARow = failure ? this.failuresInARow + 1 : 0;
    this.attemptsSeen.add(1, nowS);
    if (failure) this.failuresSeen.add(1, nowS);
    const byCount = o.consecutiveFailures > 0 && this.failuresInARow >= o.consecutiveFailures;
    const attempts = this.attemptsSeen.sum(nowS);
    const byRatio = o.failureRatio > 0 && attempts >= o.minAttempts && this.failuresSeen.sum(nowS) >= o.failureRatio * attempts;
    if (byCount || byRatio) this.enter("open", nowS);
  }

  private recordProbe(failure: boolean, nowS: number): void {
    if (this.current !== "half-open") return;
    if (failure) {
      this.enter("open", nowS);
      return;
    }
    this.probeSuccesses += 1;
    if (this.probeSuccesses >= this.options.closeAfterSuccesses) this.enter("closed", nowS);
  }

  startRequest(): RequestGuard {
    let probe = false;
    const dropProbe = (): void => {
      if (probe) {
        probe = false;
        this.probesInFlight -= 1;
      }
    };
    return {
      admit: (_attempt, nowS) => {
        const state = this.state(nowS);
        if (state === "open") return { action: "reject", reason: "circuit open" };
        if (state === "half-open" && this.probesInFlight >= this.options.halfOpenProbes) {
          return { action: "reject", reason: "circuit half-open, probe already in flight" };
        }
        return SEND;
      },
      sent: (_attempt, nowS) => {
        if (this.state(nowS) === "half-open") {
          probe = true;
          this.probesInFlight += 1;
        }
      },
      observe: (outcomeClass, _outcome, nowS) => {
        const failure = isBreakerFailure(outcomeClass);
        if (probe) {
          dropProbe();
          this.recordProbe(failure, nowS);
        } else if (this.state(nowS) === "closed") {
          this.recordClosed(failure, nowS);
        }
      },
      ended: () => dropProbe(),
    };
  }
}

/**
 * `inner` behind a fresh breaker; `classify` says which outcomes are failures (generic HTTP by default), `info`
 * how the result describes itself (the inner policy's name and parameters by default).
 */
export function wrapWithBreaker(
  inner: RetryPolicy,
  options: BreakerOptions,
  classify: (outcome: AttemptOutcome) => OutcomeClass = classifier(GENERIC_HTTP_SPEC),
  info: GuardedPolicyInfo = { preset: inner.preset, params: inner.params },
): RetryPolicy & { readonly breaker: CircuitBreaker } {
  const breaker = new CircuitBreaker(options);
  const policy = guardPolicy(info, inner, [breaker], classify);
  return Object.assign(policy, { breaker });
}

const NAME = "circuit-breaker";
const INNER_PREFIX = "inner.";
const params: TypedParam[] = [
  { key: "inner", kind: "string", defaultValue: "aws-full-jitter", describe: "the retry preset behind the breaker; its parameters are set as inner.<key>" },
  { key: "breaker.consecutive_failures", kind: "number", defaultValue: 5, describe: "consecutive failures that open the breaker (0: off)" },
  { key: "breaker.failure_ratio", kind: "number", defaultValue: 0, describe: "failure share over the window that opens it (0: off)" },
  { key: "breaker.window_s", kind: "number", defaultValue: 30, describe: "seconds, window of the failure share" },
  { key: "breaker.min_attempts", kind: "number", defaultValue: 20, describe: "attempts in the window before the share counts" },
  { key: "breaker.open_s", kind: "number", defaultValue: 10, describe: "seconds the breaker stays open before a probe" },
  { key: "breaker.half_open_probes", kind: "number", defaultValue: 1, describe: "probes allowed in flight while half-open" },
  { key: "breaker.close_after_successes", kind: "number", defaultValue: 1, describe: "successful probes that close it" },
  ...classifierParams("", GENERIC_HTTP_SPEC),
];

/** The breaker preset over the presets `find` knows (the preset list, which includes this one). */
export function circuitBreakerPreset(find: (name: string) => PresetDefinition | undefined): PresetDefinition {
  return {
    name: NAME,
    summary: "Circuit breaker (closed → open after 5 failures in a row → half-open probe after 10 s) in front of another preset",
    params,
    create(overrides) {
      const own: Record<string, unknown> = {};
      const innerOverrides: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(overrides)) {
        if (key.startsWith(INNER_PREFIX)) innerOverrides[key.slice(INNER_PREFIX.length)] = value;
        else own[key] = value;
      }
      const p = resolveParams(NAME, params, own);
      const innerName = p.str("inner");
      const innerPreset = find(innerName);
      if (innerPreset === undefined) throw new InputError(`retry preset ${NAME}: inner preset "${innerName}" does not exist`);
      const options: BreakerOptions = {
        consecutiveFailures: p.num("breaker.consecutive_failures"),
        failureRatio: p.num("breaker.failure_ratio"),
        windowS: p.num("breaker.window_s"),
        minAttempts: p.num("breaker.min_attempts"),
        openS: p.num("breaker.open_s"),
        halfOpenProbes: p.num("breaker.half_open_probes"),
        closeAfterSuccesses: p.num("breaker.close_after_successes"),
      };
      requireParam(NAME, options.consecutiveFailures > 0 || options.failureRatio > 0, "set breaker.consecutive_failures or breaker.failure_ratio above 0");
      requireParam(NAME, options.failureRatio <= 1 && options.windowS > 0 && options.openS >= 0, "need failure_ratio ≤ 1, window_s > 0, open_s ≥ 0");
      requireParam(NAME, options.halfOpenProbes >= 1 && options.closeAfterSuccesses >= 1, "half_open_probes and close_after_successes must be ≥ 1");
      const inner = innerPreset.create(innerOverrides);
      const classify = classifier(classifierFromParams("", p, GENERIC_HTTP_SPEC));
      const values: Record<string, unknown> = { ...p.values };
      for (const [key, value] of Object.entries(inner.params)) values[INNER_PREFIX + key] = value;
      return wrapWithBreaker(inner, options, classify, { preset: NAME, params: values });
    },
  };
}
