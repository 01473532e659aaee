import { Signal, spawn, waitFor, type ProcessBody } from "../../kernel/index.js";
import type { Attempt } from "../http/attempt.js";
import { PROC_UP, type TargetNode } from "../nodes.js";
import { IO_OK, REACH_OK, TRANSFER_OK, type TransferStatus } from "../resources/index.js";
import { diskIo } from "./rebalance/io-wait.js";
import type { MovementContext } from "./rebalance/context.js";
import type { RebalanceEngine } from "./rebalance/rebalance-engine.js";

/** A restore the GET path may fall back on after GFN (erasure coding). */
export interface MissFallback {
  /** True when it took the attempt and will finish it (`continueGet`). */
  tryRestore(a: Attempt, tg: TargetNode): boolean;
}

/**
 * Get-from-neighbor: a target that lacks an object asks its peers while a rebalance runs (or was interrupted),
 * after it restarted, or while timed GFN is on after a join. It HEADs the object's owner on the previous map
 * (or broadcasts a HEAD to every target, 5 s timeout), GETs the object from a holder (1 min timeout), stores it
 * locally and tells the sender's rebalance to skip it.
 */
export class NeighborGet {
  requests = 0;
  hits = 0;
  /** Timed GFN (after a join) is on until this time. */
  timedUntilNs = -1;
  /** Targets that restarted and have not finished a rebalance since. */
  readonly restarted = new Set<number>();
  fallback: MissFallback | null = null;

  constructor(
    private readonly ctx: MovementContext,
    private readonly engine: RebalanceEngine,
  ) {
    this.label = ctx.sim.label("gfn", "cluster");
  }

  /** True when `target` asks neighbours for a missing object. */
  isOn(target: number): boolean {
    return this.engine.gfnOn || this.ctx.sim.now < this.timedUntilNs || this.restarted.has(target);
  }

  /** The data path's miss handler. */
  readonly onMiss = (a: Attempt, tg: TargetNode): boolean => {
    if (this.isOn(tg.index)) {
      this.requests++;
      spawn(this.ctx.sim, this.fetch(a, tg), { name: "gfn", label: this.label });
      return true;
    }
    return this.fallback !== null && this.fallback.tryRestore(a, tg);
  };

  private readonly label: number;

  private *fetch(a: Attempt, tg: TargetNode): ProcessBody<void> {
    const c = this.ctx.cluster;
    const cfg = c.spec.config.gfn;
    const sim = this.ctx.sim;
    const b = a.bucket;
    const i = a.object;
    const store = c.buckets[b].store;
    const epoch = tg.epoch;
    const usable = (h: number): boolean =>
      h !== tg.index && c.targets[h].proc === PROC_UP && c.net.reachability(tg.net, c.targets[h].net) === REACH_OK && store.versionOn(i, h) > 0;
    let holder = -1;
    const prev = this.engine.previousMap;
    const prevOwner = prev === null ? -1 : c.owners.owner(prev, b, i);
    if (prevOwner >= 0 && usable(prevOwner)) {
      yield c.net.rttNs(tg.net, c.targets[prevOwner].net);
      holder = prevOwner;
    } else {
      // Broadcast HEAD: the answer of the freshest holder; a silent peer makes it wait out the timeout.
      let waitNs = 0;
      let silent = false;
      for (const peer of c.targets) {
        if (peer === tg) continue;
        if (c.net.reachability(tg.net, peer.net) === REACH_OK && peer.proc === PROC_UP) waitNs = Math.max(waitNs, c.net.rttNs(tg.net, peer.net));
        else silent = true;
        if (usable(peer.index) && (holder < 0 || store.versionOn(i, peer.index) > store.versionOn(i, holder))) holder = peer.index;
      }
      yield holder < 0 && silent ? cfg.headTimeoutNs : waitNs;
    }
    if (tg.epoch !== epoch) return;
    if (holder < 0 || !usable(holder)) return this.giveUp(a, tg);
    const version = store.versionOn(i, holder);
    const size = this.ctx.sizeOf(b);
    const src = c.targets[holder];
    const readStatus = (yield diskIo(sim, src.disks[this.ctx.locations.current(b, i, holder)], false, size)) as number;
    if (readStatus !== IO_OK || tg.epoch !== epoch) return this.giveUp(a, tg);
    const arrived = new Signal<TransferStatus>(sim, "gfn.get");
    const handle = c.net.transfer(src.net, tg.net, size, (s: Signal<TransferStatus>, st) => s.notify(st), arrived, c.net.latencyNs(src.net, tg.net));
    const r = yield* waitFor(sim, arrived, cfg.getTimeoutNs);
    if (r.timedOut) {
      c.net.abort(handle);
      return this.giveUp(a, tg);
    }
    if (r.value !== TRANSFER_OK || tg.epoch !== epoch) return this.giveUp(a, tg);
    const mp = this.ctx.locations.placeWrite(b, i, tg.index);
    const written = (yield diskIo(sim, tg.disks[mp], true, size)) as number;
    if (written !== IO_OK || tg.epoch !== epoch) return this.giveUp(a, tg);
    if (store.versionOn(i, tg.index) < version) {
      store.store(i, tg.index, version);
      this.hits++;
    }
    this.engine.current?.skipOnSender(holder, b, i);
    c.dataPath.continueGet(a);
  }

  private giveUp(a: Attempt, tg: TargetNode): void {
    if (tg.proc !== PROC_UP) return;
    if (this.fallback !== null && a.live && this.fallback.tryRestore(a, tg)) return;
    this.ctx.cluster.dataPath.continueGet(a);
  }
}
