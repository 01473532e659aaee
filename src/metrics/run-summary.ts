/**
 * Whole-run aggregates and the RunSummary built from them: request totals and latency histograms (overall and
 * per operation) over the requests begun after warm-up, and attempt outcomes and durations over every attempt.
 * They are always kept, records or not, and are what the experiment figures are computed from.
 */

import { GrowableColumn } from "./growable-column.js";
import { HdrHistogram } from "./hdr-histogram.js";
import { KIND_OK, type NameRegistry, type OutcomeKinds } from "./kinds.js";
import { SERIES_PERCENTILES } from "./per-second-series.js";

/** Latency percentiles of a set of requests, in ns (NaN when empty). */
export interface LatencySummary {
  count: number;
  p50Ns: number;
  p90Ns: number;
  p99Ns: number;
  p999Ns: number;
  maxNs: number;
  meanNs: number;
}

/** Whole-run aggregates (after warm-up). */
export interface RunSummary {
  requests: number;
  succeeded: number;
  failed: number;
  failedByKind: Record<string, number>;
  attempts: number;
  /** attempts / requests (NaN when no request). */
  retryAmplification: number;
  /** Most attempts any one request made. */
  attemptsMax: number;
  latency: LatencySummary;
  latencyByOp: Record<string, LatencySummary>;
  /** Attempt outcomes by kind name (every attempt that ended, including "301" redirects). */
  attemptOutcomes: Record<string, number>;
  /** Most requests one client began in any sliding window (default 1 s), over all clients. */
  clientRequestsMaxPerWindow: number;
  /** Most attempts one client sent in any sliding window, over all clients. */
  clientAttemptsMaxPerWindow: number;
  /** Requests begun (any time, warm-up included) and not ended. */
  openRequests: number;
  /** Payload bytes of successful requests (as passed to endRequest). */
  succeededBytes: number;
}

/** What a RunSummary takes from outside the aggregates: names, the per-client maxima and the open count. */
export interface SummaryContext {
  kinds: OutcomeKinds;
  ops: NameRegistry;
  clientRequestsMaxPerWindow: number;
  clientAttemptsMaxPerWindow: number;
  openRequests: number;
}

/** Percentiles of a histogram as a LatencySummary. */
export function summarise(h: HdrHistogram): LatencySummary {
  const [p50Ns, p90Ns, p99Ns, p999Ns] = h.percentiles(SERIES_PERCENTILES);
  return { count: h.count, p50Ns, p90Ns, p99Ns, p999Ns, maxNs: h.count > 0 ? h.max : NaN, meanNs: h.mean };
}

/** Totals and histograms of a run, fed as requests and attempts end. */
export class RunAggregates {
  /** Latency of requests begun after warm-up. */
  readonly latency: HdrHistogram;
  /** Duration of every attempt that ended. */
  readonly attemptLatency: HdrHistogram;
  private readonly latencyByOp: Array<HdrHistogram | undefined> = [];
  private readonly attemptOutcomes = new GrowableColumn(32);
  private readonly failedByKind = new GrowableColumn(32);
  private requests = 0;
  private succeeded = 0;
  private failed = 0;
  private attempts = 0;
  private attemptsMax = 0;
  private succeededBytes = 0;

  constructor(private readonly histogramBits: number) {
    this.latency = new HdrHistogram(histogramBits);
    this.attemptLatency = new HdrHistogram(histogramBits);
  }

  /** Counts an attempt that ended with outcome kind `outcome` after `durationNs`. */
  addAttempt(outcome: number, durationNs: number): void {
    this.attemptOutcomes.add(outcome, 1);
    this.attemptLatency.record(durationNs);
  }

  /** Counts a request begun after warm-up that ended with `outcome` after `latencyNs` and `attempts` attempts. */
  addRequest(op: number, latencyNs: number, attempts: number, outcome: number, payloadBytes: number): void {
    this.requests++;
    this.attempts += attempts;
    if (attempts > this.attemptsMax) this.attemptsMax = attempts;
    if (outcome === KIND_OK) {
      this.succeeded++;
      this.succeededBytes += payloadBytes;
    } else {
      this.failed++;
      this.failedByKind.add(outcome, 1);
    }
    this.latency.record(latencyNs);
    let byOp = this.latencyByOp[op];
    if (byOp === undefined) {
      byOp = new HdrHistogram(this.histogramBits);
      this.latencyByOp[op] = byOp;
    }
    byOp.record(latencyNs);
  }

  /** The whole-run summary. */
  summary(context: SummaryContext): RunSummary {
    const { kinds, ops } = context;
    const failedByKind: Record<string, number> = {};
    for (let k = 0; k < this.failedByKind.length; k++) {
      const n = this.failedByKind.get(k);
      if (n > 0) failedByKind[kinds.name(k)] = n;
    }
    const attemptOutcomes: Record<string, number> = {};
    for (let k = 0; k < this.attemptOutcomes.length; k++) {
      const n = this.attemptOutcomes.get(k);
      if (n > 0) attemptOutcomes[kinds.name(k)] = n;
    }
    const latencyByOp: Record<string, LatencySummary> = {};
    this.latencyByOp.forEach((h, op) => {
      if (h !== undefined) latencyByOp[ops.name(op)] = summarise(h);
    });
    return {
      requests: this.requests,
      succeeded: this.succeeded,
      failed: this.failed,
      failedByKind,
      attempts: this.attempts,
      retryAmplification: this.requests > 0 ? this.attempts / this.requests : NaN,
      attemptsMax: this.attemptsMax,
      latency: summarise(this.latency),
      latencyByOp,
      attemptOutcomes,
      clientRequestsMaxPerWindow: context.clientRequestsMaxPerWindow,
      clientAttemptsMaxPerWindow: context.clientAttemptsMaxPerWindow,
      openRequests: context.openRequests,
      succeededBytes: this.succeededBytes,
    };
  }
}
