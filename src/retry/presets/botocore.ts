import { classifier, classifierFromParams, classifierParams, type ClassifierSpec } from "../classify.js";
import { BOTOCORE_ADAPTIVE_DEFAULTS, ClientRateLimiter, type AdaptiveLimiterConfig } from "../libraries/botocore-adaptive.js";
import { BOTOCORE_QUOTA_COSTS, BotocoreCall, botocoreLegacyRules, BotocoreRetryQuota, botocoreStandardRules, type QuotaCosts } from "../libraries/botocore.js";
import { describeOutcome } from "../outcome-rules.js";
import { requireParam, resolveParams, timeoutParams, timeoutsFromParams, type ParamValues, type TypedParam } from "../params.js";
import type { PresetDefinition } from "../registry.js";
import { DONE, SEND, type AttemptOutcome, type OutcomeClass, type RequestRetryState, type RetryDecision, type RetryPolicy, type SendDecision, type Uniform } from "../contract.js";

/**
 * boto3's three retry modes as presets: `botocore-legacy` (the default mode), `botocore-standard` (retry quota)
 * and `botocore-adaptive` (standard plus the client-side CUBIC rate limiter). Retries go back to the endpoint
 * (`origin`). Timeouts are botocore's defaults: connect 60 s, read 60 s.
 */

/** A botocore policy, with its shared client state visible to tests and traces. */
export interface BotocorePolicy extends RetryPolicy {
  /** The client's retry quota (standard, adaptive), else null. */
  readonly quota: BotocoreRetryQuota | null;
  /** The client's rate limiter (adaptive), else null. */
  readonly limiter: ClientRateLimiter | null;
}

class BotocoreRequest implements RequestRetryState {
  attempts = 0;
  private readonly call: BotocoreCall;

  constructor(
    maxAttempts: number,
    maxBackoffS: number,
    private readonly quota: BotocoreRetryQuota | null,
    costs: QuotaCosts,
    private readonly classify: (outcome: AttemptOutcome) => OutcomeClass,
    private readonly limiter: ClientRateLimiter | null,
  ) {
    this.call = new BotocoreCall({ maxAttempts, maxBackoffS, quota, costs, classify });
  }

  beforeAttempt(nowS: number): SendDecision {
    const waitS = this.limiter === null ? 0 : this.limiter.beforeSend(nowS);
    if (waitS > 0) return { action: "wait", waitS };
    this.attempts += 1;
    return SEND;
  }

  afterAttempt(outcome: AttemptOutcome, nowS: number, uniform: Uniform): RetryDecision {
    // The limiter hears every response and error (botocore's needs-retry hook); throttling is the class, i.e. codes.
    this.limiter?.onResponse(nowS, this.classify(outcome) === "throttle");
    const answer = this.call.needsRetry(outcome, this.attempts, uniform);
    if (answer.retry) return { action: "retry", delayS: answer.delayS, route: "origin" };
    this.call.afterCall(outcome);
    if (outcome.type === "response" && outcome.status < 400) return DONE;
    return { action: "give-up", reason: answer.reason ?? `not retried: ${describeOutcome(outcome)}` };
  }
}

type Mode = "legacy" | "standard" | "adaptive";

const TIMEOUTS = timeoutParams({ connectS: 60, readS: 60 }, "botocore default 60 s");

function quotaParams(): TypedParam[] {
  return [
    { key: "quota.capacity", kind: "number", defaultValue: 500, describe: "retry quota of the client: initial and maximum capacity" },
    { key: "quota.retry_cost", kind: "number", defaultValue: BOTOCORE_QUOTA_COSTS.retryCost, describe: "capacity a retry takes" },
    { key: "quota.timeout_retry_cost", kind: "number", defaultValue: BOTOCORE_QUOTA_COSTS.timeoutRetryCost, describe: "capacity a retry after a connect/read timeout takes" },
    { key: "quota.no_retry_increment", kind: "number", defaultValue: BOTOCORE_QUOTA_COSTS.noRetryIncrement, describe: "capacity a call that succeeds at once gives back" },
  ];
}

function limiterParams(): TypedParam[] {
  const d = BOTOCORE_ADAPTIVE_DEFAULTS;
  return [
    { key: "limiter.scale_constant", kind: "number", defaultValue: d.scaleConstant, describe: "CUBIC C" },
    { key: "limiter.beta", kind: "number", defaultValue: d.beta, describe: "CUBIC β: the rate after throttling is β·rate" },
    { key: "limiter.min_fill_rate", kind: "number", defaultValue: d.minFillRate, describe: "tokens/s, lowest fill rate of the token bucket" },
    { key: "limiter.initial_rate", kind: "number", defaultValue: d.initialMaxRate, describe: "tokens/s, the bucket's rate before any response" },
    { key: "limiter.smoothing", kind: "number", defaultValue: d.smoothing, describe: "weight of the newest sample of the measured send rate" },
    { key: "limiter.time_bucket_s", kind: "number", defaultValue: d.timeBucketS, describe: "seconds per send-rate measurement bucket" },
    { key: "limiter.max_rate_adjust_scale", kind: "number", defaultValue: d.maxRateAdjustScale, describe: "the bucket rate is capped at this multiple of the measured rate" },
  ];
}

