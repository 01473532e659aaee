/**
 * The Simulator: the clock, the event loop and its ordering rule, the process wake-ups and the fingerprint. What
 * an event will run is kept in event-table.ts (handler, argument and label per slot) and what a label names in
 * labels.ts, so this file reads as the loop alone: which event runs next, and running it.
 */

import { EventHeap } from "./event-heap.js";
import { EventTable } from "./event-table.js";
import { RollingFingerprint } from "./fingerprint.js";
import { type EventId, type Handler, type Label, type Resumable, type RunningProcess } from "./event.js";
import { LabelTable } from "./labels.js";
import { RngRoot } from "./rng.js";
import { formatDuration, MAX_TIME_NS, type TimeNs } from "./time.js";
import { Tracer, type TraceOptions } from "./trace.js";

/** Lowest and highest event priorities. Among events at the same time, the lower priority value runs first. */
export const PRIORITY_MIN = -512;
export const PRIORITY_MAX = 511;
/** Default priority; use a negative value for "urgent" events that must precede ordinary ones at a time. */
export const PRIORITY_NORMAL = 0;

/** Options of a Simulator. */
export interface SimulatorOptions {
  /** Run seed of `sim.rng` (default 1). */
  seed?: number | string;
  /** Throw MaxEventsError before executing more than this many events (default: no limit). */
  maxEvents?: number;
  /** Write an NDJSON trace stamped with virtual time. Never affects the fingerprint. */
  trace?: TraceOptions;
  /** Initial capacity of the event tables (they grow by doubling). */
  initialCapacity?: number;
}

/** Thrown when a run would execute more events than SimulatorOptions.maxEvents allows. */
export class MaxEventsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MaxEventsError";
  }
}

// Sequence numbers and priorities share one float key: tie = (priority - PRIORITY_MIN) * SEQ_SPAN + seq.
// 1024 priorities x 2^43 sequence numbers stay below 2^53, so the key is exact.
const SEQ_SPAN = 2 ** 43;
// Heap entries of cancelled events are dropped lazily; the heap is compacted once they dominate it. A low floor
// keeps the heap near its live size when most events are cancelled timers (the cluster's header timers: the
// reference bench ran ~5% faster with 512 than with 4096, and compaction stays amortised O(1) per cancel).
const COMPACT_MIN_CANCELLED = 512;

/**
 * The discrete-event kernel: an integer-nanosecond clock and a heap of events ordered by
 * (time, priority, sequence) — equal times run by priority, then in the order they were scheduled.
 * Handlers run one at a time; they may schedule and cancel events. Nothing here reads the wall clock.
 */
export class Simulator {
  /** The run's random streams: `sim.rng.stream("component/id/purpose")`. */
  readonly rng: RngRoot;
  /** Event limit of this simulator (Infinity when unlimited). */
  readonly maxEvents: number;
  /** The tracer, when tracing is on. */
  readonly tracer: Tracer | null;
  /** The process whose body is running right now, if any (set by the process layer). */
  activeProcess: RunningProcess | null = null;
  /** The label of wake-ups of unnamed processes: kind "process", no component. */
  readonly processLabel: Label;

  private nowNs: TimeNs = 0;
  private executed = 0;
  private seq = 0;
  private running = false;
  private stopRequested = false;
  private cancelledInHeap = 0;

  private readonly heap: EventHeap;
  // Heap payloads >= 0 are slots of this table; its entries of cancelled events are dropped lazily.
  private readonly events: EventTable;

  // Registry of live processes: heap payloads ~index (negative) denote their wake-ups.
  private readonly resumables: Array<Resumable | undefined> = [];
  private readonly freeResumables: number[] = [];

  private readonly fingerprintHash = new RollingFingerprint();
  private readonly labels = new LabelTable();

  constructor(options: SimulatorOptions = {}) {
    this.rng = new RngRoot(options.seed ?? 1);
    const maxEvents = options.maxEvents ?? Number.POSITIVE_INFINITY;
    if (!(maxEvents >= 0)) throw new RangeError(`Simulator: maxEvents must be >= 0, got ${maxEvents}`);
    this.maxEvents = maxEvents;
    const capacity = Math.max(16, options.initialCapacity ?? 1024);
    this.heap = new EventHeap(capacity);
    this.events = new EventTable(capacity);
    this.tracer = options.trace === undefined ? null : new Tracer(options.trace, () => this.nowNs);
    this.label("event", "");
    this.processLabel = this.label("process", "");
  }

  /** Current virtual time in nanoseconds. */
  get now(): TimeNs {
    return this.nowNs;
  }

