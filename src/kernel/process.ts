import type { Handler, Label, ProcessState, RunningProcess } from "./event.js";
import type { Simulator } from "./simulator.js";
import { MAX_TIME_NS, type TimeNs } from "./time.js";
import { WaiterQueue } from "./waiters.js";

/**
 * Something a process can wait on by yielding it: a Signal, a Process (to join it), a Resource's acquire().
 * Implementations keep parked processes and later call `process.wake(value)`.
 */
export interface Waitable {
  /**
   * Called when `process` yields this. Return true if already satisfied (after setting
   * `process.resumeValue`): the process then continues at once, without an event. Otherwise keep the process
   * and return false.
   */
  enlist(process: Process<unknown>): boolean;
  /** Forgets a parked process: it was interrupted while waiting here. */
  withdraw(process: Process<unknown>): void;
}

/** What a process body may yield: a delay in nanoseconds (sleep), or a Waitable. */
export type Command = TimeNs | Waitable;

/** A process body: a generator yielding Commands and returning the process's result. */
export type ProcessBody<R> = Generator<Command, R, unknown>;

/** Options of spawn(). */
export interface ProcessOptions {
  /** Name for errors and traces, e.g. "client/17". */
  name?: string;
  /** Label of the process's wake-up events. Pass a shared one for many short-lived processes (cheaper). */
  label?: Label;
}

/** Thrown inside a process body by interrupt(); `cause` is what the interrupter passed. */
export class Interrupt extends Error {
  constructor(
    readonly process: Process<unknown>,
    cause: unknown,
  ) {
    super(`process "${process.name}" interrupted: ${String(cause)}`, { cause });
    this.name = "Interrupt";
  }
}

export type { ProcessState };

/** Yield `sleep(ns)` (or just the number) to let virtual time pass. Validates the delay early. */
export function sleep(delayNs: TimeNs): TimeNs {
  if (!(delayNs >= 0 && Number.isInteger(delayNs))) {
    throw new RangeError(`sleep: delay must be a non-negative integer number of nanoseconds, got ${String(delayNs)}`);
  }
  return delayNs;
}

/** Yield `wait(x)` (or just x) to block until a Signal is notified, a Process ends, or a unit is granted. */
export function wait<W extends Waitable>(waitable: W): W {
  return waitable;
}

/** Starts a generator process at the current time (its body begins in an event at `sim.now`). */
export function spawn<R>(sim: Simulator, body: ProcessBody<R>, options: ProcessOptions = {}): Process<R> {
  return new Process(sim, body, options);
}

/** Delivers `cause` as an Interrupt inside the process (see Process.interrupt). */
export function interrupt(process: Process<unknown>, cause: unknown): boolean {
  return process.interrupt(cause);
}

/**
 * A generator process. Its body yields a delay in ns to sleep, or a Waitable to block on; the value the
 * yield evaluates to is what woke it (a Signal's notify value, a joined process's result). Completion is
 * itself waitable: `const r = yield otherProcess`.
 *
 * Interrupts: interrupt(p, cause) throws an Interrupt inside p. If p is sleeping or waiting, its wake-up is
 * cancelled (or it leaves the wait queue) and the Interrupt arrives in an event at the current time. If p is
 * runnable (starting, woken, or the caller itself), it arrives at p's next yield, before p blocks again — so a
 * resource unit that was already granted is never lost. An Interrupt the body does not catch ends the process
 * quietly (`interruptedBy` records the cause); any other uncaught error aborts the simulation run.
 */
export class Process<R> implements Waitable, RunningProcess {
  readonly sim: Simulator;
  readonly name: string;
  /** Label of this process's wake-up events (fingerprint and trace). */
  readonly wakeLabel: Label;
  /** Set by Waitables that satisfy a wait at once (see Waitable.enlist); read by the process on resumption. */
  resumeValue: unknown = undefined;
  /** Kernel bookkeeping: heap key of the pending wake-up, -1 if none. */
  wakeTie = -1;
  private readonly body: ProcessBody<R>;
  private registryIndex: number;
  private currentState: ProcessState = "starting";
  private resultValue: R | undefined = undefined;
  private interruptCause: unknown = undefined;
  private wasInterrupted = false;
  private resumeThrows = false;
  private waitingOn: Waitable | null = null;
  private pendingInterrupt: Interrupt | null = null;
  private joiners: WaiterQueue | null = null;

  constructor(sim: Simulator, body: ProcessBody<R>, options: ProcessOptions = {}) {
    if (body === null || typeof body !== "object" || typeof body.next !== "function") {
      throw new TypeError("spawn: the body must be a generator object, e.g. spawn(sim, myProcess(args))");
    }
    this.sim = sim;
    this.body = body;
    this.name = options.name ?? "process";
    this.wakeLabel = options.label ?? (options.name === undefined ? sim.processLabel : sim.label("process", options.name));
    this.registryIndex = sim.attachProcess(this);
    sim.wakeProcessAt(this, this.registryIndex, sim.now);
  }

  /** Where the process is in its life. */
  get state(): ProcessState {
    return this.currentState;
  }

  /** True once the body returned or ended by an uncaught Interrupt. */
  get done(): boolean {
    return this.currentState === "done";
  }

  /** The body's return value (undefined until done, or if it ended by an Interrupt). */
  get result(): R | undefined {
    return this.resultValue;
  }

  /** True if the process ended because of an Interrupt it did not catch. */
  get interrupted(): boolean {
    return this.wasInterrupted;
  }

  /** The cause of the Interrupt that ended the process, if one did. */
  get interruptedBy(): unknown {
    return this.interruptCause;
  }

