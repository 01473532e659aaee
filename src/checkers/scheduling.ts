import { violation, type Violation } from "./violation.js";

/**
 * "Nothing is scheduled in the past". The kernel refuses such events itself (schedule/scheduleAt throw a
 * RangeError naming the times), so a run that finished did not do it; this checker covers the other half:
 * observed event times must never decrease. Feed it the times a component saw (e.g. from a trace).
 */
export function checkTimesNonDecreasing(timesNs: ArrayLike<number>, what: string, seed: string | number): Violation[] {
  const out: Violation[] = [];
  for (let i = 1; i < timesNs.length; i++) {
    if (timesNs[i] < timesNs[i - 1]) {
      out.push(violation("time-monotonic", `${what}: t=${timesNs[i]} ns came after t=${timesNs[i - 1]} ns`, seed, timesNs[i]));
      if (out.length >= 100) break;
    }
  }
  return out;
}

/** The part of the kernel's Simulator this checker reads. */
export interface PendingEventsView {
  readonly now: number;
  readonly seed: string;
  nextEventTime(): number | undefined;
}

/**
 * After (or during a pause of) a run: no pending event lies before the clock. The kernel's scheduleAt already
 * refuses past times; this asserts the heap agrees, through the kernel's own API.
 */
export function checkNoPendingInPast(sim: PendingEventsView): Violation[] {
  const next = sim.nextEventTime();
  if (next === undefined || next >= sim.now) return [];
  return [violation("no-past-events", `an event is pending at t=${next} ns, before the clock (now=${sim.now} ns)`, sim.seed, next)];
}
