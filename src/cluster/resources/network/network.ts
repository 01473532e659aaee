import { NO_TIMER, type ResourceClock, type ResourceRng } from "../clock.js";
import { compileDelay, constantDelay, type DelaySampler, type DelaySpec } from "../delay.js";
import { FlowHeap } from "./flow-heap.js";
import { SideHeaps } from "./side-heaps.js";
import {
  NODE_HOST_DOWN,
  NODE_HUNG,
  NODE_PROCESS_DOWN,
  NODE_UP,
  REACH_NO_ANSWER,
  reachabilityOf,
  type NodeState,
  type Reachability,
} from "./node-state.js";
import { PartitionSet, type CutId } from "./partitions.js";
import { slotOf } from "../../../kernel/handles.js";

/** A node's index in the network (dense, from 0, in the order nodes were added). */
export type NetNodeId = number;
/** Identifies a transfer, for abort(). Stays unique after the transfer ended (the slot's generation moves on). */
export type TransferHandle = number;

/** The transfer delivered all its bytes. */
export const TRANSFER_OK = 0;
/** The transfer was cut short: an endpoint went down, or abort(handle, true) was called. */
export const TRANSFER_ABORTED = 1;
export type TransferStatus = typeof TRANSFER_OK | typeof TRANSFER_ABORTED;
/** Called once when a transfer ends. Pass a pre-bound function and the state as `arg` to avoid closures. */
export type TransferDone<A> = (arg: A, status: TransferStatus) => void;

/** A node's network interface. Use Infinity for "not a bottleneck" (e.g. a remote backend's aggregate). */
export interface NicSpec {
  egressBytesPerS: number;
  ingressBytesPerS: number;
}

/** Options of a Network. */
export interface NetworkOptions {
  /** Seeded streams for random hop latencies (needed unless every latency is constant). */
  rng?: ResourceRng;
  /** Hop latency of every ordered pair without its own (default: constant 100 µs one way). */
  defaultLatency?: DelaySpec;
}

/** Byte counters of a node's NIC (all transfers ended so far, plus progress of aborted ones). */
export interface NicCounters {
  bytesSent: number;
  bytesReceived: number;
  activeOut: number;
  activeIn: number;
}

const FREE = 0;
/** Sharing the NICs, in the completion heap. */
const ACTIVE = 1;
/** Connected but not moving (an endpoint hung, or a partition between them): rate 0, not in the heap. */
const STALLED = 2;
/** All bytes sent; waiting out the delivery delay before onDone. */
const DELIVERING = 3;
/** Started against a down endpoint: aborts at the current time through an event. */
const FAILING = 4;

const SLOT_SPAN = 2 ** 26;
const GENERATION_MASK = 2 ** 27 - 1;
const PAIR_SPAN = 2 ** 21;
/** Absorbs float rounding in remaining/rate before rounding a finish time up to whole nanoseconds. */
const FINISH_GUARD_NS = 1e-6;
const FINISH_GUARD_REL = 1e-12;

/**
 * The cluster's network: nodes with NIC egress/ingress bandwidth, hop latencies, node liveness and partitions.
 *
 * Bandwidth sharing (see resources.md): an active flow from s to r moves at
 *   rate = min(egress(s) / nOut(s), ingress(r) / nIn(r))
 * where nOut/nIn count the active (not stalled) flows on each NIC side. Each flow is *bound* to the side that
 * gives the min (the egress on ties). All flows bound to one side move at that side's share, so a side keeps
 * a virtual clock V (bytes each of its bound flows has moved) and a heap of its flows by virtual finish
 * (V at binding + remaining bytes): a share change re-times the side as a whole, not each flow. Only the
 * earliest side completion is scheduled with the kernel (one pending event for the whole network).
 * A flow starting or ending changes the shares of its own two sides; flows on those sides are re-bound only
 * if their min switched sides. Finish times are the first nanosecond at or after the exact fluid finish.
 */
export class Network {
  private readonly clock: ResourceClock;
  private readonly rng: ResourceRng | undefined;
  private readonly partitions = new PartitionSet();
  private readonly timerLabel: number;
  private readonly deliverLabel: number;

  // Nodes.
  private readonly names: string[] = [];
  private readonly ids = new Map<string, NetNodeId>();
  private egressPerNs = new Float64Array(16);
  private ingressPerNs = new Float64Array(16);
  // NIC sides: x = 2 × node is its egress, 2 × node + 1 its ingress.
  private sCap = new Float64Array(32);
  private sN = new Int32Array(32);
  private sShare = new Float64Array(32);
  private sV = new Float64Array(32);
  private sLast = new Float64Array(32);
  /** Next completion time of each side, and the start sequence of the flow completing (ties). */
  private sDue = new Float64Array(32);
  private sDueSeq = new Float64Array(32);
  private outHead = new Int32Array(16);
  private inHead = new Int32Array(16);
  private states = new Uint8Array(16);
  private slow = new Float64Array(16);
  private sent = new Float64Array(16);
  private extraLatency = new Float64Array(16);
  private extraLatencyNodes = 0;
  private received = new Float64Array(16);

