import type { Process, Waitable } from "./process.js";
import type { Handler, Label } from "./event.js";
import type { Simulator } from "./simulator.js";
import { WaiterQueue } from "./waiters.js";

/**
 * A condition that processes wait on (`const v = yield signal`) and that model code notifies. Waiting always
 * blocks until a later notify (nothing is remembered for future waiters — use a Resource or a counter for
 * that). Waiters are woken in FIFO order, each in an event at the current time.
 */
export class Signal<T = unknown> implements Waitable {
  readonly sim: Simulator;
  readonly name: string;
  private readonly waiters = new WaiterQueue();
  private labelId: Label = -1;
  private lastValue: T | undefined = undefined;

  constructor(sim: Simulator, name = "signal") {
    this.sim = sim;
    this.name = name;
  }

  /** Number of waiting processes and callbacks. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** The value of the most recent notify (callbacks read it: they receive their own argument). */
  get value(): T | undefined {
    return this.lastValue;
  }

  /** Wakes the longest-waiting party with `value`. Returns false if nobody was waiting. */
  notify(value?: T): boolean {
    this.lastValue = value;
    return this.waiters.wakeFirst(this.sim, value, this.label());
  }

  /** Wakes every party waiting now, in FIFO order. Returns how many were woken. */
  notifyAll(value?: T): number {
    this.lastValue = value;
    return this.waiters.wakeAll(this.sim, value, this.label());
  }

  /** Callback style: runs `handler(arg)` (as an event) on the notify that reaches it in FIFO order. */
  once<A>(handler: Handler<A>, arg: A): void {
    this.waiters.pushCallback(handler, arg);
  }

  /** Waitable: a waiting process always parks until a later notify. */
  enlist(process: Process<unknown>): boolean {
    this.waiters.pushProcess(process);
    return false;
  }

  /** Label of callback wake-ups, interned on first use (short-lived signals then cost no label). */
  private label(): Label {
    if (this.labelId < 0) this.labelId = this.sim.label("signal", this.name);
    return this.labelId;
  }

  /** Waitable: forgets an interrupted process. */
  withdraw(process: Process<unknown>): void {
    this.waiters.removeProcess(process);
  }
}
