import { Signal, spawn, type Process, type ProcessBody } from "../../../kernel/index.js";
import { IO_OK, REACH_OK, REACH_REFUSED, TRANSFER_OK, type TransferStatus } from "../../resources/index.js";
import { PROC_DOWN, PROC_UP } from "../../nodes.js";
import type { ClusterMap } from "../../ownership/cluster-map.js";
import { key } from "../resilver/mountpath-locations.js";
import type { MovementContext } from "./context.js";
import { diskIo } from "./io-wait.js";
import { workerPool } from "./worker-pool.js";
import { computeSendPlans, type SendPlan } from "./moved-set.js";
import { newRow, REB_STAGES, type MovementRow, type RebRunSummary, type RebStage } from "./report.js";
import { StreamBundle } from "./stream-bundle.js";
import { quiesce, QUI_ACTIVE, QUI_ACTIVE_DONT_BUMP, QUI_INACTIVE } from "./quiesce.js";
import { NS_PER_S } from "../../../kernel/time.js";

/** Why a run ended early. */
export class RebAbort extends Error {}

/**
 * One global rebalance (one RebID = RMD version), run by every participating target as a kernel process that
 * walks AIStore's stages (reb/globrun.go at 583e7729): Init (preempting an older run), pingall, the Traverse
 * barrier, Traverse (one walker per mountpath, a worker pool sized by disk kind, batches sent over
 * `bundle_multiplier` streams per peer), the PostTraverse barrier, the Fin quiesce, FinStreams (the data
 * mover's own quiesce). Barrier timeouts are logged and the run goes on, as AIStore's are. Entering Traverse,
 * PostTraverse and Fin, a target notifies its peers, and a notification counts as a receive for their quiesce.
 * No ACKs: a receiver stores what arrives. A failed ping, a failed send or a lost peer aborts the run everywhere.
 */
export class RebalanceRun {
  readonly summary: RebRunSummary;
  readonly rows = new Map<number, MovementRow>();
  readonly participants: readonly number[];
  private readonly procs = new Map<number, Process<void>>();
  private readonly stage = new Map<number, number>();
  /** Each target's last receive of data or of a peer's stage notification (reb.lastrx; -1: none this run). */
  private readonly lastRecvNs = new Map<number, number>();
  /** Each target's data mover saw a receive since its last quiesce probe (the DM's `laterx`). */
  private readonly receivedSinceProbe = new Map<number, boolean>();
  private readonly bundles = new Map<number, StreamBundle>();
  /** Objects each sender must skip: a peer already fetched them from it by GFN. */
  private readonly skip = new Map<number, Set<number>>();
  private plans: Map<number, SendPlan> | null = null;
  private monitor: Process<void> | null = null;
  private ended = false;

  constructor(
    private readonly ctx: MovementContext,
    readonly rebId: number,
    readonly map: ClusterMap,
    readonly reason: string,
    private readonly preempted: boolean,
    private readonly onEnd: (run: RebalanceRun) => void,
    /** A batch arrived: `objects` moved from `src` to `dest` at `nowNs` (progress accounting). */
    private readonly onBatch: (src: number, dest: number, objects: number, nowNs: number) => void,
  ) {
    const parts = new Set<number>(map.targets);
    for (const t of ctx.draining) if (ctx.cluster.targets[t].proc === PROC_UP) parts.add(t);
    this.participants = [...parts].sort((a, b) => a - b);
    this.summary = { rebId, reason, startNs: ctx.sim.now, endNs: -1, state: "running", plannedObjects: 0, abortCause: "" };
  }

  /** True until the run completed or aborted. */
  get running(): boolean {
    return !this.ended;
  }

