import type { Label } from "../../kernel/index.js";
import { nsFromS } from "../../kernel/time.js";
import { OP_NAMES } from "../../cluster/http/ops.js";
import type { TraceRow } from "../../model/workload.js";
import type { LogicalRequest } from "./request-driver.js";
import { startRequest, type ClientGenerator, type ClientPoolContext } from "./client-pool.js";

/** Trace replay: row k starts at atNs / speed on host k mod H (its metrics client). */
export class TraceReplay implements ClientGenerator {
  open = 0;
  onFinished?: () => void;
  private fired = 0;
  private scheduled = 0;
  private readonly label: Label;
  private readonly onRow = (k: number): void => this.fire(k);

  constructor(
    private readonly ctx: ClientPoolContext,
    private readonly rows: readonly TraceRow[],
    private readonly speed: number,
  ) {
    this.label = ctx.driver.sim.label("client.trace", "trace-replay");
  }

  start(): void {
    for (let k = 0; k < this.rows.length; k++) {
      const at = Math.round(this.rows[k].atNs / this.speed);
      if (at < this.ctx.stopNs) {
        this.ctx.driver.sim.scheduleAt(at, this.onRow, k, this.label);
        this.scheduled++;
      }
    }
  }

  private fire(k: number): void {
    const row = this.rows[k];
    const ctx = this.ctx;
    const host = ctx.hosts[k % ctx.hosts.length];
    this.open++;
    this.fired++;
    startRequest(ctx, this, host, host.index, OP_NAMES.indexOf(row.op), row.object % ctx.objects.count, row.sizeBytes);
  }

  requestEnded(_r: LogicalRequest): void {
    this.open--;
    if (this.open === 0 && this.fired === this.scheduled) this.onFinished?.();
  }
}

/** Parses a trace CSV: a header `time_s,op,object,size_bytes` (names may vary in case), one request per line. */
export function parseTraceCsv(text: string): TraceRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const out: TraceRow[] = [];
  const start = /^[a-z_]/i.test(lines[0] ?? "") ? 1 : 0;
  for (let i = start; i < lines.length; i++) {
    const [t, op, obj, size] = lines[i].split(",").map((c) => c.trim());
    const upper = op.toUpperCase();
    if (!(OP_NAMES as readonly string[]).includes(upper)) throw new RangeError(`trace line ${i + 1}: unknown op "${op}"`);
    const atNs = nsFromS(Number(t));
    const object = Number(obj);
    const sizeBytes = Number(size);
    if (!(atNs >= 0 && Number.isInteger(object) && object >= 0 && Number.isInteger(sizeBytes) && sizeBytes >= 0)) {
      throw new RangeError(`trace line ${i + 1}: expected time_s,op,object,size_bytes`);
    }
    out.push({ atNs, op: upper as TraceRow["op"], object, sizeBytes });
  }
  return out;
}
