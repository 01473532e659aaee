import type { AttemptOutcome, OutcomeClass, TransportError } from "./types.js";
import type { ParamValues, TypedParam } from "./preset-params.js";

/**
 * A small, table-driven outcome classifier for presets whose sources retry on a list of HTTP statuses and
 * transport errors (the AWS backoff family, Polly, Envoy, Finagle, the SRE throttle, dls).
 */

/** Every transport error kind, for parameters that list them. */
export const TRANSPORT_ERRORS: readonly TransportError[] = ["connect-timeout", "read-timeout", "refused", "reset", "protocol"];

/** Which outcomes a policy retries. */
export interface OutcomeRules {
  /** Statuses retried as server errors. */
  readonly retryStatuses: readonly number[];
  /** Statuses that mean "slow down" (retried, and seen as throttling by limiters). */
  readonly throttleStatuses: readonly number[];
  /** Transport errors retried; the others are fatal. */
  readonly retryErrors: readonly TransportError[];
}

/** Classifies an outcome by the rules: 1xx–3xx success, listed statuses and errors retried, anything else fatal. */
export function classifyByRules(outcome: AttemptOutcome, rules: OutcomeRules): OutcomeClass {
  if (outcome.type === "error") return rules.retryErrors.includes(outcome.error) ? "retryable" : "fatal";
  if (outcome.status < 400) return "success";
  if (rules.throttleStatuses.includes(outcome.status)) return "throttle";
  if (rules.retryStatuses.includes(outcome.status)) return "retryable";
  return "fatal";
}

/** A short human-readable form of an outcome for give-up reasons and logs, e.g. `503 SlowDown` or `refused`. */
export function describeOutcome(outcome: AttemptOutcome): string {
  if (outcome.type === "error") return outcome.error;
  return outcome.code === undefined ? String(outcome.status) : `${outcome.status} ${outcome.code}`;
}

/** The documented parameters that select which outcomes are retried, with a preset's defaults. */
export function outcomeRuleParams(defaults: OutcomeRules): TypedParam[] {
  return [
    { key: "retry_statuses", kind: "numbers", defaultValue: defaults.retryStatuses, describe: "HTTP statuses retried as server errors" },
    { key: "throttle_statuses", kind: "numbers", defaultValue: defaults.throttleStatuses, describe: "HTTP statuses retried as throttling (slow down)" },
    {
      key: "retry_errors",
      kind: "strings",
      choices: TRANSPORT_ERRORS,
      defaultValue: defaults.retryErrors,
      describe: "transport errors retried (connect-timeout, read-timeout, refused, reset, protocol)",
    },
  ];
}

/** The rules selected by `outcomeRuleParams` values. */
export function rulesFromParams(params: ParamValues): OutcomeRules {
  return {
    retryStatuses: params.nums("retry_statuses"),
    throttleStatuses: params.nums("throttle_statuses"),
    retryErrors: params.strs("retry_errors") as readonly TransportError[],
  };
}

/** The usual generic-HTTP defaults: 500/502/503/504 retried, 429 as throttling, every transport error retried. */
export const GENERIC_HTTP_RULES: OutcomeRules = {
  retryStatuses: [500, 502, 503, 504],
  throttleStatuses: [429],
  retryErrors: TRANSPORT_ERRORS,
};
