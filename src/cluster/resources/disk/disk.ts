/**
 * The disk resource: one mountpath's device, its IO queue and service model (below, on Disk), and the IO handles
 * callers get. Each IO lives in typed columns over a SlotTable from submit to its end, so an IO allocates nothing.
 */

import { grownColumn, SLOT_SPAN, SlotTable } from "../../../kernel/slot-table.js";
import { NS_PER_S } from "../../../kernel/time.js";
import type { ResourceClock } from "../clock.js";
import { compileDelay, type DelaySampler } from "../delay.js";
import type { DiskSpec } from "./disk-kinds.js";

/** The IO completed. */
export const IO_OK = 0;
/** The IO failed: the device failed before or while serving it. */
export const IO_FAILED = 1;
export type IoStatus = typeof IO_OK | typeof IO_FAILED;
/** Called once when an IO ends. Pass a pre-bound function and the state as `arg` to avoid closures. */
export type IoDone<A> = (arg: A, status: IoStatus) => void;
/** Identifies an IO (unique even after it ended). */
export type IoHandle = number;

/** Options of a Disk. */
export interface DiskOptions {
  /** Component name for labels and error messages, e.g. "target/t3/mp/2". */
  name: string;
  /** Uniform draws for random per-IO latencies (e.g. rng.stream("target/t3/mp/2/latency")). */
  latencyDraws?: () => number;
}

/** Counters of a disk. */
export interface DiskCounters {
  readsCompleted: number;
  writesCompleted: number;
  failed: number;
  bytesRead: number;
  bytesWritten: number;
  inService: number;
  queued: number;
  /** Time with at least one IO in service (iostat's %util numerator). */
  busyNs: number;
  /** Time the data channel was transferring (bandwidth utilisation numerator). */
  dataBusyNs: number;
}

const FREE = 0;
const QUEUED = 1;
const SERVING = 2;
/** Submitted to a failed disk: fails at the current time through an event. */
const FAILING = 3;

/**
 * A mountpath's device: `concurrency` IOs in service at once, the rest in a FIFO queue.
 *
 * Service model (see ../README.md): an IO first pays its latency (positioning/command time; IOs in service
 * pay theirs in parallel), then moves its bytes through the device's single data channel at full bandwidth,
 * channel time reserved in start order. So one IO alone gets the whole bandwidth, and k IOs together never
 * exceed it:
 *   end = max(start + latency × slow, channelFreeAt) + ceil(bytes / bandwidth × slow)
 * Completion times are fixed when an IO starts (one event per IO) and are non-decreasing in start order.
 */
export class Disk {
  readonly spec: DiskSpec;
  readonly name: string;
  private readonly clock: ResourceClock;
  private readonly latency: DelaySampler;
  private readonly latencyDraws: () => number;
  private readonly label: number;
  private readonly readNsPerByte: number;
  private readonly writeNsPerByte: number;
  private slow = 1;
  private failedState = false;

  // IO table: one slot per IO from submit to its end, columns indexed by slot.
  private readonly ios: SlotTable;
  private ioState: Uint8Array;
  private ioBytes: Float64Array;
  private ioWrite: Uint8Array;
  private ioEvent: Float64Array;
  private ioDataStart: Float64Array;
  private ioEnd: Float64Array;
  private readonly handlers: Array<IoDone<unknown> | undefined>;
  private readonly args: unknown[];

  // FIFO queue of waiting slots (ring) and the in-service slots in start order (ring).
  private queue: Int32Array;
  private queueHead = 0;
  private queueLen = 0;
  private serving: Int32Array;
  private servingHead = 0;
  private servingLen = 0;

  private channelFreeAt = 0;
  private busySince = -1;
  private busyAccum = 0;
  private dataBusyAccum = 0;
  private counters = { readsCompleted: 0, writesCompleted: 0, failed: 0, bytesRead: 0, bytesWritten: 0 };
  private readonly onDoneBound = (slot: number): void => this.onIoDone(slot);
  private readonly onFailBound = (slot: number): void => this.onIoFailing(slot);

