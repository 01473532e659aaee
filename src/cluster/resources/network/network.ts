/**
 * The cluster's network, as the rest of the simulator sees it: nodes with NIC egress/ingress bandwidth, hop
 * latencies, node liveness and partitions, and byte transfers that share the NICs. This facade only wires the
 * parts together and keeps one stable API over them:
 *   - topology.ts: nodes, liveness, partitions, latency (who can talk, how long a hop takes);
 *   - transfers.ts: each transfer's lifecycle, the byte counters, the one pending completion event;
 *   - fair-share.ts (under transfers): how fast each running flow moves and when it completes.
 * A change of liveness or partitions is told to the transfers, which stall, resume or abort theirs.
 */

import { NS_PER_S } from "../../../kernel/time.js";
import type { ResourceClock, ResourceRng } from "../clock.js";
import { constantDelay, type DelaySpec } from "../delay.js";
import { NODE_HOST_DOWN, NODE_HUNG, NODE_PROCESS_DOWN, NODE_UP, type NodeState, type Reachability } from "./node-state.js";
import type { CutId } from "./partitions.js";
import { Topology, type NetNodeId, type NicSpec } from "./topology.js";
import { Transfers, type NicCounters, type TransferDone, type TransferHandle } from "./transfers.js";

export type { NetNodeId, NicSpec } from "./topology.js";
export { TRANSFER_ABORTED, TRANSFER_OK, type NicCounters, type TransferDone, type TransferHandle, type TransferStatus } from "./transfers.js";

/** Options of a Network. */
export interface NetworkOptions {
  /** Seeded streams for random hop latencies (needed unless every latency is constant). */
  rng?: ResourceRng;
  /** Hop latency of every ordered pair without its own (default: constant 100 µs one way). */
  defaultLatency?: DelaySpec;
}

/** Default one-way hop latency: 100 µs. */
const DEFAULT_LATENCY_NS = 100_000;

/** The cluster's network (see resources/README.md for the sharing rule and the connection semantics). */
export class Network {
  private readonly topology: Topology;
  private readonly transfers: Transfers;

  constructor(clock: ResourceClock, options: NetworkOptions = {}) {
    this.topology = new Topology(options.rng, options.defaultLatency ?? constantDelay(DEFAULT_LATENCY_NS));
    this.transfers = new Transfers(clock, this.topology);
  }

  // ---------------------------------------------------------------- nodes

  /** Adds a node with its NIC; returns its id. Names must be unique. */
  addNode(name: string, nic: NicSpec): NetNodeId {
    const id = this.topology.addNode(name, nic);
    this.transfers.addNode(id, this.topology.egressBytesPerNs(id), this.topology.ingressBytesPerNs(id));
    return id;
  }

  /** Number of nodes. */
  get nodeCount(): number {
    return this.topology.nodeCount;
  }

  /** The id of a node by name (throws if unknown). */
  nodeId(name: string): NetNodeId {
    return this.topology.nodeId(name);
  }

  /** The name of a node. */
  nodeName(id: NetNodeId): string {
    return this.topology.nodeName(id);
  }

  /** A node's liveness state. */
  nodeState(id: NetNodeId): NodeState {
    return this.topology.nodeState(id);
  }

  /**
   * Changes a node's liveness. Going PROCESS_DOWN or HOST_DOWN aborts every transfer from or to it, telling each
   * caller (TRANSFER_ABORTED) in start order. Going HUNG stalls its transfers (rate 0, connection kept);
   * coming back UP resumes the stalled ones that no partition blocks.
   */
  setNodeState(id: NetNodeId, state: NodeState): void {
    if (!this.topology.setNodeState(id, state)) return;
    if (state === NODE_PROCESS_DOWN || state === NODE_HOST_DOWN) this.transfers.abortNode(id);
    else this.transfers.restallFlowsOf(id);
  }

  /** Multiplies the node's service times (read by the behaviour layer; the NIC itself is not slowed). */
  setSlowFactor(id: NetNodeId, factor: number): void {
    this.topology.setSlowFactor(id, factor);
  }

  /** The node's slow factor (1 = normal speed). */
  slowFactor(id: NetNodeId): number {
    return this.topology.slowFactor(id);
  }

  /** Aborts every transfer from or to the node, telling each caller, in start order. Returns how many. */
  abortNode(id: NetNodeId): number {
    return this.transfers.abortNode(id);
  }

  // ---------------------------------------------------------------- partitions and reachability

  /** Cuts sideA off from sideB (or from every other node when sideB is omitted). Crossing flows stall. */
  partition(sideA: readonly NetNodeId[], sideB?: readonly NetNodeId[]): CutId {
    const cut = this.topology.partition(sideA, sideB);
    this.transfers.restallAll();
    return cut;
  }

  /** Removes one cut; stalled flows that nothing blocks any more resume. False if the cut was not active. */
  heal(cut: CutId): boolean {
    const removed = this.topology.heal(cut);
    if (removed) this.transfers.restallAll();
    return removed;
  }

  /** Removes every cut. */
  healAll(): void {
    if (this.topology.healAll()) this.transfers.restallAll();
  }

  /** True if an active cut separates the two nodes. */
  partitioned(a: NetNodeId, b: NetNodeId): boolean {
    return this.topology.partitioned(a, b);
  }

  /** What a connection attempt from→to meets now: ok, refused, no answer, or accepted without response. */
  reachability(from: NetNodeId, to: NetNodeId): Reachability {
    return this.topology.reachability(from, to);
  }

