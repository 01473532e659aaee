import { spawn, type Process, type ProcessBody, type Simulator } from "../kernel/index.js";
import { REACH_OK, REACH_REFUSED, type Network } from "./resources/index.js";
import type { AisConfig } from "../model/cluster.js";
import type { ClusterKnobs } from "../model/knobs.js";
import { isMemberTarget, memberTargets, withoutProxies, withoutTargets, withPrimary, withProxy, withTarget, type ClusterMap } from "./ownership/cluster-map.js";
import type { Placement } from "./ownership/placement-port.js";
import { PROC_DOWN, PROC_UP, type NodeBase, type ProxyNode, type TargetNode } from "./nodes.js";

/** A membership change the primary made, for results and for hooks (rebalance, GFN will subscribe). */
export interface MembershipEvent {
  readonly atNs: number;
  readonly kind: "remove" | "unregister" | "join" | "election" | "maintenance" | "decommission" | "activate" | "decommissioned";
  /** Node IDs removed / joined / elected / flagged / unflagged / removed after a decommission. */
  readonly nodes: readonly string[];
  readonly version: number;
}

/** Listeners of membership changes: the place rebalance and timed GFN hook in. */
export type MembershipHook = (event: MembershipEvent, map: ClusterMap) => void;

/**
 * The control plane: the primary's keepalive (death detection and batch removal), metasync of new maps,
 * joins of restarted nodes, and primary election. Slow loops, written as kernel processes.
 *
 * Keepalive as in AIStore: every node sends the primary a keepalive each interval; on each of its ticks the
 * primary health-checks every member it has not heard from for over an interval — one check (2 s timeout), a
 * retry 2 s after it began, then `failures` (3) checks 6 s apart with the longer timeout (5 s); a node failing
 * all of them is removed, all such nodes in one map update (version + 1), pushed by metasync. Removal starts
 * no rebalance. Death to removal is thus ≈ 20–45 s. Targets flagged maintenance/decommission stay members:
 * metasync reaches them, keepalive leaves them alone.
 */
export class ControlPlane {
  /** The proxy acting as primary. */
  primary: number;
  readonly events: MembershipEvent[] = [];
  private readonly hooks: MembershipHook[] = [];
  /** Last time the primary heard from each node (proxies 0..P-1, targets P..). */
  private readonly lastHeardNs: Float64Array;
  private readonly checking: Uint8Array;
  /** Nodes retrying their keepalive to a primary that did not answer. */
  private readonly suspecting: Uint8Array;
  /** An election is under way (one at a time). */
  private electing = false;
  private readonly ka: AisConfig["keepalive"];

  constructor(
    private readonly sim: Simulator,
    private readonly net: Network,
    private readonly cfg: AisConfig,
    private readonly knobs: ClusterKnobs,
    private readonly proxies: readonly ProxyNode[],
    private readonly targets: readonly TargetNode[],
    private readonly placement: Placement,
    private readonly observe: (node: NodeBase, version: number) => void,
    initialPrimary: number,
  ) {
    this.primary = initialPrimary;
    this.ka = cfg.keepalive;
    const n = proxies.length + targets.length;
    this.lastHeardNs = new Float64Array(n);
    this.checking = new Uint8Array(n);
    this.suspecting = new Uint8Array(n);
  }

  /** Subscribes to membership changes. */
  onMembership(hook: MembershipHook): void {
    this.hooks.push(hook);
  }

  private readonly rejoinHooks: Array<(node: TargetNode | ProxyNode, wasMember: boolean) => void> = [];

  /** Subscribes to completed joins of restarted nodes (also those still in the map: AIStore's "restarted" flag). */
  onRejoin(hook: (node: TargetNode | ProxyNode, wasMember: boolean) => void): void {
    this.rejoinHooks.push(hook);
  }

  /** The primary installs and pushes a map built elsewhere (maintenance flags, decommission); hooks hear of it. */
  publishChange(map: ClusterMap, event: MembershipEvent): void {
    this.publish(map, event);
  }

  /**
   * A stopping target's rmSelf: it asks the primary (one hop) to remove it; the primary unregisters it with no
   * rebalance (`httpcludel` → `mcastUnreg` with skipReb, ais/prxcycle.go at 583e7729): one new map version.
   */
  unregister(node: TargetNode): void {
    const primary = this.proxies[this.primary];
    if (primary.proc !== PROC_UP || this.net.reachability(node.net, primary.net) !== REACH_OK) return;
    this.sim.schedule(this.net.latencyNs(node.net, primary.net), () => {
      const current = this.proxies[this.primary].smap;
      if (!isMemberTarget(current, node.index)) return;
      const next = { ...withoutTargets(current, [node.index]), version: current.version + 1 };
      this.publish(next, { atNs: this.sim.now, kind: "unregister", nodes: [node.id], version: next.version });
    });
  }

