import { pino, type DestinationStream, type Logger } from "pino";

/** Where a trace goes: a file path, a file descriptor (1 = stdout), or any object with write(line). */
export interface TraceOptions {
  /** File path (created or truncated) or file descriptor to write NDJSON lines to, synchronously. */
  dest?: string | number;
  /** A sink receiving each line as a string (tests, in-memory capture). Takes precedence over dest. */
  stream?: { write(line: string): unknown };
  /** Also write one line per executed event (default true); false keeps only model notes. */
  events?: boolean;
}

/** Reads the virtual clock; the trace stamps every line with it, never with the wall clock. */
export type Clock = () => number;

/**
 * NDJSON trace through pino, stamped with virtual time: every line starts `{"t_ns":<now>,...}`. No pid,
 * hostname or wall-clock time, so the same run always writes the same bytes. Writes are synchronous, so a
 * crash loses nothing and lines are in event order.
 */
export class Tracer {
  /** Whether executed events are traced, or only notes. */
  readonly tracesEvents: boolean;
  private readonly logger: Logger;
  private readonly destination: (DestinationStream & { flushSync?: () => void; end?: () => void }) | undefined;

  constructor(options: TraceOptions, clock: Clock) {
    this.tracesEvents = options.events ?? true;
    let stream: DestinationStream;
    if (options.stream !== undefined) {
      stream = options.stream as DestinationStream;
    } else {
      const dest = options.dest ?? 1;
      this.destination = pino.destination({ dest, sync: true, append: false, mkdir: true });
      stream = this.destination;
    }
    this.logger = pino(
      {
        base: null,
        level: "trace",
        // The level is dropped (every line would say 30), so the timestamp is the first property and
        // takes no leading comma: lines read {"t_ns":123,...}.
        timestamp: () => `"t_ns":${clock()}`,
        formatters: { level: () => ({}) },
      },
      stream,
    );
  }

  /** One line for an executed event: its kind and component. */
  event(kind: string, component: string): void {
    this.logger.info({ kind, comp: component });
  }

  /** A model note ("request 1234: attempt 1 -> proxy p1 -> 301"), with optional structured fields. */
  note(component: string, message: string, fields?: Record<string, unknown>): void {
    this.logger.info({ comp: component, ...fields }, message);
  }

  /** One line of caller-chosen fields, stamped with the clock like every other line. */
  line(fields: Record<string, unknown>): void {
    this.logger.info(fields);
  }

  /** Flushes and closes a destination this tracer opened (a no-op for caller-supplied streams and stdout). */
  close(): void {
    const destination = this.destination;
    if (destination === undefined) return;
    destination.flushSync?.();
    const fd = (destination as unknown as { fd?: number }).fd;
    if (fd !== undefined && fd > 2) destination.end?.();
  }
}
