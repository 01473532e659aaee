/**
 * The kernel's vocabulary shared by the event loop and the process layer: event ids, labels, handlers and what
 * the loop needs of a process. Both simulator.ts and process.ts import it; it imports neither.
 */

/** Identifies a scheduled event, for cancel(). Stays unique after the event ran (its slot's generation moves on). */
export type EventId = number;

/** An id no event ever has; a handy initial value for "no timer pending". */
export const NO_EVENT: EventId = -1;

/**
 * An interned (kind, component) pair, e.g. ("disk.done", "target/t3/disk/0"). Events carry this small integer;
 * the fingerprint and the trace resolve it. Create labels once per component, not per event.
 */
export type Label = number;

/** The label of events scheduled without one: kind "event", no component. */
export const DEFAULT_LABEL: Label = 0;

/**
 * What the kernel needs of a process to wake it without an event slot (implemented by Process). Process
 * wake-ups go straight into the heap with the process's registry index as payload; `wakeTie` holds the heap
 * key of its one pending wake-up (-1 if none), so a cancelled wake-up is recognised and skipped when popped.
 */
export interface Resumable {
  wakeTie: number;
  readonly wakeLabel: Label;
  resume(): void;
}

/** An event handler. Pass a pre-bound function plus `arg` to avoid allocating a closure per event. */
export type Handler<A> = (arg: A) => void;

/** Lifecycle of a process. "woken": a wake-up is scheduled at the current time but has not run yet. */
export type ProcessState = "starting" | "running" | "sleeping" | "waiting" | "woken" | "done";

/** What the kernel and timed waits need of the process whose body is running now (implemented by Process). */
export interface RunningProcess extends Resumable {
  readonly state: ProcessState;
  /** Throws an Interrupt carrying `cause` into the process at its current yield; false if it has ended. */
  interrupt(cause: unknown): boolean;
}
