import type { TransportError, Uniform } from "../contract.js";

/** Per allowed-methods list, whether each method asked about is in it (see Urllib3Retry.methodRetryable). */
const methodAnswers = new WeakMap<readonly string[], Map<string, boolean>>();

/**
 * urllib3 2.x `Retry`, as a value: counters that each retry decrements, the history length that drives the
 * backoff, and the decisions `is_retry`, `increment`, `get_backoff_time` and `sleep` make. Like urllib3's own
 * object it is immutable: `increment` answers a new one.
 *
 * Transport errors map to urllib3's exception classes: `connect-timeout` and `refused` are connection errors
 * (ConnectTimeoutError and its subclass NewConnectionError) and count against `connect`; `read-timeout`,
 * `reset` and `protocol` are read errors (ReadTimeoutError, ProtocolError) and count against `read`, and are
 * re-raised at once for a method not in `allowedMethods`.
 */

/** Retry(...) arguments: the counters' starting values, then the rest. `allowedMethods` null retries every method. */
export interface Urllib3Config extends Urllib3Counters {
  readonly allowedMethods: readonly string[] | null;
  readonly statusForcelist: readonly number[];
  readonly backoffFactor: number;
  /** Seconds, cap of the computed backoff (urllib3 `backoff_max`). */
  readonly backoffMaxS: number;
  /** Seconds, the range of the uniform jitter added to the backoff (urllib3 `backoff_jitter`). */
  readonly backoffJitterS: number;
  readonly respectRetryAfterHeader: boolean;
  /** Seconds, cap of a Retry-After value (urllib3 `retry_after_max`). */
  readonly retryAfterMaxS: number;
  readonly raiseOnStatus: boolean;
  readonly raiseOnRedirect: boolean;
}

/** urllib3 2.x defaults: `Retry()`. */
export const URLLIB3_DEFAULTS: Urllib3Config = {
  total: 10,
  connect: null,
  read: null,
  redirect: null,
  status: null,
  other: null,
  allowedMethods: ["HEAD", "GET", "PUT", "DELETE", "OPTIONS", "TRACE"],
  statusForcelist: [],
  backoffFactor: 0,
  backoffMaxS: 120,
  backoffJitterS: 0,
  respectRetryAfterHeader: true,
  retryAfterMaxS: 21600,
  raiseOnStatus: true,
  raiseOnRedirect: true,
};

/** Statuses whose Retry-After makes a response retryable even outside the forcelist. */
export const RETRY_AFTER_STATUSES: readonly number[] = [413, 429, 503];

/** The counters urllib3 decrements on each retry (null: unset, Python's None). */
export interface Urllib3Counters {
  readonly total: number | null;
  readonly connect: number | null;
  readonly read: number | null;
  readonly redirect: number | null;
  readonly status: number | null;
  readonly other: number | null;
}

/** What `increment` is told about: an error class, a redirect, or a retried status. */
export type Urllib3Event =
  | { readonly kind: "connect-error" }
  | { readonly kind: "read-error" }
  | { readonly kind: "other-error" }
  | { readonly kind: "redirect" }
  | { readonly kind: "status"; readonly status: number };

/** `increment`'s answer: retry with the new value, exhausted (MaxRetryError), or the error re-raised at once. */
export type Urllib3Increment =
  | { readonly result: "retry"; readonly retry: Urllib3Retry }
  | { readonly result: "exhausted"; readonly retry: Urllib3Retry }
  | { readonly result: "reraise" };

/** The urllib3 exception class a transport error becomes. */
export function urllib3ErrorEvent(error: TransportError): Urllib3Event {
  return error === "connect-timeout" || error === "refused" ? { kind: "connect-error" } : { kind: "read-error" };
}

const minus = (n: number | null): number | null => (n === null ? null : n - 1);

/** One Retry value. */
export class Urllib3Retry {
  /** Failures since the last redirect, including the one that produced this value (the backoff's exponent). */
  readonly consecutiveErrors: number;

