import type { Simulator } from "../../kernel/index.js";
import { sFromNs } from "../../kernel/time.js";
import type { Cluster } from "../cluster.js";
import type { ClusterMap } from "../ownership/cluster-map.js";
import { objectName } from "../ownership/placement-port.js";
import { cleanupMisplaced, type CleanupSummary } from "./cleanup.js";
import { ErasureCoding } from "./erasure-coding.js";
import { NeighborGet } from "./neighbor-get.js";
import { MembershipFlows } from "./membership-flows.js";
import { Mirroring } from "./mirroring.js";
import { MountpathLocations } from "./resilver/mountpath-locations.js";
import { Resilver } from "./resilver/resilver.js";
import type { MovementContext } from "./rebalance/context.js";
import { MOVEMENT_KNOB_DEFAULTS } from "../../model/knobs.js";
import type { MovementSpec } from "../../model/movement.js";
import { RebalanceEngine } from "./rebalance/rebalance-engine.js";
import type { MovementReport, RefusedAction } from "./rebalance/report.js";

/**
 * Data movement wired into a cluster: rebalance engine, get-from-neighbor, resilver, erasure coding, mirroring
 * and the membership flows, plus the data path's hooks (a GET miss, the mountpath of a read or write) and the
 * timed actions of the config. `attach` must run after the population was seeded and before the run starts.
 */
export class DataMovement {
  readonly ctx: MovementContext;
  readonly engine: RebalanceEngine;
  readonly gfn: NeighborGet;
  readonly resilver: Resilver;
  readonly flows: MembershipFlows;
  readonly ec: ErasureCoding | null;
  readonly mirror: Mirroring | null;
  /** Admin commands the primary refused. */
  private readonly refused: RefusedAction[] = [];
  /** The admin's cleanups, as they ran. */
  private readonly cleanups: CleanupSummary[] = [];

  private constructor(
    private readonly cluster: Cluster,
    sim: Simulator,
    config: MovementSpec,
  ) {
    const sizes = cluster.spec.buckets.map((b) => b.objectSizeBytes);
    this.ctx = {
      sim,
      cluster,
      locations: new MountpathLocations(cluster.placement, cluster.targets.length, cluster.spec.mountpaths.perTarget),
      knobs: { ...MOVEMENT_KNOB_DEFAULTS, ...config.knobs },
      draining: new Set(),
      sizeOf: (b) => sizes[b],
    };
    this.engine = new RebalanceEngine(this.ctx);
    this.gfn = new NeighborGet(this.ctx, this.engine);
    this.resilver = new Resilver(this.ctx);
    this.flows = new MembershipFlows(this.ctx, this.engine, this.gfn);
    const ais = cluster.spec.config;
    const pick = (names: readonly string[] | undefined, all: boolean, filter: (i: number) => boolean): Set<number> => {
      const set = new Set<number>((names ?? []).map((n) => cluster.bucketIndex(n)));
      if (all) cluster.buckets.forEach((b) => filter(b.index) && set.add(b.index));
      return set;
    };
    const ecBuckets = pick(config.ecBuckets, ais.ec.enabled, (i) => cluster.buckets[i].backend === null);
    this.ec = ecBuckets.size > 0 ? new ErasureCoding(this.ctx, ecBuckets, cluster.proxies[0].smap) : null;
    this.gfn.fallback = this.ec;
    const mirrorBuckets = pick(config.mirrorBuckets, ais.mirror.enabled, () => true);
    this.mirror = mirrorBuckets.size > 0 ? new Mirroring(this.ctx, mirrorBuckets, ais.mirror.copies, ais.features.includes("LoadBalanceGET")) : null;
    this.resilver.mirror = this.mirror;
    const loc = this.ctx.locations;
    const mirror = this.mirror;
    // A disk fault (fault schedule, stochastic mountpath failures) is a mountpath "fail" event: the mountpath
    // leaves HRW and the target resilvers. A disk that already failed raises no second event.
    cluster.mountpathFault = (t, m) => {
      if (!cluster.targets[t].diskFailed[m]) this.resilver.event(t, m, "fail");
    };
    cluster.dataPath.missHandler = this.gfn.onMiss;
    cluster.dataPath.mountpathOf = (b, o, t, forWrite) =>
      forWrite ? loc.placeWrite(b, o, t) : mirror !== null && mirror.covers(b) ? mirror.readMountpath(b, o, t) : loc.current(b, o, t);
  }