  /** Starts each target's run when the RMD reaches it (a hop from the primary plus the apply time). */
  start(): void {
    const c = this.ctx.cluster;
    const primary = c.proxies[c.controlPlane.primary];
    for (const t of this.participants) {
      const tg = c.targets[t];
      this.rows.set(t, newRow(tg.id, this.rebId, this.ctx.sim.now, this.reason, REB_STAGES));
      this.lastRecvNs.set(t, -1);
      this.receivedSinceProbe.set(t, false);
      const delayNs = c.net.latencyNs(primary.net, tg.net) + c.knobs.smapApplyNs;
      this.procs.set(t, spawn(this.ctx.sim, this.targetRun(t, delayNs), { name: `reb/${this.rebId}/${tg.id}` }));
    }
    this.monitor = spawn(this.ctx.sim, this.peerMonitor(), { name: `reb/${this.rebId}/monitor` });
  }

  /** Aborts the run on every target (a failed peer, a newer run, a ping that never answered). */
  abort(cause: string): void {
    if (this.ended) return;
    this.ended = true;
    this.summary.state = "aborted";
    this.summary.abortCause = cause;
    this.summary.endNs = this.ctx.sim.now;
    this.ctx.sim.note("rebalance", `g${this.rebId} aborted: ${cause}`);
    for (const row of this.rows.values()) {
      if (row.endNs < 0) {
        row.endNs = this.ctx.sim.now;
        row.aborted = true;
      }
    }
    for (const b of this.bundles.values()) b.close();
    for (const p of this.procs.values()) if (!p.done) p.interrupt(new RebAbort(cause));
    if (this.monitor !== null && !this.monitor.done) this.monitor.interrupt(new RebAbort(cause));
    this.onEnd(this);
  }

  /** A peer served `object` to another target by GFN: its own traversal skips it. */
  skipOnSender(sender: number, bucket: number, object: number): void {
    let s = this.skip.get(sender);
    if (s === undefined) {
      s = new Set();
      this.skip.set(sender, s);
    }
    s.add(key(bucket, object));
  }

  private stageOf(t: number): number {
    return this.stage.get(t) ?? -1;
  }

  /** True when every participant has reached stage `s`. */
  private peersReached(s: RebStage): boolean {
    const index = REB_STAGES.indexOf(s);
    return this.participants.every((p) => this.stageOf(p) >= index);
  }

  private enter(t: number, s: RebStage): number {
    this.stage.set(t, REB_STAGES.indexOf(s));
    if (s === "traverse-barrier" || s === "post-traverse" || s === "quiesce") this.notifyPeers(t);
    return this.ctx.sim.now;
  }

  /** reb.changeStage: the new stage is broadcast to every peer, whose receive side counts it as activity. */
  private notifyPeers(t: number): void {
    const now = this.ctx.sim.now;
    for (const p of this.participants) {
      if (p === t) continue;
      this.lastRecvNs.set(p, now);
      this.receivedSinceProbe.set(p, true);
    }
  }

  private leave(t: number, s: RebStage, startNs: number): void {
    this.rows.get(t)!.stageNs[s] += this.ctx.sim.now - startNs;
  }

  private *targetRun(t: number, delayNs: number): ProcessBody<void> {
    try {
      yield* this.targetStages(t, delayNs);
    } catch (e) {
      if (!(e instanceof RebAbort)) throw e;
    }
  }