  /** Starts the loops: every node's keepalive to the primary, and the primary's tracker. */
  start(): void {
    for (const node of this.allNodes()) {
      const phase = Math.floor(this.sim.rng.stream(`cplane/${node.id}/keepalive-phase`)() * this.ka.intervalNs);
      this.sim.schedule(phase, this.onKeepaliveSend, node, this.sim.label("keepalive.send", node.id));
    }
    spawn(this.sim, this.tracker(), { name: "cplane/keepalive" });
  }

  /**
   * A node's keepalive to the primary (ais/kalive.go `keepalive.do`): answered, the primary heard from it; not
   * answered, the node starts suspecting the primary (unless it already does).
   */
  private readonly onKeepaliveSend = (node: NodeBase): void => {
    const primary = this.proxies[this.primary];
    if (node !== primary && node.proc === PROC_UP && node.ready) {
      if (primary.proc === PROC_UP && this.net.reachability(node.net, primary.net) === REACH_OK) {
        this.lastHeardNs[node.metricsNode] = this.sim.now + this.net.latencyNs(node.net, primary.net);
      } else if (this.suspecting[node.metricsNode] === 0) {
        this.suspecting[node.metricsNode] = 1;
        spawn(this.sim, this.suspectPrimary(node, primary), { name: `cplane/${node.id}/suspect` });
      }
    }
    this.sim.schedule(this.ka.intervalNs, this.onKeepaliveSend, node, this.sim.label("keepalive.send", node.id));
  };

  private *allNodesGen(): Generator<NodeBase> {
    yield* this.proxies;
    yield* this.targets;
  }

  private allNodes(): NodeBase[] {
    return [...this.allNodesGen()];
  }

  /** The primary's keepalive tracker. */
  private *tracker(): ProcessBody<void> {
    // The tracker's ticks have their own phase: a crash lands anywhere between two of them.
    yield Math.floor(this.sim.rng.stream("cplane/keepalive/tracker-phase")() * this.ka.intervalNs);
    for (;;) {
      yield this.ka.intervalNs;
      const primary = this.proxies[this.primary];
      if (primary.proc !== PROC_UP) continue;
      const map = primary.smap;
      const suspects: NodeBase[] = [];
      for (const node of this.keepaliveMembers(map)) {
        if (node === primary || this.checking[node.metricsNode] === 1) continue;
        if (this.sim.now - this.lastHeardNs[node.metricsNode] > this.ka.intervalNs) suspects.push(node);
      }
      if (suspects.length === 0) continue;
      const checks: Array<Process<boolean>> = suspects.map((node) => {
        this.checking[node.metricsNode] = 1;
        return spawn(this.sim, this.deathCheck(primary, node), { name: `cplane/check/${node.id}` });
      });
      const dead: NodeBase[] = [];
      for (let i = 0; i < checks.length; i++) {
        const alive = (yield checks[i]) as boolean;
        this.checking[suspects[i].metricsNode] = 0;
        if (!alive) dead.push(suspects[i]);
      }
      if (dead.length === 0 || this.primary !== primary.index || primary.proc !== PROC_UP) continue;
      const current = primary.smap;
      const deadTargets = dead.filter((n) => n.kind === "target" && current.targets.includes(n.index)).map((n) => n.index);
      const deadProxies = dead.filter((n) => n.kind === "proxy" && current.proxies.includes(n.index)).map((n) => n.index);
      if (deadTargets.length === 0 && deadProxies.length === 0) continue;
      let next = current;
      if (deadTargets.length > 0) next = withoutTargets(next, deadTargets);
      if (deadProxies.length > 0) next = withoutProxies(next, deadProxies);
      next = { ...next, version: current.version + 1 };
      const ids = [...deadProxies.map((p) => this.proxies[p].id), ...deadTargets.map((t) => this.targets[t].id)];
      this.publish(next, { atNs: this.sim.now, kind: "remove", nodes: ids, version: next.version });
    }
  }