  /** Number of events executed so far (cancelled events do not count). */
  get eventsExecuted(): number {
    return this.executed;
  }

  /** Number of events scheduled and not yet executed or cancelled. */
  get pendingEvents(): number {
    return this.heap.size - this.cancelledInHeap;
  }

  /** The run seed (as a string). */
  get seed(): string {
    return this.rng.seed;
  }

  /** The label of (kind, component), interned: the same pair always gives the same small integer. */
  label(kind: string, component = ""): Label {
    return this.labels.intern(kind, component);
  }

  /** Kind of a label. */
  labelKind(label: Label): string {
    return this.labels.kinds[label];
  }

  /** Component of a label. */
  labelComponent(label: Label): string {
    return this.labels.components[label];
  }

  /** Schedules `handler()` after `delayNs` (a non-negative integer). Returns an id for cancel(). */
  schedule(delayNs: TimeNs, handler: () => void): EventId;
  /**
   * Schedules `handler(arg)` after `delayNs`, labelled for the fingerprint/trace, with a priority among events
   * at the same time (lower first; default 0). Pass a pre-bound handler and the state as `arg` on hot paths.
   */
  schedule<A>(delayNs: TimeNs, handler: Handler<A>, arg: A, label?: Label, priority?: number): EventId;
  schedule(delayNs: TimeNs, handler: Handler<unknown>, arg?: unknown, label: Label = 0, priority = 0): EventId {
    // Hot path: cheap checks inline, messages built in cold helpers (keeps this small enough to inline).
    const timeNs = this.nowNs + delayNs;
    if (!(delayNs >= 0 && Number.isInteger(delayNs) && timeNs <= MAX_TIME_NS)) throwBadDelay(delayNs, this.nowNs);
    if (priority !== 0 || typeof handler !== "function" || !this.labels.has(label)) {
      this.checkEventArgs(handler, label, priority);
    }
    return this.store(timeNs, handler, arg, label, priority);
  }

  /** Schedules `handler()` at the absolute time `timeNs` (an integer, not before now). */
  scheduleAt(timeNs: TimeNs, handler: () => void): EventId;
  /** Schedules `handler(arg)` at the absolute time `timeNs`, with optional label and priority. */
  scheduleAt<A>(timeNs: TimeNs, handler: Handler<A>, arg: A, label?: Label, priority?: number): EventId;
  scheduleAt(timeNs: TimeNs, handler: Handler<unknown>, arg?: unknown, label: Label = 0, priority = 0): EventId {
    if (!(timeNs >= this.nowNs && Number.isInteger(timeNs) && timeNs <= MAX_TIME_NS)) throwBadTime("scheduleAt", timeNs, this.nowNs);
    if (priority !== 0 || typeof handler !== "function" || !this.labels.has(label)) {
      this.checkEventArgs(handler, label, priority);
    }
    return this.store(timeNs, handler, arg, label, priority);
  }

  /** Cancels a pending event. Returns false if it already ran, was cancelled, or the id is unknown. */
  cancel(id: EventId): boolean {
    if (!(id >= 0) || !Number.isSafeInteger(id)) return false;
    const slot = this.events.pendingSlotOf(id);
    if (slot < 0) return false;
    this.events.cancel(slot);
    this.noteCancelled();
    return true;
  }

  /** Counts a cancelled heap entry; compacts the heap once cancelled entries dominate it. */
  private noteCancelled(): void {
    this.cancelledInHeap++;
    if (this.cancelledInHeap >= COMPACT_MIN_CANCELLED && this.cancelledInHeap * 2 > this.heap.size) this.compact();
  }

  /** True if the event is scheduled and neither executed nor cancelled. */
  isPending(id: EventId): boolean {
    return id >= 0 && Number.isSafeInteger(id) && this.events.pendingSlotOf(id) >= 0;
  }

  /** Time of the next pending event, or undefined when none is left. */
  nextEventTime(): TimeNs | undefined {
    this.dropCancelledTop();
    return this.heap.size > 0 ? this.heap.peekTime() : undefined;
  }

  /** Runs until no event is left (or stop() is called, or the max-events guard trips). */
  run(): void {
    this.loop(MAX_TIME_NS, Number.POSITIVE_INFINITY, "run");
  }

