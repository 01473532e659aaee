import { Signal, spawn, type ProcessBody } from "../../kernel/index.js";
import type { Attempt } from "../http/attempt.js";
import { PROC_UP, type TargetNode } from "../nodes.js";
import type { ClusterMap } from "../ownership/cluster-map.js";
import { IO_OK, REACH_OK, TRANSFER_OK, type TransferStatus } from "../resources/index.js";
import type { MissFallback } from "./neighbor-get.js";
import type { MovementContext } from "./rebalance/context.js";
import { diskIo } from "./rebalance/io-wait.js";

/**
 * Erasure coding of a bucket's objects: the main copy on `ranked[0]`, `data` data and `parity` parity slices on
 * `ranked[1..data+parity]`; objects under `objSizeLimit` are stored instead as `parity` full replicas on
 * `ranked[1..parity]` (parity + 1 copies in all). Slices are placed on the map the population was written on.
 * A GET that finds no main copy restores it: the target reads `data` slices (or one replica) from the
 * targets it can reach — its own slice counts — and keeps the rebuilt object; with too few slices it is a 404.
 */
export class ErasureCoding implements MissFallback {
  restores = 0;
  failures = 0;
  private readonly label: number;

  constructor(
    private readonly ctx: MovementContext,
    private readonly buckets: ReadonlySet<number>,
    /** The map slices were placed on. */
    private readonly sliceMap: ClusterMap,
  ) {
    this.label = ctx.sim.label("ec.restore", "cluster");
  }

  /** True when the bucket is erasure coded. */
  covers(bucket: number): boolean {
    return this.buckets.has(bucket);
  }

  /** Targets ranked by HRW weight for the object on the slice map: `ranked[0]` is the main target. */
  ranked(bucket: number, object: number, count: number): number[] {
    const placement = this.ctx.cluster.placement;
    const out: number[] = [];
    let targets = [...this.sliceMap.targets];
    while (out.length < count && targets.length > 0) {
      const t = placement.owner(bucket, object, { ...this.sliceMap, targets });
      out.push(t);
      targets = targets.filter((x) => x !== t);
    }
    return out;
  }

  /** Slice (or replica) holders of an object: everything after the main target in the ranked list. */
  sliceHolders(bucket: number, object: number): { holders: number[]; replicas: boolean; needed: number } {
    const ec = this.ctx.cluster.spec.config.ec;
    const replicas = this.ctx.sizeOf(bucket) < ec.objSizeLimitBytes;
    const n = replicas ? ec.parity : ec.data + ec.parity;
    const ranked = this.ranked(bucket, object, n + 1);
    if (ranked.length < n + 1) throw new RangeError(`erasure coding needs ${n + 1} targets, the map has ${ranked.length}`);
    return { holders: ranked.slice(1), replicas, needed: replicas ? 1 : ec.data };
  }

  tryRestore(a: Attempt, tg: TargetNode): boolean {
    if (!this.covers(a.bucket) || this.ctx.cluster.buckets[a.bucket].store.latest(a.object) === 0) return false;
    spawn(this.ctx.sim, this.restore(a, tg), { name: "ec.restore", label: this.label });
    return true;
  }

  private *restore(a: Attempt, tg: TargetNode): ProcessBody<void> {
    const c = this.ctx.cluster;
    const sim = this.ctx.sim;
    const { holders, replicas, needed } = this.sliceHolders(a.bucket, a.object);
    const alive = holders.filter(
      (h) => h === tg.index || (c.targets[h].proc === PROC_UP && c.net.reachability(tg.net, c.targets[h].net) === REACH_OK),
    );
    const size = this.ctx.sizeOf(a.bucket);
    const epoch = tg.epoch;
    if (alive.length < needed) {
      this.failures++;
      c.dataPath.continueGet(a);
      return;
    }
    // Local slice first (no network), then the nearest in ranked order.
    alive.sort((x, y) => (x === tg.index ? -1 : y === tg.index ? 1 : 0));
    const sources = alive.slice(0, needed);
    const pieceBytes = replicas ? size : Math.ceil(size / needed);
    const join: PieceJoin = { pending: sources.length, failed: 0, all: new Signal<number>(sim, "ec.pieces") };
    for (const h of sources) spawn(sim, this.fetchPiece(h, tg, a, pieceBytes, join), { name: "ec.piece", label: this.label });
    yield join.all;
    const ok = join.failed === 0;
    if (!ok || tg.epoch !== epoch || tg.proc !== PROC_UP) {
      if (!ok) this.failures++;
      c.dataPath.continueGet(a);
      return;
    }
    const store = c.buckets[a.bucket].store;
    const mp = this.ctx.locations.placeWrite(a.bucket, a.object, tg.index);
    const w = (yield diskIo(sim, tg.disks[mp], true, size)) as number;
    if (w === IO_OK && store.versionOn(a.object, tg.index) === 0) store.store(a.object, tg.index, store.latest(a.object));
    this.restores++;
    c.dataPath.continueGet(a);
  }

  /** One slice: read on its holder and sent to the restoring target; the last piece wakes the restorer. */
  private *fetchPiece(h: number, tg: TargetNode, a: Attempt, bytes: number, join: PieceJoin): ProcessBody<void> {
    const c = this.ctx.cluster;
    const sim = this.ctx.sim;
    const src = c.targets[h];
    let ok = (yield diskIo(sim, src.disks[this.ctx.locations.current(a.bucket, a.object, h)], false, bytes)) === IO_OK;
    if (ok && h !== tg.index) {
      const sent = new Signal<TransferStatus>(sim, "ec.send");
      c.net.transfer(src.net, tg.net, bytes, (s: Signal<TransferStatus>, st) => s.notify(st), sent, c.net.latencyNs(src.net, tg.net));
      ok = (yield sent) === TRANSFER_OK;
    }
    if (!ok) join.failed++;
    if (--join.pending === 0) join.all.notify(0);
  }
}

/** Pieces of one restore still in flight. */
interface PieceJoin {
  pending: number;
  failed: number;
  readonly all: Signal<number>;
}
