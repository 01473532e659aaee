import { ALL_TRANSPORT_ERRORS, classifier, classifierFromParams, classifierParams, EMPTY_CLASSIFIER, type ClassifierSpec } from "../classify.js";
import { requireParam, resolveParams, type TypedParam } from "../preset-params.js";
import type { PresetDefinition } from "../registry.js";
import { createRetryLoop, loopParams, retryAfterHint, type Backoff } from "../retry-loop.js";
import type { RetryRoute } from "../contract.js";

/**
 * Polly v8's decorrelated jitter "V2" (exponential backoff with `UseJitter`), as used by the standard HTTP
 * resilience handler of Microsoft.Extensions.Http.Resilience. It replaced the AWS decorrelated form, whose
 * delays bunch at the cap: with retry index k (0-based) and u ~ U(0, 1), `t = k + u`,
 * `next = 2^t · tanh(√(4t))`, delay `= (next − prev) / 1.4 · base`, `prev = next` (starting at 0).
 */

/** The scaling that makes the median first delay about `base`. */
const SCALE = 1 / 1.4;

/** One step of the V2 formula: the delay (seconds) and the new `prev`. */
export function pollyV2Step(retryIndex: number, u: number, previous: number, baseS: number): { delayS: number; next: number } {
  const t = retryIndex + u;
  const next = 2 ** t * Math.tanh(Math.sqrt(4 * t));
  return { delayS: (next - previous) * SCALE * baseS, next };
}

/** A per-request V2 schedule, capped at `capS` like Polly's MaxDelay. */
export function pollyV2Backoff(baseS: number, capS: number): Backoff {
  let previous = 0;
  return {
    delayS(failedAttempt, uniform) {
      const step = pollyV2Step(failedAttempt - 1, uniform(), previous, baseS);
      previous = step.next;
      return Math.min(capS, step.delayS);
    },
  };
}

/** IsTransient of the HTTP resilience handler: 408, 429, every 5xx, and transport errors/timeouts. */
const POLLY_HTTP_RULES: ClassifierSpec = {
  ...EMPTY_CLASSIFIER,
  retryStatuses: [408, 500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 510, 511],
  throttleStatuses: [429],
  retryErrors: ALL_TRANSPORT_ERRORS,
};

const NAME = "polly-v2";
const params: TypedParam[] = [
  { key: "base_s", kind: "number", defaultValue: 2, describe: "seconds, Polly's Delay (median first delay)" },
  { key: "cap_s", kind: "limit", defaultValue: "unlimited", describe: 'seconds, Polly\'s MaxDelay, or "unlimited" (unset)' },
  { key: "respect_retry_after", kind: "boolean", defaultValue: true, describe: "a Retry-After header replaces the backoff" },
  ...loopParams({ maxAttempts: 4, route: "origin" }),
  ...classifierParams("", POLLY_HTTP_RULES),
];

export const POLLY_PRESET: PresetDefinition = {
  name: NAME,
  summary: "Polly v8 retry, exponential with jitter (decorrelated jitter V2), HTTP resilience defaults: 3 retries, 2 s",
  params,
  create(overrides) {
    const p = resolveParams(NAME, params, overrides);
    const baseS = p.num("base_s");
    const capS = p.limit("cap_s");
    requireParam(NAME, baseS >= 0, `base_s must be ≥ 0, got ${baseS}`);
    const classify = classifier(classifierFromParams("", p, POLLY_HTTP_RULES));
    return createRetryLoop({
      preset: NAME,
      params: p.values,
      maxAttempts: p.attempts("max_attempts"),
      route: p.str("route") as RetryRoute,
      classify,
      newBackoff: () => pollyV2Backoff(baseS, capS),
      serverHint: p.bool("respect_retry_after") ? retryAfterHint : undefined,
    });
  },
};