  /** Wires data movement into a built, seeded cluster. */
  static attach(cluster: Cluster, sim: Simulator, config: MovementSpec = {}): DataMovement {
    const dm = new DataMovement(cluster, sim, config);
    dm.applyStandby(config.standby ?? []);
    for (const a of config.actions ?? []) sim.scheduleAt(Math.max(sim.now, a.atNs), () => dm.act(a));
    return dm;
  }

  /** Takes standby targets out of every node's initial map and places the population without them. */
  private applyStandby(ids: readonly string[]): void {
    if (ids.length === 0) return;
    const c = this.cluster;
    const out = ids.map((id) => c.node(id).index);
    const base = c.proxies[0].smap;
    const map: ClusterMap = { ...base, targets: base.targets.filter((t) => !out.includes(t)) };
    for (const n of [...c.proxies, ...c.targets]) n.smap = map;
    c.spec.buckets.forEach((b, bi) => {
      const store = c.buckets[bi].store;
      const cached = Math.round((b.cachedFraction ?? (b.backend === undefined ? 1 : 0)) * b.objects);
      for (let i = 0; i < cached; i++) {
        // HRW: only objects a standby target would own change owner.
        if (!out.includes(store.homeOf(i)) && !store.hasExtraCopies(i)) continue;
        for (const h of store.holders(i)) store.remove(i, h);
        store.seed(i, c.owners.owner(map, bi, i));
      }
    });
    if (this.ec !== null) (this as { ec: ErasureCoding | null }).ec = new ErasureCoding(this.ctx, new Set([...c.buckets.keys()].filter((b) => this.ec!.covers(b))), map);
    this.gfn.fallback = this.ec;
  }

  private act(a: NonNullable<MovementSpec["actions"]>[number]): void {
    const c = this.cluster;
    this.ctx.sim.note("movement", a.action, "node" in a ? { node: a.node } : undefined);
    switch (a.action) {
      case "join":
        return this.flows.join(c.node(a.node).index);
      case "maintenance":
      case "decommission": {
        if (this.flows.drain(c.node(a.node).index, a.action, a.rebalance !== false)) return;
        this.refused.push({ atNs: this.ctx.sim.now, action: a.action, node: a.node });
        this.ctx.sim.note("movement", `${a.action} ${a.node} refused: a rebalance is running (ErrBusy)`);
        if (a.retryNs !== undefined) this.ctx.sim.schedule(a.retryNs, () => this.act(a));
        return;
      }
      case "stop-maintenance":
        return this.flows.activate(c.node(a.node).index, a.rebalance !== false);
      case "start-rebalance":
        return this.flows.adminStart();
      case "cleanup": {
        const map = c.proxies[c.controlPlane.primary].smap;
        this.cleanups.push(cleanupMisplaced(c, map, (b) => this.ec?.covers(b) ?? false, a.force, this.ctx.sim.now));
        return;
      }
      default: {
        const ev = a.action.slice("mountpath-".length) as "disable" | "detach" | "fail" | "enable" | "attach";
        return this.resilver.event(c.node(a.node).index, a.mountpath, ev);
      }
    }
  }