  /**
   * Throws an Interrupt carrying `cause` inside the process (see the class comment for when). Returns false
   * if the process is done or already has an undelivered interrupt.
   */
  interrupt(cause: unknown): boolean {
    if (this.currentState === "done" || this.pendingInterrupt !== null) return false;
    const signal = new Interrupt(this as Process<unknown>, cause);
    if (this.currentState === "sleeping") {
      this.sim.cancelProcessWake(this);
    } else if (this.currentState === "waiting") {
      (this.waitingOn as Waitable).withdraw(this as Process<unknown>);
      this.waitingOn = null;
    } else {
      this.pendingInterrupt = signal;
      return true;
    }
    this.currentState = "woken";
    this.resumeValue = signal;
    this.resumeThrows = true;
    this.sim.wakeProcessAt(this, this.registryIndex, this.sim.now);
    return true;
  }

  /** Runs `handler(arg)` as an event when the process ends (at once, as an event, if it already has). */
  whenDone<A>(handler: Handler<A>, arg: A): void {
    if (this.currentState === "done") {
      this.sim.schedule(0, handler, arg, this.wakeLabel);
      return;
    }
    (this.joiners ??= new WaiterQueue()).pushCallback(handler, arg);
  }

  /** Waitable: a process joining this one continues at once if it is done, else when it ends. */
  enlist(process: Process<unknown>): boolean {
    if (process === (this as Process<unknown>)) throw new Error(`process "${this.name}" cannot wait for itself`);
    if (this.currentState === "done") {
      process.resumeValue = this.resultValue;
      return true;
    }
    (this.joiners ??= new WaiterQueue()).pushProcess(process);
    return false;
  }

  /** Waitable: forgets an interrupted joiner. */
  withdraw(process: Process<unknown>): void {
    this.joiners?.removeProcess(process);
  }

  /** Called by a Waitable this process is parked on: resume with `value` in an event at the current time. */
  wake(value: unknown): void {
    if (this.currentState !== "waiting") {
      throw new Error(`process "${this.name}" woken while ${this.currentState}; only waiting processes can be woken`);
    }
    this.waitingOn = null;
    this.currentState = "woken";
    this.resumeValue = value;
    this.sim.wakeProcessAt(this, this.registryIndex, this.sim.now);
  }

  /** Runs the body until it blocks or ends. Only the kernel's wake-up events call this. */
  resume(): void {
    const sim = this.sim;
    const body = this.body;
    // Bodies never run nested (every wake-up is an event), so there is no outer process to restore.
    sim.activeProcess = this as Process<unknown>;
    this.currentState = "running";
    let value = this.resumeValue;
    let throwing = this.resumeThrows;
    this.resumeValue = undefined;
    this.resumeThrows = false;
    try {
      for (;;) {
        let step: IteratorResult<Command, R>;
        try {
          step = throwing ? body.throw(value) : body.next(value);
        } catch (error) {
          this.fail(error);
          return;
        }
        if (step.done === true) {
          this.finish(step.value);
          return;
        }
        const command = step.value;
        if (this.pendingInterrupt !== null) {
          value = this.pendingInterrupt;
          this.pendingInterrupt = null;
          throwing = true;
          continue;
        }
        if (typeof command === "number") {
          const wakeNs = sim.now + command;
          if (command >= 0 && Number.isInteger(command) && wakeNs <= MAX_TIME_NS) {
            this.currentState = "sleeping";
            sim.wakeProcessAt(this, this.registryIndex, wakeNs);
            return;
          }
          value = badSleep(this.name, command);
          throwing = true;
          continue;
        }
        if (command !== null && typeof command === "object" && typeof command.enlist === "function") {
          this.currentState = "waiting";
          this.waitingOn = command;
          if (!command.enlist(this as Process<unknown>)) return;
          this.waitingOn = null;
          this.currentState = "running";
          value = this.resumeValue;
          this.resumeValue = undefined;
          throwing = false;
          continue;
        }
        value = badCommand(this.name, command);
        throwing = true;
      }
    } finally {
      sim.activeProcess = null;
    }
  }

  /** Normal end: record the result and wake joiners. */
  private finish(result: R): void {
    this.currentState = "done";
    this.resultValue = result;
    this.detach();
    this.joiners?.wakeAll(this.sim, result, this.wakeLabel);
  }

  /** Leaves the kernel's process registry (a done process is never woken again). */
  private detach(): void {
    this.sim.detachProcess(this.registryIndex);
    this.registryIndex = -1;
  }

  /** The body threw: an Interrupt meant for it ends it quietly, anything else aborts the run with context. */
  private fail(error: unknown): void {
    this.currentState = "done";
    this.detach();
    if (error instanceof Interrupt && error.process === (this as Process<unknown>)) {
      this.wasInterrupted = true;
      this.interruptCause = error.cause;
      this.joiners?.wakeAll(this.sim, undefined, this.wakeLabel);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`process "${this.name}" failed at t=${this.sim.now} ns (seed=${this.sim.seed}): ${message}`, { cause: error });
  }
}

/** The error thrown into a body that yielded an invalid sleep. */
function badSleep(name: string, delayNs: number): RangeError {
  return new RangeError(`process "${name}" yielded ${delayNs}: a sleep must be a non-negative integer number of nanoseconds`);
}

/** The error thrown into a body that yielded something that is neither a delay nor a Waitable. */
function badCommand(name: string, command: unknown): TypeError {
  return new TypeError(`process "${name}" yielded ${describe(command)}; yield a delay in ns, a Signal, a Process or resource.acquire()`);
}

/** A short description of an unexpected yielded value, for error messages. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return `an object without enlist() (${value.constructor?.name ?? "Object"})`;
  return `${typeof value} ${String(value)}`;
}
