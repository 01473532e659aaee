import type { Process, Waitable } from "./process.js";
import type { Handler, Label } from "./event.js";
import type { Simulator } from "./simulator.js";
import type { TimeNs } from "./time.js";
import { WaiterQueue } from "./waiters.js";

/**
 * A pool of `capacity` identical units served first come, first served: a disk's queue depth, a CPU's cores,
 * a connection pool. Processes `yield resource.acquire()` (continuing at once when a unit is free) and call
 * release() when done; callback-style code uses tryAcquire() and request(). Tracks the time-integrals of
 * units in use and queue length, for utilisation and mean-queue-length statistics.
 */
export class Resource implements Waitable {
  readonly sim: Simulator;
  readonly name: string;
  readonly capacity: number;
  private readonly waiters = new WaiterQueue();
  private readonly label: Label;
  private used = 0;
  private lastChangeNs: TimeNs;
  private busyUnitNs = 0;
  private queuedNs = 0;

  constructor(sim: Simulator, capacity: number, name = "resource") {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`Resource "${name}": capacity must be a positive integer, got ${capacity}`);
    }
    this.sim = sim;
    this.name = name;
    this.capacity = capacity;
    this.label = sim.label("resource.grant", name);
    this.lastChangeNs = sim.now;
  }

  /** Units held now. */
  get inUse(): number {
    return this.used;
  }

  /** Parties waiting for a unit. */
  get queueLength(): number {
    return this.waiters.length;
  }

  /** What a process yields to obtain one unit: `yield disk.acquire()`. Release it with release(). */
  acquire(): Waitable {
    return this;
  }

  /** Takes a unit if one is free right now. */
  tryAcquire(): boolean {
    if (this.used >= this.capacity) return false;
    this.account();
    this.used++;
    return true;
  }

  /**
   * Callback style: `handler(arg)` runs, as an event at the time the unit is granted (now, if one is free), and
   * then holds the unit until release().
   */
  request<A>(handler: Handler<A>, arg: A): void {
    if (this.tryAcquire()) {
      this.sim.schedule(0, handler, arg, this.label);
      return;
    }
    this.account();
    this.waiters.pushCallback(handler, arg);
  }

  /** Returns a unit: the longest waiter gets it (its wake-up is an event now), else the unit becomes free. */
  release(): void {
    if (this.used === 0) throw new Error(`Resource "${this.name}": release() without a unit held`);
    this.account();
    if (!this.waiters.wakeFirst(this.sim, undefined, this.label)) this.used--;
  }

  /** Unit-nanoseconds of use up to now: divide by (capacity x elapsed) for utilisation. */
  busyTimeNs(): number {
    return this.busyUnitNs + this.used * (this.sim.now - this.lastChangeNs);
  }

  /** Waiter-nanoseconds of queueing up to now: divide by elapsed time for the mean queue length. */
  queueTimeNs(): number {
    return this.queuedNs + this.waiters.length * (this.sim.now - this.lastChangeNs);
  }

  /** Waitable: grants a free unit at once, else queues the process. */
  enlist(process: Process<unknown>): boolean {
    if (this.tryAcquire()) return true;
    this.account();
    this.waiters.pushProcess(process);
    return false;
  }

  /** Waitable: an interrupted process leaves the queue. */
  withdraw(process: Process<unknown>): void {
    this.account();
    this.waiters.removeProcess(process);
  }

  /** Folds the time since the last change into the integrals (called before every change). */
  private account(): void {
    const now = this.sim.now;
    const elapsed = now - this.lastChangeNs;
    if (elapsed === 0) return;
    this.busyUnitNs += this.used * elapsed;
    this.queuedNs += this.waiters.length * elapsed;
    this.lastChangeNs = now;
  }
}
