/**
 * Transfers: the lifecycle of each byte transfer on the network, from transfer() to its one onDone call. A
 * transfer runs as a flow of the fair-share engine while nothing blocks it, stalls (keeping its connection and
 * its remaining bytes) while the topology says an end is hung or partitioned off, waits out its delivery delay
 * after the last byte, and aborts when an end goes down. Here too are the byte counters and the facts the
 * conservation checker reads, and the network's single kernel event: the next flow completion.
 *
 * Transfer slots come from a slot table, so a handle goes stale when its transfer ends; the engine's flows use
 * the same slots (a transfer that never moves bytes just leaves its flow slot unattached).
 */

import { NO_TIMER, type ResourceClock } from "../clock.js";
import { SLOT_SPAN, SlotTable, grownColumn } from "../../../kernel/slot-table.js";
import { NS_PER_S } from "../../../kernel/time.js";
import { FairShare, NO_COMPLETION, NO_FLOW } from "./fair-share.js";
import type { NetNodeId, Topology } from "./topology.js";

/** Identifies a transfer, for abort(). Stays unique after the transfer ended (the slot's generation moves on). */
export type TransferHandle = number;

/** The transfer delivered all its bytes. */
export const TRANSFER_OK = 0;
/** The transfer was cut short: an endpoint went down, or abort(handle, true) was called. */
export const TRANSFER_ABORTED = 1;
export type TransferStatus = typeof TRANSFER_OK | typeof TRANSFER_ABORTED;
/** Called once when a transfer ends. Pass a pre-bound function and the state as `arg` to avoid closures. */
export type TransferDone<A> = (arg: A, status: TransferStatus) => void;

/** Byte counters of a node's NIC (all transfers ended so far, plus progress of aborted ones). */
export interface NicCounters {
  bytesSent: number;
  bytesReceived: number;
  activeOut: number;
  activeIn: number;
}

const FREE = 0;
/** A running flow of the engine. */
const ACTIVE = 1;
/** Connected but not moving (an endpoint hung, or a partition between them): attached to the engine, not running. */
const STALLED = 2;
/** All bytes sent; waiting out the delivery delay before onDone. */
const DELIVERING = 3;
/** Started against a down endpoint: aborts at the current time through an event. */
const FAILING = 4;

const INITIAL_SLOTS = 64;
const INITIAL_NODES = 16;

/** The network's transfers over a fair-share engine, consulting the topology for what may move. */
export class Transfers {
  private readonly sharing: FairShare;
  private readonly slots: SlotTable;
  private readonly completionLabel: number;
  private readonly deliveryLabel: number;

  // Per transfer slot.
  private state: Uint8Array;
  private from: Int32Array;
  private to: Int32Array;
  private bytes: Float64Array;
  /** Bytes left when the flow last started or stalled (read while it is not running). */
  private remainingBytes: Float64Array;
  /** Start order: ties between equal finishes, and the order callers hear of a crash. */
  private startOrder: Float64Array;
  private deliveryDelayNs: Float64Array;
  /** The pending delivery or failure event of a DELIVERING or FAILING transfer. */
  private pendingEvent: Float64Array;
  private handlers: Array<TransferDone<unknown> | undefined>;
  private args: unknown[];
  private nextStartOrder = 0;

  // Per node: bytes of ended transfers and of the progress of aborted ones.
  private bytesSentBy = new Float64Array(INITIAL_NODES);
  private bytesReceivedBy = new Float64Array(INITIAL_NODES);

  private timerId = NO_TIMER;
  private timerAtNs = -1;
  private inTimer = false;
  private readonly onTimerBound = (): void => this.onTimer();
  private readonly onDeliverBound = (slot: number): void => this.finish(slot, TRANSFER_OK);
  private readonly onFailBound = (slot: number): void => this.finish(slot, TRANSFER_ABORTED);

  // Totals for the conservation checker.
  private startedCount = 0;
  private completedCount = 0;
  private abortedCount = 0;
  private totalSent = 0;
  private totalReceived = 0;

  constructor(
    private readonly clock: ResourceClock,
    private readonly topology: Topology,
  ) {
    this.completionLabel = clock.label("net.flow-done", "network");
    this.deliveryLabel = clock.label("net.deliver", "network");
    this.slots = new SlotTable(INITIAL_SLOTS, (capacity) => this.grow(capacity), `network: more than ${SLOT_SPAN} transfers at once`);
    this.sharing = new FairShare(INITIAL_SLOTS);
    this.state = new Uint8Array(INITIAL_SLOTS);
    this.from = new Int32Array(INITIAL_SLOTS);
    this.to = new Int32Array(INITIAL_SLOTS);
    this.bytes = new Float64Array(INITIAL_SLOTS);
    this.remainingBytes = new Float64Array(INITIAL_SLOTS);
    this.startOrder = new Float64Array(INITIAL_SLOTS);
    this.deliveryDelayNs = new Float64Array(INITIAL_SLOTS);
    this.pendingEvent = new Float64Array(INITIAL_SLOTS);
    this.handlers = new Array<TransferDone<unknown> | undefined>(INITIAL_SLOTS).fill(undefined);
    this.args = new Array<unknown>(INITIAL_SLOTS).fill(undefined);
  }

