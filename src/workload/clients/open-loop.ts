import { exponential, type Label, type Uniform } from "../../kernel/index.js";
import { NS_PER_S } from "../../kernel/time.js";
import type { LogicalRequest } from "./request-driver.js";
import { startRequest, workerStreams, type ClientGenerator, type ClientPoolContext } from "./client-pool.js";

/**
 * Open loop: requests arrive at `ratePerS` (Poisson or evenly spaced) whatever the completions. Arrival k goes
 * to host k mod H, which is also its metrics client.
 */
export class OpenLoop implements ClientGenerator {
  open = 0;
  private arrivals = 0;
  private readonly streams: { op: Uniform; object: Uniform; think: Uniform };
  private readonly label: Label;
  private readonly onArrival = (): void => this.arrive();

  constructor(
    private readonly ctx: ClientPoolContext,
    private readonly ratePerS: number,
    private readonly arrival: "poisson" | "constant",
  ) {
    this.streams = workerStreams(ctx.driver.sim, "open");
    this.label = ctx.driver.sim.label("client.arrival", "open-loop");
  }

  start(): void {
    this.scheduleNext();
  }

  private scheduleNext(): void {
    const meanNs = NS_PER_S / this.ratePerS;
    const gapNs = this.arrival === "poisson" ? Math.round(exponential(this.streams.think, meanNs)) : Math.round(meanNs);
    if (this.ctx.driver.sim.now + gapNs >= this.ctx.stopNs) return;
    this.ctx.driver.sim.schedule(gapNs, this.onArrival, undefined, this.label);
  }

  private arrive(): void {
    const ctx = this.ctx;
    const k = this.arrivals++;
    const host = ctx.hosts[k % ctx.hosts.length];
    this.open++;
    startRequest(ctx, this, host, host.index, ctx.ops.pick(this.streams.op), ctx.objects.pick(this.streams.object));
    this.scheduleNext();
  }

  requestEnded(_r: LogicalRequest): void {
    this.open--;
  }
}
