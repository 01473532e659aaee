import type { TypedParam } from "./preset-params.js";
import type { ParamValues } from "./preset-params.js";
import type { AttemptOutcome, OutcomeClass, TransportError } from "./contract.js";

/**
 * The configurable outcome classifier: which outcomes a policy retries, which mean "slow down", which are
 * transient conditions (AIStore's 404 during a rebalance, 409 GET conflict). Service error codes are matched
 * either alone (`SlowDown`: any status) or with a status (`400:Throttling`: only on a 400), which is how
 * botocore's legacy tables and its standard mode differ.
 *
 * Precedence: a status below 400 is success; then error codes (throttle, transient, retryable), then statuses
 * (throttle, transient, retryable); anything else is fatal. Transport errors are retryable when listed.
 */

/** Every transport error kind, in a stable order. */
export const ALL_TRANSPORT_ERRORS: readonly TransportError[] = ["connect-timeout", "read-timeout", "refused", "reset", "protocol"];

/** What a classifier recognises. Code entries are `Code` or `status:Code`. */
export interface ClassifierSpec {
  readonly retryStatuses: readonly number[];
  readonly throttleStatuses: readonly number[];
  readonly transientStatuses: readonly number[];
  readonly retryCodes: readonly string[];
  readonly throttleCodes: readonly string[];
  readonly transientCodes: readonly string[];
  readonly retryErrors: readonly TransportError[];
}

/** A spec that recognises nothing; spread it and set what a preset needs. */
export const EMPTY_CLASSIFIER: ClassifierSpec = {
  retryStatuses: [],
  throttleStatuses: [],
  transientStatuses: [],
  retryCodes: [],
  throttleCodes: [],
  transientCodes: [],
  retryErrors: [],
};

/** True when an error-code entry (`Code` or `status:Code`) matches the response. */
export function codeEntryMatches(entry: string, status: number, code: string | undefined): boolean {
  if (code === undefined) return false;
  const colon = entry.indexOf(":");
  if (colon < 0) return entry === code;
  return Number(entry.slice(0, colon)) === status && entry.slice(colon + 1) === code;
}

function anyCode(entries: readonly string[], status: number, code: string | undefined): boolean {
  for (const entry of entries) if (codeEntryMatches(entry, status, code)) return true;
  return false;
}

/** Classifies one outcome by the spec. */
export function classifyOutcome(outcome: AttemptOutcome, spec: ClassifierSpec): OutcomeClass {
  if (outcome.type === "error") return spec.retryErrors.includes(outcome.error) ? "retryable" : "fatal";
  const { status, code } = outcome;
  if (status < 400) return "success";
  if (anyCode(spec.throttleCodes, status, code)) return "throttle";
  if (anyCode(spec.transientCodes, status, code)) return "transient";
  if (anyCode(spec.retryCodes, status, code)) return "retryable";
  if (spec.throttleStatuses.includes(status)) return "throttle";
  if (spec.transientStatuses.includes(status)) return "transient";
  if (spec.retryStatuses.includes(status)) return "retryable";
  return "fatal";
}

/** Code entries compiled for lookups: codes on any status, and `status:Code` entries by status. */
class CodeSet {
  private readonly anyStatus = new Set<string>();
  private readonly byStatus = new Map<number, Set<string>>();

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const colon = entry.indexOf(":");
      if (colon < 0) {
        this.anyStatus.add(entry);
        continue;
      }
      const status = Number(entry.slice(0, colon));
      let codes = this.byStatus.get(status);
      if (codes === undefined) this.byStatus.set(status, (codes = new Set()));
      codes.add(entry.slice(colon + 1));
    }
  }

  has(status: number, code: string): boolean {
    return this.anyStatus.has(code) || this.byStatus.get(status)?.has(code) === true;
  }
}