  /** Adds the NIC of node `id` (the next dense id) to the sharing, and its counters. */
  addNode(id: NetNodeId, egressBytesPerNs: number, ingressBytesPerNs: number): void {
    this.sharing.addNode(id, egressBytesPerNs, ingressBytesPerNs);
    if (id >= this.bytesSentBy.length) {
      const capacity = Math.max(2 * this.bytesSentBy.length, id + 1);
      this.bytesSentBy = grownColumn(this.bytesSentBy, capacity);
      this.bytesReceivedBy = grownColumn(this.bytesReceivedBy, capacity);
    }
  }

  // ---------------------------------------------------------------- lifecycle

  /** See Network.transfer. */
  start<A>(from: NetNodeId, to: NetNodeId, bytes: number, onDone: TransferDone<A>, arg: A, deliveryDelayNs: number): TransferHandle {
    const nodeCount = this.topology.nodeCount;
    if (!(from >= 0 && from < nodeCount && to >= 0 && to < nodeCount)) {
      throw new RangeError(`network.transfer: unknown node id ${from} or ${to}`);
    }
    if (!(bytes >= 0 && Number.isSafeInteger(bytes))) throw new RangeError(`network.transfer: bytes must be an integer >= 0, got ${bytes}`);
    if (!(deliveryDelayNs >= 0 && Number.isSafeInteger(deliveryDelayNs))) {
      throw new RangeError(`network.transfer: deliveryDelayNs must be an integer >= 0, got ${deliveryDelayNs}`);
    }
    const slot = this.slots.allocate();
    const now = this.clock.now;
    const startOrder = this.nextStartOrder++;
    this.from[slot] = from;
    this.to[slot] = to;
    this.bytes[slot] = bytes;
    this.remainingBytes[slot] = bytes;
    this.startOrder[slot] = startOrder;
    this.deliveryDelayNs[slot] = deliveryDelayNs;
    this.handlers[slot] = onDone as TransferDone<unknown>;
    this.args[slot] = arg;
    this.startedCount++;
    const handle = this.slots.handleOf(slot);
    const topology = this.topology;
    if (topology.isDown(from) || topology.isDown(to)) {
      this.state[slot] = FAILING;
      this.pendingEvent[slot] = this.clock.scheduleAt(now, this.onFailBound, slot, this.deliveryLabel);
      return handle;
    }
    if (bytes === 0) {
      this.state[slot] = DELIVERING;
      this.pendingEvent[slot] = this.clock.scheduleAt(now + deliveryDelayNs, this.onDeliverBound, slot, this.deliveryLabel);
      return handle;
    }
    this.sharing.attach(slot, from, to, startOrder);
    if (topology.blocked(from, to)) {
      this.state[slot] = STALLED;
      return handle;
    }
    this.state[slot] = ACTIVE;
    this.sharing.start(slot, bytes, now);
    this.reschedule();
    return handle;
  }

  /** See Network.abort. */
  abort(handle: TransferHandle, notify: boolean): boolean {
    if (!(handle >= 0) || !Number.isSafeInteger(handle)) return false;
    const slot = this.slots.slotOfCurrent(handle);
    if (slot === -1 || this.state[slot] === FREE) return false;
    this.abortSlot(slot, notify);
    return true;
  }

  /** Aborts every transfer from or to the node, telling each caller, in start order. Returns how many. */
  abortNode(id: NetNodeId): number {
    const sharing = this.sharing;
    const victims: number[] = [];
    for (let f = sharing.firstOutgoing(id); f !== NO_FLOW; f = sharing.nextOutgoing(f)) victims.push(f);
    for (let f = sharing.firstIncoming(id); f !== NO_FLOW; f = sharing.nextIncoming(f)) if (this.from[f] !== id) victims.push(f);
    // Delivering/failing transfers are not attached to the engine; find those by scan (rare: crash events only).
    for (let f = 0; f < this.slots.used; f++) {
      const state = this.state[f];
      if ((state === DELIVERING || state === FAILING) && (this.from[f] === id || this.to[f] === id)) victims.push(f);
    }
    victims.sort((a, b) => this.startOrder[a] - this.startOrder[b]);
    for (const f of victims) this.abortSlot(f, true);
    return victims.length;
  }

