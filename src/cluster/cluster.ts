import type { Simulator } from "../kernel/index.js";
import type { RunMetrics } from "../metrics/index.js";
import {
  Disk,
  Network,
  NODE_HOST_DOWN,
  NODE_HUNG,
  NODE_PROCESS_DOWN,
  NODE_UP,
  NODE_STARTING,
  RemoteBackend,
  diskSpec,
  payloadBytesPerS,
  type CutId,
} from "./resources/index.js";
import type { ClusterSpec } from "../model/cluster.js";
import type { ClusterKnobs } from "../model/knobs.js";
import { ControlPlane } from "./control-plane.js";
import { CpuQueue } from "./resources/cpu-queue.js";
import { InflightList } from "./http/inflight-list.js";
import type { Attempt } from "./http/attempt.js";
import type { BucketRuntime } from "./http/bucket-runtime.js";
import { DataPath } from "./http/data-path.js";
import { ObjectStore } from "./object-store.js";
import type { ClusterMap } from "./ownership/cluster-map.js";
import { AistoreHrw } from "./ownership/aistore-hrw.js";
import { InterimHrw } from "./ownership/interim-hrw.js";
import { OwnerCache } from "./ownership/owner-cache.js";
import type { Placement } from "./ownership/placement-port.js";
import { PROC_DOWN, PROC_HUNG, PROC_UP, type NodeBase, type ProxyNode, type TargetNode } from "./nodes.js";

/** A stopping target serves this long after leaving the map before HTTP shuts down (htrun.stop: time.Second >> 1). */
const STOP_GRACE_NS = 500_000_000;

/** A node named in a fault: its kind and index. */
export type NodeRef = { readonly kind: "proxy"; readonly index: number } | { readonly kind: "target"; readonly index: number };

/** Options of a Cluster beyond its config. */
export interface ClusterOptions {
  readonly sim: Simulator;
  readonly metrics: RunMetrics;
  readonly spec: ClusterSpec;
  readonly knobs: ClusterKnobs;
  /** Placement to use (default: AIStore's HRW over the config's IDs, object names `obj-%08d`). */
  readonly placement?: Placement;
  /** Use the 32-bit interim HRW instead of AIStore's (faster set-up for huge populations; placement differs). */
  readonly interimPlacement?: boolean;
  /** Called when a write commits a version. */
  readonly onCommit?: (bucket: number, object: number, version: number) => void;
  /** Called when a DELETE takes effect (`version`: the one current before it). */
  readonly onDelete?: (bucket: number, object: number, version: number) => void;
}

/**
 * The modeled cluster: proxies, targets with mountpath disks, the network, remote backends, object stores,
 * the data path and the control plane, plus the lifecycle operations faults use (crash, restart, hang, slow,
 * partition, disk failure, backend throttling/outage). Client hosts are network nodes added by the workload.
 */
export class Cluster {
  readonly sim: Simulator;
  readonly net: Network;
  readonly metrics: RunMetrics;
  readonly spec: ClusterSpec;
  readonly knobs: ClusterKnobs;
  readonly proxies: ProxyNode[] = [];
  readonly targets: TargetNode[] = [];
  readonly buckets: BucketRuntime[] = [];
  readonly placement: Placement;
  readonly owners: OwnerCache;
  readonly dataPath: DataPath;
  readonly controlPlane: ControlPlane;
  private readonly byId = new Map<string, NodeRef>();