  // Flows (struct of arrays, indexed by slot).
  private fState: Uint8Array;
  private fGen: Int32Array;
  private fFrom: Int32Array;
  private fTo: Int32Array;
  private fBytes: Float64Array;
  private fRemaining: Float64Array;
  private fSide: Int32Array;
  private fVf: Float64Array;
  private fPos: Int32Array;
  private fSeq: Float64Array;
  private fDelay: Float64Array;
  private fEvent: Float64Array;
  private fOutPrev: Int32Array;
  private fOutNext: Int32Array;
  private fInPrev: Int32Array;
  private fInNext: Int32Array;
  private fHandler: Array<TransferDone<unknown> | undefined>;
  private fArg: unknown[];
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotsUsed = 0;
  private readonly sides: SideHeaps;
  /** Sides with bound flows, by their next completion. */
  private readonly dueSides: FlowHeap;
  private seqCounter = 0;

  private timerId = NO_TIMER;
  private timerAt = -1;
  private inTimer = false;
  private readonly onTimerBound = (): void => this.onTimer();
  private readonly onDeliverBound = (slot: number): void => this.onDeliver(slot);
  private readonly onFailBound = (slot: number): void => this.onFailing(slot);

  // Latency.
  private defaultLatency: DelaySampler;
  private readonly linkLatency = new Map<number, DelaySampler>();
  private readonly latencyStreams = new Map<number, () => number>();

  // Totals for the conservation checker.
  private startedCount = 0;
  private completedCount = 0;
  private abortedCount = 0;
  private totalSent = 0;
  private totalReceived = 0;

  constructor(clock: ResourceClock, options: NetworkOptions = {}) {
    this.clock = clock;
    this.rng = options.rng;
    this.defaultLatency = compileDelay(options.defaultLatency ?? constantDelay(100_000), "network default latency");
    this.timerLabel = clock.label("net.flow-done", "network");
    this.deliverLabel = clock.label("net.deliver", "network");
    const capacity = 64;
    this.fState = new Uint8Array(capacity);
    this.fGen = new Int32Array(capacity);
    this.fFrom = new Int32Array(capacity);
    this.fTo = new Int32Array(capacity);
    this.fBytes = new Float64Array(capacity);
    this.fRemaining = new Float64Array(capacity);
    this.fSide = new Int32Array(capacity).fill(-1);
    this.fVf = new Float64Array(capacity);
    this.fPos = new Int32Array(capacity).fill(-1);
    this.fSeq = new Float64Array(capacity);
    this.fDelay = new Float64Array(capacity);
    this.fEvent = new Float64Array(capacity);
    this.fOutPrev = new Int32Array(capacity);
    this.fOutNext = new Int32Array(capacity);
    this.fInPrev = new Int32Array(capacity);
    this.fInNext = new Int32Array(capacity);
    this.fHandler = new Array<TransferDone<unknown> | undefined>(capacity).fill(undefined);
    this.fArg = new Array<unknown>(capacity).fill(undefined);
    this.freeSlots = new Int32Array(capacity);
    this.sides = new SideHeaps(this.fVf, this.fSeq, this.fPos);
    this.sides.ensureSides(32);
    this.dueSides = new FlowHeap(this.sDue, this.sDueSeq, 32);
  }

  // ---------------------------------------------------------------- nodes

  /** Adds a node with its NIC; returns its id. Names must be unique. */
  addNode(name: string, nic: NicSpec): NetNodeId {
    if (this.ids.has(name)) throw new RangeError(`network: node "${name}" already exists`);
    checkBandwidth(nic.egressBytesPerS, `network node ${name}: egressBytesPerS`);
    checkBandwidth(nic.ingressBytesPerS, `network node ${name}: ingressBytesPerS`);
    const id = this.names.length;
    if (id === PAIR_SPAN) throw new RangeError(`network: at most ${PAIR_SPAN} nodes`);
    if (id === this.states.length) this.growNodes(id * 2);
    this.names.push(name);
    this.ids.set(name, id);
    this.egressPerNs[id] = nic.egressBytesPerS / 1e9;
    this.ingressPerNs[id] = nic.ingressBytesPerS / 1e9;
    this.sCap[2 * id] = this.egressPerNs[id];
    this.sCap[2 * id + 1] = this.ingressPerNs[id];
    this.sShare[2 * id] = this.egressPerNs[id];
    this.sShare[2 * id + 1] = this.ingressPerNs[id];
    this.outHead[id] = -1;
    this.inHead[id] = -1;
    this.slow[id] = 1;
    return id;
  }

  /** Number of nodes. */
  get nodeCount(): number {
    return this.names.length;
  }

  /** The id of a node by name (throws if unknown). */
  nodeId(name: string): NetNodeId {
    const id = this.ids.get(name);
    if (id === undefined) throw new RangeError(`network: unknown node "${name}"`);
    return id;
  }

  /** The name of a node. */
  nodeName(id: NetNodeId): string {
    return this.names[id];
  }

  /** A node's liveness state. */
  nodeState(id: NetNodeId): NodeState {
    return this.states[id] as NodeState;
  }

