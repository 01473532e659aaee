/**
 * The bandwidth-sharing engine: flows between nodes share the nodes' NIC sides (each node's egress and ingress),
 * and the engine says how fast each flow moves and when it completes. It knows nothing of liveness, partitions or
 * latency — the network above decides which flows run, and stops or restarts them — so it can be tested alone, as
 * SimGrid tests its max-min solver apart from its network models.
 *
 * Sharing rule (resources/README.md): a running flow from s to r moves at
 *   rate = min(egress(s) / count(egress(s)), ingress(r) / count(ingress(r)))
 * where count() is the number of running flows on that side. This is max-min fairness cut to its first round: a
 * side's spare share (left by a flow held back at its other end) is not handed to the side's other flows, so a
 * start or end changes the rates on its own two sides only, never a chain across the cluster.
 *
 * Time: each flow is *bound* to the side that gives its min (the egress on ties). All flows bound to a side move
 * at that side's share, so the side keeps a virtual clock (bytes each bound flow has moved) and a heap of its
 * flows by virtual finish (virtual clock at binding + remaining bytes): a share change re-times the side as a
 * whole, not each flow. Sides with bound flows sit in one heap by next completion, so the caller needs a single
 * pending event. Finish times are the first nanosecond at or after the exact fluid finish.
 *
 * Flows are slots owned by the caller (the network's transfers, whose slot table also gives them handles): the
 * engine is told the capacity and indexes its columns by the same slot, so no lookup stands between the two.
 */

import { grownColumn } from "../../../kernel/slot-table.js";
import { FlowHeap } from "./flow-heap.js";
import { SideHeaps } from "./side-heaps.js";

/** Absorbs float rounding in remaining / share before rounding a finish time up to whole nanoseconds. */
const FINISH_GUARD_NS = 1e-6;
const FINISH_GUARD_RELATIVE = 1e-12;

/** No flow is bound, so nothing completes (see nextCompletionNs). */
export const NO_COMPLETION = -1;

/** The end of a flow list. */
export const NO_FLOW = -1;

const INITIAL_NODES = 16;

/**
 * Sides: side 2 × node is the node's egress, 2 × node + 1 its ingress. Flows are *attached* to their sender's
 * and receiver's lists from attach() to detach(), and *running* (counted on both sides and bound to one) from
 * start() to stop(); an attached flow that is not running keeps its place in the lists at rate 0.
 */
export class FairShare {
  // Per side.
  private sideCapacityBytesPerNs = new Float64Array(2 * INITIAL_NODES);
  /** Running flows on the side (bound to it or to their other side). */
  private sideFlowCount = new Int32Array(2 * INITIAL_NODES);
  /** Capacity / flow count: the rate of every flow bound to the side. */
  private sideShareBytesPerNs = new Float64Array(2 * INITIAL_NODES);
  /** Bytes each bound flow has moved since the side was last empty, as of sideLastUpdateNs. */
  private sideVirtualBytes = new Float64Array(2 * INITIAL_NODES);
  private sideLastUpdateNs = new Float64Array(2 * INITIAL_NODES);
  /** When the side's first bound flow completes, and that flow's start order (ties between sides). */
  private sideNextCompletionNs = new Float64Array(2 * INITIAL_NODES);
  private sideNextCompletionOrder = new Float64Array(2 * INITIAL_NODES);
  private readonly boundFlows: SideHeaps;
  /** Sides with bound flows, by next completion. */
  private readonly dueSides: FlowHeap;

  // Per node: the newest flow attached from it and to it (lists are newest first).
  private outgoingHead = new Int32Array(INITIAL_NODES);
  private incomingHead = new Int32Array(INITIAL_NODES);

  // Per flow slot.
  private flowSender: Int32Array;
  private flowReceiver: Int32Array;
  /** Breaks ties between equal finishes: the lower order completes first. */
  private flowStartOrder: Float64Array;
  /** The side the running flow is bound to; -1 when not running. */
  private flowBoundSide: Int32Array;
  /** The bound side's virtual clock at which the flow completes. */
  private flowVirtualFinish: Float64Array;
  private flowHeapPosition: Int32Array;
  private outgoingNext: Int32Array;
  private outgoingPrevious: Int32Array;
  private incomingNext: Int32Array;
  private incomingPrevious: Int32Array;

