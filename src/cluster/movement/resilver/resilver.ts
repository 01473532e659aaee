import { spawn, type Process, type ProcessBody } from "../../../kernel/index.js";
import { IO_OK } from "../../resources/index.js";
import type { Mirroring } from "../mirroring.js";
import type { MovementContext } from "../rebalance/context.js";
import { diskIo } from "../rebalance/io-wait.js";
import { newRow, RESILVER_STAGES, type MovementRow } from "../rebalance/report.js";

/** A mountpath event that starts a resilver. */
export type MountpathEvent = "disable" | "detach" | "fail" | "enable" | "attach";

/**
 * Resilver: after a mountpath leaves or joins a target's HRW, a local walk copies every object whose HRW
 * mountpath changed to its new one (one jogger per mountpath, batches of reads then writes). Disable and detach
 * are graceful — the copies are read from the leaving disk; a failed disk cannot be read, so only objects with
 * another local (mirror) copy survive, and the others are lost on this target. A newer event on the same target
 * preempts the running walk; objects it already moved are no-ops for the next one.
 *
 * A target that goes down aborts its walk there (AIStore's xaction dies with the process). Its resilver marker
 * stays on the mountpaths, so the target resilvers again when it is back (AIStore starts that run right after
 * the join at start-up): a full walk that moves whatever the aborted one had not.
 */
export class Resilver {
  readonly rows: MovementRow[] = [];
  lostObjects = 0;
  private seq = 0;
  private readonly running = new Map<number, { proc: Process<void>; row: MovementRow }>();
  /** Targets whose last resilver did not finish (the marker is still there). */
  private readonly interrupted = new Set<number>();
  mirror: Mirroring | null = null;

  constructor(private readonly ctx: MovementContext) {
    ctx.cluster.onTargetDown((tg) => this.abort(tg.index, true));
    ctx.cluster.controlPlane.onRejoin((node) => {
      if (node.kind === "target" && this.interrupted.has(node.index)) this.start(node.index, "restart: resilver interrupted");
    });
  }

  /** Applies a mountpath event on a target and (re)starts its resilver. */
  event(target: number, mountpath: number, ev: MountpathEvent): void {
    const c = this.ctx.cluster;
    const tg = c.targets[target];
    const on = ev === "enable" || ev === "attach";
    this.ctx.locations.setEnabled(target, mountpath, on);
    if (ev === "fail") c.diskFail(target, mountpath);
    if (ev === "attach" && tg.diskFailed[mountpath]) {
      // A new disk in the old slot: empty and healthy.
      tg.diskFailed[mountpath] = false;
      tg.disks[mountpath].repair();
    }
    this.start(target, `mountpath ${ev} ${mountpath}`);
  }

  /** Starts a walk on the target, preempting the running one. */
  private start(target: number, reason: string): void {
    this.abort(target, false);
    const row = newRow(this.ctx.cluster.targets[target].id, ++this.seq, this.ctx.sim.now, reason, RESILVER_STAGES);
    this.rows.push(row);
    const proc = spawn(this.ctx.sim, this.walk(target, row), { name: `resilver/${row.daemonId}` });
    this.running.set(target, { proc, row });
  }

  /** Ends the target's running walk as aborted: preempted by a newer one, or the target went down. */
  private abort(target: number, down: boolean): void {
    const prev = this.running.get(target);
    if (prev === undefined || prev.proc.done) return;
    prev.row.aborted = true;
    prev.row.endNs = this.ctx.sim.now;
    prev.proc.interrupt(down ? "target down" : "preempted");
    this.running.delete(target);
    this.interrupted.add(target);
  }

  private *walk(t: number, row: MovementRow): ProcessBody<void> {
    const c = this.ctx.cluster;
    const loc = this.ctx.locations;
    const tg = c.targets[t];
    const startNs = this.ctx.sim.now;
    // Init: the plan of moves per source mountpath (one pass over the population, no event per object).
    const bySource = new Map<number, number[]>();
    for (const b of c.buckets) {
      const mirrored = this.mirror !== null && this.mirror.covers(b.index);
      for (let i = 0; i < b.store.count; i++) {
        if (b.store.versionOn(i, t) === 0) continue;
        const cur = loc.current(b.index, i, t);
        const next = loc.hrw(b.index, i, t);
        const copiesBad = mirrored && this.mirror!.extraCopies(b.index, i, t).some((m) => !loc.isEnabled(t, m) || tg.diskFailed[m]);
        if (next < 0 || (cur === next && !copiesBad)) continue;
        let source = cur;
        if (tg.diskFailed[cur]) {
          const alt = mirrored ? this.mirror!.extraCopies(b.index, i, t).find((m) => !tg.diskFailed[m]) : undefined;
          if (alt === undefined) {
            b.store.remove(i, t);
            this.lostObjects++;
            continue;
          }
          source = alt;
        }
        let l = bySource.get(source);
        if (l === undefined) {
          l = [];
          bySource.set(source, l);
        }
        l.push(b.index, i, next);
      }
    }
    row.stageNs.init += this.ctx.sim.now - startNs;
    const trav = this.ctx.sim.now;
    const joggers = [...bySource].map(([mp, l]) => spawn(this.ctx.sim, this.jog(t, mp, l, row), { name: `resilver/${tg.id}/mp${mp}` }));
    try {
      for (const j of joggers) yield j;
    } finally {
      for (const j of joggers) if (!j.done) j.interrupt("preempted");
      row.stageNs.traverse += this.ctx.sim.now - trav;
    }
    if (!row.aborted) {
      row.endNs = this.ctx.sim.now;
      this.interrupted.delete(t);
    }
  }

  /** One mountpath's jogger: reads a batch from the source disk, writes each object to its new mountpath. */
  private *jog(t: number, sourceMp: number, l: readonly number[], row: MovementRow): ProcessBody<void> {
    const c = this.ctx.cluster;
    const sim = this.ctx.sim;
    const loc = this.ctx.locations;
    const tg = c.targets[t];
    const batch = this.ctx.knobs.batchObjects;
    for (let k = 0; k < l.length; k += 3 * batch) {
      const end = Math.min(l.length, k + 3 * batch);
      let bytes = 0;
      for (let j = k; j < end; j += 3) bytes += this.ctx.sizeOf(l[j]);
      if ((yield diskIo(sim, tg.disks[sourceMp], false, bytes)) !== IO_OK) continue;
      row.objSent += (end - k) / 3;
      row.sizeSentBytes += bytes;
      const perDest = new Map<number, number>();
      for (let j = k; j < end; j += 3) perDest.set(l[j + 2], (perDest.get(l[j + 2]) ?? 0) + this.ctx.sizeOf(l[j]));
      for (const [mp, b] of perDest) yield diskIo(sim, tg.disks[mp], true, b);
      for (let j = k; j < end; j += 3) {
        loc.set(l[j], l[j + 1], t, l[j + 2]);
        if (this.mirror !== null && this.mirror.covers(l[j])) this.mirror.setExtraCopies(l[j], l[j + 1], t, this.mirror.extraCopies(l[j], l[j + 1], t).filter((m) => loc.isEnabled(t, m) && !tg.diskFailed[m]));
      }
      row.objRcv += (end - k) / 3;
      row.sizeRcvBytes += bytes;
    }
  }
}
