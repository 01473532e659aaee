/**
 * `recovery_s` of a run with faults: how long after the faults the clients' success rate is back to what it was
 * before them, for good. Computed from the per-second series (requests by the second they ended), so it is
 * resolved to whole seconds:
 * - **Reference instant**: the end of the last fault window. A window that lasts until the end of the run (a
 *   crash never restarted) counts from its start instead — the cluster is expected to route around it.
 * - **Pre-fault level**: the mean of the per-second success rates over the whole seconds after warm-up and before
 *   the first fault starts (seconds in which no request ended are skipped). Without such a second, NaN.
 * - **Healthy second**: its success rate is at least the pre-fault level minus the tolerance, max(1 percentage
 *   point, 3 × the standard deviation of the pre-fault per-second rates), so background noise is not a relapse.
 *   A second in which no request ended counts as unhealthy (clients stuck in retries end nothing), unless such
 *   seconds happened before the fault too (a sparse workload): then it is skipped.
 * - **Recovery**: from the reference instant to the start of the first healthy whole second (the first one
 *   starting at or after the reference) from which every later whole second of the run is healthy — as the
 *   overload scenario measures it; 0 when the rate was already back when the faults ended. NaN (an empty field)
 *   when it never recovered by the end of the run, as the overload scenario reports a metastable run — a
 *   criterion such as `recovery_s <= 60` then fails.
 */

/** A fault window in virtual seconds from the start of the run (startS === endS for an instant). */
export interface FaultSpanS {
  readonly startS: number;
  readonly endS: number;
}

/** Inputs of recoverySeconds. */
export interface RecoveryInput {
  /** Requests that succeeded / failed, by the second they ended (second 0 = the start of the run). */
  readonly succeeded: ArrayLike<number>;
  readonly failed: ArrayLike<number>;
  readonly warmupS: number;
  /** The run's length; only whole seconds before it are judged. */
  readonly runEndS: number;
  readonly faults: readonly FaultSpanS[];
}

/** Smallest tolerance below the pre-fault level, as a fraction (1 percentage point). */
export const RECOVERY_MIN_TOLERANCE = 0.01;
/** Tolerance in standard deviations of the pre-fault per-second success rate. */
export const RECOVERY_TOLERANCE_SDS = 3;

/** The instant recovery is measured from (see the module comment), or undefined without faults. */
export function recoveryReferenceS(faults: readonly FaultSpanS[], runEndS: number): number | undefined {
  let reference: number | undefined;
  for (const f of faults) {
    const at = f.endS >= runEndS ? f.startS : f.endS;
    if (reference === undefined || at > reference) reference = at;
  }
  return reference;
}

/** `recovery_s` (see the module comment); undefined when the run had no faults. */
export function recoverySeconds(input: RecoveryInput): number | undefined {
  const reference = recoveryReferenceS(input.faults, input.runEndS);
  if (reference === undefined) return undefined;
  const firstFaultS = Math.min(...input.faults.map((f) => f.startS));
  const seconds = Math.min(input.succeeded.length, input.failed.length, Math.floor(input.runEndS));
  const rate = (s: number): number => {
    const n = input.succeeded[s] + input.failed[s];
    return n > 0 ? input.succeeded[s] / n : NaN;
  };

  const before: number[] = [];
  let emptyBefore = false;
  for (let s = Math.ceil(input.warmupS); s + 1 <= firstFaultS && s < seconds; s++) {
    const r = rate(s);
    if (Number.isNaN(r)) emptyBefore = true;
    else before.push(r);
  }
  if (before.length === 0) return NaN;
  const level = before.reduce((a, b) => a + b, 0) / before.length;
  const sd = Math.sqrt(before.reduce((a, b) => a + (b - level) ** 2, 0) / before.length);
  const threshold = level - Math.max(RECOVERY_MIN_TOLERANCE, RECOVERY_TOLERANCE_SDS * sd);

  // Walk back from the end while seconds are healthy: the earliest of them starts the final healthy stretch.
  let firstHealthy: number | undefined;
  for (let s = seconds - 1; s >= Math.ceil(reference); s--) {
    const r = rate(s);
    if (Number.isNaN(r)) {
      if (emptyBefore) continue;
      break;
    }
    if (r < threshold) break;
    firstHealthy = s;
  }
  if (firstHealthy === undefined) return NaN;
  return Math.max(0, firstHealthy - reference);
}
