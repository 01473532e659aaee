import type { Label, Simulator } from "../../kernel/index.js";
import type { TransportError } from "../../retry/contract.js";
import {
  BACKEND_NO_ANSWER,
  BACKEND_OK,
  BACKEND_SLOW_DOWN,
  IO_OK,
  REACH_ACCEPTED_NO_RESPONSE,
  REACH_OK,
  REACH_REFUSED,
  TRANSFER_OK,
  type IoStatus,
  type Network,
  type RemoteBackend,
  type TransferStatus,
} from "../resources/index.js";
import type { Attempt } from "./attempt.js";
import { OP_DELETE, OP_GET, OP_HEAD, OP_PUT } from "./ops.js";
import type { ClusterKnobs } from "../../model/knobs.js";
import type { ObjectStore } from "../object-store.js";
import type { OwnerCache } from "../ownership/owner-cache.js";
import type { Placement } from "../ownership/placement-port.js";
import { HeaderWatch } from "./header-watch.js";
import { PROC_DOWN, PROC_UP, type ColdLock, type NodeBase, type ProxyNode, type TargetNode } from "../nodes.js";

/** A bucket as the data path sees it. */
export interface BucketRuntime {
  readonly index: number;
  readonly name: string;
  /** S3-style prefix the backend limits requests by. */
  readonly prefix: string;
  readonly store: ObjectStore;
  readonly backend: RemoteBackend | null;
  /** Network node of the backend (-1: none). */
  readonly backendNet: number;
}

/** What the data path needs from the cluster. */
export interface DataPathDeps {
  readonly sim: Simulator;
  readonly net: Network;
  readonly knobs: ClusterKnobs;
  readonly proxies: readonly ProxyNode[];
  readonly targets: readonly TargetNode[];
  readonly buckets: readonly BucketRuntime[];
  readonly placement: Placement;
  readonly owners: OwnerCache;
  /** cold_get_conflict: a reader that cannot upgrade for this long gets 409. */
  readonly coldGetConflictNs: number;
  /** Called when a write commits a version (for the version checker). */
  readonly onCommit: (bucket: number, object: number, version: number) => void;
  /** Called when a DELETE takes effect; `version` was current before it (for the version checker). */
  readonly onDelete: (bucket: number, object: number, version: number) => void;
}

const SECOND = 1_000_000_000;
const BACKEND_NO_ANSWER_NS = 30 * SECOND;

/**
 * The request path through the cluster, as callbacks on the kernel heap (no process per request):
 * client → proxy (CPU, owner on the proxy's own map, 301 for GET / 307 otherwise, no liveness check) →
 * client → target (503 while starting; GET = mountpath read + transfer to the client; PUT = transfer from the
 * client + write to the HRW mountpath; HEAD; DELETE; 404 when absent; cold GET from the backend under AIStore's
 * lock-upgrade rule) → response. Connect and read timeouts are the client's timers on the attempt.
 */
export class DataPath {
  private readonly sim: Simulator;
  private readonly net: Network;
  private readonly label: Label;
  private readonly bodyWatchLabel: Label;

  // Pre-bound handlers: the hot path schedules them with the attempt as argument.
  private readonly onRefused = (a: Attempt): void => this.fail(a, "refused");
  private readonly onConnectTimeout = (a: Attempt): void => this.fail(a, "connect-timeout");
  private readonly onReadTimeout = (a: Attempt): void => this.timeoutRead(a);
  private readonly onProxyRouted = (a: Attempt): void => this.proxyRouted(a);
  private readonly onTargetArrive = (a: Attempt): void => this.targetArrive(a);
  private readonly onPutStart = (a: Attempt): void => this.putStart(a);
  private readonly onTargetCpuDone = (a: Attempt): void => this.targetDispatch(a);
  private readonly onResponse = (a: Attempt): void => this.responseArrived(a);
  private readonly onGetRead = (a: Attempt, s: IoStatus): void => this.getRead(a, s);
  private readonly onBodyDone = (a: Attempt, s: TransferStatus): void => this.bodyDone(a, s);
  private readonly onBodyWatch = (a: Attempt): void => this.bodyWatch(a);
  private readonly onPutBody = (a: Attempt, s: TransferStatus): void => this.putBodyReceived(a, s);
  private readonly onPutBackendDone = (a: Attempt, s: TransferStatus): void => this.putBackendDone(a, s);
  private readonly onPutWritten = (a: Attempt, s: IoStatus): void => this.putWritten(a, s);
  private readonly onMetadataLoaded = (a: Attempt): void => this.tryUpgrade(a);
  private readonly onColdFetched = (a: Attempt, s: TransferStatus): void => this.coldFetched(a, s);
  private readonly onColdWritten = (a: Attempt, s: IoStatus): void => this.coldWritten(a, s);
  private readonly onHeadDone = (a: Attempt): void => this.headDone(a);
  private readonly onBackendAnswer = (a: Attempt): void => this.backendAnswered(a);
  private readonly onWatchTimeout = (a: Attempt): void => this.fail(a, "read-timeout");
  private readonly watches: Array<HeaderWatch<Attempt> | undefined> = [];