  constructor(clock: ResourceClock, spec: DiskSpec, options: DiskOptions) {
    if (!(spec.readBytesPerS > 0) || !(spec.writeBytesPerS > 0)) throw new RangeError(`disk ${options.name}: bandwidths must be > 0`);
    if (!(Number.isInteger(spec.concurrency) && spec.concurrency >= 1)) {
      throw new RangeError(`disk ${options.name}: concurrency must be an integer >= 1, got ${spec.concurrency}`);
    }
    this.clock = clock;
    this.spec = spec;
    this.name = options.name;
    this.latency = compileDelay(spec.latency, `disk ${options.name} latency`);
    this.latencyDraws =
      options.latencyDraws ??
      (() => {
        throw new Error(`disk ${options.name}: a random latency needs options.latencyDraws`);
      });
    this.label = clock.label("disk.io-done", options.name);
    this.readNsPerByte = NS_PER_S / spec.readBytesPerS;
    this.writeNsPerByte = NS_PER_S / spec.writeBytesPerS;
    const capacity = 32;
    const overflow = `disk ${options.name}: more than ${SLOT_SPAN} IOs at once`;
    this.ios = new SlotTable(capacity, (grownCapacity) => this.growIoTable(grownCapacity), overflow);
    this.ioState = new Uint8Array(capacity);
    this.ioBytes = new Float64Array(capacity);
    this.ioWrite = new Uint8Array(capacity);
    this.ioEvent = new Float64Array(capacity);
    this.ioDataStart = new Float64Array(capacity);
    this.ioEnd = new Float64Array(capacity);
    this.handlers = new Array<IoDone<unknown> | undefined>(capacity).fill(undefined);
    this.args = new Array<unknown>(capacity).fill(undefined);
    this.queue = new Int32Array(capacity);
    this.serving = new Int32Array(Math.max(1, spec.concurrency));
  }

  /** Reads `bytes`; onDone(arg, IO_OK | IO_FAILED) is called once, never synchronously. */
  read<A>(bytes: number, onDone: IoDone<A>, arg: A): IoHandle {
    return this.submit(bytes, false, onDone as IoDone<unknown>, arg);
  }

  /** Writes `bytes`; onDone(arg, IO_OK | IO_FAILED) is called once, never synchronously. */
  write<A>(bytes: number, onDone: IoDone<A>, arg: A): IoHandle {
    return this.submit(bytes, true, onDone as IoDone<unknown>, arg);
  }

  /** Multiplies latency and transfer time of IOs that start from now on (1 = normal). */
  setSlowFactor(factor: number): void {
    if (!(factor > 0) || !Number.isFinite(factor)) throw new RangeError(`disk ${this.name}: slow factor must be > 0, got ${factor}`);
    this.slow = factor;
  }

  /** The current slow factor. */
  get slowFactor(): number {
    return this.slow;
  }

  /** True while the device is failed. */
  get failed(): boolean {
    return this.failedState;
  }

  /**
   * Fails the device: every IO in service or queued ends now with IO_FAILED (synchronously, in start order, then
   * queue order), and IOs submitted until repair() fail at once (through an event). Returns how many failed now.
   */
  fail(): number {
    if (this.failedState) return 0;
    this.failedState = true;
    return this.dropAll(true);
  }

  /**
   * Drops every IO in service or queued without failing the device — its server process died (a crash or
   * restart). With `notify` each caller gets IO_FAILED now (synchronously, in order); without, none is told.
   * Returns how many were dropped.
   */
  abortAll(notify: boolean): number {
    return this.dropAll(notify);
  }

  private dropAll(notify: boolean): number {
    const now = this.clock.now;
    const victims: number[] = [];
    for (let i = 0; i < this.servingLen; i++) victims.push(this.serving[(this.servingHead + i) % this.serving.length]);
    for (let i = 0; i < this.queueLen; i++) victims.push(this.queue[(this.queueHead + i) % this.queue.length]);
    // Data reserved on the channel after now never moves.
    this.dataBusyAccum -= this.futureDataNs(now);
    if (this.channelFreeAt > now) this.channelFreeAt = now;
    this.servingLen = 0;
    this.queueLen = 0;
    this.closeBusy(now);
    for (const slot of victims) {
      if (this.ioState[slot] === SERVING) this.clock.cancel(this.ioEvent[slot]);
      this.counters.failed++;
      if (notify) this.finish(slot, IO_FAILED);
      else this.release(slot);
    }
    return victims.length;
  }

  /** Brings a failed device back (empty, idle). */
  repair(): void {
    this.failedState = false;
  }

  /** Counters and busy times up to now. */
  stats(): DiskCounters {
    const now = this.clock.now;
    const busyNs = this.busyAccum + (this.servingLen > 0 ? now - this.busySince : 0);
    const dataBusyNs = this.dataBusyAccum - this.futureDataNs(now);
    return { ...this.counters, inService: this.servingLen, queued: this.queueLen, busyNs, dataBusyNs };
  }

  /** Fraction of `elapsedNs` with at least one IO in service (iostat %util / 100). */
  utilisation(elapsedNs: number): number {
    return elapsedNs > 0 ? this.stats().busyNs / elapsedNs : 0;
  }

  /** IOs in service now. */
  get inService(): number {
    return this.servingLen;
  }

  /** IOs waiting now. */
  get queued(): number {
    return this.queueLen;
  }