  /** Stalls or resumes every transfer touching `node` per the topology (its liveness changed). */
  restallFlowsOf(node: NetNodeId): void {
    const sharing = this.sharing;
    const touched: number[] = [];
    for (let f = sharing.firstOutgoing(node); f !== NO_FLOW; f = sharing.nextOutgoing(f)) touched.push(f);
    for (let f = sharing.firstIncoming(node); f !== NO_FLOW; f = sharing.nextIncoming(f)) if (this.from[f] !== node) touched.push(f);
    for (const f of touched) this.restall(f);
    this.reschedule();
  }

  /** Stalls or resumes every transfer on the network per the topology (a partition changed), in start order. */
  restallAll(): void {
    const sharing = this.sharing;
    const touched: number[] = [];
    const nodeCount = this.topology.nodeCount;
    for (let n = 0; n < nodeCount; n++) for (let f = sharing.firstOutgoing(n); f !== NO_FLOW; f = sharing.nextOutgoing(f)) touched.push(f);
    touched.sort((a, b) => this.startOrder[a] - this.startOrder[b]);
    for (const f of touched) this.restall(f);
    this.reschedule();
  }

  private restall(f: number): void {
    const stall = this.topology.blocked(this.from[f], this.to[f]);
    const state = this.state[f];
    const now = this.clock.now;
    if (state === ACTIVE && stall) {
      this.state[f] = STALLED;
      this.remainingBytes[f] = this.sharing.stop(f, now);
    } else if (state === STALLED && !stall) {
      this.state[f] = ACTIVE;
      this.sharing.start(f, this.remainingBytes[f], now);
    }
  }

  /** Keeps the one kernel event at the engine's next completion (none while the completion event runs). */
  private reschedule(): void {
    if (this.inTimer) return;
    const at = this.sharing.nextCompletionNs();
    if (at === NO_COMPLETION) {
      if (this.timerId !== NO_TIMER) {
        this.clock.cancel(this.timerId);
        this.timerId = NO_TIMER;
      }
      return;
    }
    if (this.timerId !== NO_TIMER) {
      if (this.timerAtNs === at) return;
      this.clock.cancel(this.timerId);
    }
    this.timerAtNs = at;
    this.timerId = this.clock.scheduleAt(at, this.onTimerBound, undefined, this.completionLabel);
  }

  /** The single completion event: ends every flow due now, in (finish, start order). */
  private onTimer(): void {
    this.timerId = NO_TIMER;
    this.inTimer = true;
    const now = this.clock.now;
    try {
      for (let f = this.sharing.dueFlow(now); f !== NO_FLOW; f = this.sharing.dueFlow(now)) this.completeFlow(f, now);
    } finally {
      this.inTimer = false;
    }
    this.reschedule();
  }

  private completeFlow(f: number, now: number): void {
    const from = this.from[f];
    const to = this.to[f];
    this.sharing.detach(f);
    this.sharing.stop(f, now);
    this.account(from, to, this.bytes[f]);
    const delay = this.deliveryDelayNs[f];
    if (delay > 0) {
      this.state[f] = DELIVERING;
      this.pendingEvent[f] = this.clock.scheduleAt(now + delay, this.onDeliverBound, f, this.deliveryLabel);
    } else {
      this.finish(f, TRANSFER_OK);
    }
  }

  private abortSlot(f: number, notify: boolean): void {
    const state = this.state[f];
    const from = this.from[f];
    const to = this.to[f];
    if (state === ACTIVE) {
      this.sharing.detach(f);
      const remaining = this.sharing.stop(f, this.clock.now);
      this.account(from, to, Math.round(this.bytes[f] - remaining));
      this.reschedule();
    } else if (state === STALLED) {
      this.sharing.detach(f);
      this.account(from, to, Math.round(this.bytes[f] - this.remainingBytes[f]));
    } else if (state === DELIVERING || state === FAILING) {
      // A delivering transfer's bytes already crossed the NICs (counted at completion); only the delivery is cancelled.
      this.clock.cancel(this.pendingEvent[f]);
    }
    if (notify) {
      this.finish(f, TRANSFER_ABORTED);
    } else {
      this.abortedCount++;
      this.release(f);
    }
  }

  private account(from: number, to: number, bytes: number): void {
    this.bytesSentBy[from] += bytes;
    this.bytesReceivedBy[to] += bytes;
    this.totalSent += bytes;
    this.totalReceived += bytes;
  }

  /** Frees the slot, then calls its onDone (so the handle is already dead inside the callback). */
  private finish(f: number, status: TransferStatus): void {
    if (status === TRANSFER_OK) this.completedCount++;
    else this.abortedCount++;
    const handler = this.handlers[f] as TransferDone<unknown>;
    const arg = this.args[f];
    this.release(f);
    handler(arg, status);
  }