  private *targetStages(t: number, delayNs: number): ProcessBody<void> {
    const sim = this.ctx.sim;
    const m = this.ctx.knobs;
    const cfg = this.ctx.cluster.spec.config.rebalance;
    yield delayNs;
    const epoch = this.ctx.cluster.targets[t].epoch;
    const alive = (): void => this.alive(t, epoch);
    alive();
    let at = this.enter(t, "init");
    if (this.preempted) yield m.preemptPollNs;
    this.leave(t, "init", at);

    at = this.enter(t, "ping");
    yield* this.pingAll(t);
    alive();
    this.leave(t, "ping", at);

    // rxReady (reb/bcast.go): poll until every peer is in Traverse, for at most 1.5 × dest_retry_time; a
    // timeout is logged and ignored (runNoEC: "ignore timeout").
    at = this.enter(t, "traverse-barrier");
    const barrierLimitNs = sim.now + Math.round(1.5 * cfg.destRetryTimeNs);
    while (!this.participants.every((p) => this.stageOf(p) >= REB_STAGES.indexOf("traverse-barrier"))) {
      if (sim.now >= barrierLimitNs) {
        sim.note("rebalance", `g${this.rebId} ${this.ctx.cluster.targets[t].id}: rx-ready timed out, going on`);
        break;
      }
      yield m.traverseBarrierPollNs;
      alive();
    }
    this.leave(t, "traverse-barrier", at);

    at = this.enter(t, "traverse");
    yield* this.traverse(t);
    alive();
    this.leave(t, "traverse", at);

    // waitPostTraverse (reb/bcast.go): sleep, then check, every cplane_operation for at most dest_retry_time;
    // a timeout only logs "post-traverse num-fail" and the run goes on to Fin (reb/globrun.go).
    at = this.enter(t, "post-traverse");
    const postLimitNs = sim.now + cfg.destRetryTimeNs;
    do {
      yield m.postTraversePollNs;
      alive();
      if (sim.now >= postLimitNs && !this.peersReached("post-traverse")) {
        sim.note("rebalance", `g${this.rebId} ${this.ctx.cluster.targets[t].id}: post-traverse num-fail, going on to Fin`);
        break;
      }
    } while (!this.peersReached("post-traverse"));
    this.leave(t, "post-traverse", at);

    // Fin (reb/qui.go quicb under xact Quiesce(transport quiescent)): active while the last receive is younger
    // than max(2 × max_keepalive, 8 s); then, with no bump, while any peer has not reached Fin.
    at = this.enter(t, "quiesce");
    const windowNs = Math.max(2 * this.ctx.cluster.spec.config.keepalive.maxTimeoutNs, 8 * NS_PER_S);
    yield* quiesce(
      cfg.quiescentNs,
      () => {
        const lastNs = this.lastRecvNs.get(t)!;
        if (lastNs >= 0 && sim.now - lastNs < windowNs) return QUI_ACTIVE;
        return this.peersReached("quiesce") ? QUI_INACTIVE : QUI_ACTIVE_DONT_BUMP;
      },
      alive,
    );
    this.leave(t, "quiesce", at);

    // FinStreams: the data mover's UnregRecv waits its own quiesce (transport/bundle/dmover.go): active when
    // anything arrived since the previous probe — for the first probe, since the run began.
    at = this.enter(t, "fin-streams");
    yield* quiesce(
      cfg.quiescentNs,
      () => {
        const received = this.receivedSinceProbe.get(t)!;
        this.receivedSinceProbe.set(t, false);
        return received ? QUI_ACTIVE : QUI_INACTIVE;
      },
      alive,
    );
    this.leave(t, "fin-streams", at);
    const row = this.rows.get(t)!;
    row.endNs = sim.now;
    this.stage.set(t, REB_STAGES.length);
    if (this.participants.every((p) => this.stageOf(p) >= REB_STAGES.length)) this.complete();
  }

  /** A target that crashed stops taking part (quietly: its peers notice through their checks and sends). */
  private alive(t: number, epoch: number): void {
    const tg = this.ctx.cluster.targets[t];
    if (tg.epoch !== epoch || tg.proc === PROC_DOWN) throw new RebAbort(`${tg.id} down`);
  }

  private complete(): void {
    if (this.ended) return;
    this.ended = true;
    this.summary.state = "done";
    this.summary.endNs = this.ctx.sim.now;
    this.ctx.sim.note("rebalance", `g${this.rebId} done`);
    for (const b of this.bundles.values()) b.close();
    if (this.monitor !== null && !this.monitor.done) this.monitor.interrupt(new RebAbort("done"));
    this.onEnd(this);
  }

  private fail(cause: string): never {
    this.abort(cause);
    throw new RebAbort(cause);
  }

