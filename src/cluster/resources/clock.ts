/**
 * The part of the kernel's Simulator that the physical resources use. Declared here as a structural type so
 * resources depend on a small, stable surface: the kernel's Simulator satisfies it as is.
 */
export interface ResourceClock {
  /** Current virtual time in integer nanoseconds. */
  readonly now: number;
  /** Schedules `handler(arg)` at the absolute integer time `timeNs` (not before now). Returns an id for cancel(). */
  scheduleAt<A>(timeNs: number, handler: (arg: A) => void, arg: A, label?: number, priority?: number): number;
  /** Cancels a pending event; false if it already ran or was cancelled. */
  cancel(id: number): boolean;
  /** Interns a (kind, component) label for the fingerprint and trace. */
  label(kind: string, component?: string): number;
}

/** The part of the kernel's RngRoot that resources use: named, seeded uniform streams. */
export interface ResourceRng {
  /** The stream of that name (same name → same stream); each call of the result is one draw in [0, 1). */
  stream(name: string): () => number;
}

/** An id no scheduled event has. */
export const NO_TIMER = -1;