  constructor(private readonly d: DataPathDeps) {
    this.sim = d.sim;
    this.net = d.net;
    this.label = d.sim.label("http", "cluster");
    this.bodyWatchLabel = d.sim.label("http.body-watch", "cluster");
  }

  /** Sends an attempt: through its proxy, or straight to the target of an earlier redirect. */
  start(a: Attempt): void {
    if (a.directTarget >= 0) this.connectTarget(a, a.directTarget, 0);
    else this.connectProxy(a);
  }

  // ------------------------------------------------------------------ proxy hop

  private connectProxy(a: Attempt): void {
    const p = this.d.proxies[a.proxy];
    if (this.connect(a, p.net, 0)) {
      // One event for the hop and the CPU: the request joins the proxy's FIFO cores at its arrival time
      // (arrivals come in send order when hop latencies are equal, the common case).
      const arrival = this.sim.now + this.net.latencyNs(a.hostNet, p.net);
      const end = p.cpu.admit(arrival, Math.round(this.d.knobs.proxyCpuNs * p.slowFactor));
      // A serving proxy routes on the map it holds as the request leaves the client, with no event of its own
      // (README, simplification 4); a hung or starting one is looked at when the request gets there.
      if (p.proc === PROC_UP && p.ready) {
        const owner = this.d.owners.owner(p.smap, a.bucket, a.object);
        if (owner >= 0) return this.redirect(a, p, owner, end);
      }
      this.sim.scheduleAt(end, this.onProxyRouted, a, this.label);
    }
  }

  /** The proxy answers `owner` at `atNs` (now or later): the redirect travels back and the client connects. */
  private redirect(a: Attempt, p: ProxyNode, owner: number, atNs: number): void {
    a.redirectTo = owner;
    a.redirectNs = atNs;
    // The connection's fate is decided as the redirect leaves the proxy (or earlier), not as it reaches the client.
    this.connectTarget(a, owner, atNs - this.sim.now + this.net.latencyNs(p.net, a.hostNet));
  }

  private proxyRouted(a: Attempt): void {
    if (!a.live) return;
    const p = this.d.proxies[a.proxy];
    if (p.proc === PROC_DOWN) return this.fail(a, "reset");
    if (p.proc !== PROC_UP) return this.park(p, a, () => this.proxyRouted(a));
    if (!p.ready) return this.respondFrom(a, p.net, 503, undefined);
    // The proxy routes on its own map and never checks that the owner is alive.
    const owner = this.d.owners.owner(p.smap, a.bucket, a.object);
    if (owner < 0) return this.respondFrom(a, p.net, 503, undefined);
    this.redirect(a, p, owner, this.sim.now);
  }

  // ------------------------------------------------------------------ target hop

  private connectTarget(a: Attempt, t: number, afterNs: number): void {
    const tg = this.d.targets[t];
    a.servingTarget = t;
    if (this.connect(a, tg.net, afterNs)) {
      tg.inflight.add(a);
      if (a.op === OP_PUT) {
        // The body goes up first; a response comes after the write.
        if (afterNs > 0) this.sim.schedule(afterNs, this.onPutStart, a, this.label);
        else this.putStart(a);
      } else {
        // The answer's hop back is paid on the way in (simplification 4): the target's answer leaves at once.
        this.sim.schedule(afterNs + this.net.rttNs(a.hostNet, tg.net), this.onTargetArrive, a, this.label);
      }
    }
  }