  /**
   * Changes a node's liveness. Going PROCESS_DOWN or HOST_DOWN aborts every transfer from or to it, telling each
   * caller (TRANSFER_ABORTED) in start order. Going HUNG stalls its transfers (rate 0, connection kept);
   * coming back UP resumes the stalled ones that no partition blocks.
   */
  setNodeState(id: NetNodeId, state: NodeState): void {
    this.checkNode(id);
    const before = this.states[id];
    if (before === state) return;
    this.states[id] = state;
    if (state === NODE_PROCESS_DOWN || state === NODE_HOST_DOWN) {
      this.abortNode(id);
    } else {
      this.restallFlowsOf(id);
    }
  }

  /** Multiplies the node's service times (read by the behaviour layer; the NIC itself is not slowed). */
  setSlowFactor(id: NetNodeId, factor: number): void {
    this.checkNode(id);
    if (!(factor > 0) || !Number.isFinite(factor)) throw new RangeError(`network: slow factor must be > 0, got ${factor}`);
    this.slow[id] = factor;
  }

  /** The node's slow factor (1 = normal speed). */
  slowFactor(id: NetNodeId): number {
    return this.slow[id];
  }

  /** Aborts every transfer from or to the node, telling each caller, in start order. Returns how many. */
  abortNode(id: NetNodeId): number {
    const victims: number[] = [];
    for (let f = this.outHead[id]; f !== -1; f = this.fOutNext[f]) victims.push(f);
    for (let f = this.inHead[id]; f !== -1; f = this.fInNext[f]) if (this.fFrom[f] !== id) victims.push(f);
    // Delivering/failing flows are off the NIC lists; find those by scan (rare: crash events only).
    for (let f = 0; f < this.slotsUsed; f++) {
      const st = this.fState[f];
      if ((st === DELIVERING || st === FAILING) && (this.fFrom[f] === id || this.fTo[f] === id)) victims.push(f);
    }
    victims.sort((a, b) => this.fSeq[a] - this.fSeq[b]);
    for (const f of victims) this.abortSlot(f, true);
    return victims.length;
  }

  // ---------------------------------------------------------------- partitions and reachability

  /** Cuts sideA off from sideB (or from every other node when sideB is omitted). Crossing flows stall. */
  partition(sideA: readonly NetNodeId[], sideB?: readonly NetNodeId[]): CutId {
    for (const n of sideA) this.checkNode(n);
    for (const n of sideB ?? []) this.checkNode(n);
    const id = this.partitions.add(sideA, sideB);
    this.restallAll();
    return id;
  }

  /** Removes one cut; stalled flows that nothing blocks any more resume. False if the cut was not active. */
  heal(cut: CutId): boolean {
    const removed = this.partitions.remove(cut);
    if (removed) this.restallAll();
    return removed;
  }

  /** Removes every cut. */
  healAll(): void {
    if (this.partitions.size === 0) return;
    this.partitions.clear();
    this.restallAll();
  }

  /** True if an active cut separates the two nodes. */
  partitioned(a: NetNodeId, b: NetNodeId): boolean {
    return this.partitions.size > 0 && this.partitions.separated(a, b);
  }

  /** What a connection attempt from→to meets now: ok, refused, no answer, or accepted without response. */
  reachability(from: NetNodeId, to: NetNodeId): Reachability {
    return reachabilityOf(this.states[from] as NodeState, this.states[to] as NodeState, this.partitioned(from, to));
  }

  /**
   * How long a connection attempt from→to takes to resolve, given its reachability: one round trip when
   * something answers (REACH_OK and REACH_ACCEPTED_NO_RESPONSE: the handshake completes; REACH_REFUSED: the
   * RST comes back), `connectTimeoutNs` when nothing does (REACH_NO_ANSWER). After an accepted-no-response
   * connect, the caller's read timeout decides.
   */
  connectDelayNs(reach: Reachability, from: NetNodeId, to: NetNodeId, connectTimeoutNs: number): number {
    return reach === REACH_NO_ANSWER ? connectTimeoutNs : this.rttNs(from, to);
  }

  // ---------------------------------------------------------------- latency

  /** Sets the latency distribution of every pair without its own. */
  setDefaultLatency(spec: DelaySpec): void {
    this.defaultLatency = compileDelay(spec, "network default latency");
  }

  /** Sets the one-way latency distribution of the ordered pair from→to (call twice for both directions). */
  setLinkLatency(from: NetNodeId, to: NetNodeId, spec: DelaySpec): void {
    this.checkNode(from);
    this.checkNode(to);
    this.linkLatency.set(from * PAIR_SPAN + to, compileDelay(spec, `latency ${this.names[from]}->${this.names[to]}`));
  }

  /**
   * One sample of the one-way hop latency from→to, in integer ns, plus any extra latency of either end. Random latencies draw from the stream
   * "net/<from>-><to>/latency" (one stream per ordered pair, so a pair's draws do not depend on other traffic).
   */
  latencyNs(from: NetNodeId, to: NetNodeId): number {
    const extra = this.extraLatencyNodes > 0 ? this.extraLatency[from] + this.extraLatency[to] : 0;
    return this.baseLatencyNs(from, to) + extra;
  }

