import type { Label, Simulator, Uniform } from "../../kernel/index.js";
import type { AttemptOutcome, RequestContext, RequestRetryState, RetryPolicy, TransportError } from "../../retry/contract.js";
import { policyDelayNs, policyNowS } from "../../retry/policy-clock.js";
import type { RunMetrics } from "../../metrics/index.js";
import { KIND_OK } from "../../metrics/index.js";
import { Attempt, type AttemptOwner } from "../../cluster/http/attempt.js";
import { isGet, movesBody, OP_NAMES } from "../../cluster/http/ops.js";
import { endAttemptInMetrics } from "./attempt-record.js";
import type { Cluster } from "../../cluster/cluster.js";

/** A client host: its network node, its proxy endpoint and its policy instance (shared retry state). */
export interface ClientHost {
  readonly index: number;
  readonly net: number;
  /** The proxy its endpoint URL names. */
  readonly proxy: number;
  readonly policy: RetryPolicy;
  /** The policy's draws (jitter), a stream of its own so workload draws never shift. */
  readonly policyDraws: Uniform;
  readonly connectTimeoutNs: number;
  readonly readTimeoutNs: number;
  /** The request context per operation id (method, the proxy as authority), made once. */
  readonly contexts: readonly RequestContext[];
  /** True when the policy hedges (requests are then HedgedRequests). */
  readonly hedging: boolean;
}

/** The request contexts of a host talking to `authority` whose wall clock has phase `clockPhaseS`, per operation id. */
export function requestContexts(authority: string, clockPhaseS: number): RequestContext[] {
  return OP_NAMES.map((method) => Object.freeze({ method, authority, clockPhaseS }));
}

/** What hooks and listeners see of a logical request (plain or hedged). */
export interface LogicalRequest {
  readonly handle: number;
  readonly startNs: number;
  readonly client: number;
  readonly op: number;
  readonly bucket: number;
  readonly object: number;
  readonly attempts: number;
  readonly opName: string;
}

/** Told when a logical request ends. */
export interface RequestListener {
  requestEnded(request: LogicalRequest): void;
}

/** What the driver needs besides the request. */
export interface DriverContext {
  readonly sim: Simulator;
  readonly cluster: Cluster;
  readonly metrics: RunMetrics;
  readonly kinds: OutcomeKindIds;
  /** Called with each successful GET (for the version checker). */
  readonly onGetOk?: (request: LogicalRequest, version: number) => void;
  /** Called as each request ends, with its outcome kind id (KIND_OK on success). */
  readonly onRequestEnd?: (request: LogicalRequest, kind: number) => void;
}

/** Outcome kind ids, interned once per run. */
export interface OutcomeKindIds {
  readonly ok: number;
  readonly rejected: number;
  /** Transport errors, plus "aborted" (a hedged copy abandoned). */
  readonly byError: Readonly<Record<string, number>>;
  http(status: number): number;
}

/**
 * One logical request under a retry policy, as a small state machine on the kernel heap: ask the policy before
 * each attempt (send / wait / reject), send the attempt through the cluster, tell the policy the outcome, and
 * retry after its delay — `same-url` to the target the proxy redirected to (urllib3 inside the AIStore SDK),
 * `origin` back through the proxy, redirected anew (the SDK's outer layer).
 */
export class Request implements AttemptOwner, LogicalRequest {
  readonly handle: number;
  readonly startNs: number;
  private readonly state: RequestRetryState;
  private redirectTarget = -1;
  private nextRoute: "same-url" | "origin" = "origin";
  private lastKind = KIND_OK;
  private attemptsSent = 0;
  ended = false;

  constructor(
    private readonly ctx: DriverContext,
    readonly host: ClientHost,
    /** Metrics client index. */
    readonly client: number,
    readonly op: number,
    readonly bucket: number,
    readonly object: number,
    readonly sizeBytes: number,
    private readonly listener: RequestListener,
  ) {
    const now = ctx.sim.now;
    this.startNs = now;
    this.handle = ctx.metrics.beginRequest(client, op, now);
    this.state = host.policy.start(host.contexts[op], policyNowS(now));
    this.next();
  }

