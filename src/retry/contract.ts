/**
 * The contract every retry policy, rate limiter and budget in aisim follows. Policies are pure state machines:
 * no clock, no I/O, no global randomness. The caller (the simulator, or src/live with real HTTP) tells them the
 * time and gives them a uniform source; they answer with decisions. Times are seconds as floating-point numbers,
 * because the libraries being reproduced (botocore, urllib3, tenacity) compute in seconds.
 */

/** A source of uniform draws in [0, 1). Injected so tests can replay recorded draws. */
export type Uniform = () => number;

/** HTTP methods the policies distinguish (urllib3's allowed_methods, idempotency). */
export type HttpMethod = "GET" | "HEAD" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "TRACE" | "PATCH";

/**
 * Transport-level failures as a client sees them. A hung server (connection accepted, no answer) shows up as
 * `read-timeout`; a host that does not answer at all as `connect-timeout`; a process that is down as `refused`.
 * `protocol` is a broken response (urllib3 ProtocolError, requests ChunkedEncodingError).
 */
export type TransportError = "connect-timeout" | "read-timeout" | "refused" | "reset" | "protocol";

/** What one attempt ended with. */
export type AttemptOutcome =
  | {
      readonly type: "response";
      /** HTTP status. */
      readonly status: number;
      /** Service error code in the body (AWS `SlowDown`, `Throttling`, AIStore's error kinds…). */
      readonly code?: string;
      /** A Retry-After header, in seconds, when present. */
      readonly retryAfterS?: number;
      /** gRPC `grpc-retry-pushback-ms`, when present (negative: do not retry). */
      readonly pushbackMs?: number;
    }
  | { readonly type: "error"; readonly error: TransportError };

/** How a classifier sees an outcome; configurable per policy. */
export type OutcomeClass =
  | "success" // done, nothing to retry
  | "retryable" // a server or transport error worth retrying
  | "throttle" // the server asked us to slow down (rate limiters react to these)
  | "transient" // a condition expected to clear by itself, e.g. AIStore 404 during rebalance, 409 GET conflict
  | "fatal"; // not retried (4xx client errors…)

/** Where a retry goes: the same (redirected) URL, or back to the origin (the proxy), to be redirected anew. */
export type RetryRoute = "same-url" | "origin";

/** The answers that carry no data, shared: decisions are read-only, so one frozen object each is enough. */
export const SEND: SendDecision = Object.freeze({ action: "send" });
export const DONE: RetryDecision = Object.freeze({ action: "done" });

/** A policy's answer after an attempt. */
export type RetryDecision =
  | { readonly action: "done" }
  | { readonly action: "retry"; readonly delayS: number; readonly route: RetryRoute }
  | { readonly action: "give-up"; readonly reason: string };

/** A rate limiter's, budget's or breaker's answer before an attempt is sent. */
export type SendDecision =
  | { readonly action: "send" }
  | { readonly action: "wait"; readonly waitS: number }
  | { readonly action: "reject"; readonly reason: string };

/** What a policy knows about a request when it starts. */
export interface RequestContext {
  readonly method: HttpMethod;
  /**
   * The server the request goes to (host:port of its origin URL). Policies with per-server state (gRPC retry
   * throttling) key on it; absent means one server.
   */
  readonly authority?: string;
  /**
   * Seconds the client's wall clock reads past a whole second at time 0 of `nowS` (its phase, in [0, 1)). Policies
   * that bucket wall time (botocore adaptive's send-rate measurement, in half seconds of `time.time()`) add it; a
   * driver on the real clock passes wall time itself and leaves this absent (0).
   */
  readonly clockPhaseS?: number;
}

/** The per-request part of a policy: one instance per logical request (all its attempts). */
export interface RequestRetryState {
  /** Number of attempts sent so far. */
  readonly attempts: number;
  /** Asked before each attempt (including the first): send now, wait, or reject locally. */
  beforeAttempt(nowS: number, uniform: Uniform): SendDecision;
  /** Told the outcome of the attempt just finished; answers done, retry after a delay, or give up. */
  afterAttempt(outcome: AttemptOutcome, nowS: number, uniform: Uniform): RetryDecision;
  /**
   * Told the request is over for a reason the policy did not decide (the caller's deadline, a cancellation,
   * an attempt abandoned mid-flight). Idempotent; a no-op after done/give-up/reject. Policies that account for
   * open requests in shared client state (Envoy's retry budget, a breaker's half-open probe) release them here,
   * so callers that drop requests must call it.
   */
  end?(nowS: number): void;
}

/**
 * Per-attempt timeouts of the client a policy models (seconds; Infinity when the library sets none). The
 * simulator and the live driver apply them, so a hung server becomes `read-timeout` after `readS`.
 */
export interface AttemptTimeouts {
  /** Seconds to get a connection (urllib3/requests `connect`, Go's dial timeout). */
  readonly connectS: number;
  /** Seconds to wait for the response once the request is sent (urllib3/requests `read`). */
  readonly readS: number;
}

/**
 * A policy as one client host runs it: holds the state shared by all of that client's requests (retry quota,
 * token bucket, budgets, breaker) and starts per-request state machines.
 */
export interface RetryPolicy {
  /** The preset name it was built from, e.g. `botocore-standard`. */
  readonly preset: string;
  /** Effective parameters after overrides, for reports and `aisim policy show`. */
  readonly params: Readonly<Record<string, unknown>>;
  /** The client's timeouts per attempt, when the preset documents them (`timeouts.connect_s`, `timeouts.read_s`). */
  readonly timeouts?: AttemptTimeouts;
  /** Starts the state machine of one logical request at time `nowS`. */
  start(context: RequestContext, nowS: number): RequestRetryState;
}
