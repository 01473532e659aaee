import type { Label, Simulator } from "../../kernel/index.js";
import { NS_PER_S } from "../../kernel/time.js";
import type { TransportError } from "../../retry/contract.js";
import { BACKEND_NO_ANSWER, BACKEND_OK, BACKEND_SLOW_DOWN, IO_OK, TRANSFER_OK, type IoStatus, type Network, type TransferStatus } from "../resources/index.js";
import type { Attempt } from "./attempt.js";
import { AttemptTimers } from "./attempt-timers.js";
import type { BucketRuntime } from "./bucket-runtime.js";
import { ColdGet, type ColdGetDeps, type ColdGetHost } from "./cold-get.js";
import { OP_DELETE, OP_GET, OP_HEAD, OP_PUT } from "./ops.js";
import type { OwnerCache } from "../ownership/owner-cache.js";
import type { Placement } from "../ownership/placement-port.js";
import type { HeaderWatch } from "./header-watch.js";
import { PROC_DOWN, PROC_UP, type NodeBase, type ProxyNode, type TargetNode } from "../nodes.js";

/** What the data path needs from the cluster, besides what its cold-GET protocol needs. */
export interface DataPathDeps extends ColdGetDeps {
  readonly proxies: readonly ProxyNode[];
  readonly placement: Placement;
  readonly owners: OwnerCache;
  /** Called when a write commits a version (for the version checker). */
  readonly onCommit: (bucket: number, object: number, version: number) => void;
  /** Called when a DELETE takes effect; `version` was current before it (for the version checker). */
  readonly onDelete: (bucket: number, object: number, version: number) => void;
}

/** How long a backend that takes a request and never answers keeps the target waiting (then 504). */
const BACKEND_NO_ANSWER_NS = 30 * NS_PER_S;

/** A step of an attempt that can wait on a hung node: a pre-bound handler and its second argument. */
type Step<S> = (a: Attempt, arg: S) => void;

/**
 * The request path through the cluster, as callbacks on the kernel heap (no process per request):
 * client → proxy (CPU, owner on the proxy's own map, 301 for GET / 307 otherwise, no liveness check) →
 * client → target (a starting target refuses connections until it joined; GET = mountpath read + transfer to
 * the client; PUT = transfer from the client + write to the HRW mountpath; HEAD; DELETE; 404 when absent; cold GET from the backend under AIStore's
 * lock-upgrade rule, cold-get.ts) → response. Connect and read timeouts are the client's timers on the attempt
 * (attempt-timers.ts); steps that reach a hung node wait on it (`park`).
 */
export class DataPath implements ColdGetHost {
  private readonly sim: Simulator;
  private readonly net: Network;
  private readonly label: Label;
  private readonly timers: AttemptTimers;
  private readonly coldGet: ColdGet;

  // Pre-bound handlers: the hot path schedules them with the attempt as argument.
  private readonly onProxyRouted = (a: Attempt): void => this.proxyRouted(a);
  private readonly onTargetArrive = (a: Attempt): void => this.targetArrive(a);
  private readonly onPutStart = (a: Attempt): void => this.putStart(a);
  private readonly onTargetCpuDone = (a: Attempt): void => this.targetDispatch(a);
  private readonly onResponse = (a: Attempt): void => this.responseArrived(a);
  private readonly onGetRead = (a: Attempt, s: IoStatus): void => this.getRead(a, s);
  private readonly onBodyDone = (a: Attempt, s: TransferStatus): void => this.bodyDone(a, s);
  private readonly onPutBody = (a: Attempt, s: TransferStatus): void => this.putBodyReceived(a, s);
  private readonly onPutBackendDone = (a: Attempt, s: TransferStatus): void => this.putBackendDone(a, s);
  private readonly onPutWritten = (a: Attempt, s: IoStatus): void => this.putWritten(a, s);
  private readonly onHeadDone = (a: Attempt): void => this.headDone(a);
  private readonly onBackendAnswer = (a: Attempt): void => this.backendAnswered(a);