  constructor(
    readonly config: Urllib3Config,
    readonly counters: Urllib3Counters = config,
    consecutiveErrors = 0,
  ) {
    this.consecutiveErrors = consecutiveErrors;
  }

  /** True when the method may be retried (allowed_methods). */
  methodRetryable(method: string): boolean {
    const allowed = this.config.allowedMethods;
    if (allowed === null || allowed.length === 0) return true;
    // urllib3: `method.upper() in allowed_methods`. Asked once per attempt with a handful of methods, so the
    // answers are kept per list (upper-casing allocated a string each time).
    let answers = methodAnswers.get(allowed);
    if (answers === undefined) {
      answers = new Map();
      methodAnswers.set(allowed, answers);
    }
    let ok = answers.get(method);
    if (ok === undefined) {
      ok = allowed.includes(method.toUpperCase());
      answers.set(method, ok);
    }
    return ok;
  }

  /** urllib3 `is_retry`: is a response with this status to be retried? */
  isRetry(method: string, status: number, hasRetryAfter: boolean): boolean {
    if (!this.methodRetryable(method)) return false;
    if (this.config.statusForcelist.includes(status)) return true;
    // urllib3 tests `self.total` for truth: a total of 0 (or unset) disables Retry-After retries.
    const total = this.counters.total;
    return total !== null && total !== 0 && this.config.respectRetryAfterHeader && hasRetryAfter && RETRY_AFTER_STATUSES.includes(status);
  }

  /** urllib3 `increment`: the counters after one more retry, or why there is none. */
  increment(method: string, event: Urllib3Event): Urllib3Increment {
    const c = this.counters;
    let { connect, read, redirect, status, other } = c;
    let consecutive = this.consecutiveErrors + 1;
    switch (event.kind) {
      case "connect-error":
        connect = minus(connect);
        break;
      case "read-error":
        if (!this.methodRetryable(method)) return { result: "reraise" };
        read = minus(read);
        break;
      case "other-error":
        other = minus(other);
        break;
      case "redirect":
        redirect = minus(redirect);
        consecutive = 0;
        break;
      case "status":
        status = minus(status);
        break;
    }
    const next = new Urllib3Retry(this.config, { total: minus(c.total), connect, read, redirect, status, other }, consecutive);
    return next.isExhausted() ? { result: "exhausted", retry: next } : { result: "retry", retry: next };
  }

  /** urllib3 `is_exhausted`: any set, non-zero counter below zero. */
  isExhausted(): boolean {
    const c = this.counters;
    for (const n of [c.total, c.connect, c.read, c.redirect, c.status, c.other]) if (n !== null && n < 0) return true;
    return false;
  }

  /** urllib3 `get_backoff_time`: 0 for the first retry, then factor·2^(c−1) (+ jitter), capped. Draws only with jitter. */
  backoffS(uniform: Uniform): number {
    const c = this.consecutiveErrors;
    if (c <= 1) return 0;
    let backoff = this.config.backoffFactor * 2 ** (c - 1);
    if (this.config.backoffJitterS !== 0) backoff += uniform() * this.config.backoffJitterS;
    return Math.max(0, Math.min(this.config.backoffMaxS, backoff));
  }

  /** A Retry-After value as urllib3 uses it: negative values become 0, large ones `retryAfterMaxS`. */
  retryAfterS(headerS: number): number {
    return Math.min(Math.max(headerS, 0), this.config.retryAfterMaxS);
  }

  /**
   * urllib3 `sleep(response)`: the Retry-After value when the header is respected and non-zero, else the
   * backoff. Errors have no response, hence no Retry-After.
   */
  sleepS(retryAfterHeaderS: number | undefined, uniform: Uniform): number {
    if (this.config.respectRetryAfterHeader && retryAfterHeaderS !== undefined) {
      const retryAfterS = this.retryAfterS(retryAfterHeaderS);
      if (retryAfterS > 0) return retryAfterS;
    }
    return this.backoffS(uniform);
  }
}
