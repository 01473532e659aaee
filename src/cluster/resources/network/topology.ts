/**
 * The network's topology: which nodes exist (names, NICs), whether each is up (liveness, slow factor), which
 * pairs a partition separates, and how long a hop takes (default and per-link latency, latency spikes). It
 * answers questions about the nodes and pairs and moves no bytes: the transfers consult it to decide which
 * flows may run, and the network facade re-checks them when liveness or partitions change.
 */

import { grownColumn } from "../../../kernel/slot-table.js";
import { NS_PER_S } from "../../../kernel/time.js";
import type { ResourceRng } from "../clock.js";
import { compileDelay, type DelaySampler, type DelaySpec } from "../delay.js";
import { NODE_HUNG, NODE_HOST_DOWN, NODE_PROCESS_DOWN, REACH_NO_ANSWER, reachabilityOf, type NodeState, type Reachability } from "./node-state.js";
import { PartitionSet, type CutId } from "./partitions.js";

/** A node's index in the network (dense, from 0, in the order nodes were added). */
export type NetNodeId = number;

/** A node's network interface. Use Infinity for "not a bottleneck" (e.g. a remote backend's aggregate). */
export interface NicSpec {
  egressBytesPerS: number;
  ingressBytesPerS: number;
}

/** Ordered pairs key the per-link tables as from × PAIR_SPAN + to, which caps the node count. */
const PAIR_SPAN = 2 ** 21;
const INITIAL_NODES = 16;

/** Nodes, liveness, partitions and hop latency. */
export class Topology {
  private readonly names: string[] = [];
  private readonly ids = new Map<string, NetNodeId>();
  private egressBytesPerNsOf = new Float64Array(INITIAL_NODES);
  private ingressBytesPerNsOf = new Float64Array(INITIAL_NODES);
  private states = new Uint8Array(INITIAL_NODES);
  private slowFactors = new Float64Array(INITIAL_NODES);
  private readonly partitions = new PartitionSet();

  private defaultLatency: DelaySampler;
  private readonly linkLatency = new Map<number, DelaySampler>();
  /** One random stream per ordered pair, created on its first random draw. */
  private readonly latencyStreams = new Map<number, () => number>();
  private extraLatencyNsOf = new Float64Array(INITIAL_NODES);
  /** Nodes with extra latency: while 0, a hop skips reading it. */
  private extraLatencyNodes = 0;

  constructor(
    private readonly rng: ResourceRng | undefined,
    defaultLatency: DelaySpec,
  ) {
    this.defaultLatency = compileDelay(defaultLatency, "network default latency");
  }

  // ---------------------------------------------------------------- nodes

  /** Registers a node with its NIC; returns its id. Names must be unique. */
  addNode(name: string, nic: NicSpec): NetNodeId {
    if (this.ids.has(name)) throw new RangeError(`network: node "${name}" already exists`);
    checkBandwidth(nic.egressBytesPerS, `network node ${name}: egressBytesPerS`);
    checkBandwidth(nic.ingressBytesPerS, `network node ${name}: ingressBytesPerS`);
    const id = this.names.length;
    if (id === PAIR_SPAN) throw new RangeError(`network: at most ${PAIR_SPAN} nodes`);
    if (id === this.states.length) this.growNodes(id * 2);
    this.names.push(name);
    this.ids.set(name, id);
    this.egressBytesPerNsOf[id] = nic.egressBytesPerS / NS_PER_S;
    this.ingressBytesPerNsOf[id] = nic.ingressBytesPerS / NS_PER_S;
    this.slowFactors[id] = 1;
    return id;
  }

  get nodeCount(): number {
    return this.names.length;
  }

  /** The id of a node by name (throws if unknown). */
  nodeId(name: string): NetNodeId {
    const id = this.ids.get(name);
    if (id === undefined) throw new RangeError(`network: unknown node "${name}"`);
    return id;
  }

  nodeName(id: NetNodeId): string {
    return this.names[id];
  }

  /** Throws unless `id` is a node's id. */
  checkNode(id: number): void {
    if (!(id >= 0 && id < this.names.length && Number.isInteger(id))) throw new RangeError(`network: unknown node id ${id}`);
  }

  egressBytesPerNs(id: NetNodeId): number {
    return this.egressBytesPerNsOf[id];
  }

  ingressBytesPerNs(id: NetNodeId): number {
    return this.ingressBytesPerNsOf[id];
  }

  // ---------------------------------------------------------------- liveness

  nodeState(id: NetNodeId): NodeState {
    return this.states[id] as NodeState;
  }