  constructor(private readonly d: DataPathDeps) {
    this.sim = d.sim;
    this.net = d.net;
    this.label = d.sim.label("http", "cluster");
    const bodyWatchLabel = d.sim.label("http.body-watch", "cluster");
    this.timers = new AttemptTimers(d.sim, d.net, d.targets, (a, error) => this.fail(a, error), this.label, bodyWatchLabel);
    this.coldGet = new ColdGet(d, this, this.label);
  }

  /** Sends an attempt: through its proxy, or straight to the target of an earlier redirect. */
  start(a: Attempt): void {
    if (a.directTarget >= 0) this.connectTarget(a, a.directTarget, 0);
    else this.connectProxy(a);
  }

  // ------------------------------------------------------------------ proxy hop

  private connectProxy(a: Attempt): void {
    const p = this.d.proxies[a.proxy];
    if (this.timers.connect(a, p.net, 0)) {
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
    if (p.proc !== PROC_UP) return this.park(p, a, this.onProxyRouted, undefined);
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
    if (this.timers.connect(a, tg.net, afterNs)) {
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
    this.timers.bodyStarted(a);
  }

  private targetArrive(a: Attempt): void {
    const tg = this.upTarget(a, this.onTargetArrive, undefined);
    if (tg === null) return;
    const cpuNs = this.d.knobs.targetCpuNs;
    if (cpuNs > 0) this.sim.scheduleAt(tg.cpu.admit(this.sim.now, Math.round(cpuNs * tg.slowFactor)), this.onTargetCpuDone, a, this.label);
    else this.targetDispatch(a);
  }

  private targetDispatch(a: Attempt): void {
    const tg = this.upTarget(a, this.onTargetCpuDone, undefined);
    if (tg === null) return;
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

  /** A GET on the target: the local copy, else the miss handler or 404 (ais://), else a cold GET (remote). */
  targetGet(a: Attempt, tg: TargetNode): void {
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
    this.coldGet.begin(a, tg, b);
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
    const tg = this.upTarget(a, this.onGetRead, status);
    if (tg === null) return;
    if (status !== IO_OK) return this.respond(a, 500, "ErrMountpathFailed");
    this.sendBody(a, tg);
  }

  /** Response headers are out: the body streams to the client under the read-timeout watchdog. */
  sendBody(a: Attempt, tg: TargetNode): void {
    this.timers.clear(a);
    // No delivery delay: the hop back was paid on the way in, so the last byte is the end of the attempt.
    a.transfer = this.net.transfer(tg.net, a.hostNet, a.sizeBytes, this.onBodyDone, a, 0);
    this.timers.bodyStarted(a);
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
    const tg = this.upTarget(a, this.onHeadDone, undefined);
    if (tg === null) return;
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
    this.sim.schedule(b.backend!.latencyNs(), this.onBackendAnswer, a, this.label);
  }

  private backendAnswered(a: Attempt): void {
    const tg = this.upTarget(a, this.onBackendAnswer, undefined);
    if (tg === null) return;
    const b = this.d.buckets[a.bucket];
    if (a.status === 504) return this.respond(a, 504, "ErrBackendTimeout");
    const exists = b.store.latest(a.object) > 0;
    if (a.op === OP_DELETE && exists) {
      // Gone from the backend; locally only the serving target's cached copy goes.
      this.d.onDelete(a.bucket, a.object, b.store.deleteOn(a.object, tg.index));
      return this.respond(a, 200, undefined);
    }
    this.respond(a, exists ? 200 : 404, exists ? undefined : "ErrObjNotFound");
  }

  // ------------------------------------------------------------------ PUT

  private putBodyReceived(a: Attempt, status: TransferStatus): void {
    a.transfer = -1;
    const tg = this.upTarget(a, this.onPutBody, status);
    if (tg === null) return;
    if (status !== TRANSFER_OK) return this.fail(a, "reset");
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
    const tg = this.upTarget(a, this.onPutBackendDone, status);
    if (tg === null) return;
    if (status !== TRANSFER_OK) return this.respond(a, 500, "ErrBackend");
    this.writeLocal(a, tg);
  }

  private writeLocal(a: Attempt, tg: TargetNode): void {
    const mp = this.mountpathOf(a.bucket, a.object, tg.index, true);
    if (tg.diskFailed[mp]) return this.respond(a, 500, "ErrMountpathFailed");
    tg.disks[mp].write(a.sizeBytes, this.onPutWritten, a);
  }

  private putWritten(a: Attempt, status: IoStatus): void {
    const tg = this.upTarget(a, this.onPutWritten, status);
    if (tg === null) return;
    if (status !== IO_OK) return this.respond(a, 500, "ErrMountpathFailed");
    const v = this.d.buckets[a.bucket].store.write(a.object, tg.index);
    this.d.onCommit(a.bucket, a.object, v);
    this.respond(a, 200, undefined);
  }

  // ------------------------------------------------------------------ hung nodes and endings

  /**
   * The node hangs: the step waits until it resumes (`resumeParked`), while the client's header timer runs.
   * A request the client gave up on meanwhile is dropped when the node resumes.
   */
  private park<S>(node: NodeBase, a: Attempt, step: Step<S>, arg: S): void {
    this.stall(a);
    node.parked.push({ attempt: a, resume: () => step(a, arg) });
  }

  /**
   * The serving target, when the attempt is live and the target up to take its next `step`; otherwise null, and
   * the step is parked on the target (or dropped with the ended attempt). `step` is a pre-bound handler, so the
   * common path allocates nothing; the resume closure is made only when the step parks.
   */
  private upTarget<S>(a: Attempt, step: Step<S>, arg: S): TargetNode | null {
    if (!a.live) return null;
    const tg = this.d.targets[a.servingTarget];
    if (tg.proc === PROC_UP) return tg;
    this.park(tg, a, step, arg);
    return null;
  }

  /** A hung node resumes: its parked steps continue, in the order they stopped. */
  resumeParked(node: NodeBase): void {
    const parked = node.parked;
    node.parked = [];
    for (const p of parked) if (p.attempt.live) p.resume();
  }

  /** The serving node hangs: the client's header timer must run (a body start may have stopped it). */
  stall(a: Attempt): void {
    this.timers.stall(a);
  }

  /** A target's response (headers only: error statuses, PUT/HEAD/DELETE results) travels to the client. */
  respond(a: Attempt, status: number, code: string | undefined): void {
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

  /** Ends an attempt with a transport error. */
  fail(a: Attempt, error: TransportError): void {
    if (!a.live) return;
    a.status = 0;
    a.error = error;
    this.finish(a);
  }

  private finish(a: Attempt): void {
    this.release(a);
    a.owner.attemptDone(a);
  }

  /** The attempt is over: its timer, its transfer and its place on the serving target's in-flight list go. */
  private release(a: Attempt): void {
    a.live = false;
    this.timers.clear(a);
    if (a.transfer >= 0) {
      this.net.abort(a.transfer);
      a.transfer = -1;
    }
    if (a.servingTarget >= 0) this.d.targets[a.servingTarget].inflight.delete(a);
  }

  /** The header watch of metrics client `client` (made at its first attempt). */
  headerWatch(client: number): HeaderWatch<Attempt> {
    return this.timers.headerWatch(client);
  }

  /** A hang or partition began: bodies in flight get read-timeout watchdogs. */
  disruptionBegan(): void {
    this.timers.disruptionBegan();
  }

  /** A hang or partition ended. */
  disruptionEnded(): void {
    this.timers.disruptionEnded();
  }

  /** The client gave up on an attempt (a losing hedged copy): it ends silently, nothing is reported. */
  abandon(a: Attempt): void {
    if (a.live) this.release(a);
  }

  /** A target's process died: what it was serving ends with a connection reset. */
  targetCrashed(tg: TargetNode): void {
    const victims = tg.inflight.drain();
    this.coldGet.targetCrashed(tg);
    for (const a of victims) this.fail(a, "reset");
  }
}