  private putStart(a: Attempt): void {
    if (!a.live) return;
    const tg = this.d.targets[a.servingTarget];
    // The body's delivery also carries the hop of the answer back (simplification 4).
    a.transfer = this.net.transfer(a.hostNet, tg.net, a.sizeBytes, this.onPutBody, a, this.net.rttNs(a.hostNet, tg.net));
    if (this.disruptions > 0) this.watchBody(a);
  }

  private targetArrive(a: Attempt): void {
    if (!a.live) return;
    const tg = this.d.targets[a.servingTarget];
    if (tg.proc !== PROC_UP) return this.park(tg, a, () => this.targetArrive(a));
    const cpuNs = this.d.knobs.targetCpuNs;
    if (cpuNs > 0) this.sim.scheduleAt(tg.cpu.admit(this.sim.now, Math.round(cpuNs * tg.slowFactor)), this.onTargetCpuDone, a, this.label);
    else this.targetDispatch(a);
  }

  private targetDispatch(a: Attempt): void {
    if (!a.live) return;
    const tg = this.d.targets[a.servingTarget];
    if (tg.proc !== PROC_UP) return this.park(tg, a, () => this.targetDispatch(a));
    if (!tg.ready) return this.respond(a, 503, "NotReady");
    switch (a.op) {
      case OP_GET:
        return this.targetGet(a, tg);
      case OP_HEAD:
        return this.targetHead(a, tg);
      case OP_DELETE:
        return this.targetDelete(a, tg);
      default:
        return this.respond(a, 405, undefined);
    }
  }

  private targetGet(a: Attempt, tg: TargetNode): void {
    const b = this.d.buckets[a.bucket];
    const v = b.store.versionOn(a.object, tg.index);
    if (v > 0) {
      a.version = v;
      return this.readFromDisk(a, tg);
    }
    if (b.backend === null) {
      if (this.missHandler !== null && this.missHandler(a, tg)) return;
      return this.respond(a, 404, "ErrObjNotFound");
    }
    this.coldGet(a, tg, b);
  }

  /**
   * Asked before a GET of a plain ais bucket answers 404: true when it took the attempt (get-from-neighbor,
   * erasure-coded restore) and will call `continueGet` later.
   */
  missHandler: ((a: Attempt, tg: TargetNode) => boolean) | null = null;

  /** The mountpath a target reads (or writes) an object on; data movement replaces the placement's default. */
  mountpathOf: (bucket: number, object: number, target: number, forWrite: boolean) => number = (b, o, t) =>
    this.d.placement.mountpath(b, o, t);

  /** Continues a GET the miss handler took: the local copy if there is one now, else 404. */
  continueGet(a: Attempt): void {
    if (!a.live) return;
    const tg = this.d.targets[a.servingTarget];
    if (tg.proc !== PROC_UP) return this.stall(a);
    const v = this.d.buckets[a.bucket].store.versionOn(a.object, tg.index);
    if (v === 0) return this.respond(a, 404, "ErrObjNotFound");
    a.version = v;
    this.readFromDisk(a, tg);
  }

  private readFromDisk(a: Attempt, tg: TargetNode): void {
    const mp = this.mountpathOf(a.bucket, a.object, tg.index, false);
    if (tg.diskFailed[mp]) return this.respond(a, 500, "ErrMountpathFailed");
    tg.disks[mp].read(a.sizeBytes, this.onGetRead, a);
  }

  private getRead(a: Attempt, status: IoStatus): void {
    if (!a.live) return;
    const tg = this.d.targets[a.servingTarget];
    if (tg.proc !== PROC_UP) return this.park(tg, a, () => this.getRead(a, status));
    if (status !== IO_OK) return this.respond(a, 500, "ErrMountpathFailed");
    this.sendBody(a, tg);
  }

  /** Response headers are out: the body streams to the client under the read-timeout watchdog. */
  private sendBody(a: Attempt, tg: TargetNode): void {
    this.clearTimer(a);
    // No delivery delay: the hop back was paid on the way in, so the last byte is the end of the attempt.
    a.transfer = this.net.transfer(tg.net, a.hostNet, a.sizeBytes, this.onBodyDone, a, 0);
    if (this.disruptions > 0) this.watchBody(a);
  }

