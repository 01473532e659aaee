import { GrowableColumn } from "./growable-column.js";
import { HdrHistogram } from "./hdr-histogram.js";
import { KIND_OK, NameRegistry, OutcomeKinds } from "./kinds.js";
import { PerSecondSeries, SERIES_PERCENTILES, type PerSecondTable } from "./per-second-series.js";
import { RecordStore, type AttemptRecord, type RecordsOption, type RequestRecord } from "./request-records.js";
import { SlidingWindowMax } from "./sliding-window.js";
import { SmapTimeline } from "./smap-timeline.js";
import { slotOf } from "../kernel/handles.js";

/** Identifies an open request (slot + generation); stale after endRequest. */
export type RequestHandle = number;
/** Identifies an open attempt. */
export type AttemptHandle = number;

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

/** Facts for the "each request ends exactly once" checker. */
export interface RequestLifecycleFacts {
  seed: string;
  begun: number;
  ended: number;
  /** endRequest on a handle that was already ended (seq known) or never issued (seq -1). */
  badEnds: Array<{ seq: number; handle: number; atNs: number }>;
  /** Requests still open: seq and begin time (at most `limit` listed; `stillOpen` counts all). */
  stillOpen: number;
  openSample: Array<{ seq: number; startNs: number }>;
  /** Recording calls whose time was earlier than a previous call's (time going backwards). */
  timeReversals: Array<{ atNs: number; previousNs: number; what: string }>;
}