function paramsFor(mode: Mode): { params: TypedParam[]; rules: ClassifierSpec } {
  const rules = mode === "legacy" ? botocoreLegacyRules(true) : botocoreStandardRules();
  const params: TypedParam[] = [
    {
      key: "total_max_attempts",
      kind: "attempts",
      defaultValue: mode === "legacy" ? 5 : 3,
      describe: "total attempts including the first (Config(retries={'max_attempts': N}) means N + 1)",
    },
    {
      key: "max_backoff_s",
      kind: "limit",
      defaultValue: mode === "legacy" ? "unlimited" : 20,
      describe: "seconds; the delay after failed attempt n is u·min(2^(n−1), max_backoff_s)",
    },
    ...(mode === "legacy" ? [] : quotaParams()),
    ...(mode === "adaptive" ? limiterParams() : []),
    ...classifierParams("", rules, ["retryStatuses", "throttleStatuses", "retryCodes", "throttleCodes", "retryErrors"]),
    ...TIMEOUTS,
  ];
  return { params, rules };
}

function limiterConfig(values: ParamValues): AdaptiveLimiterConfig {
  return {
    scaleConstant: values.num("limiter.scale_constant"),
    beta: values.num("limiter.beta"),
    minFillRate: values.num("limiter.min_fill_rate"),
    initialMaxRate: values.num("limiter.initial_rate"),
    smoothing: values.num("limiter.smoothing"),
    timeBucketS: values.num("limiter.time_bucket_s"),
    maxRateAdjustScale: values.num("limiter.max_rate_adjust_scale"),
  };
}

const SUMMARY: Record<Mode, string> = {
  legacy: "botocore legacy mode (boto3's default): 5 attempts, u·2^(n−1) s with no cap, _retry.json's retryable set (S3)",
  standard: "botocore standard mode: 3 attempts, u·min(2^(n−1), 20) s, per-client retry quota 500 (cost 5, timeouts 10)",
  adaptive: "botocore adaptive mode: standard plus a client-side CUBIC token-bucket rate limiter enabled by throttling",
};

function botocorePreset(mode: Mode): PresetDefinition {
  const name = `botocore-${mode}`;
  const { params, rules } = paramsFor(mode);
  return {
    name,
    summary: SUMMARY[mode],
    params,
    create(overrides): BotocorePolicy {
      const values = resolveParams(name, params, overrides);
      const classify = classifier(classifierFromParams("", values, rules));
      const maxAttempts = values.attempts("total_max_attempts");
      const maxBackoffS = values.limit("max_backoff_s");
      const quota = mode === "legacy" ? null : new BotocoreRetryQuota(values.num("quota.capacity"));
      const costs: QuotaCosts =
        mode === "legacy"
          ? BOTOCORE_QUOTA_COSTS
          : { retryCost: values.num("quota.retry_cost"), timeoutRetryCost: values.num("quota.timeout_retry_cost"), noRetryIncrement: values.num("quota.no_retry_increment") };
      if (quota !== null) requireParam(name, quota.maxCapacity >= 0 && costs.retryCost >= 0 && costs.timeoutRetryCost >= 0, "quota capacity and costs must be ≥ 0");
      const config = mode === "adaptive" ? limiterConfig(values) : null;
      if (config !== null) {
        requireParam(name, config.minFillRate > 0 && config.timeBucketS > 0 && config.beta > 0 && config.beta < 1, "limiter: need min_fill_rate > 0, time_bucket_s > 0, 0 < beta < 1");
      }
      let limiter: ClientRateLimiter | null = null;
      return {
        preset: name,
        params: values.values,
        timeouts: timeoutsFromParams(name, values),
        quota,
        get limiter() {
          return limiter;
        },
        start(context, nowS) {
          // botocore creates the limiter with the client; here the client's first request stands for that moment.
          if (config !== null && limiter === null) limiter = new ClientRateLimiter(config, nowS, context.clockPhaseS ?? 0);
          return new BotocoreRequest(maxAttempts, maxBackoffS, quota, costs, classify, limiter);
        },
      };
    },
  };
}

export const BOTOCORE_PRESETS: readonly PresetDefinition[] = (["legacy", "standard", "adaptive"] as const).map(botocorePreset);
