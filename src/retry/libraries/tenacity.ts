import type { Uniform } from "../contract.js";

/**
 * tenacity's wait and stop strategies as data, evaluated exactly as tenacity does. `attempt` is tenacity's
 * 1-based `attempt_number` of the attempt that just failed; `random.uniform(a, b)` is `a + (b − a)·u`.
 * tenacity's loop after a failed attempt: retry predicate → wait computed (drawing its randomness) → stop
 * checked → sleep. So a stopping attempt still consumes its wait's draws.
 */

/** tenacity's `_utils.MAX_WAIT` (sys.maxsize / 2): the default `max` of the exponential waits. */
export const TENACITY_MAX_WAIT = 4611686018427387903;

/** A wait strategy. Times are seconds. */
export type TenacityWait =
  | { readonly kind: "none" }
  | { readonly kind: "fixed"; readonly wait: number }
  | { readonly kind: "random"; readonly min: number; readonly max: number }
  | { readonly kind: "incrementing"; readonly start: number; readonly increment: number; readonly max: number }
  | { readonly kind: "exponential"; readonly multiplier: number; readonly min: number; readonly max: number; readonly expBase: number }
  | { readonly kind: "random_exponential"; readonly multiplier: number; readonly min: number; readonly max: number; readonly expBase: number }
  | {
      readonly kind: "exponential_jitter";
      readonly multiplier: number;
      readonly min: number;
      readonly max: number;
      readonly expBase: number;
      readonly jitter: number;
    }
  | { readonly kind: "chain"; readonly waits: readonly TenacityWait[] }
  | { readonly kind: "combine"; readonly waits: readonly TenacityWait[] };

/** `wait_exponential`'s value, with tenacity's early cap that avoids overflow. */
export function exponentialWaitS(attempt: number, multiplier: number, min: number, max: number, expBase: number): number {
  const exponent = attempt - 1;
  const floor = Math.max(0, min);
  if (multiplier > 0 && max > 0 && expBase > 1 && Number.isFinite(max) && exponent > Math.log(max) / Math.log(expBase) - Math.log(multiplier) / Math.log(expBase)) {
    return Math.max(floor, max);
  }
  const result = multiplier * expBase ** exponent;
  if (!Number.isFinite(result)) return max;
  return Math.max(floor, Math.min(result, max));
}

/** The seconds a wait strategy asks for after failed attempt `attempt`. */
export function waitS(wait: TenacityWait, attempt: number, uniform: Uniform): number {
  switch (wait.kind) {
    case "none":
      return 0;
    case "fixed":
      return wait.wait;
    case "random":
      return wait.min + uniform() * (wait.max - wait.min);
    case "incrementing":
      return Math.max(0, Math.min(wait.start + wait.increment * (attempt - 1), wait.max));
    case "exponential":
      return exponentialWaitS(attempt, wait.multiplier, wait.min, wait.max, wait.expBase);
    case "random_exponential": {
      const high = exponentialWaitS(attempt, wait.multiplier, wait.min, wait.max, wait.expBase);
      return wait.min + (high - wait.min) * uniform();
    }
    case "exponential_jitter": {
      const jitter = 0 + (wait.jitter - 0) * uniform();
      let result = wait.multiplier * wait.expBase ** (attempt - 1) + jitter;
      if (!Number.isFinite(result)) result = wait.max;
      return Math.max(Math.max(0, wait.min), Math.min(result, wait.max));
    }
    case "chain": {
      const index = Math.min(Math.max(attempt, 1), wait.waits.length) - 1;
      return waitS(wait.waits[index], attempt, uniform);
    }
    case "combine": {
      let sum = 0;
      for (const part of wait.waits) sum += waitS(part, attempt, uniform);
      return sum;
    }
  }
}

/**
 * A stop strategy: the conditions that are set (null: not used), joined by `any` (tenacity's `|`, stop_any)
 * or `all` (`&`, stop_all). No condition set: stop_never.
 */
export interface TenacityStop {
  /** stop_after_attempt(N): stop once attempt N has failed. */
  readonly afterAttempt: number | null;
  /** stop_after_delay(d): stop once (end of the latest attempt − start of the first) ≥ d. */
  readonly afterDelayS: number | null;
  /** stop_before_delay(d): stop when that time plus the upcoming sleep would reach d. */
  readonly beforeDelayS: number | null;
  readonly mode: "any" | "all";
}

/** What tenacity's stop strategies look at. */
export interface StopState {
  readonly attempt: number;
  readonly secondsSinceStart: number;
  readonly upcomingSleepS: number;
}

/** stop_after_attempt. */
export function stopAfterAttempt(maxAttempts: number, attempt: number): boolean {
  return attempt >= maxAttempts;
}

/** stop_after_delay. */
export function stopAfterDelay(maxDelayS: number, secondsSinceStart: number): boolean {
  return secondsSinceStart >= maxDelayS;
}

/** stop_before_delay. */
export function stopBeforeDelay(maxDelayS: number, secondsSinceStart: number, upcomingSleepS: number): boolean {
  return secondsSinceStart + upcomingSleepS >= maxDelayS;
}

/** True when tenacity stops (gives up) in this state. */
export function shouldStop(stop: TenacityStop, state: StopState): boolean {
  const verdicts: boolean[] = [];
  if (stop.afterAttempt !== null) verdicts.push(stopAfterAttempt(stop.afterAttempt, state.attempt));
  if (stop.afterDelayS !== null) verdicts.push(stopAfterDelay(stop.afterDelayS, state.secondsSinceStart));
  if (stop.beforeDelayS !== null) verdicts.push(stopBeforeDelay(stop.beforeDelayS, state.secondsSinceStart, state.upcomingSleepS));
  if (verdicts.length === 0) return false;
  return stop.mode === "any" ? verdicts.some(Boolean) : verdicts.every(Boolean);
}

/** Why it stopped, for give-up reasons. */
export function describeStop(stop: TenacityStop): string {
  const parts: string[] = [];
  if (stop.afterAttempt !== null) parts.push(`stop_after_attempt(${stop.afterAttempt})`);
  if (stop.afterDelayS !== null) parts.push(`stop_after_delay(${stop.afterDelayS})`);
  if (stop.beforeDelayS !== null) parts.push(`stop_before_delay(${stop.beforeDelayS})`);
  return parts.length === 0 ? "stop_never" : parts.join(stop.mode === "any" ? " | " : " & ");
}

/** One step of tenacity's loop after a failed, retryable attempt: the wait computed, then the stop checked. */
export function tenacityStep(
  wait: TenacityWait,
  stop: TenacityStop,
  attempt: number,
  secondsSinceStart: number,
  uniform: Uniform,
): { readonly stop: boolean; readonly sleepS: number } {
  const sleepS = waitS(wait, attempt, uniform);
  return { stop: shouldStop(stop, { attempt, secondsSinceStart, upcomingSleepS: sleepS }), sleepS };
}
