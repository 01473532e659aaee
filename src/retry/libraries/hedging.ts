import { classifier, classifierFromParams, classifierParams } from "../classify.js";
import { GENERIC_HTTP_SPEC } from "../outcome-rules.js";
import { LatencyWindow } from "../latency-window.js";
import { requireParam, resolveParams, type ParamValues, type TypedParam } from "../preset-params.js";
import type { PresetDefinition } from "../registry.js";
import { createRetryLoop } from "../retry-loop.js";
import type { AttemptOutcome, OutcomeClass, RequestContext, RetryPolicy } from "../contract.js";

/**
 * Hedged requests: send a copy of a slow request before the first has failed, use whichever answers first,
 * cancel the rest. Three ways to choose the hedge delay:
 * - `hedge-fixed`: a constant (Dean & Barroso, *The Tail at Scale*: 10 ms; gRPC's hedgingDelay);
 * - `hedge-percentile`: a percentile of recently observed latencies (the paper's "95th-percentile" variant);
 * - `hedge-overdue`: Tahoe-LAFS's downloader — a fetch is overdue when slower than `factor` × the median of its
 *   peers' recent latencies, and at the latest after a fixed OVERDUE time (10 s); then an alternate is asked.
 * Failures follow gRPC's hedging: a non-fatal failure sends the next copy at once, a fatal one ends the request.
 *
 * How a simulator drives one hedged request (all times in seconds, all calls pure):
 *   const h = policy.startHedged(ctx, now); h.copySent(now);            // the original
 *   loop: d = h.hedgeDelayS(now) — undefined: no more copies; else arm a timer for now + d
 *         timer fires, no copy finished meanwhile → h.copySent(now)
 *         a copy finishes → h.copyFinished(copy, outcome, now):
 *            win → use it, cancel the others      give-up → cancel the others, fail
 *            send-now → h.copySent(now) at once   wait → keep the timer, wait for the copies in flight
 *         after every send or decision, re-ask hedgeDelayS and re-arm the timer.
 * The winning copy's latency is recorded automatically; `observeLatency` takes other samples (e.g. warm-up).
 */

/** What a finished copy means for the hedged request. */
export type HedgeDecision =
  | { readonly action: "win" }
  | { readonly action: "wait" }
  | { readonly action: "send-now" }
  | { readonly action: "give-up"; readonly reason: string };

/** One hedged request's state. */
export interface HedgedRequest {
  /** Copies sent so far (the original included). */
  readonly copiesSent: number;
  /** Copies sent whose outcome is not known yet. */
  readonly copiesInFlight: number;
  /** Seconds from `nowS` until the next copy should go if nothing finishes first; undefined: send no more. */
  hedgeDelayS(nowS: number): number | undefined;
  /** Records a copy sent at `nowS`; returns its index (0 = the original). */
  copySent(nowS: number): number;
  /** Copy `copy` finished with `outcome` at `nowS`. */
  copyFinished(copy: number, outcome: AttemptOutcome, nowS: number): HedgeDecision;
}

/**
 * A hedging policy. It is also a RetryPolicy, so code that knows nothing of hedging still runs it: `start()`
 * then behaves as the sequential limit of hedging (an infinite delay) — up to `maxCopies` attempts, each sent
 * as soon as the previous one failed non-fatally.
 */
export interface HedgingPolicy extends RetryPolicy {
  /** Copies of one request at most, the original included. */
  readonly maxCopies: number;
  /** Starts one hedged request. */
  startHedged(context: RequestContext, nowS: number): HedgedRequest;
  /** Feeds a latency sample (seconds) to the delay estimate; percentile and overdue delays depend on them. */
  observeLatency(latencyS: number): void;
  /** The hedge delay the policy would use now, seconds. */
  currentHedgeDelayS(): number;
}

/** True if the policy hedges. */
export function isHedgingPolicy(policy: RetryPolicy): policy is HedgingPolicy {
  return typeof (policy as Partial<HedgingPolicy>).startHedged === "function";
}

/** How the hedge delay is chosen. */
export interface HedgeDelayRule {
  delayS(): number;
  observe(latencyS: number): void;
}