  /**
   * Runs every event due at or before `timeNs`, then sets the clock to `timeNs`. Later events stay pending,
   * so runUntil can be called again to continue. If stop() is called, the clock stays at the stopping event.
   */
  runUntil(timeNs: TimeNs): void {
    if (!(timeNs >= this.nowNs && Number.isInteger(timeNs) && timeNs <= MAX_TIME_NS)) throwBadTime("runUntil", timeNs, this.nowNs);
    this.loop(timeNs, Number.POSITIVE_INFINITY, "runUntil");
    if (!this.stopRequested) this.nowNs = timeNs;
    this.stopRequested = false;
  }

  /** Executes the next pending event, if any. Returns false when none was left. */
  step(): boolean {
    const before = this.executed;
    this.loop(MAX_TIME_NS, 1, "step");
    return this.executed > before;
  }

  /** Makes the current run()/runUntil() return after the event being executed. */
  stop(): void {
    this.stopRequested = true;
  }

  /** The run's fingerprint so far: 16 hex digits over (time, kind, component) of every executed event. */
  fingerprint(): string {
    return this.fingerprintHash.hex();
  }

  /** What a manifest records about a run: seed, events executed, final time and fingerprint. */
  summary(): { seed: string; eventsExecuted: number; endNs: TimeNs; fingerprint: string } {
    return { seed: this.rng.seed, eventsExecuted: this.executed, endNs: this.nowNs, fingerprint: this.fingerprint() };
  }

  /** Writes a model note to the trace (a no-op when tracing is off, so it is cheap to leave in). */
  note(component: string, message: string, fields?: Record<string, unknown>): void {
    if (this.tracer !== null) this.tracer.note(component, message, fields);
  }

  /** Flushes and closes the trace, if any. */
  closeTrace(): void {
    this.tracer?.close();
  }

  /** Process layer: registers a process so it can be woken; returns its registry index. */
  attachProcess(process: Resumable): number {
    if (!this.labels.has(process.wakeLabel)) {
      this.checkEventArgs(() => undefined, process.wakeLabel, 0);
    }
    const index = this.freeResumables.length > 0 ? (this.freeResumables.pop() as number) : this.resumables.length;
    this.resumables[index] = process;
    return index;
  }

  /** Process layer: forgets an ended process (it has no pending wake-up). */
  detachProcess(index: number): void {
    this.resumables[index] = undefined;
    this.freeResumables.push(index);
  }

  /**
   * Process layer: wakes the process at `timeNs` (validated by the caller, not before now), priority 0, with
   * no event slot and no closure. The process must not already have a pending wake-up.
   */
  wakeProcessAt(process: Resumable, index: number, timeNs: TimeNs): void {
    const seq = this.seq++;
    if (seq === SEQ_SPAN) throw new RangeError("schedule: the sequence counter is exhausted (2^43 events)");
    const tie = -PRIORITY_MIN * SEQ_SPAN + seq;
    process.wakeTie = tie;
    this.heap.push(timeNs, tie, ~index);
  }

  /** Process layer: cancels the process's pending wake-up, if any. */
  cancelProcessWake(process: Resumable): void {
    if (process.wakeTie < 0) return;
    process.wakeTie = -1;
    this.noteCancelled();
  }

  /** The slow half of argument checking: throws a clear error for a bad priority, handler or label. */
  private checkEventArgs(handler: unknown, label: Label, priority: number): void {
    if (!((priority | 0) === priority && priority >= PRIORITY_MIN && priority <= PRIORITY_MAX)) {
      throw new RangeError(`schedule: priority must be an integer in [${PRIORITY_MIN}, ${PRIORITY_MAX}], got ${priority}`);
    }
    if (typeof handler !== "function") throw new TypeError(`schedule: the handler must be a function, got ${typeof handler}`);
    if (!this.labels.has(label)) {
      throw new RangeError(`schedule: unknown label ${label}; create labels with sim.label(kind, component)`);
    }
  }

  /** Stores an event in a free slot and pushes it on the heap. */
  private store(timeNs: TimeNs, handler: Handler<unknown>, arg: unknown, label: Label, priority: number): EventId {
    const slot = this.events.add(handler, arg, label);
    const seq = this.seq++;
    if (seq === SEQ_SPAN) throw new RangeError("schedule: the sequence counter is exhausted (2^43 events)");
    this.heap.push(timeNs, (priority - PRIORITY_MIN) * SEQ_SPAN + seq, slot);
    return this.events.idOf(slot);
  }

