import { requireParam, type ParamValues, type TypedParam } from "../params.js";
import { InputError } from "../../util/input-error.js";
import { describeStop, tenacityStep, TENACITY_MAX_WAIT, type TenacityStop, type TenacityWait } from "./tenacity.js";
import { parseWaitExpr, WaitExprError } from "./tenacity-wait-expr.js";
import type { Uniform } from "../contract.js";

/**
 * The documented parameters of a tenacity `Retrying(wait=…, stop=…)` (mountable under a prefix such as
 * `outer.`), and the per-request loop that evaluates them in tenacity's order.
 */

const WAIT_KINDS = ["none", "fixed", "random", "incrementing", "exponential", "random_exponential", "exponential_jitter", "expr"] as const;

/** A preset's defaults for the wait and stop parameters. */
export interface TenacityDefaults {
  readonly waitKind: (typeof WAIT_KINDS)[number];
  readonly multiplier?: number;
  readonly min?: number;
  readonly max?: number | "unlimited";
  readonly expBase?: number;
  readonly jitter?: number;
  readonly fixed?: number;
  readonly start?: number;
  readonly increment?: number;
  readonly expr?: string;
  readonly afterAttempt?: number | "unlimited";
  readonly afterDelayS?: number | "unlimited";
  readonly beforeDelayS?: number | "unlimited";
  readonly stopMode?: "any" | "all";
}

/** Wait and stop parameters under `prefix`. */
export function tenacityParams(prefix: string, d: TenacityDefaults): TypedParam[] {
  const p = (key: string): string => prefix + key;
  return [
    { key: p("wait.kind"), kind: "string", choices: WAIT_KINDS, defaultValue: d.waitKind, describe: "tenacity wait_<kind>; expr: use wait.expr" },
    { key: p("wait.multiplier"), kind: "number", defaultValue: d.multiplier ?? 1, describe: "seconds; exponential waits: multiplier·exp_base^(n−1)" },
    { key: p("wait.min_s"), kind: "number", defaultValue: d.min ?? 0, describe: "seconds, lower bound (random, exponential waits)" },
    { key: p("wait.max_s"), kind: "limit", defaultValue: d.max ?? "unlimited", describe: "seconds, upper bound (random, incrementing, exponential waits)" },
    { key: p("wait.exp_base"), kind: "number", defaultValue: d.expBase ?? 2, describe: "base of the exponential waits" },
    { key: p("wait.jitter_s"), kind: "number", defaultValue: d.jitter ?? 1, describe: "seconds; exponential_jitter adds U(0, jitter)" },
    { key: p("wait.fixed_s"), kind: "number", defaultValue: d.fixed ?? 0, describe: "seconds; wait_fixed" },
    { key: p("wait.start_s"), kind: "number", defaultValue: d.start ?? 0, describe: "seconds; wait_incrementing start" },
    { key: p("wait.increment_s"), kind: "number", defaultValue: d.increment ?? 100, describe: "seconds; wait_incrementing step" },
    {
      key: p("wait.expr"),
      kind: "string",
      defaultValue: d.expr ?? "",
      describe: "with wait.kind expr: a Python-style wait, e.g. wait_chain(wait_fixed(1), wait_fixed(2)) or wait_fixed(1) + wait_random(0, 1)",
    },
    { key: p("stop.after_attempt"), kind: "attempts", defaultValue: d.afterAttempt ?? "unlimited", describe: 'stop_after_attempt: total attempts, or "unlimited"' },
    { key: p("stop.after_delay_s"), kind: "limit", defaultValue: d.afterDelayS ?? "unlimited", describe: "seconds; stop_after_delay: stop once the latest attempt ended this long after the first began" },
    { key: p("stop.before_delay_s"), kind: "limit", defaultValue: d.beforeDelayS ?? "unlimited", describe: "seconds; stop_before_delay: stop if the next sleep would reach this" },
    { key: p("stop.mode"), kind: "string", choices: ["any", "all"], defaultValue: d.stopMode ?? "any", describe: "how the set stop conditions combine: any (|) or all (&)" },
  ];
}