/** A constant delay. */
export function fixedHedgeDelay(delayS: number): HedgeDelayRule {
  return { delayS: () => delayS, observe: () => {} };
}

/** The `percentile` (0–100) of the last `window` latencies; `initialS` until `minSamples` are seen. */
export function percentileHedgeDelay(percentile: number, window: number, minSamples: number, initialS: number): HedgeDelayRule {
  const samples = new LatencyWindow(window);
  return {
    delayS: () => (samples.size < minSamples ? initialS : samples.quantile(percentile / 100)),
    observe: (latencyS) => samples.add(latencyS),
  };
}

/** Tahoe's overdue rule: min(overdueS, factor × median of the last `window` latencies); overdueS until `minSamples`. */
export function overdueHedgeDelay(factor: number, overdueS: number, window: number, minSamples: number): HedgeDelayRule {
  const samples = new LatencyWindow(window);
  return {
    delayS: () => (samples.size < minSamples ? overdueS : Math.min(overdueS, factor * samples.quantile(0.5))),
    observe: (latencyS) => samples.add(latencyS),
  };
}

/** What a hedging policy is built from. */
export interface HedgingOptions {
  readonly preset: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly maxCopies: number;
  readonly delay: HedgeDelayRule;
  readonly classify: (outcome: AttemptOutcome) => OutcomeClass;
  /** On a non-fatal failure: send the next copy at once (gRPC) or keep waiting for the copies in flight. */
  readonly onFailure: "send-now" | "wait";
}

class HedgedRequestState implements HedgedRequest {
  copiesInFlight = 0;
  private readonly sentAtS: number[] = [];
  private over = false;

  constructor(
    private readonly options: HedgingOptions,
    private readonly observeWinner: (latencyS: number) => void,
  ) {}

  get copiesSent(): number {
    return this.sentAtS.length;
  }

  hedgeDelayS(nowS: number): number | undefined {
    if (this.over || this.copiesSent >= this.options.maxCopies) return undefined;
    if (this.copiesSent === 0) return 0;
    return Math.max(0, this.sentAtS[this.copiesSent - 1] + this.options.delay.delayS() - nowS);
  }

  copySent(nowS: number): number {
    if (this.over) throw new Error("copySent on a hedged request that is over");
    if (this.copiesSent >= this.options.maxCopies) throw new Error(`copySent beyond maxCopies ${this.options.maxCopies}`);
    this.sentAtS.push(nowS);
    this.copiesInFlight += 1;
    return this.copiesSent - 1;
  }

  copyFinished(copy: number, outcome: AttemptOutcome, nowS: number): HedgeDecision {
    if (this.over) return { action: "give-up", reason: "hedged request already over" };
    this.copiesInFlight -= 1;
    const outcomeClass = this.options.classify(outcome);
    if (outcomeClass === "success") {
      this.over = true;
      this.observeWinner(nowS - this.sentAtS[copy]);
      return { action: "win" };
    }
    if (outcomeClass === "fatal") {
      this.over = true;
      return { action: "give-up", reason: "fatal outcome on a hedged copy" };
    }
    const more = this.copiesSent < this.options.maxCopies;
    if (more && (this.options.onFailure === "send-now" || this.copiesInFlight === 0)) return { action: "send-now" };
    if (this.copiesInFlight > 0) return { action: "wait" };
    this.over = true;
    return { action: "give-up", reason: `all ${this.copiesSent} copies failed` };
  }
}

/** A hedging policy from its options. */
export function createHedgingPolicy(options: HedgingOptions): HedgingPolicy {
  const sequential = createRetryLoop({
    preset: options.preset,
    params: options.params,
    maxAttempts: options.maxCopies,
    route: "origin",
    classify: options.classify,
    newBackoff: () => ({ delayS: () => 0 }),
  });
  const observeLatency = (latencyS: number): void => options.delay.observe(latencyS);
  return {
    preset: options.preset,
    params: options.params,
    maxCopies: options.maxCopies,
    start: sequential.start,
    startHedged: () => new HedgedRequestState(options, observeLatency),
    observeLatency,
    currentHedgeDelayS: () => options.delay.delayS(),
  };
}

