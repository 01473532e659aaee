import type { Label, Simulator } from "../../kernel/index.js";
import type { HedgedRequest as HedgeState, HedgingPolicy } from "../../retry/libraries/hedging.js";
import type { AttemptOutcome } from "../../retry/contract.js";
import { policyDelayNs, policyNowS } from "../../retry/policy-clock.js";
import { Attempt, type AttemptOwner } from "../../cluster/http/attempt.js";
import { isGet, movesBody, OP_NAMES } from "../../cluster/http/ops.js";
import { endAttemptInMetrics } from "./attempt-record.js";
import { attemptOutcome, type ClientHost, type DriverContext, type RequestListener } from "./request-driver.js";

/**
 * A hedged request (hedging presets): copies go to the proxy — the original at once, another whenever the
 * policy's hedge delay passes with no answer, or at once after a non-fatal failure when the policy says so; the
 * first success wins and the other copies are abandoned (recorded as "aborted").
 */
export class HedgedRequest implements AttemptOwner {
  readonly handle: number;
  readonly startNs: number;
  private readonly hedge: HedgeState;
  private readonly copies: Attempt[] = [];
  private timer = -1;
  private readonly label: Label;
  private readonly onHedgeTimer = (): void => this.hedgeTimerFired();
  private over = false;

  constructor(
    private readonly ctx: DriverContext,
    readonly host: ClientHost,
    readonly client: number,
    readonly op: number,
    readonly bucket: number,
    readonly object: number,
    readonly sizeBytes: number,
    private readonly listener: RequestListener,
    policy: HedgingPolicy,
  ) {
    const sim = ctx.sim;
    this.startNs = sim.now;
    this.label = sim.label("client.hedge", "clients");
    this.handle = ctx.metrics.beginRequest(client, op, sim.now);
    this.hedge = policy.startHedged({ method: OP_NAMES[op], authority: ctx.cluster.proxies[host.proxy].id }, policyNowS(sim.now));
    this.launch();
  }

  private launch(): void {
    const ctx = this.ctx;
    const sim: Simulator = ctx.sim;
    this.hedge.copySent(policyNowS(sim.now));
    const a = new Attempt(this, this.host, -1);
    a.metricsNode = ctx.cluster.proxies[this.host.proxy].metricsNode;
    a.handle = ctx.metrics.beginAttempt(this.handle, a.metricsNode, sim.now);
    this.copies.push(a);
    ctx.cluster.dataPath.start(a);
    this.armHedgeTimer();
  }

  private armHedgeTimer(): void {
    const sim = this.ctx.sim;
    if (this.timer >= 0) sim.cancel(this.timer);
    this.timer = -1;
    const delayS = this.hedge.hedgeDelayS(policyNowS(sim.now));
    if (delayS !== undefined && Number.isFinite(delayS)) this.timer = sim.schedule(policyDelayNs(delayS), this.onHedgeTimer, undefined, this.label);
  }

  private hedgeTimerFired(): void {
    this.timer = -1;
    if (!this.over) this.launch();
  }

  /** A copy ended. */
  attemptDone(a: Attempt): void {
    const ctx = this.ctx;
    const now = ctx.sim.now;
    const copy = this.copies.indexOf(a);
    const outcome: AttemptOutcome = attemptOutcome(a);
    const kind = a.error !== null ? ctx.kinds.byError[a.error] : ctx.kinds.http(a.status);
    endAttemptInMetrics(ctx.metrics, ctx.cluster, a, kind, now);
    if (this.over) return;
    const decision = this.hedge.copyFinished(copy, outcome, policyNowS(now));
    if (decision.action === "send-now") return this.launch();
    if (decision.action === "wait") return;
    const ok = decision.action === "win";
    this.over = true;
    if (this.timer >= 0) ctx.sim.cancel(this.timer);
    this.timer = -1;
    const aborted = ctx.kinds.byError.aborted;
    for (const other of this.copies) {
      if (other !== a && other.live) {
        ctx.cluster.dataPath.abandon(other);
        endAttemptInMetrics(ctx.metrics, ctx.cluster, other, aborted, now);
      }
    }
    if (ok && isGet(this.op)) ctx.onGetOk?.(this, a.version);
    const endKind = ok ? ctx.kinds.ok : kind;
    ctx.metrics.endRequest(this.handle, endKind, now, ok && movesBody(this.op) ? this.sizeBytes : 0);
    ctx.onRequestEnd?.(this, endKind);
    this.listener.requestEnded(this);
  }

  /** Copies sent. */
  get attempts(): number {
    return this.copies.length;
  }

  /** Its operation's name. */
  get opName(): string {
    return OP_NAMES[this.op];
  }
}