const SLOT_SPAN = 2 ** 26;
const GENERATION_MASK = 2 ** 27 - 1;
const MAX_LISTED = 100;

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
  private readonly store: RecordStore;
  private readonly histogramBits: number;
  private readonly latencyAll: HdrHistogram;
  private readonly latencyOps: Array<HdrHistogram | undefined> = [];
  private readonly attemptLatency: HdrHistogram;
  private readonly clientRequests: SlidingWindowMax;
  private readonly clientAttempts: SlidingWindowMax;
  private readonly attemptOutcomes = new GrowableColumn(32);
  private readonly failedByKind = new GrowableColumn(32);
  private readonly nodeAttempts = new GrowableColumn(64);
  private readonly nodeAttemptsPerSecond: GrowableColumn[] = [];

  // Open requests.
  private rqGen = new Int32Array(256);
  private rqOpen = new Uint8Array(256);
  private rqSeq = new Float64Array(256);
  private rqStart = new Float64Array(256);
  private rqClient = new Int32Array(256);
  private rqOp = new Int32Array(256);
  private rqAttempts = new Int32Array(256);
  private rqAttHead = new Int32Array(256);
  private rqAttTail = new Int32Array(256);
  private rqFree = new Int32Array(256);
  private rqFreeCount = 0;
  private rqUsed = 0;
  private openCount = 0;
  private seqCounter = 0;

  // Attempts.
  private atGen = new Int32Array(256);
  private atOpen = new Uint8Array(256);
  private atReq = new Int32Array(256);
  private atNode = new Int32Array(256);
  private atStart = new Float64Array(256);
  private atEnd = new Float64Array(256);
  private atCode = new Int32Array(256);
  /** Node the proxy redirected the attempt to (-1: none) and when. */
  private atRedirect = new Int32Array(256);
  private atRedirectNs = new Float64Array(256);
  private atNext = new Int32Array(256);
  private atFree = new Int32Array(256);
  private atFreeCount = 0;
  private atUsed = 0;

  // Totals (after warm-up).
  private requestsTotal = 0;
  private succeededTotal = 0;
  private failedTotal = 0;
  private attemptsTotal = 0;
  private attemptsMax = 0;
  private succeededBytes = 0;
  private begunAll = 0;
  private endedAll = 0;
  private lastNs = 0;
  private readonly badEnds: RequestLifecycleFacts["badEnds"] = [];
  private badEndCount = 0;
  private readonly timeReversals: RequestLifecycleFacts["timeReversals"] = [];

  constructor(options: RunMetricsOptions = {}) {
    this.seed = String(options.seed ?? "?");
    this.warmupNs = options.warmupNs ?? 0;
    this.histogramBits = options.histogramBits ?? 8;
    this.store = new RecordStore(options.records);
    this.series = new PerSecondSeries(1_000_000_000, this.histogramBits);
    this.latencyAll = new HdrHistogram(this.histogramBits);
    this.attemptLatency = new HdrHistogram(this.histogramBits);
    this.clientRequests = new SlidingWindowMax(options.windowNs ?? 1_000_000_000);
    this.clientAttempts = new SlidingWindowMax(options.windowNs ?? 1_000_000_000);
  }

  /** Starts a request of `client` (a dense index) doing `op` (an id from ops). */
  beginRequest(client: number, op: number, nowNs: number): RequestHandle {
    const inOrder = this.tick(nowNs, "beginRequest");
    const slot = this.rqFreeCount > 0 ? this.rqFree[--this.rqFreeCount] : this.newRequestSlot();
    this.rqOpen[slot] = 1;
    this.rqSeq[slot] = this.seqCounter++;
    this.rqStart[slot] = nowNs;
    this.rqClient[slot] = client;
    this.rqOp[slot] = op;
    this.rqAttempts[slot] = 0;
    this.rqAttHead[slot] = -1;
    this.rqAttTail[slot] = -1;
    this.openCount++;
    this.begunAll++;
    this.series.requests.add(this.series.secondOf(nowNs), 1);
    if (inOrder) this.clientRequests.observe(client, nowNs);
    return this.rqGen[slot] * SLOT_SPAN + slot;
  }

  /** Records that the request sends an attempt (one HTTP request on the wire) to `node`. */
  beginAttempt(request: RequestHandle, node: number, nowNs: number): AttemptHandle {
    const inOrder = this.tick(nowNs, "beginAttempt");
    const rq = this.liveRequestSlot(request);
    if (rq < 0) throw new RangeError(`beginAttempt: request handle ${request} is not open (seed=${this.seed})`);
    const slot = this.atFreeCount > 0 ? this.atFree[--this.atFreeCount] : this.newAttemptSlot();
    this.atOpen[slot] = 1;
    this.atStart[slot] = nowNs;
    // Attempts join their request's chain only for records; without records nothing reads it.
    if (this.store.enabled) this.chainAttempt(rq, slot, node);
    this.rqAttempts[rq]++;
    const second = this.series.secondOf(nowNs);
    this.series.attempts.add(second, 1);
    if (inOrder) this.clientAttempts.observe(this.rqClient[rq], nowNs);
    this.nodeAttempts.add(node, 1);
    while (this.nodeAttemptsPerSecond.length <= node) this.nodeAttemptsPerSecond.push(new GrowableColumn(16));
    this.nodeAttemptsPerSecond[node].add(second, 1);
    return this.atGen[slot] * SLOT_SPAN + slot;
  }

  /**
   * Records an attempt's outcome kind (kinds.http(301), kinds.intern("refused"), ...) and, when the proxy
   * redirected it, the target it named (`redirectNode` ≥ 0) and when, for the request's record.
   */
  endAttempt(attempt: AttemptHandle, outcome: number, nowNs: number, redirectNode = -1, redirectNs = 0): void {
    this.tick(nowNs, "endAttempt");
    const slot = slotOf(attempt, SLOT_SPAN);
    if (!(slot < this.atUsed && this.atGen[slot] === (attempt - slot) / SLOT_SPAN && this.atOpen[slot] === 1)) {
      throw new RangeError(`endAttempt: attempt handle ${attempt} is not open (seed=${this.seed})`);
    }
    this.atOpen[slot] = 0;
    this.attemptOutcomes.add(outcome, 1);
    this.attemptLatency.record(nowNs - this.atStart[slot]);
    if (!this.store.enabled) {
      // On no chain: free it now.
      this.releaseAttempt(slot);
      return;
    }
    this.atEnd[slot] = nowNs;
    this.atCode[slot] = outcome;
    this.atRedirect[slot] = redirectNode;
    this.atRedirectNs[slot] = redirectNs;
    // An attempt that outlived its request (a losing hedge) is no longer on any chain: free it now.
    if (this.atReq[slot] < 0) this.releaseAttempt(slot);
  }

  /** Appends attempt `slot` (to `node`, open) to request `rq`'s chain, which its record is built from. */
  private chainAttempt(rq: number, slot: number, node: number): void {
    this.atReq[slot] = rq;
    this.atNode[slot] = node;
    this.atEnd[slot] = -1;
    this.atCode[slot] = -1;
    this.atNext[slot] = -1;
    const tail = this.rqAttTail[rq];
    if (tail < 0) this.rqAttHead[rq] = slot;
    else this.atNext[tail] = slot;
    this.rqAttTail[rq] = slot;
  }

  /**
   * Ends a request with outcome KIND_OK (0) or a failure kind; `payloadBytes` (object bytes moved) counts
   * toward goodput when the request succeeded. Ending a request twice (or an unknown handle)
   * does not throw: it is recorded for the lifecycle checker.
   */
  endRequest(request: RequestHandle, outcome: number, nowNs: number, payloadBytes = 0): void {
    this.tick(nowNs, "endRequest");
    const rq = this.liveRequestSlot(request);
    if (rq < 0) {
      this.badEndCount++;
      if (this.badEnds.length < MAX_LISTED) {
        const slot = slotOf(request, SLOT_SPAN);
        const sameRequest = slot < this.rqUsed && this.rqOpen[slot] === 0 && this.rqGen[slot] === (((request - slot) / SLOT_SPAN + 1) & GENERATION_MASK);
        this.badEnds.push({ seq: sameRequest ? this.rqSeq[slot] : -1, handle: request, atNs: nowNs });
      }
      return;
    }
    const start = this.rqStart[rq];
    const latency = nowNs - start;
    const attempts = this.rqAttempts[rq];
    const op = this.rqOp[rq];
    this.endedAll++;
    this.openCount--;
    if (outcome === KIND_OK) this.series.succeeded.add(this.series.secondOf(nowNs), 1);
    else this.series.addFailure(outcome, nowNs);
    this.series.addLatency(latency, nowNs);
    if (start >= this.warmupNs) {
      this.requestsTotal++;
      this.attemptsTotal += attempts;
      if (attempts > this.attemptsMax) this.attemptsMax = attempts;
      if (outcome === KIND_OK) {
        this.succeededTotal++;
        this.succeededBytes += payloadBytes;
      } else {
        this.failedTotal++;
        this.failedByKind.add(outcome, 1);
      }
      this.latencyAll.record(latency);
      let byOp = this.latencyOps[op];
      if (byOp === undefined) {
        byOp = new HdrHistogram(this.histogramBits);
        this.latencyOps[op] = byOp;
      }
      byOp.record(latency);
    }
    if (this.store.enabled) this.store.add(this.buildRecord(rq, outcome, nowNs));
    // Detach attempts: ended ones are freed, open ones (hedges) live on until their endAttempt.
    for (let a = this.rqAttHead[rq]; a >= 0; ) {
      const next = this.atNext[a];
      if (this.atOpen[a] === 1) this.atReq[a] = -1;
      else this.releaseAttempt(a);
      a = next;
    }
    this.rqOpen[rq] = 0;
    this.rqGen[rq] = (this.rqGen[rq] + 1) & GENERATION_MASK;
    this.rqFree[this.rqFreeCount++] = rq;
  }

  /** Records that `node` installed Smap `version` at `nowNs`. */
  observeSmap(node: number, version: number, nowNs: number): void {
    this.smap.observe(node, version, nowNs);
  }

  /** Attempts `node` received so far (all time). */
  nodeLoad(node: number): number {
    return this.nodeAttempts.get(node);
  }

  /** Attempts `node` received in each second. */
  nodeLoadPerSecond(node: number, seconds?: number): Float64Array {
    const col = this.nodeAttemptsPerSecond[node];
    return col === undefined ? new Float64Array(seconds ?? 0) : col.toArray(seconds ?? col.length);
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
    return this.openCount;
  }

  /** The overall latency histogram (after warm-up), for merging across runs. */
  latencyHistogram(): HdrHistogram {
    return this.latencyAll;
  }

  /** Per-attempt durations (all attempts that ended). */
  attemptLatencyHistogram(): HdrHistogram {
    return this.attemptLatency;
  }

  /** Whole-run aggregates. */
  summary(): RunSummary {
    const failedByKind: Record<string, number> = {};
    for (let k = 0; k < this.failedByKind.length; k++) {
      const n = this.failedByKind.get(k);
      if (n > 0) failedByKind[this.kinds.name(k)] = n;
    }
    const attemptOutcomes: Record<string, number> = {};
    for (let k = 0; k < this.attemptOutcomes.length; k++) {
      const n = this.attemptOutcomes.get(k);
      if (n > 0) attemptOutcomes[this.kinds.name(k)] = n;
    }
    const latencyByOp: Record<string, LatencySummary> = {};
    this.latencyOps.forEach((h, op) => {
      if (h !== undefined) latencyByOp[this.ops.name(op)] = summarise(h);
    });
    return {
      requests: this.requestsTotal,
      succeeded: this.succeededTotal,
      failed: this.failedTotal,
      failedByKind,
      attempts: this.attemptsTotal,
      retryAmplification: this.requestsTotal > 0 ? this.attemptsTotal / this.requestsTotal : NaN,
      attemptsMax: this.attemptsMax,
      latency: summarise(this.latencyAll),
      latencyByOp,
      attemptOutcomes,
      clientRequestsMaxPerWindow: this.clientRequests.maxOverall(),
      clientAttemptsMaxPerWindow: this.clientAttempts.maxOverall(),
      openRequests: this.openCount,
      succeededBytes: this.succeededBytes,
    };
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
    const openSample: RequestLifecycleFacts["openSample"] = [];
    for (let s = 0; s < this.rqUsed && openSample.length < MAX_LISTED; s++) {
      if (this.rqOpen[s] === 1) openSample.push({ seq: this.rqSeq[s], startNs: this.rqStart[s] });
    }
    openSample.sort((a, b) => a.seq - b.seq);
    return {
      seed: this.seed,
      begun: this.begunAll,
      ended: this.endedAll + this.badEndCount,
      badEnds: this.badEnds.slice(),
      stillOpen: this.openCount,
      openSample,
      timeReversals: this.timeReversals.slice(),
    };
  }

  /** Tracks the latest time seen; false (and a recorded reversal) if `nowNs` is earlier. */
  private tick(nowNs: number, what: string): boolean {
    if (nowNs < this.lastNs) {
      if (this.timeReversals.length < MAX_LISTED) this.timeReversals.push({ atNs: nowNs, previousNs: this.lastNs, what });
      return false;
    }
    this.lastNs = nowNs;
    return true;
  }

  private liveRequestSlot(handle: RequestHandle): number {
    if (!(handle >= 0)) return -1;
    const slot = slotOf(handle, SLOT_SPAN);
    if (slot >= this.rqUsed || this.rqOpen[slot] !== 1 || this.rqGen[slot] !== (handle - slot) / SLOT_SPAN) return -1;
    return slot;
  }

  private buildRecord(rq: number, outcome: number, endNs: number): RequestRecord {
    const attempts: AttemptRecord[] = [];
    for (let a = this.rqAttHead[rq]; a >= 0; a = this.atNext[a]) {
      const open = this.atOpen[a] === 1;
      attempts.push({
        node: this.atNode[a],
        startNs: this.atStart[a],
        endNs: open ? -1 : this.atEnd[a],
        outcome: open ? "open" : this.kinds.name(this.atCode[a]),
        ...(this.atRedirect[a] >= 0 ? { redirect: { node: this.atRedirect[a], atNs: this.atRedirectNs[a] } } : {}),
      });
    }
    return {
      seq: this.rqSeq[rq],
      client: this.rqClient[rq],
      op: this.ops.name(this.rqOp[rq]),
      startNs: this.rqStart[rq],
      endNs,
      outcome: this.kinds.name(outcome),
      attempts,
    };
  }

  private releaseAttempt(slot: number): void {
    this.atOpen[slot] = 0;
    this.atGen[slot] = (this.atGen[slot] + 1) & GENERATION_MASK;
    this.atFree[this.atFreeCount++] = slot;
  }

  private newRequestSlot(): number {
    const slot = this.rqUsed++;
    if (slot === this.rqGen.length) {
      const n = slot * 2;
      this.rqGen = grow(this.rqGen, n);
      this.rqOpen = grow(this.rqOpen, n);
      this.rqSeq = grow(this.rqSeq, n);
      this.rqStart = grow(this.rqStart, n);
      this.rqClient = grow(this.rqClient, n);
      this.rqOp = grow(this.rqOp, n);
      this.rqAttempts = grow(this.rqAttempts, n);
      this.rqAttHead = grow(this.rqAttHead, n);
      this.rqAttTail = grow(this.rqAttTail, n);
      this.rqFree = grow(this.rqFree, n);
    }
    return slot;
  }

  private newAttemptSlot(): number {
    const slot = this.atUsed++;
    if (slot === this.atGen.length) {
      const n = slot * 2;
      this.atGen = grow(this.atGen, n);
      this.atOpen = grow(this.atOpen, n);
      this.atReq = grow(this.atReq, n);
      this.atNode = grow(this.atNode, n);
      this.atStart = grow(this.atStart, n);
      this.atEnd = grow(this.atEnd, n);
      this.atCode = grow(this.atCode, n);
      this.atRedirect = grow(this.atRedirect, n);
      this.atRedirectNs = grow(this.atRedirectNs, n);
      this.atNext = grow(this.atNext, n);
      this.atFree = grow(this.atFree, n);
    }
    return slot;
  }
}

/** Percentiles of a histogram as a LatencySummary. */
export function summarise(h: HdrHistogram): LatencySummary {
  const [p50Ns, p90Ns, p99Ns, p999Ns] = h.percentiles(SERIES_PERCENTILES);
  return { count: h.count, p50Ns, p90Ns, p99Ns, p999Ns, maxNs: h.count > 0 ? h.max : NaN, meanNs: h.mean };
}

type AnyTyped = Float64Array | Int32Array | Uint8Array;
function grow<T extends AnyTyped>(array: T, capacity: number): T {
  const ctor = array.constructor as new (n: number) => T;
  const grown = new ctor(capacity);
  grown.set(array);
  return grown;
}