  /** Health checks of one suspect; true if it answered one of them. */
  private *deathCheck(primary: ProxyNode, node: NodeBase): ProcessBody<boolean> {
    const startNs = this.sim.now;
    if (yield* this.probe(primary, node, this.ka.timeoutNs)) return this.heard(node);
    const retryAt = startNs + this.ka.timeoutNs;
    if (this.sim.now < retryAt) yield retryAt - this.sim.now;
    const retryStartNs = this.sim.now;
    if (yield* this.probe(primary, node, this.ka.timeoutNs)) return this.heard(node);
    for (let k = 1; k <= this.ka.failures; k++) {
      const at = retryStartNs + k * this.ka.retryIntervalNs;
      if (this.sim.now < at) yield at - this.sim.now;
      if (yield* this.probe(primary, node, this.ka.maxTimeoutNs)) return this.heard(node);
    }
    return false;
  }

  private heard(node: NodeBase): boolean {
    this.lastHeardNs[node.metricsNode] = this.sim.now;
    return true;
  }

  /** One health check: answered after a round trip, refused after one, or nothing until the timeout. */
  private *probe(from: NodeBase, to: NodeBase, timeoutNs: number): ProcessBody<boolean> {
    const reach = this.net.reachability(from.net, to.net);
    if (reach === REACH_OK) {
      yield this.net.rttNs(from.net, to.net);
      return to.proc === PROC_UP;
    }
    yield reach === REACH_REFUSED ? this.net.rttNs(from.net, to.net) : timeoutNs;
    return false;
  }

  /** Every member: metasync pushes to all of them, flagged targets included. */
  private members(map: ClusterMap): NodeBase[] {
    return [...map.proxies.map((p) => this.proxies[p] as NodeBase), ...memberTargets(map).map((t) => this.targets[t] as NodeBase)];
  }

  /** Members the keepalive tracker watches: not the targets in maintenance or decommission. */
  private keepaliveMembers(map: ClusterMap): NodeBase[] {
    return [...map.proxies.map((p) => this.proxies[p] as NodeBase), ...map.targets.map((t) => this.targets[t] as NodeBase)];
  }

  // ------------------------------------------------------------------ metasync

  /** The primary installs `map` and pushes it to every member; hooks hear of the change. */
  private publish(map: ClusterMap, event: MembershipEvent): void {
    const primary = this.proxies[this.primary];
    this.install(primary, map);
    this.events.push(event);
    this.sim.note("cplane", `${event.kind} ${event.nodes.join(",")} → Smap v${map.version}`);
    for (const node of this.members(map)) if (node !== primary) this.push(node, map);
    for (const hook of this.hooks) hook(event, map);
  }

  private push(node: NodeBase, map: ClusterMap): void {
    spawn(this.sim, this.pushTo(node, map), { name: `metasync/${node.id}` });
  }

  /**
   * One metasync push: delivered after a hop and the apply time. A failed push is retried 2 s after it failed:
   * a refused one fails after a round trip, one that nothing answers (partition, host down, hung process) after
   * the metasync timeout (5 s).
   */
  private *pushTo(node: NodeBase, map: ClusterMap): ProcessBody<void> {
    for (;;) {
      const primary = this.proxies[this.primary];
      // A newer map supersedes this push; a primary that lost its role stops pushing.
      if (primary.smap.version > map.version || primary.proc !== PROC_UP) return;
      const reach = this.net.reachability(primary.net, node.net);
      if (reach === REACH_OK && node.proc === PROC_UP) {
        yield this.net.latencyNs(primary.net, node.net) + this.knobs.smapApplyNs;
        if (node.proc === PROC_UP) {
          this.install(node, map);
          return;
        }
        // Down while the push was on its way: the connection breaks, retried like a refusal.
      } else if (reach === REACH_REFUSED || (reach === REACH_OK && node.proc === PROC_DOWN)) {
        yield this.net.rttNs(primary.net, node.net);
      } else {
        yield this.cfg.timeouts.metasyncNs;
      }
      yield this.cfg.metasync.retryIntervalNs;
    }
  }

  /** A node installs a map if it is newer than its own. */
  install(node: NodeBase, map: ClusterMap): void {
    if (map.version <= node.smap.version) return;
    node.smap = map;
    this.observe(node, map.version);
  }

  // ------------------------------------------------------------------ joins

  /** A restarted target (or proxy) asks the primary to join, every 2 s until it gets an answer. */
  join(node: TargetNode | ProxyNode, onJoined: () => void): void {
    spawn(this.sim, this.joinLoop(node, onJoined), { name: `cplane/${node.id}/join` });
  }