  constructor(flowCapacity: number) {
    this.flowSender = new Int32Array(flowCapacity);
    this.flowReceiver = new Int32Array(flowCapacity);
    this.flowStartOrder = new Float64Array(flowCapacity);
    this.flowBoundSide = new Int32Array(flowCapacity).fill(-1);
    this.flowVirtualFinish = new Float64Array(flowCapacity);
    this.flowHeapPosition = new Int32Array(flowCapacity).fill(-1);
    this.outgoingNext = new Int32Array(flowCapacity);
    this.outgoingPrevious = new Int32Array(flowCapacity);
    this.incomingNext = new Int32Array(flowCapacity);
    this.incomingPrevious = new Int32Array(flowCapacity);
    this.boundFlows = new SideHeaps(this.flowVirtualFinish, this.flowStartOrder, this.flowHeapPosition);
    this.boundFlows.ensureSides(2 * INITIAL_NODES);
    this.dueSides = new FlowHeap(this.sideNextCompletionNs, this.sideNextCompletionOrder, 2 * INITIAL_NODES);
  }

  /** Makes room for flow slots below `capacity` (the caller's slot table grew). */
  growFlows(capacity: number): void {
    this.flowSender = grownColumn(this.flowSender, capacity);
    this.flowReceiver = grownColumn(this.flowReceiver, capacity);
    this.flowStartOrder = grownColumn(this.flowStartOrder, capacity);
    this.flowBoundSide = grownColumn(this.flowBoundSide, capacity);
    this.flowVirtualFinish = grownColumn(this.flowVirtualFinish, capacity);
    this.flowHeapPosition = grownColumn(this.flowHeapPosition, capacity);
    this.outgoingNext = grownColumn(this.outgoingNext, capacity);
    this.outgoingPrevious = grownColumn(this.outgoingPrevious, capacity);
    this.incomingNext = grownColumn(this.incomingNext, capacity);
    this.incomingPrevious = grownColumn(this.incomingPrevious, capacity);
    this.boundFlows.rebind(this.flowVirtualFinish, this.flowStartOrder, this.flowHeapPosition);
  }

  /** Adds node `node` (the next dense id) with its NIC's two sides, in bytes per ns (Infinity: never a bottleneck). */
  addNode(node: number, egressBytesPerNs: number, ingressBytesPerNs: number): void {
    if (!(egressBytesPerNs > 0) || !(ingressBytesPerNs > 0)) {
      throw new RangeError(`fair share: node ${node} needs capacities > 0, got ${egressBytesPerNs} and ${ingressBytesPerNs}`);
    }
    if (node >= this.outgoingHead.length) this.growNodes(Math.max(2 * this.outgoingHead.length, node + 1));
    this.sideCapacityBytesPerNs[2 * node] = egressBytesPerNs;
    this.sideCapacityBytesPerNs[2 * node + 1] = ingressBytesPerNs;
    this.sideShareBytesPerNs[2 * node] = egressBytesPerNs;
    this.sideShareBytesPerNs[2 * node + 1] = ingressBytesPerNs;
    this.outgoingHead[node] = NO_FLOW;
    this.incomingHead[node] = NO_FLOW;
  }

  // ---------------------------------------------------------------- flow lists

  /**
   * Puts flow slot `flow` at the head of its sender's outgoing and its receiver's incoming lists, not running.
   * `startOrder` breaks ties between flows completing at the same nanosecond (lower first).
   */
  attach(flow: number, sender: number, receiver: number, startOrder: number): void {
    this.flowSender[flow] = sender;
    this.flowReceiver[flow] = receiver;
    this.flowStartOrder[flow] = startOrder;
    this.flowBoundSide[flow] = -1;
    // Newest first: any fixed order is deterministic, and insertion at the head is O(1).
    const outgoingHead = this.outgoingHead[sender];
    this.outgoingPrevious[flow] = NO_FLOW;
    this.outgoingNext[flow] = outgoingHead;
    if (outgoingHead !== NO_FLOW) this.outgoingPrevious[outgoingHead] = flow;
    this.outgoingHead[sender] = flow;
    const incomingHead = this.incomingHead[receiver];
    this.incomingPrevious[flow] = NO_FLOW;
    this.incomingNext[flow] = incomingHead;
    if (incomingHead !== NO_FLOW) this.incomingPrevious[incomingHead] = flow;
    this.incomingHead[receiver] = flow;
  }

