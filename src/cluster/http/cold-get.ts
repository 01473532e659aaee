import type { Label, Simulator } from "../../kernel/index.js";
import { NS_PER_S } from "../../kernel/time.js";
import type { ClusterKnobs } from "../../model/knobs.js";
import { BACKEND_OK, BACKEND_SLOW_DOWN, IO_OK, TRANSFER_OK, type IoStatus, type Network, type TransferStatus } from "../resources/index.js";
import { PROC_DOWN, PROC_UP, type ColdLock, type TargetNode } from "../nodes.js";
import type { Attempt } from "./attempt.js";
import type { BucketRuntime } from "./bucket-runtime.js";

/**
 * AIStore's cold GET: a GET of a remote bucket's object that the target does not hold. The GET takes the
 * object's read lock, loads metadata, finds the object missing and tries to upgrade to the write lock. Alone, it
 * upgrades, fetches from the backend, writes the copy and serves it; arrivals behind the write lock wait and then
 * start over as fresh GETs, which find the fetched copy. Two readers that both try to upgrade back off (1 s, ×1.5
 * each time); one that has slept cold_get_conflict (5 s) in total answers 409 and lets go — ≈ 8.1 s after it began.
 *
 * Apart from the data path because the lock table and its back-off are a protocol of their own, with their own
 * invariant (a lock is deleted exactly when it has no reader, no writer and no waiter).
 */

/** What the cold-GET protocol needs from the cluster (the data path's dependencies include these). */
export interface ColdGetDeps {
  readonly sim: Simulator;
  readonly net: Network;
  readonly knobs: ClusterKnobs;
  readonly targets: readonly TargetNode[];
  readonly buckets: readonly BucketRuntime[];
  /** cold_get_conflict: a reader that cannot upgrade for this long gets 409. */
  readonly coldGetConflictNs: number;
}

/** The data path's steps the protocol ends in (implemented by DataPath). */
export interface ColdGetHost {
  /** The target answers with headers only. */
  respond(a: Attempt, status: number, code: string | undefined): void;
  /** The serving target is down or hung: the attempt waits for its client's header timer. */
  stall(a: Attempt): void;
  /** The object is on the target: its body streams to the client. */
  sendBody(a: Attempt, tg: TargetNode): void;
  /** A GET served from the start on `tg` (a waiter behind the write lock tries again). */
  targetGet(a: Attempt, tg: TargetNode): void;
  /** The mountpath the fetched copy is written to (data movement may replace the placement's default). */
  mountpathOf(bucket: number, object: number, target: number, forWrite: boolean): number;
}

/** The first back-off sleep of a reader that could not upgrade, and its growth per sleep (AIStore's cold GET). */
const FIRST_UPGRADE_SLEEP_NS = NS_PER_S;
const UPGRADE_SLEEP_GROWTH = 1.5;

/** The key of an object's lock in its target's table: one number per (bucket, object). */
function lockKey(b: BucketRuntime, object: number): number {
  return b.index * 0x1_0000_0000 + object;
}

/** The cold-GET lock protocol of every target, as callbacks on the kernel heap. */
export class ColdGet {
  private readonly sim: Simulator;
  private readonly net: Network;

  // Pre-bound handlers: scheduled with the attempt as argument.
  private readonly onMetadataLoaded = (a: Attempt): void => this.tryUpgrade(a);
  private readonly onFetched = (a: Attempt, s: TransferStatus): void => this.fetched(a, s);
  private readonly onWritten = (a: Attempt, s: IoStatus): void => this.written(a, s);

  constructor(
    private readonly d: ColdGetDeps,
    private readonly host: ColdGetHost,
    /** The data path's event label: the protocol's events are HTTP steps like the others. */
    private readonly label: Label,
  ) {
    this.sim = d.sim;
    this.net = d.net;
  }

  /** A GET found no local copy of a remote bucket's object: it takes the read lock, or waits behind the writer. */
  begin(a: Attempt, tg: TargetNode, b: BucketRuntime): void {
    const key = lockKey(b, a.object);
    let lock = tg.coldLocks.get(key);
    if (lock === undefined) {
      lock = { readers: 0, writing: false, waiters: [] };
      tg.coldLocks.set(key, lock);
    }
    if (lock.writing) {
      lock.waiters.push(a);
      return;
    }
    lock.readers++;
    a.coldSleepNs = FIRST_UPGRADE_SLEEP_NS;
    a.coldSleptNs = 0;
    this.sim.schedule(Math.round(this.d.knobs.metadataLoadNs * tg.slowFactor), this.onMetadataLoaded, a, this.label);
  }