  /** Asks the policy whether to send the next attempt now. */
  private next(): void {
    const sim = this.ctx.sim;
    const decision = this.state.beforeAttempt(policyNowS(sim.now), this.host.policyDraws);
    if (decision.action === "send") return this.send();
    if (decision.action === "wait") {
      sim.schedule(policyDelayNs(decision.waitS), onNext, this, driverLabel(sim));
      return;
    }
    this.end(this.ctx.kinds.rejected);
  }

  private send(): void {
    const ctx = this.ctx;
    const direct = this.nextRoute === "same-url" ? this.redirectTarget : -1;
    const a = new Attempt(this, this.host, direct);
    a.watch = ctx.cluster.dataPath.headerWatch(this.client);
    a.metricsNode = direct >= 0 ? ctx.cluster.targets[direct].metricsNode : ctx.cluster.proxies[this.host.proxy].metricsNode;
    a.handle = ctx.metrics.beginAttempt(this.handle, a.metricsNode, ctx.sim.now);
    this.attemptsSent++;
    ctx.cluster.dataPath.start(a);
  }

  /** The attempt ended: record it, ask the policy, and retry, finish or give up. */
  attemptDone(a: Attempt): void {
    const ctx = this.ctx;
    const now = ctx.sim.now;
    const kind = a.error !== null ? ctx.kinds.byError[a.error] : ctx.kinds.http(a.status);
    endAttemptInMetrics(ctx.metrics, ctx.cluster, a, kind, now);
    if (a.redirectTo >= 0) this.redirectTarget = a.redirectTo;
    const outcome = attemptOutcome(a);
    const ok = a.error === null && a.status >= 200 && a.status < 300;
    this.lastKind = ok ? ctx.kinds.ok : kind;
    const decision = this.state.afterAttempt(outcome, policyNowS(now), this.host.policyDraws);
    if (decision.action === "retry") {
      this.nextRoute = decision.route;
      ctx.sim.schedule(policyDelayNs(decision.delayS), onNext, this, driverLabel(ctx.sim));
      return;
    }
    if (ok && isGet(this.op)) ctx.onGetOk?.(this, a.version);
    this.end(this.lastKind, ok && movesBody(this.op) ? this.sizeBytes : 0);
  }

  private end(kind: number, bytes = 0): void {
    const ctx = this.ctx;
    this.ended = true;
    this.state.end?.(policyNowS(ctx.sim.now));
    ctx.metrics.endRequest(this.handle, kind, ctx.sim.now, bytes);
    ctx.onRequestEnd?.(this, kind);
    this.listener.requestEnded(this);
  }

  /** Attempts this request sent. */
  get attempts(): number {
    return this.attemptsSent;
  }

  /** Its operation's name. */
  get opName(): string {
    return OP_NAMES[this.op];
  }

  /** For the scheduled retry (a pre-bound handler needs a public entry). */
  resume(): void {
    this.next();
  }
}

/** The policy's view of how an attempt ended. */
export function attemptOutcome(a: Attempt): AttemptOutcome {
  if (a.error !== null) return errorOutcome(a.error);
  return a.code !== undefined ? { type: "response", status: a.status, code: a.code } : statusOutcome(a.status);
}

// Outcomes are immutable: share one object per status and per error instead of allocating one per attempt
// (statuses in an array by number: one look-up per attempt).
const statusOutcomes = new Array<AttemptOutcome | undefined>(600).fill(undefined);
function statusOutcome(status: number): AttemptOutcome {
  let o = statusOutcomes[status];
  if (o === undefined) {
    o = Object.freeze({ type: "response", status });
    statusOutcomes[status] = o;
  }
  return o;
}
const errorOutcomes = new Map<TransportError, AttemptOutcome>();
function errorOutcome(error: TransportError): AttemptOutcome {
  let o = errorOutcomes.get(error);
  if (o === undefined) {
    o = Object.freeze({ type: "error", error });
    errorOutcomes.set(error, o);
  }
  return o;
}

function onNext(r: Request): void {
  r.resume();
}

const labels = new WeakMap<Simulator, Label>();
function driverLabel(sim: Simulator): Label {
  let l = labels.get(sim);
  if (l === undefined) {
    l = sim.label("client.retry", "clients");
    labels.set(sim, l);
  }
  return l;
}
