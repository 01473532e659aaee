import { classifier, classifierFromParams, classifierParams } from "../classify.js";
import { GENERIC_HTTP_SPEC } from "../outcome-rules.js";
import { guardedLoop } from "../client-guard.js";
import { requireParam, resolveParams, type TypedParam } from "../preset-params.js";
import type { PresetDefinition } from "../registry.js";
import { maxAttemptsParam, routeParam, type Backoff } from "../retry-loop.js";
import { SendRateLimiter } from "../send-rate-limiter.js";
import { waitS, type TenacityWait } from "../libraries/tenacity.js";
import type { RetryRoute } from "../contract.js";

/**
 * The DiamondLightSource client criteria turned into a policy: a server outage of up to 1 s raises nothing,
 * at most 5 tries, exponential backoff, and no more than 10 requests/s from a client while it is failing.
 * The backoff is tenacity's `wait_exponential_jitter(initial=0.1, max=5, jitter=0.05)` — the criteria name no
 * library; tenacity is the usual one for a Python client: `min(max, base·2^(n−1) + U(0, jitter))`. The four waits add up to at least 1.5 s, so a 1 s outage is
 * always outlasted; the jitter only ever lengthens a wait, keeping that guarantee.
 */

/** The dls schedule: tenacity's exponential wait with additive jitter, capped. */
export function dlsBackoff(baseS: number, maxS: number, jitterS: number): Backoff {
  const wait: TenacityWait = { kind: "exponential_jitter", multiplier: baseS, min: 0, max: maxS, expBase: 2, jitter: jitterS };
  return { delayS: (failedAttempt, uniform) => waitS(wait, failedAttempt, uniform) };
}

const NAME = "dls";
const params: TypedParam[] = [
  maxAttemptsParam(5, "the criteria: give up after 3–5 tries"),
  { key: "backoff.base_s", kind: "number", defaultValue: 0.1, describe: "seconds, first wait (doubles per retry)" },
  { key: "backoff.max_s", kind: "number", defaultValue: 5, describe: "seconds, longest wait" },
  { key: "backoff.jitter_s", kind: "number", defaultValue: 0.05, describe: "seconds, U(0, jitter) added to each wait" },
  { key: "rate_limit.max_requests", kind: "number", defaultValue: 10, describe: "attempts per window from one client (the criteria: ≤ 5–10/s)" },
  { key: "rate_limit.window_s", kind: "number", defaultValue: 1, describe: "seconds, the sliding window" },
  { key: "rate_limit.only_while_failing", kind: "boolean", defaultValue: true, describe: "limit only while failing: from a retryable failure until a whole window passes without one" },
  routeParam("origin"),
  ...classifierParams("", GENERIC_HTTP_SPEC),
];

export const DLS_PRESET: PresetDefinition = {
  name: NAME,
  summary: "DiamondLightSource client criteria: ≤ 5 tries, exponential backoff outlasting a 1 s outage, ≤ 10 requests/s while failing",
  params,
  create(overrides) {
    const p = resolveParams(NAME, params, overrides);
    const baseS = p.num("backoff.base_s");
    const maxS = p.num("backoff.max_s");
    const jitterS = p.num("backoff.jitter_s");
    requireParam(NAME, baseS >= 0 && maxS >= baseS && jitterS >= 0, "need 0 ≤ backoff.base_s ≤ backoff.max_s and backoff.jitter_s ≥ 0");
    const maxRequests = p.num("rate_limit.max_requests");
    const windowS = p.num("rate_limit.window_s");
    requireParam(NAME, Number.isInteger(maxRequests) && maxRequests >= 1 && windowS > 0, "need a whole rate_limit.max_requests ≥ 1 and rate_limit.window_s > 0");
    const classify = classifier(classifierFromParams("", p, GENERIC_HTTP_SPEC));
    const loop = {
      preset: NAME,
      params: p.values,
      maxAttempts: p.attempts("max_attempts"),
      route: p.str("route") as RetryRoute,
      classify,
      newBackoff: () => dlsBackoff(baseS, maxS, jitterS),
    };
    return guardedLoop(loop, [new SendRateLimiter(maxRequests, windowS, p.bool("rate_limit.only_while_failing"))]);
  },
};