  private baseLatencyNs(from: NetNodeId, to: NetNodeId): number {
    const key = from * PAIR_SPAN + to;
    const sampler = this.linkLatency.size > 0 ? (this.linkLatency.get(key) ?? this.defaultLatency) : this.defaultLatency;
    if (sampler.isConstant) return sampler.sample(zeroDraw);
    let stream = this.latencyStreams.get(key);
    if (stream === undefined) {
      if (this.rng === undefined) throw new Error("network: random hop latencies need options.rng");
      stream = this.rng.stream(`net/${this.names[from]}->${this.names[to]}/latency`);
      this.latencyStreams.set(key, stream);
    }
    return sampler.sample(stream);
  }

  /**
   * Adds `extraNs` to every one-way latency from or to the node (a latency spike; 0 removes it). A hop between
   * two spiked nodes pays both.
   */
  setExtraLatency(id: NetNodeId, extraNs: number): void {
    this.checkNode(id);
    if (!(extraNs >= 0 && Number.isSafeInteger(extraNs))) throw new RangeError(`network: extra latency must be an integer >= 0 ns, got ${extraNs}`);
    if (this.extraLatency[id] === 0 && extraNs > 0) this.extraLatencyNodes++;
    if (this.extraLatency[id] > 0 && extraNs === 0) this.extraLatencyNodes--;
    this.extraLatency[id] = extraNs;
  }

  /** The node's extra latency (0 when none). */
  extraLatencyNs(id: NetNodeId): number {
    return this.extraLatency[id];
  }

  /** A round trip from→to→from: two one-way samples. */
  rttNs(from: NetNodeId, to: NetNodeId): number {
    return this.latencyNs(from, to) + this.latencyNs(to, from);
  }

  // ---------------------------------------------------------------- transfers

  /**
   * Starts moving `bytes` (an integer >= 0) from `from` to `to`; `onDone(arg, status)` is called exactly once:
   * TRANSFER_OK `deliveryDelayNs` after the last byte left the sender's NIC, or TRANSFER_ABORTED if an endpoint
   * goes down first (or is down now: then at the current time, through an event). Never calls back synchronously.
   * Hop latency is not added by itself: pass `deliveryDelayNs = net.latencyNs(from, to)` to include it.
   */
  transfer<A>(from: NetNodeId, to: NetNodeId, bytes: number, onDone: TransferDone<A>, arg: A, deliveryDelayNs = 0): TransferHandle {
    if (!(from >= 0 && from < this.names.length && to >= 0 && to < this.names.length)) {
      throw new RangeError(`network.transfer: unknown node id ${from} or ${to}`);
    }
    if (!(bytes >= 0 && Number.isSafeInteger(bytes))) throw new RangeError(`network.transfer: bytes must be an integer >= 0, got ${bytes}`);
    if (!(deliveryDelayNs >= 0 && Number.isSafeInteger(deliveryDelayNs))) {
      throw new RangeError(`network.transfer: deliveryDelayNs must be an integer >= 0, got ${deliveryDelayNs}`);
    }
    const slot = this.freeCount > 0 ? this.freeSlots[--this.freeCount] : this.newSlot();
    const now = this.clock.now;
    this.fFrom[slot] = from;
    this.fTo[slot] = to;
    this.fBytes[slot] = bytes;
    this.fRemaining[slot] = bytes;
    this.fSide[slot] = -1;
    this.fSeq[slot] = this.seqCounter++;
    this.fDelay[slot] = deliveryDelayNs;
    this.fHandler[slot] = onDone as TransferDone<unknown>;
    this.fArg[slot] = arg;
    this.startedCount++;
    const handle = this.fGen[slot] * SLOT_SPAN + slot;
    const sf = this.states[from];
    const st = this.states[to];
    if (sf === NODE_PROCESS_DOWN || sf === NODE_HOST_DOWN || st === NODE_PROCESS_DOWN || st === NODE_HOST_DOWN) {
      this.fState[slot] = FAILING;
      this.fEvent[slot] = this.clock.scheduleAt(now, this.onFailBound, slot, this.deliverLabel);
      return handle;
    }
    if (bytes === 0) {
      this.fState[slot] = DELIVERING;
      this.fEvent[slot] = this.clock.scheduleAt(now + deliveryDelayNs, this.onDeliverBound, slot, this.deliverLabel);
      return handle;
    }
    this.link(slot);
    if (this.mustStall(from, to)) {
      this.fState[slot] = STALLED;
      return handle;
    }
    this.activate(slot, bytes, now);
    this.reschedule();
    return handle;
  }

  /**
   * Aborts a transfer. With `notify`, its onDone gets TRANSFER_ABORTED now (synchronously); without, it is
   * silently dropped. Bytes moved so far count as sent and received. False if the transfer already ended.
   */
  abort(handle: TransferHandle, notify = false): boolean {
    if (!(handle >= 0) || !Number.isSafeInteger(handle)) return false;
    const slot = slotOf(handle, SLOT_SPAN);
    if (slot >= this.slotsUsed || this.fGen[slot] !== (handle - slot) / SLOT_SPAN || this.fState[slot] === FREE) return false;
    this.abortSlot(slot, notify);
    return true;
  }

  /** True while the transfer has not ended. */
  isActive(handle: TransferHandle): boolean {
    const slot = slotOf(handle, SLOT_SPAN);
    return slot < this.slotsUsed && this.fGen[slot] === (handle - slot) / SLOT_SPAN && this.fState[slot] !== FREE;
  }

