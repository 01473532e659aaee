/**
 * RunMetrics: the one object the behaviour layer calls at request and attempt boundaries, and the one the
 * reports read a run's measurements from. It routes each call to the part that keeps that concern: the open
 * request and attempt tables, the whole-run aggregates, the per-second series, the per-client sliding-window
 * maxima, the per-node load, the records and the lifecycle log.
 */

import { NS_PER_S } from "../kernel/time.js";
import { AttemptTable, type AttemptHandle } from "./attempt-table.js";
import type { HdrHistogram } from "./hdr-histogram.js";
import { KIND_OK, NameRegistry, OutcomeKinds } from "./kinds.js";
import { RequestLifecycleLog, type RequestLifecycleFacts } from "./lifecycle-log.js";
import { NodeLoad } from "./node-load.js";
import { PerSecondSeries, type PerSecondTable } from "./per-second-series.js";
import { buildRequestRecord, RecordStore, type RecordsOption, type RequestRecord } from "./request-records.js";
import { RequestTable, type RequestHandle } from "./request-table.js";
import { RunAggregates, type RunSummary } from "./run-summary.js";
import { SlidingWindowMax } from "./sliding-window.js";
import { SmapTimeline } from "./smap-timeline.js";

/** Options of RunMetrics. */
export interface RunMetricsOptions {
  /** Run seed, quoted in checker messages. */
  seed?: string | number;
  /** Run aggregates (totals, latency histograms) skip requests begun before this time. Series keep all. */
  warmupNs?: number;
  /** Per-request records to keep (default none; aggregates are always kept). */
  records?: RecordsOption;
  /** Sliding window for the per-client maxima (default 1 s). */
  windowNs?: number;
  /** HDR histogram precision bits (default 8: < 0.8% relative error). */
  histogramBits?: number;
}

/** Initial slots of the request and attempt tables (they grow by doubling). */
const INITIAL_SLOTS = 256;

/**
 * Everything a run measures about requests: begin/attempt/end calls from the behaviour layer feed run totals,
 * latency histograms (overall and per op), per-second series, per-client sliding-window maxima, per-node load,
 * attempt outcomes, optional per-request records, and the facts the lifecycle checker needs.
 *
 * Hot-path calls allocate nothing unless records are kept: open requests and attempts live in typed-array
 * slot tables reused through free lists.
 */
export class RunMetrics {
  readonly seed: string;
  readonly warmupNs: number;
  /** Outcome kinds ("ok" = 0, standard transport errors, HTTP statuses via kinds.http(n)). */
  readonly kinds = new OutcomeKinds();
  /** Operation names ("GET", "PUT", ...); intern with ops.intern("GET"). */
  readonly ops = new NameRegistry(["GET", "PUT", "HEAD", "DELETE"]);
  readonly series: PerSecondSeries;
  readonly smap = new SmapTimeline();
  private readonly requests = new RequestTable(INITIAL_SLOTS);
  private readonly attempts = new AttemptTable(INITIAL_SLOTS);
  private readonly aggregates: RunAggregates;
  private readonly store: RecordStore;
  private readonly clientRequests: SlidingWindowMax;
  private readonly clientAttempts: SlidingWindowMax;
  private readonly nodes = new NodeLoad();
  private readonly lifecycle = new RequestLifecycleLog();

  constructor(options: RunMetricsOptions = {}) {
    this.seed = String(options.seed ?? "?");
    this.warmupNs = options.warmupNs ?? 0;
    const histogramBits = options.histogramBits ?? 8;
    this.store = new RecordStore(options.records);
    this.series = new PerSecondSeries(NS_PER_S, histogramBits);
    this.aggregates = new RunAggregates(histogramBits);
    this.clientRequests = new SlidingWindowMax(options.windowNs ?? NS_PER_S);
    this.clientAttempts = new SlidingWindowMax(options.windowNs ?? NS_PER_S);
  }

  /** Starts a request of `client` (a dense index) doing `op` (an id from ops). */
  beginRequest(client: number, op: number, nowNs: number): RequestHandle {
    const inOrder = this.lifecycle.tick(nowNs, "beginRequest");
    const slot = this.requests.begin(client, op, nowNs);
    this.series.requests.add(this.series.secondOf(nowNs), 1);
    if (inOrder) this.clientRequests.observe(client, nowNs);
    return this.requests.handleOf(slot);
  }

  /** Records that the request sends an attempt (one HTTP request on the wire) to `node`. */
  beginAttempt(request: RequestHandle, node: number, nowNs: number): AttemptHandle {
    const inOrder = this.lifecycle.tick(nowNs, "beginAttempt");
    const requests = this.requests;
    const requestSlot = requests.openSlotOf(request);
    if (requestSlot < 0) throw new RangeError(`beginAttempt: request handle ${request} is not open (seed=${this.seed})`);
    const slot = this.attempts.begin(nowNs);
    // Attempts join their request's chain only for records; without records nothing reads it.
    if (this.store.enabled) this.attempts.chain(requests, requestSlot, slot, node);
    requests.attemptCount[requestSlot]++;
    const second = this.series.secondOf(nowNs);
    this.series.attempts.add(second, 1);
    if (inOrder) this.clientAttempts.observe(requests.client[requestSlot], nowNs);
    this.nodes.add(node, second);
    return this.attempts.handleOf(slot);
  }