  constructor(options: ClusterOptions) {
    const { sim, spec, knobs } = options;
    this.sim = sim;
    this.metrics = options.metrics;
    this.spec = spec;
    this.knobs = knobs;
    this.net = new Network(sim, { rng: sim.rng, defaultLatency: { kind: "constant", ns: Math.round(spec.network.rttNs / 2) } });
    // The spec gives line rates; a node's TCP streams share what is left after Ethernet and TCP/IP framing.
    const nodeBytesPerS = payloadBytesPerS(spec.network.nicBytesPerS);
    const nic = { egressBytesPerS: nodeBytesPerS, ingressBytesPerS: nodeBytesPerS };
    const initial: ClusterMap = {
      version: 1,
      primary: 0,
      proxies: spec.proxies.map((_, i) => i),
      targets: spec.targets.map((_, i) => i),
    };
    spec.proxies.forEach((id, index) => {
      this.proxies.push({
        kind: "proxy",
        id,
        index,
        net: this.net.addNode(`proxy/${id}`, nic),
        metricsNode: index,
        proc: PROC_UP,
        epoch: 0,
        smap: initial,
        cpu: new CpuQueue(knobs.proxyCores),
        slowFactor: 1,
        ready: true,
        parked: [],
      });
      this.byId.set(id, { kind: "proxy", index });
    });
    const mp = spec.mountpaths;
    const mountpathDisk = diskSpec(mp.kind, {
      readBytesPerS: mp.bandwidthBytesPerS,
      writeBytesPerS: mp.writeBandwidthBytesPerS,
      latency: { kind: "constant", ns: mp.latencyNs },
      concurrency: mp.concurrency,
    });
    spec.targets.forEach((id, index) => {
      const disks: Disk[] = [];
      for (let m = 0; m < mp.perTarget; m++) disks.push(new Disk(sim, mountpathDisk, { name: `target/${id}/mp/${m}` }));
      this.targets.push({
        kind: "target",
        id,
        index,
        net: this.net.addNode(`target/${id}`, nic),
        metricsNode: spec.proxies.length + index,
        proc: PROC_UP,
        epoch: 0,
        smap: initial,
        cpu: new CpuQueue(knobs.targetCores),
        slowFactor: 1,
        ready: true,
        restartMarker: true,
        restarted: false,
        parked: [],
        disks,
        diskFailed: disks.map(() => false),
        inflight: new InflightList<Attempt>(),
        coldLocks: new Map(),
      });
      this.byId.set(id, { kind: "target", index });
    });
    const unames = spec.buckets.map((b) => {
      const ns = b.namespace.uuid === "" && b.namespace.name === "" ? "@#" : `@${b.namespace.uuid}#${b.namespace.name}`;
      return `${b.provider}/${ns}/${b.bucket}`;
    });
    const paths = mp.paths.length > 0 ? mp.paths : ["/ais/mp1"];
    const populations = spec.buckets.map((b) => b.objects);
    this.placement =
      options.placement ??
      (options.interimPlacement === true
        ? new InterimHrw(unames, populations, spec.targets, paths, spec.proxies)
        : new AistoreHrw(unames.map((u) => `${u}/`), populations, spec.targets, paths, spec.proxies));
    this.owners = new OwnerCache(this.placement, spec.buckets.map((b) => b.objects));
    spec.buckets.forEach((b, index) => {
      const store = new ObjectStore(b.objects);
      let backend: RemoteBackend | null = null;
      let backendNet = -1;
      if (b.backend !== undefined) {
        backend = new RemoteBackend(sim, { readPerS: b.backend.getPerS, writePerS: b.backend.putPerS, latency: { kind: "constant", ns: b.backend.latencyNs } });
        const bw = b.backend.bandwidthBytesPerS;
        backendNet = this.net.addNode(`backend/${b.name}`, { egressBytesPerS: bw, ingressBytesPerS: bw });
      }
      this.buckets.push({ index, name: b.name, prefix: `${b.bucket}/`, store, backend, backendNet });
    });
    for (const h of this.proxies) this.observe(h, initial.version);
    for (const t of this.targets) this.observe(t, initial.version);
    this.dataPath = new DataPath({
      sim,
      net: this.net,
      knobs,
      proxies: this.proxies,
      targets: this.targets,
      buckets: this.buckets,
      placement: this.placement,
      owners: this.owners,
      coldGetConflictNs: spec.config.timeouts.coldGetConflictNs,
      onCommit: options.onCommit ?? (() => undefined),
      onDelete: options.onDelete ?? (() => undefined),
    });
    this.controlPlane = new ControlPlane(sim, this.net, spec.config, knobs, this.proxies, this.targets, this.placement, (n, v) => this.observe(n, v), 0);
  }

  /** Places the initial populations: each cached object on its owner under the initial map. */
  seedObjects(): void {
    const map = this.proxies[0].smap;
    this.spec.buckets.forEach((b, bi) => {
      const cached = b.cachedFraction ?? (b.backend === undefined ? 1 : 0);
      const store = this.buckets[bi].store;
      const cachedCount = Math.round(cached * b.objects);
      if (cachedCount > 0 && this.placement instanceof AistoreHrw && b.objects > 0) {
        // One bulk HRW pass instead of a million single lookups.
        this.owners.prefill(map, bi, this.placement.bulkOwners(bi, { provider: b.provider, namespace: b.namespace, bucket: b.bucket }, map));
      }
      for (let i = 0; i < b.objects; i++) store.seed(i, i < cachedCount ? this.owners.owner(map, bi, i) : -1);
    });
  }