  private submit(bytes: number, isWrite: boolean, onDone: IoDone<unknown>, arg: unknown): IoHandle {
    if (!(bytes >= 0 && Number.isSafeInteger(bytes))) throw new RangeError(`disk ${this.name}: bytes must be an integer >= 0, got ${bytes}`);
    const slot = this.ios.allocate();
    this.ioBytes[slot] = bytes;
    this.ioWrite[slot] = isWrite ? 1 : 0;
    this.handlers[slot] = onDone;
    this.args[slot] = arg;
    const handle = this.ios.handleOf(slot);
    if (this.failedState) {
      this.ioState[slot] = FAILING;
      this.ioEvent[slot] = this.clock.scheduleAt(this.clock.now, this.onFailBound, slot, this.label);
      return handle;
    }
    if (this.servingLen < this.spec.concurrency) {
      this.start(slot);
    } else {
      this.ioState[slot] = QUEUED;
      if (this.queueLen === this.queue.length) this.growQueue();
      this.queue[(this.queueHead + this.queueLen) % this.queue.length] = slot;
      this.queueLen++;
    }
    return handle;
  }

  private start(slot: number): void {
    const now = this.clock.now;
    const latencyNs = this.latency.sample(this.latencyDraws);
    const nsPerByte = this.ioWrite[slot] === 1 ? this.writeNsPerByte : this.readNsPerByte;
    const slow = this.slow;
    const ready = now + Math.round(latencyNs * slow);
    const dataStart = ready > this.channelFreeAt ? ready : this.channelFreeAt;
    const dataNs = Math.ceil(this.ioBytes[slot] * nsPerByte * slow - 1e-6);
    const end = dataStart + (dataNs > 0 ? dataNs : 0);
    this.channelFreeAt = end;
    this.dataBusyAccum += end - dataStart;
    if (this.busySince < 0) this.busySince = now;
    this.serving[(this.servingHead + this.servingLen) % this.serving.length] = slot;
    this.servingLen++;
    this.ioState[slot] = SERVING;
    this.ioDataStart[slot] = dataStart;
    this.ioEnd[slot] = end;
    this.ioEvent[slot] = this.clock.scheduleAt(end, this.onDoneBound, slot, this.label);
  }

  private onIoDone(slot: number): void {
    // Ends come in start order (end times are non-decreasing), so the finished IO is the oldest in service.
    this.servingHead = (this.servingHead + 1) % this.serving.length;
    this.servingLen--;
    const now = this.clock.now;
    if (this.ioWrite[slot] === 1) {
      this.counters.writesCompleted++;
      this.counters.bytesWritten += this.ioBytes[slot];
    } else {
      this.counters.readsCompleted++;
      this.counters.bytesRead += this.ioBytes[slot];
    }
    if (this.queueLen > 0) {
      const next = this.queue[this.queueHead];
      this.queueHead = (this.queueHead + 1) % this.queue.length;
      this.queueLen--;
      this.start(next);
    } else if (this.servingLen === 0) {
      this.closeBusy(now);
    }
    this.finish(slot, IO_OK);
  }

  private onIoFailing(slot: number): void {
    this.counters.failed++;
    this.finish(slot, IO_FAILED);
  }

  /** Channel time reserved by IOs in service that lies after `now`. */
  private futureDataNs(now: number): number {
    let future = 0;
    for (let i = 0; i < this.servingLen; i++) {
      const slot = this.serving[(this.servingHead + i) % this.serving.length];
      const from = this.ioDataStart[slot] > now ? this.ioDataStart[slot] : now;
      if (this.ioEnd[slot] > from) future += this.ioEnd[slot] - from;
    }
    return future;
  }

  private closeBusy(now: number): void {
    if (this.servingLen === 0 && this.busySince >= 0) {
      this.busyAccum += now - this.busySince;
      this.busySince = -1;
    }
  }

  private finish(slot: number, status: IoStatus): void {
    const handler = this.handlers[slot] as IoDone<unknown>;
    const arg = this.args[slot];
    this.release(slot);
    handler(arg, status);
  }

  private release(slot: number): void {
    this.ioState[slot] = FREE;
    this.handlers[slot] = undefined;
    this.args[slot] = undefined;
    this.ios.release(slot);
  }

  private growIoTable(capacity: number): void {
    this.ioState = grownColumn(this.ioState, capacity);
    this.ioBytes = grownColumn(this.ioBytes, capacity);
    this.ioWrite = grownColumn(this.ioWrite, capacity);
    this.ioEvent = grownColumn(this.ioEvent, capacity);
    this.ioDataStart = grownColumn(this.ioDataStart, capacity);
    this.ioEnd = grownColumn(this.ioEnd, capacity);
    for (let slot = this.handlers.length; slot < capacity; slot++) {
      this.handlers.push(undefined);
      this.args.push(undefined);
    }
  }

  private growQueue(): void {
    const capacity = this.queue.length * 2;
    const grown = new Int32Array(capacity);
    for (let i = 0; i < this.queueLen; i++) grown[i] = this.queue[(this.queueHead + i) % this.queue.length];
    this.queue = grown;
    this.queueHead = 0;
  }
}

