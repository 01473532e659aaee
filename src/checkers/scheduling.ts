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
