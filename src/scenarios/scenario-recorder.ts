import { NS_PER_S, sFromNs } from "../kernel/time.js";

/**
 * Counts what a scenario's requests did — per whole run (after warm-up) and per virtual second — and turns it
 * into the runner's figures: requests, succeeded, failed, success_rate, attempts, attempts_mean/max,
 * amplification, latency percentiles (seconds), per-second columns and a latency CDF. Scenarios add their own
 * figures with `setMetric` and their own per-second counters with `count`.
 */

/** Nearest-rank quantile of ascending `sorted` (empty → NaN). */
export function quantileOfSorted(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank];
}

/** One per-second counter column that grows as time goes on. */
class SecondCounter {
  readonly values: number[] = [];
  add(second: number, amount: number): void {
    while (this.values.length <= second) this.values.push(0);
    this.values[second] += amount;
  }
}

/** Records requests, attempts and custom counters of one scenario run. */
export class ScenarioRecorder {
  private readonly warmupNs: number;
  private readonly latenciesNs: number[] = [];
  private readonly endSecondLatencies = new Map<number, number[]>();
  private readonly counters = new Map<string, SecondCounter>();
  private readonly extra: Record<string, number> = {};
  private requests = 0;
  private succeeded = 0;
  private failed = 0;
  private attempts = 0;
  private attemptsMax = 0;
  private lastSecond = 0;

  constructor(options: { warmupNs: number }) {
    this.warmupNs = options.warmupNs;
    for (const name of ["requests", "attempts", "succeeded", "failed"]) this.counters.set(name, new SecondCounter());
  }

  /** Adds `amount` to the per-second column `name` at virtual time `nowNs`. */
  count(name: string, nowNs: number, amount = 1): void {
    let counter = this.counters.get(name);
    if (counter === undefined) {
      counter = new SecondCounter();
      this.counters.set(name, counter);
    }
    const second = Math.floor(nowNs / NS_PER_S);
    if (second > this.lastSecond) this.lastSecond = second;
    counter.add(second, amount);
  }

  /** A logical request started at `nowNs`. */
  requestStarted(nowNs: number): void {
    this.count("requests", nowNs);
  }

  /** An attempt was sent at `nowNs`. */
  attemptSent(nowNs: number): void {
    this.count("attempts", nowNs);
  }

  /** A logical request that started at `startNs` ended at `nowNs` after `attempts` attempts. */
  requestEnded(startNs: number, nowNs: number, ok: boolean, attempts: number): void {
    this.count(ok ? "succeeded" : "failed", nowNs);
    const second = Math.floor(nowNs / NS_PER_S);
    let list = this.endSecondLatencies.get(second);
    if (list === undefined) {
      list = [];
      this.endSecondLatencies.set(second, list);
    }
    list.push(nowNs - startNs);
    if (startNs < this.warmupNs) return;
    this.requests += 1;
    if (ok) this.succeeded += 1;
    else this.failed += 1;
    this.attempts += attempts;
    if (attempts > this.attemptsMax) this.attemptsMax = attempts;
    this.latenciesNs.push(nowNs - startNs);
  }

  /** A scenario-specific whole-run figure (criteria metric name → value). */
  setMetric(name: string, value: number): void {
    this.extra[name] = value;
  }

  /** Whole-run figures by criteria metric name (latencies in seconds). */
  metrics(): Record<string, number> {
    const sorted = Float64Array.from(this.latenciesNs).sort();
    const q = (f: number): number => sFromNs(quantileOfSorted(sorted, f));
    const n = this.requests;
    let sum = 0;
    for (const v of sorted) sum += v;
    const out: Record<string, number> = {
      requests: n,
      succeeded: this.succeeded,
      failed: this.failed,
      success_rate: n > 0 ? this.succeeded / n : Number.NaN,
      attempts: this.attempts,
      attempts_mean: n > 0 ? this.attempts / n : Number.NaN,
      attempts_max: this.attemptsMax,
      amplification: n > 0 ? this.attempts / n : Number.NaN,
      latency_mean: n > 0 ? sFromNs(sum / n) : Number.NaN,
      latency_p50: q(0.5),
      latency_p90: q(0.9),
      latency_p99: q(0.99),
      latency_p999: q(0.999),
      latency_max: n > 0 ? sFromNs(sorted[n - 1]) : Number.NaN,
    };
    return { ...out, ...this.extra };
  }

  /** Latency CDF at `fractions`: `[fraction, seconds]` pairs (empty without requests). */
  latencyCdf(fractions: readonly number[]): Array<readonly [number, number]> {
    if (this.latenciesNs.length === 0) return [];
    const sorted = Float64Array.from(this.latenciesNs).sort();
    return fractions.map((f) => [f, sFromNs(quantileOfSorted(sorted, f))] as const);
  }

  /** Per-second columns up to `endNs` (at least one second): counters, then latency p50/p90/p99/max in seconds. */
  timeseries(endNs: number): { seconds: number; columns: Record<string, number[]> } {
    const seconds = Math.max(1, Math.ceil(endNs / NS_PER_S), this.lastSecond + 1);
    const columns: Record<string, number[]> = {};
    for (const [name, counter] of this.counters) columns[name] = Array.from({ length: seconds }, (_, s) => counter.values[s] ?? 0);
    const latency = (f: number): number[] =>
      Array.from({ length: seconds }, (_, s) => {
        const list = this.endSecondLatencies.get(s);
        if (list === undefined) return Number.NaN;
        return sFromNs(quantileOfSorted(Float64Array.from(list).sort(), f));
      });
    columns.latency_p50_s = latency(0.5);
    columns.latency_p90_s = latency(0.9);
    columns.latency_p99_s = latency(0.99);
    columns.latency_max_s = latency(1);
    return { seconds, columns };
  }
}