  /** Starts the control plane's loops. */
  start(): void {
    this.controlPlane.start();
  }

  /** Adds a client host to the network. */
  addClientHost(name: string): number {
    const bw = payloadBytesPerS(this.spec.clients.nicBytesPerS);
    return this.net.addNode(`client/${name}`, { egressBytesPerS: bw, ingressBytesPerS: bw });
  }

  /** The node of an ID (`t3`, `p1`). */
  node(id: string): NodeRef {
    const ref = this.byId.get(id);
    if (ref === undefined) throw new RangeError(`unknown node "${id}"`);
    return ref;
  }

  private base(ref: NodeRef): ProxyNode | TargetNode {
    return ref.kind === "proxy" ? this.proxies[ref.index] : this.targets[ref.index];
  }

  /** Bucket index of a bucket name (URL form). */
  bucketIndex(name: string): number {
    const i = this.buckets.findIndex((b) => b.name === name);
    if (i < 0) throw new RangeError(`unknown bucket "${name}" (have ${this.buckets.map((b) => b.name).join(", ")})`);
    return i;
  }

  private observe(node: NodeBase, version: number): void {
    this.metrics.observeSmap(node.metricsNode, version, this.sim.now);
  }

  // ------------------------------------------------------------------ lifecycle (faults)

  /**
   * The node's process dies: connections refused, in-flight requests reset, queued work lost. With `hostDown`
   * the whole host is gone (power-off): new connections get no answer at all, so clients wait out their connect
   * timeouts; requests already in flight are reset as in a crash (see the simplifications in README.md).
   */
  crash(ref: NodeRef, hostDown = false): void {
    const node = this.base(ref);
    if (node.proc === PROC_DOWN) return;
    node.proc = PROC_DOWN;
    node.epoch++;
    node.ready = false;
    node.cpu.reset(this.sim.now);
    node.parked = [];
    if (node.kind === "target") this.dataPath.targetCrashed(node);
    this.net.setNodeState(node.net, hostDown ? NODE_HOST_DOWN : NODE_PROCESS_DOWN);
    if (node.kind === "target") for (const d of node.disks) d.abortAll(false);
    this.sim.note(node.id, hostDown ? "power-off" : "crash");
    if (node.kind === "target") for (const hook of this.targetDownHooks) hook(node);
  }

  private readonly targetDownHooks: Array<(target: TargetNode) => void> = [];

  /** Subscribes to target crashes (and power-offs): work the dead process was doing ends there. */
  onTargetDown(hook: (target: TargetNode) => void): void {
    this.targetDownHooks.push(hook);
  }

  /**
   * The node's process starts again. A target initialises (`targetStartupNs`), joins the cluster, and only then
   * starts its HTTP listeners (AIStore target.Run: joinCluster before htrun.run): until it has joined,
   * connections to it are refused. A proxy answers 503 while it starts.
   */
  restart(ref: NodeRef): void {
    const node = this.base(ref);
    if (node.proc === PROC_UP) return;
    node.proc = PROC_UP;
    node.epoch++;
    node.ready = false;
    this.net.setNodeState(node.net, node.kind === "target" ? NODE_STARTING : NODE_UP);
    if (node.kind === "target") {
      // The process finds (or not) the marker its last run left, and writes it anew as it runs.
      node.restarted = node.restartMarker;
      node.restartMarker = true;
    }
    this.sim.note(node.id, "restart");
    const epoch = node.epoch;
    const startupNs = node.kind === "target" ? this.knobs.targetStartupNs : this.knobs.proxyStartupNs;
    this.sim.schedule(startupNs, () => {
      if (node.epoch !== epoch || node.proc !== PROC_UP) return;
      this.controlPlane.join(node, () => {
        if (node.epoch !== epoch) return;
        node.ready = true;
        if (node.kind === "target") this.net.setNodeState(node.net, NODE_UP);
      });
    });
  }