  /** pingall: every peer must answer a health check (tries `pingTries`, `pingGapNs` apart). Checks run in parallel. */
  private *pingAll(t: number): ProcessBody<void> {
    const c = this.ctx.cluster;
    const m = this.ctx.knobs;
    const me = c.targets[t];
    let waitNs = 0;
    for (const p of this.participants) {
      if (p === t) continue;
      const peer = c.targets[p];
      let spent = 0;
      let ok = false;
      for (let k = 0; k < m.pingTries && !ok; k++) {
        const reach = c.net.reachability(me.net, peer.net);
        if (reach === REACH_OK && peer.proc === PROC_UP) {
          spent += c.net.rttNs(me.net, peer.net);
          ok = true;
        } else {
          spent += (reach === REACH_REFUSED ? c.net.rttNs(me.net, peer.net) : m.pingTimeoutNs) + (k + 1 < m.pingTries ? m.pingGapNs : 0);
        }
      }
      waitNs = Math.max(waitNs, spent);
      if (!ok) {
        yield spent;
        this.fail(`pingall: ${peer.id} did not answer`);
      }
    }
    yield waitNs;
  }

  private plansNow(): Map<number, SendPlan> {
    if (this.plans === null) {
      const c = this.ctx.cluster;
      this.plans = computeSendPlans(c.buckets, c.owners, this.map, new Set(this.participants), this.ctx.locations);
      let n = 0;
      for (const p of this.plans.values()) n += p.count;
      this.summary.plannedObjects = n;
    }
    return this.plans;
  }

  /** Traverse: one walker per mountpath, each with its share of the worker pool, until the plan is sent. */
  private *traverse(t: number): ProcessBody<void> {
    const plan = this.plansNow().get(t);
    if (plan === undefined || plan.count === 0) return;
    const c = this.ctx.cluster;
    const mpCount = c.targets[t].disks.length;
    const pool = workerPool(mpCount, c.spec.mountpaths.kind, this.ctx.knobs.targetCpus);
    const perMp = Math.max(1, Math.floor(pool / mpCount));
    const workers: Array<Process<void>> = [];
    let start = 0;
    while (start < plan.count) {
      let end = start;
      while (end < plan.count && plan.mountpath[end] === plan.mountpath[start]) end++;
      const cursor = { next: start, end };
      for (let w = 0; w < perMp; w++) workers.push(spawn(this.ctx.sim, this.worker(t, plan, cursor), { name: `reb/${this.rebId}/${c.targets[t].id}/w` }));
      start = end;
    }
    try {
      for (const w of workers) yield w;
    } finally {
      if (this.ended) for (const w of workers) if (!w.done) w.interrupt(new RebAbort("run ended"));
    }
    if (this.ended) throw new RebAbort("run ended");
  }

  /** One traversal worker: takes batches of same-destination objects, reads them, sends them on a stream. */
  private *worker(t: number, plan: SendPlan, cursor: { next: number; readonly end: number }): ProcessBody<void> {
    try {
      yield* this.work(t, plan, cursor);
    } catch (e) {
      if (!(e instanceof RebAbort)) throw e;
    }
  }

  private *work(t: number, plan: SendPlan, cursor: { next: number; readonly end: number }): ProcessBody<void> {
    const c = this.ctx.cluster;
    const sim = this.ctx.sim;
    const m = this.ctx.knobs;
    const src = c.targets[t];
    const epoch = src.epoch;
    const skip = this.skip;
    const batch: number[] = [];
    while (cursor.next < cursor.end && !this.ended) {
      const dest = plan.dest[cursor.next];
      const mp = plan.mountpath[cursor.next];
      batch.length = 0;
      let bytes = 0;
      while (cursor.next < cursor.end && plan.dest[cursor.next] === dest && batch.length < m.batchObjects && bytes < m.batchBytes) {
        const j = cursor.next++;
        const b = plan.bucket[j];
        const o = plan.object[j];
        const store = c.buckets[b].store;
        const v = store.versionOn(o, t);
        // Gone (deleted, or lost with a disk), or a peer already fetched it from here by GFN (the GFN filter):
        // skipped. A copy the owner already has is still sent; the receiver drops it after receiving it.
        if (v === 0 || skip.get(t)?.has(key(b, o)) === true) continue;
        batch.push(j);
        bytes += this.ctx.sizeOf(b);
      }
      if (batch.length === 0) continue;
      const read = (yield diskIo(sim, src.disks[mp], false, bytes)) as number;
      this.alive(t, epoch);
      if (read !== IO_OK) continue; // unreadable copies are skipped; another holder or a resend covers them
      const wireBytes = c.spec.config.rebalance.compression === "always" ? Math.round(bytes * m.compressionRatio) : bytes;
      const sent = new Signal<TransferStatus>(sim, "reb.send");
      this.bundle(t, dest).send(wireBytes, (s) => sent.notify(s));
      const status = (yield sent) as TransferStatus;
      this.alive(t, epoch);
      if (status !== TRANSFER_OK) this.fail(`send ${src.id} → ${c.targets[dest].id} failed`);
      // The stream is free for the next batch, but this worker waits for the receiver's disks (flow control):
      // a destination that writes slower than its NIC slows its senders down.
      yield this.delivered(t, dest, plan, batch, bytes);
      this.alive(t, epoch);
    }
  }