  /** The report: `ais show rebalance` rows, resilver rows, run summaries and figures. */
  report(endNs: number): MovementReport {
    const rows = this.engine.rows;
    let bytes = 0;
    for (const r of rows) bytes += r.sizeSentBytes;
    let rebNs = 0;
    for (const run of this.engine.runs) rebNs += (run.endNs < 0 ? endNs : run.endNs) - run.startNs;
    return {
      rebalance: rows,
      resilver: this.resilver.rows,
      runs: this.engine.runs,
      gfnRequests: this.gfn.requests,
      gfnHits: this.gfn.hits,
      ecRestores: this.ec?.restores ?? 0,
      ecRestoreFailures: this.ec?.failures ?? 0,
      objectsLostOnDisk: this.resilver.lostObjects,
      refused: this.refused,
      cleanups: this.cleanups,
      movedPerSecond: new Map(this.engine.movedPerSecond.flatMap((series, t) => (series === undefined ? [] : [[this.cluster.targets[t].id, series] as const]))),
      figures: { rebalance_s: sFromNs(rebNs), rebalance_bytes: bytes, gfn_requests: this.gfn.requests, admin_refused: this.refused.length },
    };
  }

  /** Per-run transfer totals of every rebalance run (rows summed over targets), for the sent = received check. */
  rebalanceTotals(): Array<{ rebId: number; objSent: number; objRcv: number; sizeSentBytes: number; sizeRcvBytes: number }> {
    return this.engine.runs.map((run) => {
      const rs = this.engine.rows.filter((r) => r.rebId === run.rebId);
      const sum = (f: (r: (typeof rs)[number]) => number): number => rs.reduce((s, r) => s + f(r), 0);
      return { rebId: run.rebId, objSent: sum((r) => r.objSent), objRcv: sum((r) => r.objRcv), sizeSentBytes: sum((r) => r.sizeSentBytes), sizeRcvBytes: sum((r) => r.sizeRcvBytes) };
    });
  }

  /**
   * Facts for the owner check, when it applies: the last rebalance completed on the final map, or on one that
   * differs only in flagged members (a decommissioned node removed afterwards). Null when it does not apply.
   */
  settledPlacementFacts(): ReturnType<DataMovement["placedFacts"]> | null {
    const c = this.cluster;
    const last = this.engine.runs.at(-1);
    const map = c.proxies[c.controlPlane.primary].smap;
    const lastRun = this.engine.current;
    const sameHrw = lastRun !== null && lastRun.map.targets.length === map.targets.length && lastRun.map.targets.every((t, k) => map.targets[k] === t);
    if (last === undefined || last.state !== "done" || lastRun === null || !sameHrw) return null;
    return this.placedFacts(map, new Set(lastRun.participants));
  }

  /**
   * Facts for the owner check. Objects whose one copy sits at the latest version on its owner's HRW mountpath
   * cannot break it and are skipped here (no name, no allocation: populations run to tens of millions).
   */
  *placedFacts(map: ClusterMap, participants: ReadonlySet<number>) {
    const c = this.cluster;
    const loc = this.ctx.locations;
    for (const b of c.buckets) {
      const store = b.store;
      for (let i = 0; i < store.count; i++) {
        const latest = store.latest(i);
        if (latest === 0) continue;
        const owner = c.owners.owner(map, b.index, i);
        const ownerVersion = owner < 0 ? 0 : store.versionOn(i, owner);
        const mountpath = owner < 0 ? -1 : loc.current(b.index, i, owner);
        const hrwMountpath = owner < 0 ? -1 : loc.hrw(b.index, i, owner);
        if (ownerVersion === latest && mountpath === hrwMountpath) continue;
        const movable = store.holders(i).some((h) => participants.has(h));
        yield { name: `${b.name}/${objectName(i)}`, latest, owner, ownerVersion, mountpath, hrwMountpath, movable };
      }
    }
  }

  /** Facts for the loss check: only objects whose home copy is not already the latest version. */
  *copiesFacts() {
    const c = this.cluster;
    for (const b of c.buckets) {
      const store = b.store;
      for (let i = 0; i < store.count; i++) {
        const latest = store.latest(i);
        const home = store.homeOf(i);
        if (latest === 0 || (home >= 0 && store.versionOn(i, home) >= latest)) continue;
        let best = 0;
        for (const h of store.holders(i)) best = Math.max(best, store.versionOn(i, h));
        yield { name: `${b.name}/${objectName(i)}`, latest, bestHeld: best, recoverable: b.backend !== null || (this.ec?.covers(b.index) ?? false) };
      }
    }
  }
}