  /** The main loop: executes due events (time <= untilNs), at most `budget` of them. */
  private loop(untilNs: TimeNs, budget: number, caller: string): void {
    if (this.running) throw new Error(`${caller}() called from inside an event handler; schedule an event instead`);
    this.running = true;
    this.stopRequested = false;
    const heap = this.heap;
    const events = this.events;
    // A handler may grow the tables' typed columns, so those are read through the tables; `handlers` grows in place.
    const labels = this.labels;
    const handlers = events.handlers;
    const fingerprint = this.fingerprintHash;
    const tracer = this.tracer !== null && this.tracer.tracesEvents ? this.tracer : null;
    let remaining = budget;
    try {
      while (remaining > 0 && heap.size > 0) {
        const timeNs = heap.peekTime();
        if (timeNs > untilNs) break;
        const slot = heap.peekPayload();
        if (slot < 0) {
          // A process wake-up: live only if it is still the process's pending one.
          const process = this.resumables[~slot];
          if (process === undefined || process.wakeTie !== heap.peekTie()) {
            heap.pop();
            this.cancelledInHeap--;
            continue;
          }
          if (this.executed >= this.maxEvents) this.throwMaxEvents(timeNs, process.wakeLabel);
          heap.pop();
          process.wakeTie = -1;
          this.nowNs = timeNs;
          this.executed++;
          remaining--;
          fingerprint.add(timeNs, labels.hashes[process.wakeLabel]);
          if (tracer !== null) tracer.event(labels.kinds[process.wakeLabel], labels.components[process.wakeLabel]);
          process.resume();
          if (this.stopRequested) break;
          continue;
        }
        const handler = handlers[slot];
        if (handler === undefined) {
          heap.pop();
          this.cancelledInHeap--;
          events.release(slot);
          continue;
        }
        if (this.executed >= this.maxEvents) this.throwMaxEvents(timeNs, events.labels[slot]);
        heap.pop();
        const arg = events.args[slot];
        const label = events.labels[slot];
        events.release(slot);
        this.nowNs = timeNs;
        this.executed++;
        remaining--;
        fingerprint.add(timeNs, labels.hashes[label]);
        if (tracer !== null) tracer.event(labels.kinds[label], labels.components[label]);
        handler(arg);
        if (this.stopRequested) break;
      }
    } finally {
      this.running = false;
    }
  }

  /** Pops cancelled entries off the top so peekTime() shows a live event. */
  private dropCancelledTop(): void {
    const heap = this.heap;
    while (heap.size > 0 && !this.isLive(heap.peekPayload(), heap.peekTie())) {
      const slot = heap.pop();
      if (slot >= 0) this.events.release(slot);
      this.cancelledInHeap--;
    }
  }

  /** True if the heap entry (payload, tie) is a pending event rather than a cancelled leftover. */
  private isLive(payload: number, tie: number): boolean {
    if (payload >= 0) return this.events.handlers[payload] !== undefined;
    const process = this.resumables[~payload];
    return process !== undefined && process.wakeTie === tie;
  }

  /** Removes every cancelled entry from the heap at once. */
  private compact(): void {
    this.heap.filter((payload, tie) => {
      if (this.isLive(payload, tie)) return true;
      if (payload >= 0) this.events.release(payload);
      return false;
    });
    this.cancelledInHeap = 0;
  }

  /** Throws the max-events error, naming the event that would have exceeded the limit. */
  private throwMaxEvents(timeNs: TimeNs, label: Label): never {
    const component = this.labels.components[label];
    throw new MaxEventsError(
      `max-events guard: ${this.executed} events executed (maxEvents=${this.maxEvents}) by t=${this.nowNs} ns ` +
        `(${formatDuration(this.nowNs)}) and more are pending: the next is "${this.labels.kinds[label]}"` +
        `${component ? ` of ${component}` : ""} at t=${timeNs} ns. Raise maxEvents if the run is legitimately ` +
        `this long, else look for an event loop that never ends (seed=${this.rng.seed}).`,
    );
  }
}

/** Throws the error for an invalid delay. */
function throwBadDelay(delayNs: number, nowNs: TimeNs): never {
  throw new RangeError(
    `schedule: delay must be a non-negative integer number of nanoseconds, got ${String(delayNs)} ` +
      `(now=${nowNs} ns${delayNs < 0 ? ": that would be in the past" : delayNs > 0 && nowNs + delayNs > MAX_TIME_NS ? ": beyond the last representable instant" : ""})`,
  );
}

/** Throws the error for an invalid absolute time. */
function throwBadTime(caller: string, timeNs: number, nowNs: TimeNs): never {
  throw new RangeError(
    `${caller}: time must be an integer number of nanoseconds, not before now=${nowNs}, got ${String(timeNs)}` +
      (timeNs < nowNs ? " (in the past)" : ""),
  );
}
