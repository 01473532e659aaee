import type { RunningProcess } from "./event.js";
import { Interrupt, type Command, type Waitable } from "./process.js";
import type { Simulator } from "./simulator.js";
import type { TimeNs } from "./time.js";

/** Outcome of waitFor: the value the wait produced, or that the timeout came first. */
export type WaitOutcome<T> = { timedOut: false; value: T } | { timedOut: true; value: undefined };

/** The cause of the Interrupt that ends a timed-out waitFor; unique per call so no other interrupt is mistaken for it. */
class WaitTimeout {
  constructor(
    readonly process: RunningProcess,
    readonly timeoutNs: TimeNs,
  ) {}

  toString(): string {
    return `wait timed out after ${this.timeoutNs} ns`;
  }
}

/** Fires the timeout, unless the wait was already satisfied (the process is then "woken", not "waiting"). */
function expire(cause: WaitTimeout): void {
  if (cause.process.state === "waiting") cause.process.interrupt(cause);
}

/**
 * Waits on `waitable` for at most `timeoutNs`, from inside a process: `const r = yield* waitFor(sim, reply, t)`.
 * On timeout the process leaves the wait queue (a queued resource request is withdrawn, so no unit leaks) and
 * `r.timedOut` is true. If the wait is satisfied at the very instant the timeout is due, the wait wins.
 * Other interrupts pass through unchanged.
 */
export function* waitFor<T = unknown>(sim: Simulator, waitable: Waitable, timeoutNs: TimeNs): Generator<Command, WaitOutcome<T>, unknown> {
  const process = sim.activeProcess;
  if (process === null) throw new Error("waitFor must be called from inside a process body (yield* waitFor(...))");
  const cause = new WaitTimeout(process, timeoutNs);
  const timer = sim.schedule(timeoutNs, expire, cause);
  try {
    const value = (yield waitable) as T;
    sim.cancel(timer);
    return { timedOut: false, value };
  } catch (error) {
    if (error instanceof Interrupt && error.cause === cause) return { timedOut: true, value: undefined };
    sim.cancel(timer);
    throw error;
  }
}