  /** Takes flow `flow` off its two lists (stop() it first if it runs, or after: its rebalance skips it). */
  detach(flow: number): void {
    const previousOut = this.outgoingPrevious[flow];
    const nextOut = this.outgoingNext[flow];
    if (previousOut !== NO_FLOW) this.outgoingNext[previousOut] = nextOut;
    else this.outgoingHead[this.flowSender[flow]] = nextOut;
    if (nextOut !== NO_FLOW) this.outgoingPrevious[nextOut] = previousOut;
    const previousIn = this.incomingPrevious[flow];
    const nextIn = this.incomingNext[flow];
    if (previousIn !== NO_FLOW) this.incomingNext[previousIn] = nextIn;
    else this.incomingHead[this.flowReceiver[flow]] = nextIn;
    if (nextIn !== NO_FLOW) this.incomingPrevious[nextIn] = previousIn;
  }

  /** The newest flow attached from `node`, or NO_FLOW. */
  firstOutgoing(node: number): number {
    return this.outgoingHead[node];
  }

  /** The next (older) flow from the same sender, or NO_FLOW. */
  nextOutgoing(flow: number): number {
    return this.outgoingNext[flow];
  }

  /** The newest flow attached to `node`, or NO_FLOW. */
  firstIncoming(node: number): number {
    return this.incomingHead[node];
  }

  /** The next (older) flow to the same receiver, or NO_FLOW. */
  nextIncoming(flow: number): number {
    return this.incomingNext[flow];
  }

  // ---------------------------------------------------------------- running flows

  /** Starts (or resumes) attached flow `flow` with `remainingBytes` at `nowNs`: counts it on its two sides and binds it. */
  start(flow: number, remainingBytes: number, nowNs: number): void {
    const sender = this.flowSender[flow];
    const receiver = this.flowReceiver[flow];
    const egress = 2 * sender;
    const ingress = 2 * receiver + 1;
    this.advance(egress, nowNs);
    this.advance(ingress, nowNs);
    this.setFlowCount(egress, this.sideFlowCount[egress] + 1);
    this.setFlowCount(ingress, this.sideFlowCount[ingress] + 1);
    const side = this.sideShareBytesPerNs[egress] <= this.sideShareBytesPerNs[ingress] ? egress : ingress;
    this.advance(side, nowNs);
    this.bind(flow, side, remainingBytes);
    this.rebalance(sender, receiver, nowNs, false);
  }

  /** Stops running flow `flow` at `nowNs` (it completed, or the caller holds it back); returns its remaining bytes. */
  stop(flow: number, nowNs: number): number {
    const sender = this.flowSender[flow];
    const receiver = this.flowReceiver[flow];
    const egress = 2 * sender;
    const ingress = 2 * receiver + 1;
    // The flow's side is one of egress and ingress, both re-timed by rebalance below.
    const remaining = this.unbind(flow, nowNs);
    this.advance(egress, nowNs);
    this.advance(ingress, nowNs);
    this.setFlowCount(egress, this.sideFlowCount[egress] - 1);
    this.setFlowCount(ingress, this.sideFlowCount[ingress] - 1);
    this.rebalance(sender, receiver, nowNs, true);
    return remaining;
  }

  /** The rate of running flow `flow`, in bytes per ns. */
  rateBytesPerNs(flow: number): number {
    return this.sideShareBytesPerNs[this.flowBoundSide[flow]];
  }