  /**
   * Records an attempt's outcome kind (kinds.http(301), kinds.intern("refused"), ...) and, when the proxy
   * redirected it, the target it named (`redirectNode` ≥ 0) and when, for the request's record.
   */
  endAttempt(attempt: AttemptHandle, outcome: number, nowNs: number, redirectNode = -1, redirectNs = 0): void {
    this.lifecycle.tick(nowNs, "endAttempt");
    const attempts = this.attempts;
    const slot = attempts.openSlotOf(attempt);
    if (slot < 0) throw new RangeError(`endAttempt: attempt handle ${attempt} is not open (seed=${this.seed})`);
    attempts.close(slot);
    this.aggregates.addAttempt(outcome, nowNs - attempts.startNs[slot]);
    if (!this.store.enabled) {
      // On no chain: free it now.
      attempts.release(slot);
      return;
    }
    attempts.recordEnd(slot, nowNs, outcome, redirectNode, redirectNs);
    // An attempt that outlived its request (a losing hedge) is no longer on any chain: free it now.
    if (attempts.requestSlot[slot] < 0) attempts.release(slot);
  }

  /**
   * Ends a request with outcome KIND_OK (0) or a failure kind; `payloadBytes` (object bytes moved) counts
   * toward goodput when the request succeeded. Ending a request twice (or an unknown handle)
   * does not throw: it is recorded for the lifecycle checker.
   */
  endRequest(request: RequestHandle, outcome: number, nowNs: number, payloadBytes = 0): void {
    this.lifecycle.tick(nowNs, "endRequest");
    const requests = this.requests;
    const slot = requests.openSlotOf(request);
    if (slot < 0) {
      this.lifecycle.badEnd(requests, request, nowNs);
      return;
    }
    const startNs = requests.startNs[slot];
    const latencyNs = nowNs - startNs;
    requests.countEnded();
    if (outcome === KIND_OK) this.series.succeeded.add(this.series.secondOf(nowNs), 1);
    else this.series.addFailure(outcome, nowNs);
    this.series.addLatency(latencyNs, nowNs);
    if (startNs >= this.warmupNs) {
      this.aggregates.addRequest(requests.op[slot], latencyNs, requests.attemptCount[slot], outcome, payloadBytes);
    }
    if (this.store.enabled) this.store.add(buildRequestRecord(requests, this.attempts, slot, outcome, nowNs, this.kinds, this.ops));
    this.attempts.detachChain(requests, slot);
    requests.release(slot);
  }

  /** Records that `node` installed Smap `version` at `nowNs`. */
  observeSmap(node: number, version: number, nowNs: number): void {
    this.smap.observe(node, version, nowNs);
  }

  /** Attempts `node` received so far (all time). */
  nodeLoad(node: number): number {
    return this.nodes.attempts(node);
  }

  /** Attempts `node` received in each second. */
  nodeLoadPerSecond(node: number, seconds?: number): Float64Array {
    return this.nodes.attemptsPerSecond(node, seconds);
  }

  /** Most requests client `client` began in any sliding window. */
  clientRequestsMax(client: number): number {
    return this.clientRequests.maxOf(client);
  }

  /** Most attempts client `client` sent in any sliding window. */
  clientAttemptsMax(client: number): number {
    return this.clientAttempts.maxOf(client);
  }

  /** Requests begun and not yet ended. */
  get open(): number {
    return this.requests.openCount;
  }

  /** The overall latency histogram (after warm-up), for merging across runs. */
  latencyHistogram(): HdrHistogram {
    return this.aggregates.latency;
  }

  /** Per-attempt durations (all attempts that ended). */
  attemptLatencyHistogram(): HdrHistogram {
    return this.aggregates.attemptLatency;
  }

  /** Whole-run aggregates. */
  summary(): RunSummary {
    return this.aggregates.summary({
      kinds: this.kinds,
      ops: this.ops,
      clientRequestsMaxPerWindow: this.clientRequests.maxOverall(),
      clientAttemptsMaxPerWindow: this.clientAttempts.maxOverall(),
      openRequests: this.requests.openCount,
    });
  }

  /** The per-second table (seconds 0 .. seconds-1; default up to the last second touched). */
  perSecond(seconds?: number): PerSecondTable {
    return this.series.table((k) => this.kinds.name(k), seconds);
  }

  /** Per-request records kept (per the records option), oldest first. */
  records(): RequestRecord[] {
    return this.store.records();
  }

  /** Facts for the lifecycle checker ("each request ends exactly once"). */
  lifecycleFacts(): RequestLifecycleFacts {
    return this.lifecycle.facts(this.seed, this.requests);
  }
}
