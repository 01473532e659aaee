import type { RequestLifecycleFacts } from "../metrics/lifecycle-log.js";
import { violation, type Violation } from "./violation.js";

/** Options of the lifecycle check. */
export interface LifecycleCheckOptions {
  /**
   * True when the run was drained (every client stopped and the event queue emptied): then a request still
   * open is a violation. False when the run was cut at its duration: open requests are legitimate.
   */
  drained: boolean;
}

/**
 * "Each request ends exactly once": no request ends twice, no unknown request ends, begun = ended + open,
 * and (for a drained run) nothing is left open. Also reports recording calls that went back in time.
 */
export function checkRequestsEndOnce(facts: RequestLifecycleFacts, options: LifecycleCheckOptions): Violation[] {
  const name = "request-ends-once";
  const out: Violation[] = [];
  for (const bad of facts.badEnds) {
    const who = bad.seq >= 0 ? `request #${bad.seq} ended a second time` : `an unknown request handle ${bad.handle} was ended`;
    out.push(violation(name, who, facts.seed, bad.atNs));
  }
  const goodEnds = facts.ended - facts.badEnds.length;
  if (facts.badEnds.length === 0 && facts.begun !== goodEnds + facts.stillOpen) {
    out.push(violation(name, `begun (${facts.begun}) != ended (${goodEnds}) + still open (${facts.stillOpen})`, facts.seed));
  }
  if (options.drained && facts.stillOpen > 0) {
    const sample = facts.openSample
      .slice(0, 5)
      .map((o) => `#${o.seq} (began t=${o.startNs} ns)`)
      .join(", ");
    out.push(violation(name, `${facts.stillOpen} request(s) never ended after the run drained: ${sample}`, facts.seed));
  }
  for (const r of facts.timeReversals) {
    out.push(violation("time-monotonic", `${r.what} recorded t=${r.atNs} ns after t=${r.previousNs} ns`, facts.seed, r.atNs));
  }
  return out;
}