  /** Bytes running flow `flow` has left at `nowNs` (not clamped: float error may take it a hair below 0). */
  remainingBytes(flow: number, nowNs: number): number {
    const side = this.flowBoundSide[flow];
    const share = this.sideShareBytesPerNs[side];
    const elapsedNs = nowNs - this.sideLastUpdateNs[side];
    const virtualBytes = this.sideVirtualBytes[side];
    return this.flowVirtualFinish[flow] - (share !== Infinity && elapsedNs > 0 ? virtualBytes + share * elapsedNs : virtualBytes);
  }

  /** When the next running flow completes, or NO_COMPLETION when none runs. */
  nextCompletionNs(): number {
    const due = this.dueSides;
    return due.size === 0 ? NO_COMPLETION : this.sideNextCompletionNs[due.top()];
  }

  /**
   * The running flow that completes next if it is due at or before `nowNs` (ties: lowest start order), else
   * NO_FLOW. The caller stops it before asking again.
   */
  dueFlow(nowNs: number): number {
    const due = this.dueSides;
    if (due.size === 0) return NO_FLOW;
    const side = due.top();
    if (this.sideNextCompletionNs[side] > nowNs) return NO_FLOW;
    return this.boundFlows.top(side);
  }

  // ---------------------------------------------------------------- internals

  /** Brings side `side`'s virtual clock to `nowNs` at its current share (call before its share changes). */
  private advance(side: number, nowNs: number): void {
    const elapsedNs = nowNs - this.sideLastUpdateNs[side];
    if (elapsedNs <= 0) return;
    this.sideLastUpdateNs[side] = nowNs;
    const share = this.sideShareBytesPerNs[side];
    if (this.boundFlows.count(side) > 0 && share !== Infinity) this.sideVirtualBytes[side] += share * elapsedNs;
  }

  private setFlowCount(side: number, count: number): void {
    this.sideFlowCount[side] = count;
    this.sideShareBytesPerNs[side] = count > 0 ? this.sideCapacityBytesPerNs[side] / count : this.sideCapacityBytesPerNs[side];
  }

  /** Binds flow `flow` with `remainingBytes` to side `side` (already advanced to now). */
  private bind(flow: number, side: number, remainingBytes: number): void {
    this.flowBoundSide[flow] = side;
    this.flowVirtualFinish[flow] = this.sideVirtualBytes[side] + remainingBytes;
    this.boundFlows.push(side, flow);
  }

  /**
   * Unbinds flow `flow` from its side at `nowNs`; returns its remaining bytes. The caller re-times the side
   * (`retime`) once it is done with it: a rebalance re-times its two sides once however many flows moved.
   */
  private unbind(flow: number, nowNs: number): number {
    const side = this.flowBoundSide[flow];
    this.advance(side, nowNs);
    const remaining = this.flowVirtualFinish[flow] - this.sideVirtualBytes[side];
    this.boundFlows.remove(side, flow);
    this.flowBoundSide[flow] = -1;
    // An empty side's virtual clock restarts at 0: keeps it small, so its float error stays far below a byte.
    if (this.boundFlows.count(side) === 0) this.sideVirtualBytes[side] = 0;
    return remaining > 0 ? remaining : 0;
  }

  /** Recomputes side `side`'s next completion (its first bound flow's finish) in the due-sides heap. */
  private retime(side: number): void {
    const due = this.dueSides;
    if (this.boundFlows.count(side) === 0) {
      if (due.has(side)) due.remove(side);
      return;
    }
    const flow = this.boundFlows.top(side);
    const share = this.sideShareBytesPerNs[side];
    let at = this.sideLastUpdateNs[side];
    if (share !== Infinity) {
      const exactNs = (this.flowVirtualFinish[flow] - this.sideVirtualBytes[side]) / share;
      const roundedNs = Math.ceil(exactNs - FINISH_GUARD_NS - exactNs * FINISH_GUARD_RELATIVE);
      if (roundedNs > 0) at += roundedNs;
    }
    this.sideNextCompletionNs[side] = at;
    this.sideNextCompletionOrder[side] = this.flowStartOrder[flow];
    if (due.has(side)) due.update(side);
    else due.push(side);
  }