  /** A target's process died: its locks die with it (the attempts that held them are reset by the data path). */
  targetCrashed(tg: TargetNode): void {
    tg.coldLocks = new Map();
  }

  private tryUpgrade(a: Attempt): void {
    const tg = this.d.targets[a.servingTarget];
    const b = this.d.buckets[a.bucket];
    const key = lockKey(b, a.object);
    const lock = tg.coldLocks.get(key);
    if (lock === undefined) return; // the target crashed and lost its locks
    if (!a.live || tg.proc === PROC_DOWN) {
      lock.readers--;
      this.releaseIfIdle(tg, key, lock);
      return;
    }
    if (lock.readers === 1 && !lock.writing) {
      lock.readers = 0;
      lock.writing = true;
      const verdict = b.backend!.admit("GET", b.prefix);
      if (verdict !== BACKEND_OK) {
        this.endWrite(tg, key, lock);
        if (tg.proc !== PROC_UP) return this.host.stall(a);
        return this.host.respond(a, verdict === BACKEND_SLOW_DOWN ? 503 : 500, verdict === BACKEND_SLOW_DOWN ? "SlowDown" : "ErrBackend");
      }
      if (b.store.latest(a.object) === 0) {
        this.endWrite(tg, key, lock);
        return this.host.respond(a, 404, "ErrObjNotFound");
      }
      a.transfer = this.net.transfer(b.backendNet, tg.net, a.sizeBytes, this.onFetched, a, b.backend!.latencyNs());
      return;
    }
    if (a.coldSleptNs >= this.d.coldGetConflictNs) {
      lock.readers--;
      this.releaseIfIdle(tg, key, lock);
      if (tg.proc !== PROC_UP) return this.host.stall(a);
      return this.host.respond(a, 409, "ErrGetConflict");
    }
    const sleepNs = a.coldSleepNs;
    a.coldSleptNs += sleepNs;
    a.coldSleepNs = Math.round(sleepNs * UPGRADE_SLEEP_GROWTH);
    this.sim.schedule(sleepNs, this.onMetadataLoaded, a, this.label);
  }

  private fetched(a: Attempt, status: TransferStatus): void {
    a.transfer = -1;
    const tg = this.d.targets[a.servingTarget];
    const b = this.d.buckets[a.bucket];
    const key = lockKey(b, a.object);
    const lock = tg.coldLocks.get(key);
    if (lock === undefined) return;
    if (status !== TRANSFER_OK) {
      this.endWrite(tg, key, lock);
      if (!a.live) return;
      if (tg.proc !== PROC_UP) return this.host.stall(a);
      return this.host.respond(a, 500, "ErrBackend");
    }
    const mp = this.host.mountpathOf(a.bucket, a.object, tg.index, true);
    tg.disks[mp].write(a.sizeBytes, this.onWritten, a);
  }

  private written(a: Attempt, status: IoStatus): void {
    const tg = this.d.targets[a.servingTarget];
    const b = this.d.buckets[a.bucket];
    const key = lockKey(b, a.object);
    const lock = tg.coldLocks.get(key);
    if (lock === undefined) return;
    if (status === IO_OK) b.store.store(a.object, tg.index, b.store.latest(a.object));
    this.endWrite(tg, key, lock);
    if (!a.live) return;
    if (tg.proc !== PROC_UP) return this.host.stall(a);
    if (status !== IO_OK) return this.host.respond(a, 500, "ErrMountpathFailed");
    a.version = b.store.versionOn(a.object, tg.index);
    this.host.sendBody(a, tg);
  }

  /** The writer lets go: late arrivals proceed as fresh GETs (they find the object, or try themselves). */
  private endWrite(tg: TargetNode, key: number, lock: ColdLock): void {
    lock.writing = false;
    const waiters = lock.waiters;
    lock.waiters = [];
    this.releaseIfIdle(tg, key, lock);
    for (const w of waiters) if (w.live && tg.proc === PROC_UP) this.host.targetGet(w, tg);
  }

  private releaseIfIdle(tg: TargetNode, key: number, lock: ColdLock): void {
    if (lock.readers === 0 && !lock.writing && lock.waiters.length === 0 && tg.coldLocks.get(key) === lock) tg.coldLocks.delete(key);
  }
}
