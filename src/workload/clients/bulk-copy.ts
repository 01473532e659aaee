import { OP_GET, OP_PUT } from "../../cluster/http/ops.js";
import type { LogicalRequest } from "./request-driver.js";
import { startRequest, type ClientGenerator, type ClientPoolContext } from "./client-pool.js";

/**
 * Bulk copy: `concurrency` workers walk the object list 0..count-1 in a tight loop; each object is read and,
 * with a destination bucket, written there under the same index. Worker w is metrics client w, on host w mod H.
 */
export class BulkCopy implements ClientGenerator {
  open = 0;
  onFinished?: () => void;
  private cursor = 0;
  private readonly phase = new Map<LogicalRequest, { worker: number; object: number; op: number }>();

  constructor(
    private readonly ctx: ClientPoolContext,
    private readonly concurrency: number,
    /** Destination bucket index, or -1 to only read. */
    private readonly destination: number,
  ) {}

  start(): void {
    for (let w = 0; w < this.concurrency; w++) this.nextObject(w);
  }

  private nextObject(worker: number): void {
    const ctx = this.ctx;
    if (this.cursor >= ctx.objects.count || ctx.driver.sim.now >= ctx.stopNs) {
      if (this.open === 0) this.onFinished?.();
      return;
    }
    const object = this.cursor++;
    this.issue(worker, object, OP_GET, ctx.bucket);
  }

  private issue(worker: number, object: number, op: number, bucket: number): void {
    const ctx = this.ctx;
    this.open++;
    const r = startRequest(ctx, this, ctx.hosts[worker % ctx.hosts.length], worker, op, object, ctx.sizes.sizeOf(object), bucket);
    this.phase.set(r, { worker, object, op });
  }

  requestEnded(r: LogicalRequest): void {
    this.open--;
    const p = this.phase.get(r)!;
    this.phase.delete(r);
    if (p.op === OP_GET && this.destination >= 0) this.issue(p.worker, p.object, OP_PUT, this.destination);
    else this.nextObject(p.worker);
  }

  /** Objects handed out so far. */
  get copied(): number {
    return this.cursor;
  }
}