  /** Current rate of a transfer in bytes per second (0 if stalled, delivering or ended). */
  rateBytesPerS(handle: TransferHandle): number {
    const slot = slotOf(handle, SLOT_SPAN);
    if (!this.isActive(handle) || this.fState[slot] !== ACTIVE) return 0;
    return this.sShare[this.fSide[slot]] * 1e9;
  }

  /** Bytes moved so far by a live transfer (all of them once delivering). */
  progressBytes(handle: TransferHandle): number {
    if (!this.isActive(handle)) return 0;
    const slot = slotOf(handle, SLOT_SPAN);
    const st = this.fState[slot];
    if (st === DELIVERING) return this.fBytes[slot];
    if (st === FAILING) return 0;
    return Math.min(this.fBytes[slot], Math.max(0, Math.round(this.liveProgress(slot))));
  }

  /** Byte counters and active flow counts of a node's NIC. */
  nicCounters(id: NetNodeId): NicCounters {
    let activeOut = 0;
    let activeIn = 0;
    for (let f = this.outHead[id]; f !== -1; f = this.fOutNext[f]) activeOut++;
    for (let f = this.inHead[id]; f !== -1; f = this.fInNext[f]) activeIn++;
    return { bytesSent: this.sent[id], bytesReceived: this.received[id], activeOut, activeIn };
  }

  /** Bytes the node has sent up to now, counting the progress of its live transfers (for utilisation series). */
  bytesSentNow(id: NetNodeId): number {
    let total = this.sent[id];
    for (let f = this.outHead[id]; f !== -1; f = this.fOutNext[f]) total += this.liveProgress(f);
    return total;
  }

  /** Bytes the node has received up to now, counting the progress of live transfers into it. */
  bytesReceivedNow(id: NetNodeId): number {
    let total = this.received[id];
    for (let f = this.inHead[id]; f !== -1; f = this.fInNext[f]) total += this.liveProgress(f);
    return total;
  }

  /** Egress bandwidth of a node in bytes per second. */
  egressBytesPerS(id: NetNodeId): number {
    return this.egressPerNs[id] * 1e9;
  }

  /** Ingress bandwidth of a node in bytes per second. */
  ingressBytesPerS(id: NetNodeId): number {
    return this.ingressPerNs[id] * 1e9;
  }

  /** Bytes flow f has moved so far (live flows only). */
  private liveProgress(f: number): number {
    let remaining = this.fRemaining[f];
    if (this.fState[f] === ACTIVE) {
      const x = this.fSide[f];
      const share = this.sShare[x];
      const dt = this.clock.now - this.sLast[x];
      remaining = this.fVf[f] - (share !== Infinity && dt > 0 ? this.sV[x] + share * dt : this.sV[x]);
    }
    return Math.min(this.fBytes[f], Math.max(0, this.fBytes[f] - remaining));
  }

  /** Fraction of a node's egress bandwidth used over `elapsedNs` (bytes sent / (bandwidth × elapsed)). */
  egressUtilisation(id: NetNodeId, elapsedNs: number): number {
    const capacity = this.egressPerNs[id] * elapsedNs;
    return capacity > 0 && Number.isFinite(capacity) ? this.sent[id] / capacity : 0;
  }

  /** Fraction of a node's ingress bandwidth used over `elapsedNs`. */
  ingressUtilisation(id: NetNodeId, elapsedNs: number): number {
    const capacity = this.ingressPerNs[id] * elapsedNs;
    return capacity > 0 && Number.isFinite(capacity) ? this.received[id] / capacity : 0;
  }

  /** Facts for the bytes-conservation checker. */
  conservationFacts() {
    let sentSum = 0;
    let receivedSum = 0;
    for (let i = 0; i < this.names.length; i++) {
      sentSum += this.sent[i];
      receivedSum += this.received[i];
    }
    let live = 0;
    for (let f = 0; f < this.slotsUsed; f++) if (this.fState[f] !== FREE) live++;
    return {
      transfersStarted: this.startedCount,
      transfersCompleted: this.completedCount,
      transfersAborted: this.abortedCount,
      transfersLive: live,
      bytesSent: this.totalSent,
      bytesReceived: this.totalReceived,
      bytesSentByNodeSum: sentSum,
      bytesReceivedByNodeSum: receivedSum,
    };
  }

  /** Number of transfers not yet ended. */
  get liveTransfers(): number {
    return this.startedCount - this.completedCount - this.abortedCount;
  }

  // ---------------------------------------------------------------- internals

  private checkNode(id: number): void {
    if (!(id >= 0 && id < this.names.length && Number.isInteger(id))) throw new RangeError(`network: unknown node id ${id}`);
  }

  private mustStall(from: number, to: number): boolean {
    return this.states[from] === NODE_HUNG || this.states[to] === NODE_HUNG || this.partitioned(from, to);
  }

  /** Brings side x's virtual clock to `now` at its current share (call before its share changes). */
  private advance(x: number, now: number): void {
    const dt = now - this.sLast[x];
    if (dt <= 0) return;
    this.sLast[x] = now;
    const share = this.sShare[x];
    if (this.sides.count(x) > 0 && share !== Infinity) this.sV[x] += share * dt;
  }