/** A classifier function over a fixed spec, compiled to set lookups (it answers as `classifyOutcome`). */
export function classifier(spec: ClassifierSpec): (outcome: AttemptOutcome) => OutcomeClass {
  const throttleCodes = new CodeSet(spec.throttleCodes);
  const transientCodes = new CodeSet(spec.transientCodes);
  const retryCodes = new CodeSet(spec.retryCodes);
  const throttleStatuses = new Set(spec.throttleStatuses);
  const transientStatuses = new Set(spec.transientStatuses);
  const retryStatuses = new Set(spec.retryStatuses);
  const retryErrors = new Set(spec.retryErrors);
  return (outcome) => {
    if (outcome.type === "error") return retryErrors.has(outcome.error) ? "retryable" : "fatal";
    const { status, code } = outcome;
    if (status < 400) return "success";
    if (code !== undefined) {
      if (throttleCodes.has(status, code)) return "throttle";
      if (transientCodes.has(status, code)) return "transient";
      if (retryCodes.has(status, code)) return "retryable";
    }
    if (throttleStatuses.has(status)) return "throttle";
    if (transientStatuses.has(status)) return "transient";
    if (retryStatuses.has(status)) return "retryable";
    return "fatal";
  };
}

/** True for the classes a plain retry loop retries. */
export function isRetryClass(outcomeClass: OutcomeClass): boolean {
  return outcomeClass === "retryable" || outcomeClass === "throttle" || outcomeClass === "transient";
}

const PARAM_KEYS = {
  retryStatuses: "retry_statuses",
  throttleStatuses: "throttle_statuses",
  transientStatuses: "transient_statuses",
  retryCodes: "retry_codes",
  throttleCodes: "throttle_codes",
  transientCodes: "transient_codes",
  retryErrors: "retry_errors",
} as const;

/**
 * Documented parameters for a classifier, under `prefix` (e.g. `outer.`), with a preset's defaults. Only the
 * fields named in `fields` become parameters (a preset whose source has no notion of throttling leaves it out).
 */
export function classifierParams(
  prefix: string,
  defaults: ClassifierSpec,
  fields: readonly (keyof ClassifierSpec)[] = Object.keys(PARAM_KEYS) as (keyof ClassifierSpec)[],
): TypedParam[] {
  const describe: Record<keyof ClassifierSpec, string> = {
    retryStatuses: "HTTP statuses retried",
    throttleStatuses: "HTTP statuses that mean slow down (retried; rate limiters react)",
    transientStatuses: "HTTP statuses retried as transient conditions (e.g. AIStore 404 during rebalance, 409 GET conflict)",
    retryCodes: 'service error codes retried ("Code" on any status, or "status:Code")',
    throttleCodes: 'service error codes that mean slow down ("Code" or "status:Code")',
    transientCodes: 'service error codes retried as transient ("Code" or "status:Code")',
    retryErrors: "transport errors retried (connect-timeout, read-timeout, refused, reset, protocol)",
  };
  return fields.map((field): TypedParam => {
    const key = prefix + PARAM_KEYS[field];
    if (field === "retryErrors") {
      return { key, kind: "strings", choices: ALL_TRANSPORT_ERRORS, defaultValue: defaults.retryErrors, describe: describe[field] };
    }
    const isCodes = field === "retryCodes" || field === "throttleCodes" || field === "transientCodes";
    return { key, kind: isCodes ? "strings" : "numbers", defaultValue: defaults[field], describe: describe[field] };
  });
}

/** The spec selected by `classifierParams` values; fields that were not parameters keep `defaults`. */
export function classifierFromParams(prefix: string, values: ParamValues, defaults: ClassifierSpec): ClassifierSpec {
  const pick = <K extends keyof ClassifierSpec>(field: K): ClassifierSpec[K] => {
    const key = prefix + PARAM_KEYS[field];
    return (key in values.values ? values.values[key] : defaults[field]) as ClassifierSpec[K];
  };
  return {
    retryStatuses: pick("retryStatuses"),
    throttleStatuses: pick("throttleStatuses"),
    transientStatuses: pick("transientStatuses"),
    retryCodes: pick("retryCodes"),
    throttleCodes: pick("throttleCodes"),
    transientCodes: pick("transientCodes"),
    retryErrors: pick("retryErrors"),
  };
}
