import { exponential, type Label, type Uniform } from "../../kernel/index.js";
import type { LogicalRequest, RequestListener } from "./request-driver.js";
import { startRequest, workerStreams, type ClientGenerator, type ClientPoolContext } from "./client-pool.js";

/** One closed-loop worker: it is its requests' listener, so ending a request needs no lookup. */
class Worker implements RequestListener {
  constructor(
    readonly loop: ClosedLoop,
    readonly index: number,
    readonly streams: { op: Uniform; object: Uniform; think: Uniform },
  ) {}

  requestEnded(_r: LogicalRequest): void {
    this.loop.workerDone(this);
  }
}

/**
 * Closed loop: N workers, each sends a request, waits for its end (retries included), thinks, repeats.
 * Worker w runs on host w mod H and is metrics client w.
 */
export class ClosedLoop implements ClientGenerator {
  open = 0;
  private readonly workers: Worker[] = [];
  private readonly label: Label;
  private readonly onThinkDone = (w: Worker): void => this.issue(w);

  constructor(
    private readonly ctx: ClientPoolContext,
    clients: number,
    private readonly thinkTimeNs: number,
    private readonly think: "constant" | "exponential",
  ) {
    const sim = ctx.driver.sim;
    for (let i = 0; i < clients; i++) this.workers.push(new Worker(this, i, workerStreams(sim, `client/${i}`)));
    this.label = sim.label("client.think", "closed-loop");
  }

  start(): void {
    for (const w of this.workers) this.issue(w);
  }

  private issue(w: Worker): void {
    const ctx = this.ctx;
    if (ctx.driver.sim.now >= ctx.stopNs) return;
    const host = ctx.hosts[w.index % ctx.hosts.length];
    const op = ctx.ops.pick(w.streams.op);
    const object = ctx.objects.pick(w.streams.object);
    this.open++;
    startRequest(ctx, w, host, w.index, op, object);
  }

  /** Not used: workers listen to their own requests. */
  requestEnded(_r: LogicalRequest): void {}

  /** A worker's request ended: think, then issue the next. */
  workerDone(w: Worker): void {
    this.open--;
    const thinkNs = this.think === "exponential" ? Math.round(exponential(w.streams.think, this.thinkTimeNs)) : this.thinkTimeNs;
    if (thinkNs === 0) this.issue(w);
    else this.ctx.driver.sim.schedule(thinkNs, this.onThinkDone, w, this.label);
  }
}