  /** Sets side x's active-flow count and share. */
  private setCount(x: number, n: number): void {
    this.sN[x] = n;
    this.sShare[x] = n > 0 ? this.sCap[x] / n : this.sCap[x];
  }

  /** The side a flow from→to is bound to: the one giving the smaller share (the egress on ties). */
  private bestSide(from: number, to: number): number {
    const out = 2 * from;
    const inn = 2 * to + 1;
    return this.sShare[out] <= this.sShare[inn] ? out : inn;
  }

  /** Binds flow f with `remaining` bytes to side x (already advanced to now). */
  private bind(f: number, x: number, remaining: number): void {
    this.fSide[f] = x;
    this.fVf[f] = this.sV[x] + remaining;
    this.sides.push(x, f);
  }

  /**
   * Unbinds flow f from its side at `now`; returns its remaining bytes. The caller re-times the side
   * (`refresh`) once it is done with it: a rebalance re-times its two sides once however many flows moved.
   */
  private unbind(f: number, now: number): number {
    const x = this.fSide[f];
    this.advance(x, now);
    const remaining = this.fVf[f] - this.sV[x];
    this.sides.remove(x, f);
    this.fSide[f] = -1;
    // An empty side's virtual clock restarts at 0: keeps V small, so its float error stays far below a byte.
    if (this.sides.count(x) === 0) this.sV[x] = 0;
    return remaining > 0 ? remaining : 0;
  }

  /** Recomputes side x's next completion (its top flow's finish) in the due-sides heap. */
  private refresh(x: number): void {
    const due = this.dueSides;
    if (this.sides.count(x) === 0) {
      if (due.has(x)) due.remove(x);
      return;
    }
    const f = this.sides.top(x);
    const share = this.sShare[x];
    let at = this.sLast[x];
    if (share !== Infinity) {
      const exact = (this.fVf[f] - this.sV[x]) / share;
      const rounded = Math.ceil(exact - FINISH_GUARD_NS - exact * FINISH_GUARD_REL);
      if (rounded > 0) at += rounded;
    }
    this.sDue[x] = at;
    this.sDueSeq[x] = this.fSeq[f];
    if (due.has(x)) due.update(x);
    else due.push(x);
  }

  /** Starts (or resumes) flow f with `remaining` bytes: counts it on its two sides and binds it. */
  private activate(f: number, remaining: number, now: number): void {
    const from = this.fFrom[f];
    const to = this.fTo[f];
    const out = 2 * from;
    const inn = 2 * to + 1;
    this.advance(out, now);
    this.advance(inn, now);
    this.setCount(out, this.sN[out] + 1);
    this.setCount(inn, this.sN[inn] + 1);
    this.fState[f] = ACTIVE;
    const x = this.bestSide(from, to);
    this.advance(x, now);
    this.bind(f, x, remaining);
    this.rebalance(from, to, now, false);
  }

  /** Takes flow f off its two sides (it completed, aborted or stalled); returns its remaining bytes. */
  private deactivate(f: number, now: number): number {
    const from = this.fFrom[f];
    const to = this.fTo[f];
    const out = 2 * from;
    const inn = 2 * to + 1;
    // The flow's side is one of out and inn, both re-timed by rebalance below.
    const remaining = this.unbind(f, now);
    this.advance(out, now);
    this.advance(inn, now);
    this.setCount(out, this.sN[out] - 1);
    this.setCount(inn, this.sN[inn] - 1);
    this.rebalance(from, to, now, true);
    return remaining;
  }

  /**
   * After the shares of from's egress and to's ingress changed (both advanced to now before; `grew` when a flow
   * left, so both shares grew): re-binds every active flow on those two sides whose smaller share switched
   * sides, then re-times the two sides. A side's scan is skipped when no flow on it can switch: when its share
   * shrank and every flow on it is bound to it already, or when it grew and none is bound to it. Flows between
   * exactly these two nodes see both shares move, so they are always checked.
   */
  private rebalance(from: number, to: number, now: number, grew: boolean): void {
    const out = 2 * from;
    const inn = 2 * to + 1;
    const sides = this.sides;
    const skipOut = grew ? sides.count(out) === 0 : sides.count(out) === this.sN[out];
    const skipIn = grew ? sides.count(inn) === 0 : sides.count(inn) === this.sN[inn];
    const state = this.fState;
    const fSide = this.fSide;
    const share = this.sShare;
    const outShare = share[out];
    const inShare = share[inn];
    if (!skipOut || skipIn) {
      // Scan from's egress: all of it, or (both sides skipped) just the flows from→to.
      const onlyTo = skipOut;
      const outNext = this.fOutNext;
      for (let f = this.outHead[from]; f !== -1; f = outNext[f]) {
        if (state[f] !== ACTIVE) continue;
        const receiver = this.fTo[f];
        if (onlyTo && receiver !== to) continue;
        const other = 2 * receiver + 1;
        const want = outShare <= share[other] ? out : other;
        if (want !== fSide[f]) this.rebind(f, want, now, out, inn);
      }
    }
    if (!skipIn) {
      const outScanned = !skipOut;
      const inNext = this.fInNext;
      for (let f = this.inHead[to]; f !== -1; f = inNext[f]) {
        if (state[f] !== ACTIVE) continue;
        const sender = this.fFrom[f];
        if (outScanned && sender === from) continue;
        const other = 2 * sender;
        const want = share[other] <= inShare ? other : inn;
        if (want !== fSide[f]) this.rebind(f, want, now, out, inn);
      }
    }
    this.refresh(out);
    this.refresh(inn);
  }