const orNull = (n: number): number | null => (n === Infinity ? null : n);

/** The wait and stop selected by `tenacityParams` values under `prefix`. */
export function tenacityFromParams(preset: string, values: ParamValues, prefix: string): { wait: TenacityWait; stop: TenacityStop } {
  const k = (key: string): string => prefix + key;
  const kind = values.str(k("wait.kind")) as (typeof WAIT_KINDS)[number];
  const max = values.limit(k("wait.max_s"));
  const maxS = max === Infinity ? TENACITY_MAX_WAIT : max;
  const multiplier = values.num(k("wait.multiplier"));
  const min = values.num(k("wait.min_s"));
  const expBase = values.num(k("wait.exp_base"));
  // An expression is only read with wait.kind expr: given with another kind it would be silently ignored.
  requireParam(preset, kind === "expr" || values.str(k("wait.expr")) === "", `${k("wait.expr")} is set but ${k("wait.kind")} is ${kind}; set ${k("wait.kind")}: expr to use it`);
  let wait: TenacityWait;
  switch (kind) {
    case "none":
      wait = { kind: "none" };
      break;
    case "fixed":
      wait = { kind: "fixed", wait: values.num(k("wait.fixed_s")) };
      break;
    case "random":
      // tenacity's wait_random defaults to max=1; "unlimited" would mean sleeps up to MAX_WAIT, surely a slip.
      requireParam(preset, max !== Infinity, `${k("wait.max_s")} must be set for wait.kind random`);
      wait = { kind: "random", min, max: maxS };
      break;
    case "incrementing":
      wait = { kind: "incrementing", start: values.num(k("wait.start_s")), increment: values.num(k("wait.increment_s")), max: maxS };
      break;
    case "exponential":
    case "random_exponential":
      wait = { kind, multiplier, min, max: maxS, expBase };
      break;
    case "exponential_jitter":
      wait = { kind, multiplier, min, max: maxS, expBase, jitter: values.num(k("wait.jitter_s")) };
      break;
    case "expr":
      try {
        wait = parseWaitExpr(values.str(k("wait.expr")));
      } catch (error) {
        if (error instanceof WaitExprError) throw new InputError(`retry preset ${preset}: parameter ${k("wait.expr")}: ${error.message}`);
        throw error;
      }
      break;
  }
  const stop: TenacityStop = {
    afterAttempt: orNull(values.attempts(k("stop.after_attempt"))),
    afterDelayS: orNull(values.limit(k("stop.after_delay_s"))),
    beforeDelayS: orNull(values.limit(k("stop.before_delay_s"))),
    mode: values.str(k("stop.mode")) as "any" | "all",
  };
  requireParam(preset, min >= 0 && maxS >= 0, `${k("wait.min_s")} and ${k("wait.max_s")} must be ≥ 0`);
  return { wait, stop };
}

/** The answer of tenacity's loop after a failed attempt that its retry predicate accepted. */
export type TenacityAnswer = { readonly stop: false; readonly sleepS: number } | { readonly stop: true; readonly reason: string };

/** tenacity's per-call state: the attempt number and the start time. */
export class TenacityLoop {
  /** attempt_number of the attempt in flight (1-based). */
  attempt = 1;

  constructor(
    readonly wait: TenacityWait,
    readonly stop: TenacityStop,
    readonly startS: number,
  ) {}

  /** After attempt `attempt` failed retryably at `nowS`: the wait (drawn first) and the stop verdict. */
  afterRetryableFailure(nowS: number, uniform: Uniform): TenacityAnswer {
    const step = tenacityStep(this.wait, this.stop, this.attempt, nowS - this.startS, uniform);
    if (step.stop) return { stop: true, reason: `tenacity ${describeStop(this.stop)} after attempt ${this.attempt}` };
    this.attempt += 1;
    return { stop: false, sleepS: step.sleepS };
  }
}
