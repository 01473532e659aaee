import type { Handler, Label } from "./event.js";
import type { Simulator } from "./simulator.js";

/** A parked party that is woken with a value (implemented by Process). */
export interface Wakeable {
  wake(value: unknown): void;
}

/**
 * A FIFO of parties waiting for something (a signal, a resource unit, a process's end): parked processes and
 * callbacks, mixed, in arrival order. Waking never runs anyone synchronously: a process resumes, and a
 * callback runs, as an event at the current time, so the waker's own code finishes first.
 */
export class WaiterQueue {
  private processes: Array<Wakeable | null> = [];
  private handlers: Array<Handler<unknown> | null> = [];
  private args: unknown[] = [];
  private head = 0;

  /** Number of waiters. */
  get length(): number {
    return this.processes.length - this.head;
  }

  /** Appends a parked process. */
  pushProcess(process: Wakeable): void {
    this.processes.push(process);
    this.handlers.push(null);
    this.args.push(undefined);
  }

  /** Appends a callback, to be run as `handler(arg)` when woken. */
  pushCallback<A>(handler: Handler<A>, arg: A): void {
    this.processes.push(null);
    this.handlers.push(handler as Handler<unknown>);
    this.args.push(arg);
  }

  /** Removes a parked process (it was interrupted). Returns false if it was not waiting here. */
  removeProcess(process: Wakeable): boolean {
    const i = this.processes.indexOf(process, this.head);
    if (i < 0) return false;
    this.processes.splice(i, 1);
    this.handlers.splice(i, 1);
    this.args.splice(i, 1);
    return true;
  }

  /** Wakes the oldest waiter with `value` (processes receive it as the result of their yield). */
  wakeFirst(sim: Simulator, value: unknown, label: Label): boolean {
    if (this.head === this.processes.length) return false;
    const i = this.head++;
    const process = this.processes[i];
    const handler = this.handlers[i];
    const arg = this.args[i];
    this.processes[i] = null;
    this.handlers[i] = null;
    this.args[i] = undefined;
    if (this.head === this.processes.length) this.reset();
    else if (this.head >= 1024 && this.head * 2 >= this.processes.length) this.shrink();
    if (process !== null) process.wake(value);
    else sim.schedule(0, handler as Handler<unknown>, arg, label);
    return true;
  }

  /** Wakes every current waiter, oldest first. Returns how many were woken. */
  wakeAll(sim: Simulator, value: unknown, label: Label): number {
    let woken = 0;
    const n = this.length;
    while (woken < n && this.wakeFirst(sim, value, label)) woken++;
    return woken;
  }

  /** Empties the arrays once everyone has been woken. */
  private reset(): void {
    this.processes.length = 0;
    this.handlers.length = 0;
    this.args.length = 0;
    this.head = 0;
  }

  /** Drops the consumed prefix so a long-lived queue does not grow without bound. */
  private shrink(): void {
    this.processes = this.processes.slice(this.head);
    this.handlers = this.handlers.slice(this.head);
    this.args = this.args.slice(this.head);
    this.head = 0;
  }
}