  /**
   * Moves flow f to side `want`, keeping its remaining bytes. Re-times the sides it left and joined, except
   * `out` and `inn`, which the calling rebalance re-times when its scan is over.
   */
  private rebind(f: number, want: number, now: number, out: number, inn: number): void {
    const left = this.fSide[f];
    const remaining = this.unbind(f, now);
    this.advance(want, now);
    this.bind(f, want, remaining);
    if (left !== out && left !== inn) this.refresh(left);
    if (want !== out && want !== inn) this.refresh(want);
  }

  private reschedule(): void {
    if (this.inTimer) return;
    if (this.dueSides.size === 0) {
      if (this.timerId !== NO_TIMER) {
        this.clock.cancel(this.timerId);
        this.timerId = NO_TIMER;
      }
      return;
    }
    const at = this.sDue[this.dueSides.top()];
    if (this.timerId !== NO_TIMER) {
      if (this.timerAt === at) return;
      this.clock.cancel(this.timerId);
    }
    this.timerAt = at;
    this.timerId = this.clock.scheduleAt(at, this.onTimerBound, undefined, this.timerLabel);
  }

  /** The single completion event: ends every flow due now, in (finish, start order). */
  private onTimer(): void {
    this.timerId = NO_TIMER;
    this.inTimer = true;
    const now = this.clock.now;
    try {
      const due = this.dueSides;
      while (due.size > 0) {
        const x = due.top();
        if (this.sDue[x] > now) break;
        this.completeFlow(this.sides.top(x), now);
      }
    } finally {
      this.inTimer = false;
    }
    this.reschedule();
  }

  private completeFlow(f: number, now: number): void {
    const from = this.fFrom[f];
    const to = this.fTo[f];
    this.unlink(f);
    this.deactivate(f, now);
    const bytes = this.fBytes[f];
    this.account(from, to, bytes);
    const delay = this.fDelay[f];
    if (delay > 0) {
      this.fState[f] = DELIVERING;
      this.fEvent[f] = this.clock.scheduleAt(now + delay, this.onDeliverBound, f, this.deliverLabel);
    } else {
      this.finish(f, TRANSFER_OK);
    }
  }

  private onDeliver(slot: number): void {
    this.finish(slot, TRANSFER_OK);
  }

  private onFailing(slot: number): void {
    this.finish(slot, TRANSFER_ABORTED);
  }

  private abortSlot(f: number, notify: boolean): void {
    const st = this.fState[f];
    const from = this.fFrom[f];
    const to = this.fTo[f];
    if (st === ACTIVE) {
      this.unlink(f);
      const remaining = this.deactivate(f, this.clock.now);
      this.account(from, to, Math.round(this.fBytes[f] - remaining));
      this.reschedule();
    } else if (st === STALLED) {
      this.unlink(f);
      this.account(from, to, Math.round(this.fBytes[f] - this.fRemaining[f]));
    } else if (st === DELIVERING || st === FAILING) {
      // A delivering flow's bytes already crossed the NICs (counted at completion); only the delivery is cancelled.
      this.clock.cancel(this.fEvent[f]);
    }
    if (notify) {
      this.finish(f, TRANSFER_ABORTED);
    } else {
      this.abortedCount++;
      this.release(f);
    }
  }

  private account(from: number, to: number, bytes: number): void {
    this.sent[from] += bytes;
    this.received[to] += bytes;
    this.totalSent += bytes;
    this.totalReceived += bytes;
  }

  /** Frees the slot, then calls its onDone (so the handle is already dead inside the callback). */
  private finish(f: number, status: TransferStatus): void {
    if (status === TRANSFER_OK) this.completedCount++;
    else this.abortedCount++;
    const handler = this.fHandler[f] as TransferDone<unknown>;
    const arg = this.fArg[f];
    this.release(f);
    handler(arg, status);
  }

  private release(f: number): void {
    this.fState[f] = FREE;
    this.fHandler[f] = undefined;
    this.fArg[f] = undefined;
    this.fGen[f] = (this.fGen[f] + 1) & GENERATION_MASK;
    this.freeSlots[this.freeCount++] = f;
  }

  /** Re-evaluates stall state of every flow touching `node`. */
  private restallFlowsOf(node: number): void {
    const touched: number[] = [];
    for (let f = this.outHead[node]; f !== -1; f = this.fOutNext[f]) touched.push(f);
    for (let f = this.inHead[node]; f !== -1; f = this.fInNext[f]) if (this.fFrom[f] !== node) touched.push(f);
    for (const f of touched) this.restall(f);
    this.reschedule();
  }

  /** Re-evaluates stall state of every flow on the network (partition changes). */
  private restallAll(): void {
    const touched: number[] = [];
    for (let n = 0; n < this.names.length; n++) for (let f = this.outHead[n]; f !== -1; f = this.fOutNext[f]) touched.push(f);
    touched.sort((a, b) => this.fSeq[a] - this.fSeq[b]);
    for (const f of touched) this.restall(f);
    this.reschedule();
  }