  /**
   * Arms the read-timeout watchdog of a body in transit. Bodies stall only while a node hangs or a partition
   * cuts a path, so watchdogs run only then: armed for bodies started during a disruption and, when one begins,
   * for every body in flight (`disruptionBegan`).
   */
  private watchBody(a: Attempt): void {
    if (!this.timed(a)) a.timer = this.sim.schedule(a.readTimeoutNs, this.onBodyWatch, a, this.bodyWatchLabel);
  }

  /** Active hangs and partitions (maintained by the cluster). */
  disruptions = 0;

  /** A hang or partition began: bodies in flight get read-timeout watchdogs. */
  disruptionBegan(): void {
    this.disruptions++;
    for (const tg of this.d.targets) for (const a of tg.inflight.toArray()) if (a.transfer >= 0) this.watchBody(a);
  }

  /** A hang or partition ended. */
  disruptionEnded(): void {
    this.disruptions = Math.max(0, this.disruptions - 1);
  }

  private bodyWatch(a: Attempt): void {
    a.timer = -1;
    if (!a.live) return;
    // No bytes for a read timeout (approximated: the path is cut or the server hung when the watchdog looks).
    if (this.net.reachability(a.hostNet, this.d.targets[a.servingTarget].net) !== REACH_OK) {
      this.fail(a, "read-timeout");
      return;
    }
    a.timer = this.sim.schedule(a.readTimeoutNs, this.onBodyWatch, a, this.bodyWatchLabel);
  }

  private bodyDone(a: Attempt, status: TransferStatus): void {
    a.transfer = -1;
    if (!a.live) return;
    if (status !== TRANSFER_OK) return this.fail(a, "protocol");
    a.status = 200;
    this.finish(a);
  }

  private targetHead(a: Attempt, tg: TargetNode): void {
    const b = this.d.buckets[a.bucket];
    if (b.store.versionOn(a.object, tg.index) > 0 || b.backend === null) {
      this.sim.schedule(Math.round(this.d.knobs.metadataLoadNs * tg.slowFactor), this.onHeadDone, a, this.label);
      return;
    }
    this.askBackend(a, b, "HEAD");
  }

  private headDone(a: Attempt): void {
    if (!a.live) return;
    const tg = this.d.targets[a.servingTarget];
    if (tg.proc !== PROC_UP) return this.park(tg, a, () => this.headDone(a));
    const b = this.d.buckets[a.bucket];
    const present = b.store.versionOn(a.object, tg.index) > 0;
    this.respond(a, present ? 200 : 404, present ? undefined : "ErrObjNotFound");
  }

  private targetDelete(a: Attempt, tg: TargetNode): void {
    const b = this.d.buckets[a.bucket];
    if (b.backend !== null) return this.askBackend(a, b, "DELETE");
    if (b.store.versionOn(a.object, tg.index) === 0) return this.respond(a, 404, "ErrObjNotFound");
    // Only this target's copy (with its local mirror copies) goes; copies on other targets stay.
    this.d.onDelete(a.bucket, a.object, b.store.deleteOn(a.object, tg.index));
    this.respond(a, 200, undefined);
  }

  /** HEAD or DELETE of a remote bucket: one backend round trip. */
  private askBackend(a: Attempt, b: BucketRuntime, op: "HEAD" | "DELETE"): void {
    const verdict = b.backend!.admit(op, b.prefix);
    if (verdict === BACKEND_SLOW_DOWN) return this.respond(a, 503, "SlowDown");
    if (verdict === BACKEND_NO_ANSWER) {
      this.sim.schedule(BACKEND_NO_ANSWER_NS, this.onBackendAnswer, a, this.label);
      a.status = 504;
      return this.stall(a);
    }
    if (verdict !== BACKEND_OK) return this.respond(a, 500, "ErrBackend");
    a.status = op === "HEAD" ? -1 : -2;
    this.sim.schedule(b.backend!.latencyNs(), this.onBackendAnswer, a, this.label);
  }

  private backendAnswered(a: Attempt): void {
    if (!a.live) return;
    const tg = this.d.targets[a.servingTarget];
    if (tg.proc !== PROC_UP) return this.park(tg, a, () => this.backendAnswered(a));
    const b = this.d.buckets[a.bucket];
    if (a.status === 504) return this.respond(a, 504, "ErrBackendTimeout");
    const exists = b.store.latest(a.object) > 0;
    if (a.status === -2 && exists) {
      // Gone from the backend; locally only the serving target's cached copy goes.
      this.d.onDelete(a.bucket, a.object, b.store.deleteOn(a.object, tg.index));
      return this.respond(a, 200, undefined);
    }
    this.respond(a, exists ? 200 : 404, exists ? undefined : "ErrObjNotFound");
  }