  /**
   * A graceful stop (SIGTERM: Kubernetes pod deletion and rollouts, systemd stop), as AIStore's target.Stop does
   * it (ais/tgtcp.go, htrun.go stop at 583e7729): running xactions abort, the target asks the primary to remove
   * it from the map (rmSelf → unregistration with no rebalance, one map version), keeps serving for a 0.5 s
   * grace, then shuts HTTP down and exits, removing its restart marker (so it will join as a new node).
   */
  stop(ref: NodeRef): void {
    const node = this.base(ref);
    if (node.kind !== "target" || node.proc !== PROC_UP) {
      this.crash(ref);
      return;
    }
    this.sim.note(node.id, "stop (SIGTERM)");
    for (const hook of this.targetStopHooks) hook(node);
    const epoch = node.epoch;
    this.controlPlane.unregister(node);
    this.sim.schedule(STOP_GRACE_NS, () => {
      if (node.epoch !== epoch || node.proc !== PROC_UP) return;
      this.crash(ref);
      node.restartMarker = false;
    });
  }

  private readonly targetStopHooks: Array<(target: TargetNode) => void> = [];

  /** Subscribes to graceful target stops (its xactions abort at once). */
  onTargetStop(hook: (target: TargetNode) => void): void {
    this.targetStopHooks.push(hook);
  }

  /** The node accepts connections but answers nothing (until `unhang`). */
  hang(ref: NodeRef): void {
    const node = this.base(ref);
    if (node.proc !== PROC_UP) return;
    node.proc = PROC_HUNG;
    this.net.setNodeState(node.net, NODE_HUNG);
    this.dataPath.disruptionBegan();
    this.sim.note(node.id, "hang");
  }

  /** A hung node resumes. */
  unhang(ref: NodeRef): void {
    const node = this.base(ref);
    if (node.proc !== PROC_HUNG) return;
    node.proc = PROC_UP;
    this.net.setNodeState(node.net, NODE_UP);
    this.dataPath.disruptionEnded();
    this.dataPath.resumeParked(node);
  }

  /** Service times of the node (CPU and its disks) × factor (1 = normal). */
  slow(ref: NodeRef, factor: number): void {
    const node = this.base(ref);
    node.slowFactor = factor;
    this.net.setSlowFactor(node.net, factor);
    if (node.kind === "target") for (const d of node.disks) d.setSlowFactor(factor);
  }

  /** Cuts `nodes` off from `from` (or from everyone). */
  partition(nodes: readonly NodeRef[], from: readonly NodeRef[] | "all"): CutId {
    const side = nodes.map((r) => this.base(r).net);
    const cut = from === "all" ? this.net.partition(side) : this.net.partition(side, from.map((r) => this.base(r).net));
    this.dataPath.disruptionBegan();
    return cut;
  }

  /** Heals a partition. */
  heal(cut: CutId): void {
    if (this.net.heal(cut)) this.dataPath.disruptionEnded();
  }

  /** Adds latency to every hop from or to the nodes. */
  latencySpike(nodes: readonly NodeRef[], addNs: number): void {
    for (const r of nodes) this.net.setExtraLatency(this.base(r).net, addNs);
  }

  /**
   * A disk fault of the fault schedule. In AIStore the filesystem health checker disables the faulty mountpath,
   * which starts a resilver: DataMovement.attach replaces this with its mountpath "fail" event (the same path as
   * the movement action `mountpath-fail`). Unwired, the disk just fails.
   */
  mountpathFault: (target: number, mountpath: number) => void = (target, mountpath) => this.diskFail(target, mountpath);

  /** A mountpath's disk fails: its IOs fail, the objects on it are unreadable. */
  diskFail(target: number, mountpath: number): void {
    const tg = this.targets[target];
    tg.diskFailed[mountpath] = true;
    tg.disks[mountpath].fail();
  }

  /** Changes a bucket's backend limits (a throttle fault); restore with the bucket's configured rates. */
  backendLimits(bucket: number, getPerS: number, putPerS: number): void {
    this.buckets[bucket].backend?.setLimits(getPerS, putPerS);
  }

  /** Starts or ends a backend outage. */
  backendOutage(bucket: number, on: boolean): void {
    const b = this.buckets[bucket].backend;
    if (b === null) return;
    if (on) b.startOutage("error");
    else b.endOutage();
  }

  /** Every node ID of a kind. */
  ids(kind: "proxy" | "target"): string[] {
    return (kind === "proxy" ? this.proxies : this.targets).map((n) => n.id);
  }
}