  private restall(f: number): void {
    const from = this.fFrom[f];
    const to = this.fTo[f];
    const stall = this.mustStall(from, to);
    const st = this.fState[f];
    const now = this.clock.now;
    if (st === ACTIVE && stall) {
      this.fState[f] = STALLED;
      this.fRemaining[f] = this.deactivate(f, now);
    } else if (st === STALLED && !stall) {
      this.activate(f, this.fRemaining[f], now);
    }
  }

  /** Appends the flow to its sender's egress list and its receiver's ingress list (insertion order). */
  private link(f: number): void {
    const from = this.fFrom[f];
    const to = this.fTo[f];
    // Insert at the head: iteration order is then newest-first, which is deterministic all the same.
    const oh = this.outHead[from];
    this.fOutPrev[f] = -1;
    this.fOutNext[f] = oh;
    if (oh !== -1) this.fOutPrev[oh] = f;
    this.outHead[from] = f;
    const ih = this.inHead[to];
    this.fInPrev[f] = -1;
    this.fInNext[f] = ih;
    if (ih !== -1) this.fInPrev[ih] = f;
    this.inHead[to] = f;
  }

  private unlink(f: number): void {
    const from = this.fFrom[f];
    const to = this.fTo[f];
    const op = this.fOutPrev[f];
    const on = this.fOutNext[f];
    if (op !== -1) this.fOutNext[op] = on;
    else this.outHead[from] = on;
    if (on !== -1) this.fOutPrev[on] = op;
    const ip = this.fInPrev[f];
    const inx = this.fInNext[f];
    if (ip !== -1) this.fInNext[ip] = inx;
    else this.inHead[to] = inx;
    if (inx !== -1) this.fInPrev[inx] = ip;
  }

  private newSlot(): number {
    const slot = this.slotsUsed++;
    if (slot === this.fState.length) {
      if (slot === SLOT_SPAN) throw new RangeError(`network: more than ${SLOT_SPAN} transfers at once`);
      this.growFlows(Math.min(slot * 2, SLOT_SPAN));
    }
    return slot;
  }

  private growFlows(capacity: number): void {
    this.fState = grow(this.fState, capacity);
    this.fGen = grow(this.fGen, capacity);
    this.fFrom = grow(this.fFrom, capacity);
    this.fTo = grow(this.fTo, capacity);
    this.fBytes = grow(this.fBytes, capacity);
    this.fRemaining = grow(this.fRemaining, capacity);
    this.fSide = grow(this.fSide, capacity);
    this.fVf = grow(this.fVf, capacity);
    this.fPos = grow(this.fPos, capacity);
    this.fSeq = grow(this.fSeq, capacity);
    this.fDelay = grow(this.fDelay, capacity);
    this.fEvent = grow(this.fEvent, capacity);
    this.fOutPrev = grow(this.fOutPrev, capacity);
    this.fOutNext = grow(this.fOutNext, capacity);
    this.fInPrev = grow(this.fInPrev, capacity);
    this.fInNext = grow(this.fInNext, capacity);
    this.freeSlots = grow(this.freeSlots, capacity);
    for (let i = this.fHandler.length; i < capacity; i++) {
      this.fHandler.push(undefined);
      this.fArg.push(undefined);
    }
    this.sides.rebind(this.fVf, this.fSeq, this.fPos);
  }

  private growNodes(capacity: number): void {
    this.egressPerNs = grow(this.egressPerNs, capacity);
    this.ingressPerNs = grow(this.ingressPerNs, capacity);
    this.sCap = grow(this.sCap, 2 * capacity);
    this.sN = grow(this.sN, 2 * capacity);
    this.sShare = grow(this.sShare, 2 * capacity);
    this.sV = grow(this.sV, 2 * capacity);
    this.sLast = grow(this.sLast, 2 * capacity);
    this.sDue = grow(this.sDue, 2 * capacity);
    this.sDueSeq = grow(this.sDueSeq, 2 * capacity);
    this.sides.ensureSides(2 * capacity);
    this.dueSides.rebind(this.sDue, this.sDueSeq, 2 * capacity);
    this.outHead = grow(this.outHead, capacity);
    this.inHead = grow(this.inHead, capacity);
    this.states = grow(this.states, capacity);
    this.slow = grow(this.slow, capacity);
    this.sent = grow(this.sent, capacity);
    this.extraLatency = grow(this.extraLatency, capacity);
    this.received = grow(this.received, capacity);
  }
}


function zeroDraw(): number {
  return 0;
}

function checkBandwidth(x: number, what: string): void {
  if (!(x > 0)) throw new RangeError(`${what} must be > 0 (use Infinity for unlimited), got ${x}`);
}

type AnyTyped = Float64Array | Int32Array | Uint8Array;
function grow<T extends AnyTyped>(array: T, capacity: number): T {
  const ctor = array.constructor as new (n: number) => T;
  const grown = new ctor(capacity);
  grown.set(array);
  return grown;
}

export { NODE_UP, NODE_HUNG, NODE_PROCESS_DOWN, NODE_HOST_DOWN };