  /**
   * After the shares of sender's egress and receiver's ingress changed (both advanced to now before; `grew` when
   * a flow left, so both shares grew): re-binds every running flow on those two sides whose smaller share
   * switched sides, then re-times the two sides. A side's scan is skipped when no flow on it can switch: when its
   * share shrank and every flow on it is bound to it already, or when it grew and none is bound to it. Flows
   * between exactly these two nodes see both shares move, so they are always checked.
   */
  private rebalance(sender: number, receiver: number, nowNs: number, grew: boolean): void {
    const egress = 2 * sender;
    const ingress = 2 * receiver + 1;
    const boundFlows = this.boundFlows;
    const skipEgress = grew ? boundFlows.count(egress) === 0 : boundFlows.count(egress) === this.sideFlowCount[egress];
    const skipIngress = grew ? boundFlows.count(ingress) === 0 : boundFlows.count(ingress) === this.sideFlowCount[ingress];
    const boundSide = this.flowBoundSide;
    const share = this.sideShareBytesPerNs;
    const egressShare = share[egress];
    const ingressShare = share[ingress];
    if (!skipEgress || skipIngress) {
      // Scan sender's egress: all of it, or (both sides skipped) just the flows sender→receiver.
      const onlyToReceiver = skipEgress;
      const outgoingNext = this.outgoingNext;
      for (let flow = this.outgoingHead[sender]; flow !== NO_FLOW; flow = outgoingNext[flow]) {
        const bound = boundSide[flow];
        if (bound === -1) continue; // attached but not running
        const flowReceiver = this.flowReceiver[flow];
        if (onlyToReceiver && flowReceiver !== receiver) continue;
        const otherSide = 2 * flowReceiver + 1;
        const want = egressShare <= share[otherSide] ? egress : otherSide;
        if (want !== bound) this.rebind(flow, want, nowNs, egress, ingress);
      }
    }
    if (!skipIngress) {
      const egressScanned = !skipEgress;
      const incomingNext = this.incomingNext;
      for (let flow = this.incomingHead[receiver]; flow !== NO_FLOW; flow = incomingNext[flow]) {
        const bound = boundSide[flow];
        if (bound === -1) continue;
        const flowSender = this.flowSender[flow];
        if (egressScanned && flowSender === sender) continue;
        const otherSide = 2 * flowSender;
        const want = share[otherSide] <= ingressShare ? otherSide : ingress;
        if (want !== bound) this.rebind(flow, want, nowNs, egress, ingress);
      }
    }
    this.retime(egress);
    this.retime(ingress);
  }

  /**
   * Moves flow `flow` to side `want`, keeping its remaining bytes. Re-times the sides it left and joined, except
   * `egress` and `ingress`, which the calling rebalance re-times when its scan is over.
   */
  private rebind(flow: number, want: number, nowNs: number, egress: number, ingress: number): void {
    const left = this.flowBoundSide[flow];
    const remaining = this.unbind(flow, nowNs);
    this.advance(want, nowNs);
    this.bind(flow, want, remaining);
    if (left !== egress && left !== ingress) this.retime(left);
    if (want !== egress && want !== ingress) this.retime(want);
  }

  private growNodes(nodeCapacity: number): void {
    const sideCapacity = 2 * nodeCapacity;
    this.sideCapacityBytesPerNs = grownColumn(this.sideCapacityBytesPerNs, sideCapacity);
    this.sideFlowCount = grownColumn(this.sideFlowCount, sideCapacity);
    this.sideShareBytesPerNs = grownColumn(this.sideShareBytesPerNs, sideCapacity);
    this.sideVirtualBytes = grownColumn(this.sideVirtualBytes, sideCapacity);
    this.sideLastUpdateNs = grownColumn(this.sideLastUpdateNs, sideCapacity);
    this.sideNextCompletionNs = grownColumn(this.sideNextCompletionNs, sideCapacity);
    this.sideNextCompletionOrder = grownColumn(this.sideNextCompletionOrder, sideCapacity);
    this.boundFlows.ensureSides(sideCapacity);
    this.dueSides.rebind(this.sideNextCompletionNs, this.sideNextCompletionOrder, sideCapacity);
    this.outgoingHead = grownColumn(this.outgoingHead, nodeCapacity);
    this.incomingHead = grownColumn(this.incomingHead, nodeCapacity);
  }
}
