import { isMemberTarget, withMaintenance, withoutFlagged, withoutMaintenance, type ClusterMap } from "../ownership/cluster-map.js";
import { PROC_UP, type ProxyNode, type TargetNode } from "../nodes.js";
import type { MembershipEvent } from "../control-plane.js";
import type { NeighborGet } from "./neighbor-get.js";
import type { MovementContext } from "./rebalance/context.js";
import type { RebalanceEngine } from "./rebalance/rebalance-engine.js";
import type { RebalanceRun } from "./rebalance/global-rebalance.js";

/**
 * Membership flows that move data, as the primary runs them: a join (timed GFN on every target first, then the
 * new map and the rebalance metadata), a restarted target's rejoin (its "restarted" flag → rebalance),
 * maintenance and decommission (flag the node out of HRW, rebalance, it drains; decommission removes it after a
 * clean run), ending maintenance, the admin's "start rebalance". Removal by keepalive only aborts a running
 * rebalance — it never starts one.
 */
export class MembershipFlows {
  /** Targets whose decommission waits for a clean rebalance. */
  private readonly decommissioning = new Set<number>();
  /** Targets removed by decommission. */
  readonly decommissioned: number[] = [];

  constructor(
    private readonly ctx: MovementContext,
    private readonly engine: RebalanceEngine,
    private readonly gfn: NeighborGet,
  ) {
    const cp = ctx.cluster.controlPlane;
    cp.onMembership((ev, map) => this.onMembership(ev, map));
    cp.onRejoin((node, wasMember) => this.onRejoin(node, wasMember));
    engine.onRunEnd((run) => this.runEnded(run));
  }

  private primaryMap(): ClusterMap {
    const c = this.ctx.cluster;
    return c.proxies[c.controlPlane.primary].smap;
  }

  private onMembership(ev: MembershipEvent, _map: ClusterMap): void {
    // Keepalive's removal and a stopping target's own unregistration: neither starts a run; a run it takes part
    // in aborts (a stopping target aborts its xactions; a dead one breaks its streams).
    if (ev.kind !== "remove" && ev.kind !== "unregister") return;
    const c = this.ctx.cluster;
    const removed = ev.nodes.map((id) => c.node(id)).filter((r) => r.kind === "target").map((r) => r.index);
    if (removed.length > 0) this.engine.peerRemoved(removed);
  }

  private onRejoin(node: TargetNode | ProxyNode, wasMember: boolean): void {
    if (node.kind !== "target") return;
    const map = this.primaryMap();
    if (!wasMember) this.gfn.timedUntilNs = this.ctx.sim.now + this.ctx.cluster.spec.config.gfn.timedNs;
    // A target that stopped gracefully removed its marker: it joins as a new node, not as "restarted".
    if (node.restarted) this.gfn.restarted.add(node.index);
    const before: ClusterMap = { ...map, targets: map.targets.filter((t) => t !== node.index) };
    this.engine.start(node.restarted ? (wasMember ? "restart" : "rejoin") : "join", map, before);
  }

  /** A new target (outside the map) joins: timed GFN first, then the map and the rebalance. */
  join(target: number): void {
    const c = this.ctx.cluster;
    const tg = c.targets[target];
    if (tg.proc !== PROC_UP || isMemberTarget(this.primaryMap(), target)) return;
    this.gfn.timedUntilNs = this.ctx.sim.now + c.spec.config.gfn.timedNs;
    c.controlPlane.join(tg, () => {
      tg.ready = true;
    });
  }

  /**
   * Maintenance or decommission: the node is flagged, out of HRW but still a member; a rebalance drains it. The
   * primary refuses the command while a rebalance runs (ErrBusy: ais/prxcycle.go beginMembership/errRebRunning at
   * 583e7729): false then, and nothing changes. Maintenance with `rebalance` false (`--no-rebalance`, the
   * operator's rolling-upgrade path; prxcycle.go rmTargets with skipReb) flags the node and starts nothing: no
   * rebalance and no GFN, so objects only it holds answer 404 until it is back in service.
   */
  drain(target: number, kind: "maintenance" | "decommission", rebalance = true): boolean {
    const c = this.ctx.cluster;
    const before = this.primaryMap();
    if (!before.targets.includes(target)) return true;
    if (this.engine.running) return false;
    this.ctx.draining.add(target);
    if (kind === "decommission") this.decommissioning.add(target);
    const next = withMaintenance(before, target);
    c.controlPlane.publishChange(next, { atNs: this.ctx.sim.now, kind, nodes: [c.targets[target].id], version: next.version });
    if (rebalance) this.engine.start(kind, next, before);
    return true;
  }

  /** Maintenance ends: the node is back in HRW, and a rebalance brings its objects back. */
  activate(target: number, rebalance = true): void {
    const c = this.ctx.cluster;
    if (!this.ctx.draining.has(target) || this.decommissioning.has(target)) return;
    this.ctx.draining.delete(target);
    const before = this.primaryMap();
    const next = withoutMaintenance(before, target);
    c.controlPlane.publishChange(next, { atNs: this.ctx.sim.now, kind: "activate", nodes: [c.targets[target].id], version: next.version });
    if (rebalance) this.engine.start("activate", next, before);
  }

  /** The admin's "ais start rebalance". */
  adminStart(): void {
    this.engine.start("admin", this.primaryMap(), null);
  }

  private runEnded(run: RebalanceRun): void {
    if (run.summary.state !== "done") return;
    for (const t of run.participants) this.gfn.restarted.delete(t);
    for (const t of [...this.decommissioning]) {
      if (!run.participants.includes(t)) continue;
      // A clean run drained it: the primary removes it from the map, and the node leaves with its disks.
      this.decommissioning.delete(t);
      this.ctx.draining.delete(t);
      this.decommissioned.push(t);
      const c = this.ctx.cluster;
      const next = withoutFlagged(this.primaryMap(), t);
      c.controlPlane.publishChange(next, { atNs: this.ctx.sim.now, kind: "decommissioned", nodes: [c.targets[t].id], version: next.version });
      c.crash({ kind: "target", index: t });
      for (const b of c.buckets) for (let i = 0; i < b.store.count; i++) if (b.store.versionOn(i, t) > 0) b.store.remove(i, t);
    }
  }
}