const commonParams = (maxCopies: number): TypedParam[] => [
  { key: "max_copies", kind: "number", defaultValue: maxCopies, describe: "copies per request at most, the original included" },
  { key: "on_failure", kind: "string", choices: ["send-now", "wait"], defaultValue: "send-now", describe: "after a non-fatal failure: send the next copy at once (gRPC) or wait" },
  ...classifierParams("", GENERIC_HTTP_SPEC),
];

function hedgingPreset(name: string, summary: string, own: TypedParam[], maxCopies: number, delayFrom: (p: ParamValues) => HedgeDelayRule): PresetDefinition {
  const params = [...own, ...commonParams(maxCopies)];
  return {
    name,
    summary,
    params,
    create(overrides) {
      const p = resolveParams(name, params, overrides);
      const copies = p.num("max_copies");
      requireParam(name, Number.isInteger(copies) && copies >= 1, `max_copies must be a whole number ≥ 1, got ${copies}`);
      const classify = classifier(classifierFromParams("", p, GENERIC_HTTP_SPEC));
      return createHedgingPolicy({
        preset: name,
        params: p.values,
        maxCopies: copies,
        delay: delayFrom(p),
        classify,
        onFailure: p.str("on_failure") as "send-now" | "wait",
      });
    },
  };
}

/** The hedging presets. */
export const HEDGING_PRESETS: readonly PresetDefinition[] = [
  hedgingPreset(
    "hedge-fixed",
    "Hedged requests after a fixed delay (Dean & Barroso: 10 ms; gRPC hedgingDelay), first success cancels the rest",
    [{ key: "delay_s", kind: "number", defaultValue: 0.01, describe: "seconds between copies" }],
    2,
    (p) => {
      requireParam("hedge-fixed", p.num("delay_s") >= 0, "delay_s must be ≥ 0");
      return fixedHedgeDelay(p.num("delay_s"));
    },
  ),
  hedgingPreset(
    "hedge-percentile",
    "Hedged requests after the 95th percentile of recent latencies (The Tail at Scale)",
    [
      { key: "percentile", kind: "number", defaultValue: 95, describe: "percentile (0–100] of recent latencies used as the delay" },
      { key: "window", kind: "number", defaultValue: 1000, describe: "latency samples kept" },
      { key: "min_samples", kind: "number", defaultValue: 20, describe: "samples needed before the percentile is used" },
      { key: "initial_delay_s", kind: "number", defaultValue: 0.05, describe: "seconds, the delay until min_samples are seen" },
    ],
    2,
    (p) => {
      const percentile = p.num("percentile");
      requireParam("hedge-percentile", percentile > 0 && percentile <= 100, `percentile must be in (0, 100], got ${percentile}`);
      requireParam("hedge-percentile", Number.isInteger(p.num("window")) && p.num("window") >= 1, "window must be a whole number ≥ 1");
      return percentileHedgeDelay(percentile, p.num("window"), p.num("min_samples"), p.num("initial_delay_s"));
    },
  ),
  hedgingPreset(
    "hedge-overdue",
    "Tahoe-LAFS downloader: a fetch slower than 3 × its peers' median (at most 10 s, OVERDUE) gets an alternate",
    [
      { key: "factor", kind: "number", defaultValue: 3, describe: "overdue after factor × the median of recent latencies" },
      { key: "overdue_s", kind: "number", defaultValue: 10, describe: "seconds, overdue at the latest (Tahoe's OVERDUE_TIMEOUT)" },
      { key: "window", kind: "number", defaultValue: 100, describe: "latency samples kept (the peers)" },
      { key: "min_samples", kind: "number", defaultValue: 5, describe: "samples needed before the median is used" },
    ],
    3,
    (p) => {
      requireParam("hedge-overdue", p.num("factor") > 0 && p.num("overdue_s") > 0, "factor and overdue_s must be > 0");
      requireParam("hedge-overdue", Number.isInteger(p.num("window")) && p.num("window") >= 1, "window must be a whole number ≥ 1");
      return overdueHedgeDelay(p.num("factor"), p.num("overdue_s"), p.num("window"), p.num("min_samples"));
    },
  ),
];




