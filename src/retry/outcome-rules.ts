import { ALL_TRANSPORT_ERRORS, EMPTY_CLASSIFIER, type ClassifierSpec } from "./classify.js";
import type { AttemptOutcome } from "./contract.js";

/** Outcome helpers shared by the presets: a readable form for logs and give-up reasons, and a generic classifier. */

/** A short human-readable form of an outcome for give-up reasons and logs, e.g. `503 SlowDown` or `refused`. */
export function describeOutcome(outcome: AttemptOutcome): string {
  if (outcome.type === "error") return outcome.error;
  return outcome.code === undefined ? String(outcome.status) : `${outcome.status} ${outcome.code}`;
}

/** Generic HTTP retrying: 500/502/503/504 retried, 429 as throttling, every transport error retried. */
export const GENERIC_HTTP_SPEC: ClassifierSpec = {
  ...EMPTY_CLASSIFIER,
  retryStatuses: [500, 502, 503, 504],
  throttleStatuses: [429],
  retryErrors: ALL_TRANSPORT_ERRORS,
};
