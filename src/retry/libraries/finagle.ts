import { classifier, classifierFromParams, classifierParams, EMPTY_CLASSIFIER, type ClassifierSpec } from "../classify.js";
import { guardedLoop, type ClientGuard, type RequestGuard } from "../client-guard.js";
import { backoffChoiceFromParams, backoffChoiceParams } from "./aws-backoff.js";
import { requireParam, resolveParams, type TypedParam } from "../preset-params.js";
import type { PresetDefinition } from "../registry.js";
import { maxAttemptsParam, routeParam } from "../retry-loop.js";
import type { RetryRoute } from "../contract.js";
import { WindowedCounter } from "../windowed-counter.js";

/**
 * Finagle's RetryBudget and requeue filter. Every request deposits, every retry withdraws, both into a counter
 * over a sliding `ttl` window (10 slices); a reserve of `minRetriesPerSec × ttl` retries never expires. In
 * Finagle's integer units a deposit is 1000, a withdrawal 1000 / percentCanRetry (5000 at 20%), so the budget
 * allows about 20% of requests as retries on top of 10 retries/s. A request may also retry at most
 * ceil(0.2 × balance) times (balance read when it starts), so one request cannot drain the budget, and by
 * default requeues follow at once (no backoff).
 */

const SCALE = 1000;
/** Finagle's per-request cap on requeues, as a fraction of the budget's balance when the request starts. */
const MAX_RETRIES_PER_REQUEST_FRACTION = 0.2;

/** Finagle's token retry budget, driven by the caller's clock. */
export class FinagleRetryBudget implements ClientGuard {
  private readonly counter: WindowedCounter;
  private readonly depositAmount: number;
  private readonly withdrawalAmount: number;
  private readonly reserve: number;

  constructor(
    readonly ttlS: number,
    readonly minRetriesPerS: number,
    readonly percentCanRetry: number,
  ) {
    this.depositAmount = percentCanRetry === 0 ? 0 : SCALE;
    this.withdrawalAmount = percentCanRetry === 0 ? 1 : Math.trunc(SCALE / percentCanRetry);
    this.reserve = minRetriesPerS * Math.trunc(ttlS) * this.withdrawalAmount;
    this.counter = new WindowedCounter(ttlS, 10);
  }

  /** One request's deposit. */
  deposit(nowS: number): void {
    this.counter.add(this.depositAmount, nowS);
  }

  /** True if the balance covers one retry. */
  canWithdraw(nowS: number): boolean {
    return this.counter.sum(nowS) + this.reserve >= this.withdrawalAmount;
  }

  /** Takes one retry's worth if the balance allows; false leaves the balance untouched. */
  tryWithdraw(nowS: number): boolean {
    if (!this.canWithdraw(nowS)) return false;
    this.counter.add(-this.withdrawalAmount, nowS);
    return true;
  }

  /** Retries allowed right now (whole number, as Finagle reports it). */
  balance(nowS: number): number {
    return Math.trunc((this.counter.sum(nowS) + this.reserve) / this.withdrawalAmount);
  }

  startRequest(_context: unknown, nowS: number): RequestGuard {
    this.deposit(nowS);
    const maxRetries = Math.ceil(MAX_RETRIES_PER_REQUEST_FRACTION * this.balance(nowS));
    let retries = 0;
    return {
      retryDenial: (at) => {
        if (retries >= maxRetries) return "per-request retry limit (20% of the budget balance)";
        return this.canWithdraw(at) ? undefined : "retry budget exhausted";
      },
      retryCommitted: (at) => {
        this.tryWithdraw(at);
        retries += 1;
      },
    };
  }
}

/** Requeueable failures: the request surely did not reach the server (write failures), and NACKs (503). */
const FINAGLE_RULES: ClassifierSpec = {
  ...EMPTY_CLASSIFIER,
  retryStatuses: [503],
  retryErrors: ["refused", "connect-timeout"],
};

const NAME = "finagle";
const params: TypedParam[] = [
  { key: "budget.ttl_s", kind: "number", defaultValue: 10, describe: "seconds, how long deposits count (1–60)" },
  { key: "budget.min_retries_per_s", kind: "number", defaultValue: 10, describe: "retries/s always allowed (the reserve)" },
  { key: "budget.percent_can_retry", kind: "number", defaultValue: 0.2, describe: "fraction of requests that may be retried" },
  ...backoffChoiceParams({ kind: "none", baseS: 0.005, capS: 0.2 }, "Finagle's requeues: none"),
  maxAttemptsParam("unlimited", "Finagle's cap is the budget's per-request 20%"),
  routeParam("origin"),
  ...classifierParams("", FINAGLE_RULES),
];

export const FINAGLE_PRESET: PresetDefinition = {
  name: NAME,
  summary: "Finagle RetryBudget (ttl 10 s, 10 retries/s reserve, 20% of requests) with immediate requeues",
  params,
  create(overrides) {
    const p = resolveParams(NAME, params, overrides);
    const ttlS = p.num("budget.ttl_s");
    const minPerS = p.num("budget.min_retries_per_s");
    const percent = p.num("budget.percent_can_retry");
    requireParam(NAME, ttlS >= 1 && ttlS <= 60, `budget.ttl_s must be in [1, 60], got ${ttlS}`);
    requireParam(NAME, minPerS >= 0 && percent >= 0 && percent <= 1000, "budget.min_retries_per_s ≥ 0 and 0 ≤ budget.percent_can_retry ≤ 1000");
    const classify = classifier(classifierFromParams("", p, FINAGLE_RULES));
    const loop = {
      preset: NAME,
      params: p.values,
      maxAttempts: p.attempts("max_attempts"),
      route: p.str("route") as RetryRoute,
      classify,
      newBackoff: backoffChoiceFromParams(NAME, p),
    };
    return guardedLoop(loop, [new FinagleRetryBudget(ttlS, minPerS, percent)]);
  },
};