  /**
   * How long a connection attempt from→to takes to resolve, given its reachability: one round trip when
   * something answers (REACH_OK and REACH_ACCEPTED_NO_RESPONSE: the handshake completes; REACH_REFUSED: the
   * RST comes back), `connectTimeoutNs` when nothing does (REACH_NO_ANSWER). After an accepted-no-response
   * connect, the caller's read timeout decides.
   */
  connectDelayNs(reach: Reachability, from: NetNodeId, to: NetNodeId, connectTimeoutNs: number): number {
    return this.topology.connectDelayNs(reach, from, to, connectTimeoutNs);
  }

  // ---------------------------------------------------------------- latency

  /** Sets the latency distribution of every pair without its own. */
  setDefaultLatency(spec: DelaySpec): void {
    this.topology.setDefaultLatency(spec);
  }

  /** Sets the one-way latency distribution of the ordered pair from→to (call twice for both directions). */
  setLinkLatency(from: NetNodeId, to: NetNodeId, spec: DelaySpec): void {
    this.topology.setLinkLatency(from, to, spec);
  }

  /**
   * One sample of the one-way hop latency from→to, in integer ns, plus any extra latency of either end. Random latencies draw from the stream
   * "net/<from>-><to>/latency" (one stream per ordered pair, so a pair's draws do not depend on other traffic).
   */
  latencyNs(from: NetNodeId, to: NetNodeId): number {
    return this.topology.latencyNs(from, to);
  }

  /**
   * Adds `extraNs` to every one-way latency from or to the node (a latency spike; 0 removes it). A hop between
   * two spiked nodes pays both.
   */
  setExtraLatency(id: NetNodeId, extraNs: number): void {
    this.topology.setExtraLatency(id, extraNs);
  }

  /** The node's extra latency (0 when none). */
  extraLatencyNs(id: NetNodeId): number {
    return this.topology.extraLatencyNs(id);
  }

  /** A round trip from→to→from: two one-way samples. */
  rttNs(from: NetNodeId, to: NetNodeId): number {
    return this.topology.rttNs(from, to);
  }

  // ---------------------------------------------------------------- transfers

  /**
   * Starts moving `bytes` (an integer >= 0) from `from` to `to`; `onDone(arg, status)` is called exactly once:
   * TRANSFER_OK `deliveryDelayNs` after the last byte left the sender's NIC, or TRANSFER_ABORTED if an endpoint
   * goes down first (or is down now: then at the current time, through an event). Never calls back synchronously.
   * Hop latency is not added by itself: pass `deliveryDelayNs = net.latencyNs(from, to)` to include it.
   */
  transfer<A>(from: NetNodeId, to: NetNodeId, bytes: number, onDone: TransferDone<A>, arg: A, deliveryDelayNs = 0): TransferHandle {
    return this.transfers.start(from, to, bytes, onDone, arg, deliveryDelayNs);
  }

  /**
   * Aborts a transfer. With `notify`, its onDone gets TRANSFER_ABORTED now (synchronously); without, it is
   * silently dropped. Bytes moved so far count as sent and received. False if the transfer already ended.
   */
  abort(handle: TransferHandle, notify = false): boolean {
    return this.transfers.abort(handle, notify);
  }

  /** True while the transfer has not ended. */
  isActive(handle: TransferHandle): boolean {
    return this.transfers.isActive(handle);
  }

  /** Current rate of a transfer in bytes per second (0 if stalled, delivering or ended). */
  rateBytesPerS(handle: TransferHandle): number {
    return this.transfers.rateBytesPerS(handle);
  }

  /** Bytes moved so far by a live transfer (all of them once delivering). */
  progressBytes(handle: TransferHandle): number {
    return this.transfers.progressBytes(handle);
  }

  /** Byte counters and active flow counts of a node's NIC. */
  nicCounters(id: NetNodeId): NicCounters {
    return this.transfers.nicCounters(id);
  }

  /** Bytes the node has sent up to now, counting the progress of its live transfers (for utilisation series). */
  bytesSentNow(id: NetNodeId): number {
    return this.transfers.bytesSentNow(id);
  }

  /** Bytes the node has received up to now, counting the progress of live transfers into it. */
  bytesReceivedNow(id: NetNodeId): number {
    return this.transfers.bytesReceivedNow(id);
  }

  /** Egress bandwidth of a node in bytes per second. */
  egressBytesPerS(id: NetNodeId): number {
    return this.topology.egressBytesPerNs(id) * NS_PER_S;
  }

  /** Ingress bandwidth of a node in bytes per second. */
  ingressBytesPerS(id: NetNodeId): number {
    return this.topology.ingressBytesPerNs(id) * NS_PER_S;
  }

  /** Fraction of a node's egress bandwidth used over `elapsedNs` (bytes sent / (bandwidth × elapsed)). */
  egressUtilisation(id: NetNodeId, elapsedNs: number): number {
    return this.transfers.egressUtilisation(id, elapsedNs);
  }

  /** Fraction of a node's ingress bandwidth used over `elapsedNs`. */
  ingressUtilisation(id: NetNodeId, elapsedNs: number): number {
    return this.transfers.ingressUtilisation(id, elapsedNs);
  }

  /** Facts for the bytes-conservation checker. */
  conservationFacts() {
    return this.transfers.conservationFacts();
  }

  /** Number of transfers not yet ended. */
  get liveTransfers(): number {
    return this.transfers.liveTransfers;
  }
}

export { NODE_UP, NODE_HUNG, NODE_PROCESS_DOWN, NODE_HOST_DOWN };
