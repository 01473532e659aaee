import { NS_PER_S, type TimeNs } from "../kernel/time.js";

/**
 * The one crossing between the simulator's clock and a retry policy's. The kernel counts integer nanoseconds
 * (kernel/time.ts); policies compute in floating-point seconds, like the libraries they reproduce (contract.ts).
 * Every simulated host of a policy — the request driver, the hedged request, the standalone scenarios — converts
 * through these two functions, so all of them hand a policy the same `nowS` for the same instant and turn its
 * delays into the same kernel delays.
 */

/** The simulator's instant as a policy reads its clock: seconds since the run began. */
export function policyNowS(nowNs: TimeNs): number {
  return nowNs / NS_PER_S;
}

/** A delay or wait a policy asked for (seconds) as a kernel delay: rounded to the nanosecond, never negative. */
export function policyDelayNs(delayS: number): TimeNs {
  return Math.max(0, Math.round(delayS * NS_PER_S));
}
