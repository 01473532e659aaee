import { NS_PER_S } from "../kernel/time.js";
import { GrowableColumn } from "./growable-column.js";
import { HdrHistogram } from "./hdr-histogram.js";

/** Percentiles reported per second (and overall). */
export const SERIES_PERCENTILES = [50, 90, 99, 99.9] as const;

/** The per-second table of a run, one entry per second from 0 to `seconds - 1`. */
export interface PerSecondTable {
  seconds: number;
  /** Requests begun in the second. */
  requests: Float64Array;
  /** Attempts sent in the second. */
  attempts: Float64Array;
  /** Requests that ended in the second, successfully / with a failure. */
  succeeded: Float64Array;
  failed: Float64Array;
  /** Failures ending in the second, by kind name. */
  failedByKind: Record<string, Float64Array>;
  /** attempts / requests of the second (NaN when no request began). */
  retryAmplification: Float64Array;
  /** Latency of requests ending in the second, in ns (NaN when none ended). */
  latencyP50Ns: Float64Array;
  latencyP90Ns: Float64Array;
  latencyP99Ns: Float64Array;
  latencyP999Ns: Float64Array;
  latencyMaxNs: Float64Array;
  latencyMeanNs: Float64Array;
}

/**
 * Per-second counters and latency percentiles. Counters are indexed by the second of the event they count
 * (a request's begin, an attempt's send, a request's end). Latencies are attributed to the second the request
 * ended in; ends arrive in time order, so one rolling histogram is flushed to the columns when a new second
 * starts — memory stays O(seconds), not O(requests).
 */
export class PerSecondSeries {
  readonly secondNs: number;
  readonly requests = new GrowableColumn();
  readonly attempts = new GrowableColumn();
  readonly succeeded = new GrowableColumn();
  readonly failed = new GrowableColumn();
  private readonly failedByKind: GrowableColumn[] = [];
  private readonly p50 = new GrowableColumn();
  private readonly p90 = new GrowableColumn();
  private readonly p99 = new GrowableColumn();
  private readonly p999 = new GrowableColumn();
  private readonly maxCol = new GrowableColumn();
  private readonly meanCol = new GrowableColumn();
  private readonly rolling: HdrHistogram;
  private rollingSecond = -1;

  constructor(secondNs = NS_PER_S, histogramBits = 8) {
    this.secondNs = secondNs;
    this.rolling = new HdrHistogram(histogramBits);
  }

  /** The second index of a time. */
  secondOf(timeNs: number): number {
    return Math.floor(timeNs / this.secondNs);
  }

  /** Counts a failure of kind `kind` ending at `timeNs`. */
  addFailure(kind: number, timeNs: number): void {
    const s = this.secondOf(timeNs);
    this.failed.add(s, 1);
    while (this.failedByKind.length <= kind) this.failedByKind.push(new GrowableColumn(16));
    this.failedByKind[kind].add(s, 1);
  }

  /** Adds a request latency ending at `endNs` to its second. */
  addLatency(latencyNs: number, endNs: number): void {
    const s = this.secondOf(endNs);
    if (s !== this.rollingSecond) {
      if (this.rollingSecond >= 0 && this.rolling.count > 0) {
        this.flush();
        this.rolling.reset();
      }
      this.rollingSecond = s;
    }
    this.rolling.record(latencyNs);
  }

  /** The table so far, `seconds` long (default: up to the last second touched), kinds named by `kindName`. */
  table(kindName: (kind: number) => string, seconds?: number): PerSecondTable {
    if (this.rolling.count > 0) this.flush();
    const n =
      seconds ??
      Math.max(this.requests.length, this.attempts.length, this.succeeded.length, this.failed.length, this.p50.length);
    const requests = this.requests.toArray(n);
    const attempts = this.attempts.toArray(n);
    const amplification = new Float64Array(n);
    for (let i = 0; i < n; i++) amplification[i] = requests[i] > 0 ? attempts[i] / requests[i] : NaN;
    const failedByKind: Record<string, Float64Array> = {};
    this.failedByKind.forEach((col, kind) => {
      if (col.length > 0) failedByKind[kindName(kind)] = col.toArray(n);
    });
    const latency = (col: GrowableColumn): Float64Array => {
      const out = col.toArray(n);
      for (let i = 0; i < n; i++) if (!this.hasLatency(i)) out[i] = NaN;
      return out;
    };
    return {
      seconds: n,
      requests,
      attempts,
      succeeded: this.succeeded.toArray(n),
      failed: this.failed.toArray(n),
      failedByKind,
      retryAmplification: amplification,
      latencyP50Ns: latency(this.p50),
      latencyP90Ns: latency(this.p90),
      latencyP99Ns: latency(this.p99),
      latencyP999Ns: latency(this.p999),
      latencyMaxNs: latency(this.maxCol),
      latencyMeanNs: latency(this.meanCol),
    };
  }

  private hasLatency(second: number): boolean {
    return this.succeeded.get(second) + this.failed.get(second) > 0;
  }

  private flush(): void {
    const s = this.rollingSecond;
    const [a, b, c, d] = this.rolling.percentiles(SERIES_PERCENTILES);
    this.p50.set(s, a);
    this.p90.set(s, b);
    this.p99.set(s, c);
    this.p999.set(s, d);
    this.maxCol.set(s, this.rolling.max);
    this.meanCol.set(s, this.rolling.mean);
  }
}