  // ------------------------------------------------------------------ PUT

  private putBodyReceived(a: Attempt, status: TransferStatus): void {
    a.transfer = -1;
    if (!a.live) return;
    const tg = this.d.targets[a.servingTarget];
    if (tg.proc !== PROC_UP) return this.park(tg, a, () => this.putBodyReceived(a, status));
    if (status !== TRANSFER_OK) return this.fail(a, "reset");
    if (!tg.ready) return this.respond(a, 503, "NotReady");
    const b = this.d.buckets[a.bucket];
    if (b.backend !== null) {
      // Remote bucket: the object goes to the backend first (per-prefix rate limit: 503 SlowDown).
      const verdict = b.backend.admit("PUT", b.prefix);
      if (verdict === BACKEND_SLOW_DOWN) return this.respond(a, 503, "SlowDown");
      if (verdict !== BACKEND_OK) return this.respond(a, verdict === BACKEND_NO_ANSWER ? 504 : 500, "ErrBackend");
      a.transfer = this.net.transfer(tg.net, b.backendNet, a.sizeBytes, this.onPutBackendDone, a, b.backend.latencyNs());
      return;
    }
    this.writeLocal(a, tg);
  }

  private putBackendDone(a: Attempt, status: TransferStatus): void {
    a.transfer = -1;
    if (!a.live) return;
    const tg = this.d.targets[a.servingTarget];
    if (tg.proc !== PROC_UP) return this.park(tg, a, () => this.putBackendDone(a, status));
    if (status !== TRANSFER_OK) return this.respond(a, 500, "ErrBackend");
    this.writeLocal(a, tg);
  }

  private writeLocal(a: Attempt, tg: TargetNode): void {
    const mp = this.mountpathOf(a.bucket, a.object, tg.index, true);
    if (tg.diskFailed[mp]) return this.respond(a, 500, "ErrMountpathFailed");
    tg.disks[mp].write(a.sizeBytes, this.onPutWritten, a);
  }

  private putWritten(a: Attempt, status: IoStatus): void {
    if (!a.live) return;
    const tg = this.d.targets[a.servingTarget];
    if (tg.proc !== PROC_UP) return this.park(tg, a, () => this.putWritten(a, status));
    if (status !== IO_OK) return this.respond(a, 500, "ErrMountpathFailed");
    const v = this.d.buckets[a.bucket].store.write(a.object, tg.index);
    this.d.onCommit(a.bucket, a.object, v);
    this.respond(a, 200, undefined);
  }

  // ------------------------------------------------------------------ cold GET (remote buckets)

  /**
   * AIStore's rule: a GET takes the object's read lock, loads metadata, finds the object missing and tries to
   * upgrade to the write lock. Alone, it upgrades and fetches; arrivals behind the write lock wait and then read
   * the fetched copy. Two readers that both try to upgrade back off (1 s, ×1.5 each time); one that has slept
   * cold_get_conflict (5 s) in total answers 409 and lets go — ≈ 8.1 s after it began.
   */
  private coldGet(a: Attempt, tg: TargetNode, b: BucketRuntime): void {
    const key = b.index * 0x1_0000_0000 + a.object;
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
    a.coldSleepNs = SECOND;
    a.coldSleptNs = 0;
    this.sim.schedule(Math.round(this.d.knobs.metadataLoadNs * tg.slowFactor), this.onMetadataLoaded, a, this.label);
  }

