import { describeOutcome } from "../outcome-rules.js";
import { counterParam, counterValue, requireParam, resolveParams, timeoutParams, timeoutsFromParams, withPrefix, type ParamValues, type TypedParam } from "../params.js";
import type { PresetDefinition } from "../registry.js";
import { DONE, SEND, type AttemptOutcome, type RequestContext, type RequestRetryState, type RetryDecision, type RetryPolicy, type SendDecision, type Uniform } from "../contract.js";
import { URLLIB3_DEFAULTS, Urllib3Retry, type Urllib3Config } from "../libraries/urllib3.js";
import { Urllib3Request } from "../libraries/urllib3-request.js";

/**
 * The `urllib3` preset (urllib3 2.x `Retry`, as requests' HTTPAdapter uses it) and the parameter block any
 * preset embedding urllib3 reuses (`urllib3Params`, `urllib3ConfigFromParams`, e.g. under `inner.`).
 */

const METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS", "TRACE", "PATCH"];

const counter = (n: number | null): number | "unset" => (n === null ? "unset" : n);

/** The documented Retry(...) parameters, urllib3's own names, with the given defaults. */
export function urllib3Params(defaults: Urllib3Config): TypedParam[] {
  return [
    counterParam("total", counter(defaults.total), "retries of any kind"),
    counterParam("connect", counter(defaults.connect), "retries after connection errors (connect-timeout, refused)"),
    counterParam("read", counter(defaults.read), "retries after read errors (read-timeout, reset, protocol)"),
    counterParam("redirect", counter(defaults.redirect), "redirects followed by urllib3 itself"),
    counterParam("status", counter(defaults.status), "retries after a status in status_forcelist"),
    counterParam("other", counter(defaults.other), "retries after other errors"),
    {
      key: "allowed_methods",
      kind: "strings",
      choices: METHODS,
      defaultValue: defaults.allowedMethods ?? [],
      describe: "methods retried after read errors and statuses (empty: every method)",
    },
    { key: "status_forcelist", kind: "numbers", defaultValue: defaults.statusForcelist, describe: "statuses retried" },
    { key: "backoff_factor", kind: "number", defaultValue: defaults.backoffFactor, describe: "seconds; the retry after c consecutive failures waits factor·2^(c−1), the first retry none" },
    { key: "backoff_max_s", kind: "number", defaultValue: defaults.backoffMaxS, describe: "seconds, cap of the backoff" },
    { key: "backoff_jitter_s", kind: "number", defaultValue: defaults.backoffJitterS, describe: "seconds, uniform jitter added to the backoff" },
    { key: "respect_retry_after_header", kind: "boolean", defaultValue: defaults.respectRetryAfterHeader, describe: "sleep Retry-After instead of the backoff; retry 413/429/503 carrying it" },
    { key: "retry_after_max_s", kind: "number", defaultValue: defaults.retryAfterMaxS, describe: "seconds, cap of a Retry-After value" },
    { key: "raise_on_status", kind: "boolean", defaultValue: defaults.raiseOnStatus, describe: "raise MaxRetryError when status retries run out (else return the response)" },
    { key: "raise_on_redirect", kind: "boolean", defaultValue: defaults.raiseOnRedirect, describe: "raise when redirects run out (else return the response)" },
  ];
}

/** The Retry configuration selected by `urllib3Params` values mounted under `prefix`. */
export function urllib3ConfigFromParams(preset: string, values: ParamValues, prefix = ""): Urllib3Config {
  const num = (key: string): number => values.num(prefix + key);
  const config: Urllib3Config = {
    total: counterValue(preset, values, prefix + "total"),
    connect: counterValue(preset, values, prefix + "connect"),
    read: counterValue(preset, values, prefix + "read"),
    redirect: counterValue(preset, values, prefix + "redirect"),
    status: counterValue(preset, values, prefix + "status"),
    other: counterValue(preset, values, prefix + "other"),
    allowedMethods: values.strs(prefix + "allowed_methods"),
    statusForcelist: values.nums(prefix + "status_forcelist"),
    backoffFactor: num("backoff_factor"),
    backoffMaxS: num("backoff_max_s"),
    backoffJitterS: num("backoff_jitter_s"),
    respectRetryAfterHeader: values.bool(prefix + "respect_retry_after_header"),
    retryAfterMaxS: num("retry_after_max_s"),
    raiseOnStatus: values.bool(prefix + "raise_on_status"),
    raiseOnRedirect: values.bool(prefix + "raise_on_redirect"),
  };
  requireParam(preset, config.backoffFactor >= 0 && config.backoffMaxS >= 0 && config.backoffJitterS >= 0, `${prefix}backoff_factor, backoff_max_s and backoff_jitter_s must be ≥ 0`);
  return config;
}

/** Mounts the urllib3 parameters under a prefix with some defaults changed (for embedding presets). */
export function urllib3ParamsUnder(prefix: string, defaults: Urllib3Config): TypedParam[] {
  return withPrefix(prefix, urllib3Params(defaults));
}

class Urllib3PresetRequest implements RequestRetryState {
  attempts = 0;
  private readonly request: Urllib3Request;

  constructor(config: Urllib3Config, initial: Urllib3Retry, context: RequestContext) {
    this.request = new Urllib3Request(config, context.method, initial);
  }

  beforeAttempt(): SendDecision {
    this.attempts += 1;
    return SEND;
  }

  afterAttempt(outcome: AttemptOutcome, _nowS: number, uniform: Uniform): RetryDecision {
    const answer = this.request.onOutcome(outcome, uniform);
    if (answer.action === "retry") return { action: "retry", delayS: answer.delayS, route: "same-url" };
    if (answer.action === "raise") return { action: "give-up", reason: answer.reason };
    if (outcome.type === "response" && outcome.status < 400) return DONE;
    return { action: "give-up", reason: `not retried: ${describeOutcome(outcome)}` };
  }
}

const NAME = "urllib3";
const PARAMS: TypedParam[] = [...urllib3Params(URLLIB3_DEFAULTS), ...timeoutParams({ connectS: "unlimited", readS: "unlimited" }, "urllib3 default: none")];

export const URLLIB3_PRESET: PresetDefinition = {
  name: NAME,
  summary: "urllib3 2.x Retry(): counters, first retry immediate, factor·2^(c−1) backoff, Retry-After; retries the same URL",
  params: PARAMS,
  create(overrides): RetryPolicy {
    const values = resolveParams(NAME, PARAMS, overrides);
    const config = urllib3ConfigFromParams(NAME, values);
    const initial = new Urllib3Retry(config);
    return {
      preset: NAME,
      params: values.values,
      timeouts: timeoutsFromParams(NAME, values),
      start: (context) => new Urllib3PresetRequest(config, initial, context),
    };
  },
};
