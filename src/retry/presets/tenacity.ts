import { classifier, classifierFromParams, classifierParams, EMPTY_CLASSIFIER, ALL_TRANSPORT_ERRORS, isRetryClass, type ClassifierSpec } from "../classify.js";
import { describeOutcome } from "../outcome-rules.js";
import { resolveParams, timeoutParams, timeoutsFromParams, type TypedParam } from "../params.js";
import type { PresetDefinition } from "../registry.js";
import { TenacityLoop, tenacityFromParams, tenacityParams } from "../libraries/tenacity-params.js";
import type { TenacityStop, TenacityWait } from "../libraries/tenacity.js";
import { DONE, SEND, type AttemptOutcome, type OutcomeClass, type RequestRetryState, type RetryDecision, type RetryPolicy, type RetryRoute, type SendDecision, type Uniform } from "../contract.js";

/**
 * The `tenacity` preset: `Retrying()` with tenacity's own defaults (wait_none, stop_never) around a function
 * that sends the request. Its retry predicate is the classifier: by default every transport error (requests'
 * exceptions) and no status — tenacity sees a status only if the code raises on it, so list those statuses in
 * `retry_statuses`.
 */

const NAME = "tenacity";
const DEFAULT_RULES: ClassifierSpec = { ...EMPTY_CLASSIFIER, retryErrors: ALL_TRANSPORT_ERRORS };

const PARAMS: TypedParam[] = [
  ...tenacityParams("", { waitKind: "none" }),
  ...classifierParams("", DEFAULT_RULES),
  {
    key: "route",
    kind: "string",
    choices: ["origin", "same-url"],
    defaultValue: "origin",
    describe: "where a retry goes: origin (the function re-sends the request to the proxy) or same-url",
  },
  ...timeoutParams({ connectS: "unlimited", readS: "unlimited" }, "none: tenacity does no I/O"),
];

class TenacityRequest implements RequestRetryState {
  attempts = 0;
  private readonly loop: TenacityLoop;

  constructor(
    wait: TenacityWait,
    stop: TenacityStop,
    startS: number,
    private readonly classify: (outcome: AttemptOutcome) => OutcomeClass,
    private readonly route: RetryRoute,
  ) {
    this.loop = new TenacityLoop(wait, stop, startS);
  }

  beforeAttempt(): SendDecision {
    this.attempts += 1;
    return SEND;
  }

  afterAttempt(outcome: AttemptOutcome, nowS: number, uniform: Uniform): RetryDecision {
    const outcomeClass = this.classify(outcome);
    if (outcomeClass === "success") return DONE;
    if (!isRetryClass(outcomeClass)) return { action: "give-up", reason: `not retried: ${describeOutcome(outcome)}` };
    const answer = this.loop.afterRetryableFailure(nowS, uniform);
    if (answer.stop) return { action: "give-up", reason: `${answer.reason} (last: ${describeOutcome(outcome)})` };
    return { action: "retry", delayS: answer.sleepS, route: this.route };
  }
}

export const TENACITY_PRESET: PresetDefinition = {
  name: NAME,
  summary: "tenacity Retrying(): wait_* and stop_* strategies in tenacity's order (wait drawn, then stop checked)",
  params: PARAMS,
  create(overrides): RetryPolicy {
    const values = resolveParams(NAME, PARAMS, overrides);
    const { wait, stop } = tenacityFromParams(NAME, values, "");
    const classify = classifier(classifierFromParams("", values, DEFAULT_RULES));
    const route = values.str("route") as RetryRoute;
    return {
      preset: NAME,
      params: values.values,
      timeouts: timeoutsFromParams(NAME, values),
      start: (_context, nowS) => new TenacityRequest(wait, stop, nowS, classify, route),
    };
  },
};