  private tryUpgrade(a: Attempt): void {
    const tg = this.d.targets[a.servingTarget];
    const b = this.d.buckets[a.bucket];
    const key = b.index * 0x1_0000_0000 + a.object;
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
        this.endColdWrite(tg, key, lock);
        if (tg.proc !== PROC_UP) return this.stall(a);
        return this.respond(a, verdict === BACKEND_SLOW_DOWN ? 503 : 500, verdict === BACKEND_SLOW_DOWN ? "SlowDown" : "ErrBackend");
      }
      if (b.store.latest(a.object) === 0) {
        this.endColdWrite(tg, key, lock);
        return this.respond(a, 404, "ErrObjNotFound");
      }
      a.transfer = this.net.transfer(b.backendNet, tg.net, a.sizeBytes, this.onColdFetched, a, b.backend!.latencyNs());
      return;
    }
    if (a.coldSleptNs >= this.d.coldGetConflictNs) {
      lock.readers--;
      this.releaseIfIdle(tg, key, lock);
      if (tg.proc !== PROC_UP) return this.stall(a);
      return this.respond(a, 409, "ErrGetConflict");
    }
    const sleepNs = a.coldSleepNs;
    a.coldSleptNs += sleepNs;
    a.coldSleepNs = Math.round(sleepNs * 1.5);
    this.sim.schedule(sleepNs, this.onMetadataLoaded, a, this.label);
  }

  private coldFetched(a: Attempt, status: TransferStatus): void {
    a.transfer = -1;
    const tg = this.d.targets[a.servingTarget];
    const b = this.d.buckets[a.bucket];
    const key = b.index * 0x1_0000_0000 + a.object;
    const lock = tg.coldLocks.get(key);
    if (lock === undefined) return;
    if (status !== TRANSFER_OK) {
      this.endColdWrite(tg, key, lock);
      if (!a.live) return;
      if (tg.proc !== PROC_UP) return this.stall(a);
      return this.respond(a, 500, "ErrBackend");
    }
    const mp = this.mountpathOf(a.bucket, a.object, tg.index, true);
    tg.disks[mp].write(a.sizeBytes, this.onColdWritten, a);
  }

  private coldWritten(a: Attempt, status: IoStatus): void {
    const tg = this.d.targets[a.servingTarget];
    const b = this.d.buckets[a.bucket];
    const key = b.index * 0x1_0000_0000 + a.object;
    const lock = tg.coldLocks.get(key);
    if (lock === undefined) return;
    if (status === IO_OK) b.store.store(a.object, tg.index, b.store.latest(a.object));
    this.endColdWrite(tg, key, lock);
    if (!a.live) return;
    if (tg.proc !== PROC_UP) return this.stall(a);
    if (status !== IO_OK) return this.respond(a, 500, "ErrMountpathFailed");
    a.version = b.store.versionOn(a.object, tg.index);
    this.sendBody(a, tg);
  }

  /** The writer lets go: late arrivals proceed as fresh GETs (they find the object, or try themselves). */
  private endColdWrite(tg: TargetNode, key: number, lock: ColdLock): void {
    lock.writing = false;
    const waiters = lock.waiters;
    lock.waiters = [];
    this.releaseIfIdle(tg, key, lock);
    for (const w of waiters) if (w.live && tg.proc === PROC_UP) this.targetGet(w, tg);
  }

  private releaseIfIdle(tg: TargetNode, key: number, lock: ColdLock): void {
    if (lock.readers === 0 && !lock.writing && lock.waiters.length === 0 && tg.coldLocks.get(key) === lock) tg.coldLocks.delete(key);
  }

  // ------------------------------------------------------------------ endings

  /**
   * Opens a connection to `net`: true when the server accepted (the read timer is armed), false when the attempt
   * will end with refused / connect-timeout / read-timeout (scheduled here).
   */
  private connect(a: Attempt, serverNet: number, afterNs: number): boolean {
    const reach = this.net.reachability(a.hostNet, serverNet);
    const rttNs = this.net.rttNs(a.hostNet, serverNet);
    // A hung server accepts the connection: the request waits inside it (parked) and the header timer runs.
    if (reach === REACH_OK || reach === REACH_ACCEPTED_NO_RESPONSE) {
      // One header deadline per attempt, set at the first hop; a redirect moves it later. The client's header
      // watch times it (header-watch.ts), or a timer of the attempt's own when the watch is busy (hedges); a
      // timer that fires early re-arms itself for the rest.
      a.deadlineNs = this.sim.now + afterNs + rttNs + a.readTimeoutNs;
      // (Watching an attempt it already watches only takes the later deadline.)
      if (a.timer < 0 && (a.watch === null || !a.watch.watch(a))) {
        a.timer = this.sim.scheduleAt(a.deadlineNs, this.onReadTimeout, a, this.label);
      }
      return true;
    }
    this.clearTimer(a);
    if (reach === REACH_REFUSED) {
      a.timer = this.sim.schedule(afterNs + rttNs, this.onRefused, a, this.label);
    } else {
      a.timer = this.sim.schedule(afterNs + a.connectTimeoutNs, this.onConnectTimeout, a, this.label);
    }
    return false;
  }

  /**
   * The node hangs: the step waits until it resumes (`resumeParked`), while the client's header timer runs.
   * A request the client gave up on meanwhile is dropped when the node resumes.
   */
  private park(node: NodeBase, a: Attempt, resume: () => void): void {
    this.stall(a);
    node.parked.push({ attempt: a, resume });
  }

  /** A hung node resumes: its parked steps continue, in the order they stopped. */
  resumeParked(node: NodeBase): void {
    const parked = node.parked;
    node.parked = [];
    for (const p of parked) if (p.attempt.live) p.resume();
  }

  /** The serving node hangs: make sure the header timer runs (it may have been cancelled by a body start). */
  private stall(a: Attempt): void {
    if (!this.timed(a)) a.timer = this.sim.scheduleAt(Math.max(this.sim.now, a.deadlineNs), this.onReadTimeout, a, this.label);
  }

  /** A target's response (headers only: error statuses, PUT/HEAD/DELETE results) travels to the client. */
  private respond(a: Attempt, status: number, code: string | undefined): void {
    a.status = status;
    a.code = code;
    // The hop back was paid on the way in: the client has the answer as the target sends it.
    this.sim.schedule(0, this.onResponse, a, this.label);
  }

  /** A proxy's own answer (503 while it starts, no owner): it travels the hop back. */
  private respondFrom(a: Attempt, fromNet: number, status: number, code: string | undefined): void {
    a.status = status;
    a.code = code;
    this.sim.schedule(this.net.latencyNs(fromNet, a.hostNet), this.onResponse, a, this.label);
  }

  private responseArrived(a: Attempt): void {
    if (!a.live) return;
    this.finish(a);
  }

  private timeoutRead(a: Attempt): void {
    a.timer = -1;
    if (!a.live) return;
    if (this.sim.now < a.deadlineNs) {
      a.timer = this.sim.scheduleAt(a.deadlineNs, this.onReadTimeout, a, this.label);
      return;
    }
    this.fail(a, "read-timeout");
  }

  /** Ends an attempt with a transport error. */
  fail(a: Attempt, error: TransportError): void {
    if (!a.live) return;
    a.status = 0;
    a.error = error;
    this.finish(a);
  }

  private finish(a: Attempt): void {
    a.live = false;
    this.clearTimer(a);
    if (a.transfer >= 0) {
      this.net.abort(a.transfer);
      a.transfer = -1;
    }
    if (a.servingTarget >= 0) this.d.targets[a.servingTarget].inflight.delete(a);
    a.owner.attemptDone(a);
  }

  private clearTimer(a: Attempt): void {
    if (a.watch !== null) a.watch.release(a);
    if (a.timer >= 0) {
      this.sim.cancel(a.timer);
      a.timer = -1;
    }
  }

  /** True while a timer of its own or its client's header watch runs for the attempt. */
  private timed(a: Attempt): boolean {
    return a.timer >= 0 || (a.watch !== null && a.watch.watches(a));
  }

  /** The header watch of metrics client `client` (made at its first attempt). */
  headerWatch(client: number): HeaderWatch<Attempt> {
    let w = this.watches[client];
    if (w === undefined) {
      for (let i = this.watches.length; i < client; i++) this.watches.push(undefined);
      w = new HeaderWatch<Attempt>(this.sim, this.label, this.onWatchTimeout);
      this.watches[client] = w;
    }
    return w;
  }

  /** The client gave up on an attempt (a losing hedged copy): it ends silently, nothing is reported. */
  abandon(a: Attempt): void {
    if (!a.live) return;
    a.live = false;
    this.clearTimer(a);
    if (a.transfer >= 0) {
      this.net.abort(a.transfer);
      a.transfer = -1;
    }
    if (a.servingTarget >= 0) this.d.targets[a.servingTarget].inflight.delete(a);
  }

  /** A target's process died: what it was serving ends with a connection reset. */
  targetCrashed(tg: TargetNode): void {
    const victims = tg.inflight.drain();
    tg.coldLocks = new Map();
    for (const a of victims) this.fail(a, "reset");
  }

}
