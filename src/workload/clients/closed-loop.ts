import { exponential, type Label, type Uniform } from "../../kernel/index.js";
import type { Request } from "../request-driver.js";
import { startRequest, workerStreams, type ClientGenerator, type ClientPoolContext } from "./client-pool.js";

interface Worker {
  readonly index: number;
  readonly streams: { op: Uniform; object: Uniform; think: Uniform };
}

/**
 * Closed loop: N workers, each sends a request, waits for its end (retries included), thinks, repeats.
 * Worker w runs on host w mod H and is metrics client w.
 */
export class ClosedLoop implements ClientGenerator {
  open = 0;
  private readonly workers: Worker[] = [];
  private readonly byRequest = new Map<Request, Worker>();
  private readonly label: Label;
  private readonly onThinkDone = (w: Worker): void => this.issue(w);

  constructor(
    private readonly ctx: ClientPoolContext,
    clients: number,
    private readonly thinkTimeNs: number,
    private readonly think: "constant" | "exponential",
  ) {
    const sim = ctx.driver.sim;
    for (let i = 0; i < clients; i++) this.workers.push({ index: i, streams: workerStreams(sim, `client/${i}`) });
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
    this.byRequest.set(startRequest(ctx, this, host, w.index, op, object), w);
  }

  requestEnded(r: Request): void {
    this.open--;
    const w = this.byRequest.get(r)!;
    this.byRequest.delete(r);
    const thinkNs = this.think === "exponential" ? Math.round(exponential(w.streams.think, this.thinkTimeNs)) : this.thinkTimeNs;
    this.ctx.driver.sim.schedule(thinkNs, this.onThinkDone, w, this.label);
  }
}