  private release(f: number): void {
    this.state[f] = FREE;
    this.handlers[f] = undefined;
    this.args[f] = undefined;
    this.slots.release(f);
  }

  // ---------------------------------------------------------------- observation

  /** See Network.isActive. */
  isActive(handle: TransferHandle): boolean {
    const slot = this.slots.slotOfCurrent(handle);
    return slot !== -1 && this.state[slot] !== FREE;
  }

  /** See Network.rateBytesPerS. */
  rateBytesPerS(handle: TransferHandle): number {
    const slot = this.slots.slotOfCurrent(handle);
    if (slot === -1 || this.state[slot] !== ACTIVE) return 0;
    return this.sharing.rateBytesPerNs(slot) * NS_PER_S;
  }

  /** See Network.progressBytes. */
  progressBytes(handle: TransferHandle): number {
    const slot = this.slots.slotOfCurrent(handle);
    if (slot === -1) return 0;
    const state = this.state[slot];
    if (state === FREE || state === FAILING) return 0;
    if (state === DELIVERING) return this.bytes[slot];
    return Math.min(this.bytes[slot], Math.max(0, Math.round(this.liveProgress(slot))));
  }

  /** Bytes transfer f has moved so far (ACTIVE and STALLED transfers). */
  private liveProgress(f: number): number {
    const remaining = this.state[f] === ACTIVE ? this.sharing.remainingBytes(f, this.clock.now) : this.remainingBytes[f];
    return Math.min(this.bytes[f], Math.max(0, this.bytes[f] - remaining));
  }

  /** See Network.nicCounters. */
  nicCounters(id: NetNodeId): NicCounters {
    const sharing = this.sharing;
    let activeOut = 0;
    let activeIn = 0;
    for (let f = sharing.firstOutgoing(id); f !== NO_FLOW; f = sharing.nextOutgoing(f)) activeOut++;
    for (let f = sharing.firstIncoming(id); f !== NO_FLOW; f = sharing.nextIncoming(f)) activeIn++;
    return { bytesSent: this.bytesSentBy[id], bytesReceived: this.bytesReceivedBy[id], activeOut, activeIn };
  }

  /** See Network.bytesSentNow. */
  bytesSentNow(id: NetNodeId): number {
    const sharing = this.sharing;
    let total = this.bytesSentBy[id];
    for (let f = sharing.firstOutgoing(id); f !== NO_FLOW; f = sharing.nextOutgoing(f)) total += this.liveProgress(f);
    return total;
  }

  /** See Network.bytesReceivedNow. */
  bytesReceivedNow(id: NetNodeId): number {
    const sharing = this.sharing;
    let total = this.bytesReceivedBy[id];
    for (let f = sharing.firstIncoming(id); f !== NO_FLOW; f = sharing.nextIncoming(f)) total += this.liveProgress(f);
    return total;
  }

  /** See Network.egressUtilisation. */
  egressUtilisation(id: NetNodeId, elapsedNs: number): number {
    const capacity = this.topology.egressBytesPerNs(id) * elapsedNs;
    return capacity > 0 && Number.isFinite(capacity) ? this.bytesSentBy[id] / capacity : 0;
  }

  /** See Network.ingressUtilisation. */
  ingressUtilisation(id: NetNodeId, elapsedNs: number): number {
    const capacity = this.topology.ingressBytesPerNs(id) * elapsedNs;
    return capacity > 0 && Number.isFinite(capacity) ? this.bytesReceivedBy[id] / capacity : 0;
  }

  /** Facts for the bytes-conservation checker. */
  conservationFacts() {
    let sentSum = 0;
    let receivedSum = 0;
    const nodeCount = this.topology.nodeCount;
    for (let i = 0; i < nodeCount; i++) {
      sentSum += this.bytesSentBy[i];
      receivedSum += this.bytesReceivedBy[i];
    }
    let live = 0;
    for (let f = 0; f < this.slots.used; f++) if (this.state[f] !== FREE) live++;
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

  private grow(capacity: number): void {
    this.state = grownColumn(this.state, capacity);
    this.from = grownColumn(this.from, capacity);
    this.to = grownColumn(this.to, capacity);
    this.bytes = grownColumn(this.bytes, capacity);
    this.remainingBytes = grownColumn(this.remainingBytes, capacity);
    this.startOrder = grownColumn(this.startOrder, capacity);
    this.deliveryDelayNs = grownColumn(this.deliveryDelayNs, capacity);
    this.pendingEvent = grownColumn(this.pendingEvent, capacity);
    for (let i = this.handlers.length; i < capacity; i++) {
      this.handlers.push(undefined);
      this.args.push(undefined);
    }
    this.sharing.growFlows(capacity);
  }
}