  private bundle(src: number, dest: number): StreamBundle {
    const k = src * 65536 + dest;
    let b = this.bundles.get(k);
    if (b === undefined) {
      const c = this.ctx.cluster;
      b = new StreamBundle(c.net, c.targets[src].net, c.targets[dest].net, c.spec.config.rebalance.bundleMultiplier);
      this.bundles.set(k, b);
    }
    return b;
  }

  /**
   * A batch arrived: both sides count it; the receiver writes each object to its HRW mountpath and keeps it.
   * The returned signal fires when every write ended.
   */
  private delivered(src: number, dest: number, plan: SendPlan, batch: readonly number[], bytes: number): Signal<number> {
    const sim = this.ctx.sim;
    const c = this.ctx.cluster;
    const srow = this.rows.get(src)!;
    const drow = this.rows.get(dest);
    srow.objSent += batch.length;
    srow.sizeSentBytes += bytes;
    if (drow !== undefined) {
      drow.objRcv += batch.length;
      drow.sizeRcvBytes += bytes;
    }
    this.lastRecvNs.set(dest, sim.now);
    this.receivedSinceProbe.set(dest, true);
    this.onBatch(src, dest, batch.length, sim.now);
    const tg = c.targets[dest];
    const perMp = new Map<number, number[]>();
    for (const j of batch) {
      const b = plan.bucket[j];
      const o = plan.object[j];
      const mp = this.ctx.locations.placeWrite(b, o, dest);
      let l = perMp.get(mp);
      if (l === undefined) {
        l = [];
        perMp.set(mp, l);
      }
      l.push(b, o, c.buckets[b].store.versionOn(o, src));
    }
    const written = new Signal<number>(sim, "reb.write");
    let pending = perMp.size;
    for (const [mp, l] of perMp) {
      let mpBytes = 0;
      for (let k = 0; k < l.length; k += 3) mpBytes += this.ctx.sizeOf(l[k]);
      tg.disks[mp].write(mpBytes, (_: null, status) => {
        if (status === IO_OK) {
          for (let k = 0; k < l.length; k += 3) {
            const store = c.buckets[l[k]].store;
            if (store.versionOn(l[k + 1], dest) < l[k + 2]) store.store(l[k + 1], dest, l[k + 2]);
          }
        }
        if (--pending === 0) written.notify(0);
      }, null);
    }
    return written;
  }

  /** Peer status checks: a participant down at a check and still down after the retry aborts the run. */
  private *peerMonitor(): ProcessBody<void> {
    const c = this.ctx.cluster;
    const m = this.ctx.knobs;
    for (;;) {
      yield m.peerCheckTimeoutNs;
      const down = this.participants.filter((p) => c.targets[p].proc !== PROC_UP);
      if (down.length === 0) continue;
      yield m.peerCheckRetryNs;
      const still = down.filter((p) => c.targets[p].proc !== PROC_UP);
      if (still.length > 0) {
        this.abort(`peer ${c.targets[still[0]].id} lost`);
        return;
      }
    }
  }
}