  /** Sets a node's liveness; false if it already had that state (nothing to re-check). */
  setNodeState(id: NetNodeId, state: NodeState): boolean {
    this.checkNode(id);
    if (this.states[id] === state) return false;
    this.states[id] = state;
    return true;
  }

  /** True if the node's process or host is down: its transfers abort. */
  isDown(id: NetNodeId): boolean {
    const state = this.states[id];
    return state === NODE_PROCESS_DOWN || state === NODE_HOST_DOWN;
  }

  /** True if no byte can move from→to now (an end hung, or a partition between them): the flow stalls. */
  blocked(from: NetNodeId, to: NetNodeId): boolean {
    return this.states[from] === NODE_HUNG || this.states[to] === NODE_HUNG || this.partitioned(from, to);
  }

  setSlowFactor(id: NetNodeId, factor: number): void {
    this.checkNode(id);
    if (!(factor > 0) || !Number.isFinite(factor)) throw new RangeError(`network: slow factor must be > 0, got ${factor}`);
    this.slowFactors[id] = factor;
  }

  slowFactor(id: NetNodeId): number {
    return this.slowFactors[id];
  }

  // ---------------------------------------------------------------- partitions and reachability

  /** Adds a cut between sideA and sideB (or every other node when sideB is omitted). */
  partition(sideA: readonly NetNodeId[], sideB?: readonly NetNodeId[]): CutId {
    for (const n of sideA) this.checkNode(n);
    for (const n of sideB ?? []) this.checkNode(n);
    return this.partitions.add(sideA, sideB);
  }

  /** Removes one cut; false if it was not active. */
  heal(cut: CutId): boolean {
    return this.partitions.remove(cut);
  }

  /** Removes every cut; false if there was none. */
  healAll(): boolean {
    if (this.partitions.size === 0) return false;
    this.partitions.clear();
    return true;
  }

  partitioned(a: NetNodeId, b: NetNodeId): boolean {
    return this.partitions.size > 0 && this.partitions.separated(a, b);
  }

  reachability(from: NetNodeId, to: NetNodeId): Reachability {
    return reachabilityOf(this.states[from] as NodeState, this.states[to] as NodeState, this.partitioned(from, to));
  }

  connectDelayNs(reach: Reachability, from: NetNodeId, to: NetNodeId, connectTimeoutNs: number): number {
    return reach === REACH_NO_ANSWER ? connectTimeoutNs : this.rttNs(from, to);
  }

  // ---------------------------------------------------------------- latency

  setDefaultLatency(spec: DelaySpec): void {
    this.defaultLatency = compileDelay(spec, "network default latency");
  }

  setLinkLatency(from: NetNodeId, to: NetNodeId, spec: DelaySpec): void {
    this.checkNode(from);
    this.checkNode(to);
    this.linkLatency.set(from * PAIR_SPAN + to, compileDelay(spec, `latency ${this.names[from]}->${this.names[to]}`));
  }

  latencyNs(from: NetNodeId, to: NetNodeId): number {
    const extra = this.extraLatencyNodes > 0 ? this.extraLatencyNsOf[from] + this.extraLatencyNsOf[to] : 0;
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

  setExtraLatency(id: NetNodeId, extraNs: number): void {
    this.checkNode(id);
    if (!(extraNs >= 0 && Number.isSafeInteger(extraNs))) throw new RangeError(`network: extra latency must be an integer >= 0 ns, got ${extraNs}`);
    if (this.extraLatencyNsOf[id] === 0 && extraNs > 0) this.extraLatencyNodes++;
    if (this.extraLatencyNsOf[id] > 0 && extraNs === 0) this.extraLatencyNodes--;
    this.extraLatencyNsOf[id] = extraNs;
  }

  extraLatencyNs(id: NetNodeId): number {
    return this.extraLatencyNsOf[id];
  }

  rttNs(from: NetNodeId, to: NetNodeId): number {
    return this.latencyNs(from, to) + this.latencyNs(to, from);
  }

  private growNodes(capacity: number): void {
    this.egressBytesPerNsOf = grownColumn(this.egressBytesPerNsOf, capacity);
    this.ingressBytesPerNsOf = grownColumn(this.ingressBytesPerNsOf, capacity);
    this.states = grownColumn(this.states, capacity);
    this.slowFactors = grownColumn(this.slowFactors, capacity);
    this.extraLatencyNsOf = grownColumn(this.extraLatencyNsOf, capacity);
  }
}

/** A constant sampler ignores its draw; this one spares it a stream. */
function zeroDraw(): number {
  return 0;
}

function checkBandwidth(x: number, what: string): void {
  if (!(x > 0)) throw new RangeError(`${what} must be > 0 (use Infinity for unlimited), got ${x}`);
}