  private *joinLoop(node: TargetNode | ProxyNode, onJoined: () => void): ProcessBody<void> {
    const epoch = node.epoch;
    for (;;) {
      if (node.epoch !== epoch || node.proc !== PROC_UP) return;
      const primary = this.proxies[this.primary];
      if (primary === node) {
        onJoined();
        return;
      }
      if (primary.proc === PROC_UP && this.net.reachability(node.net, primary.net) === REACH_OK) {
        yield this.net.rttNs(node.net, primary.net);
        if (node.epoch !== epoch || node.proc !== PROC_UP) return;
        const current = this.proxies[this.primary].smap;
        this.lastHeardNs[node.metricsNode] = this.sim.now;
        // A flagged target is a member too: it rejoins still flagged.
        const inMap = node.kind === "target" ? isMemberTarget(current, node.index) : current.proxies.includes(node.index);
        if (!inMap) {
          const next = node.kind === "target" ? withTarget(current, node.index) : withProxy(current, node.index);
          this.publish(next, { atNs: this.sim.now, kind: "join", nodes: [node.id], version: next.version });
        }
        // The join answer carries the current map.
        this.install(node, this.proxies[this.primary].smap);
        onJoined();
        for (const hook of this.rejoinHooks) hook(node, inMap);
        return;
      }
      yield this.cfg.metasync.retryIntervalNs;
    }
  }

  // ------------------------------------------------------------------ election

  /**
   * After a keepalive to the primary failed (its first try: a round trip when refused, the control-plane timeout
   * when nothing answers), the node retries every `retryInterval` (6 s) with the longer timeout (5 s), up to
   * `failures` (3) times (ais/kalive.go `keepalive.do` at 583e7729); all failed, it reports the primary down.
   */
  private *suspectPrimary(node: NodeBase, primary: ProxyNode): ProcessBody<void> {
    try {
      const firstAnswered = yield* this.probe(node, primary, this.cfg.timeouts.cplaneOperationNs);
      if (firstAnswered) return;
      for (let k = 1; k <= this.ka.failures; k++) {
        yield this.ka.retryIntervalNs;
        if (this.proxies[this.primary] !== primary || node.proc !== PROC_UP) return;
        if (yield* this.probe(node, primary, this.ka.maxTimeoutNs)) return;
      }
      this.onPrimaryDown(node, primary);
    } finally {
      this.suspecting[node.metricsNode] = 0;
    }
  }

  /**
   * htrun.onPrimaryDown (ais/vote.go): the next primary by HRW over the proxies is the candidate; a node that is
   * not the candidate asks it (one round trip) to start the election.
   */
  private onPrimaryDown(node: NodeBase, primary: ProxyNode): void {
    if (this.electing || this.proxies[this.primary] !== primary) return;
    const candidate = this.proxies[this.placement.nextPrimary(node.smap, primary.index)];
    if (candidate === undefined || candidate.proc !== PROC_UP) return;
    this.electing = true;
    const askNs = candidate === node ? 0 : this.net.rttNs(node.net, candidate.net);
    spawn(this.sim, this.election(candidate, primary, askNs), { name: `cplane/${candidate.id}/election` });
  }

  /**
   * The candidate's election (ais/vote.go `elect`): it health-checks the primary (twice, control-plane timeout);
   * confirmed down, it asks every member for its vote (phase 1) and then confirms (phase 2) — each phase lasts
   * until the slowest member answered, refused or timed out — and becomes primary, pushing the new map.
   */
  private *election(candidate: ProxyNode, primary: ProxyNode, askNs: number): ProcessBody<void> {
    try {
      if (askNs > 0) yield askNs;
      const tout = this.cfg.timeouts.cplaneOperationNs;
      for (let i = 0; i < 2; i++) {
        if (candidate.proc !== PROC_UP || this.proxies[this.primary] !== primary) return;
        if (yield* this.probe(candidate, primary, tout)) return;
      }
      const voters = this.members(candidate.smap).filter((n) => n !== candidate && n !== primary);
      for (let phase = 0; phase < 2; phase++) {
        let slowestNs = 0;
        for (const v of voters) {
          const reach = this.net.reachability(candidate.net, v.net);
          slowestNs = Math.max(slowestNs, reach === REACH_OK || reach === REACH_REFUSED ? this.net.rttNs(candidate.net, v.net) : tout);
        }
        yield slowestNs;
      }
      if (candidate.proc !== PROC_UP || this.proxies[this.primary] !== primary || primary.proc === PROC_UP) return;
      this.primary = candidate.index;
      const next = withPrimary(candidate.smap, candidate.index);
      for (const n of this.allNodesGen()) this.lastHeardNs[n.metricsNode] = this.sim.now;
      this.publish(next, { atNs: this.sim.now, kind: "election", nodes: [candidate.id], version: next.version });
    } finally {
      this.electing = false;
    }
  }
}
