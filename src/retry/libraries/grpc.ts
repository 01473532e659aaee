import { guardedLoop, type ClientGuard, type RequestGuard } from "../client-guard.js";
import { requireParam, resolveParams, type TypedParam } from "../preset-params.js";
import type { PresetDefinition } from "../registry.js";
import { createRetryLoop, maxAttemptsParam, routeParam, type Backoff, type ServerRetryHint } from "../retry-loop.js";
import type { AttemptOutcome, OutcomeClass, RetryRoute } from "../contract.js";

/**
 * gRPC client retries (proposal A6, as implemented by gRPC core):
 * - maxAttempts counts the first attempt and is clamped to a client-side limit of 5, whatever the config says;
 * - backoff `min(initial·multiplier^(n−1), max)` times U(0.8, 1.2) (gRPC core's 20% jitter; A6's text and
 *   grpc-go/grpc-java draw U(0, v) instead: `jitter: full`), where n counts retries since the last pushback;
 * - server pushback `grpc-retry-pushback-ms`: ≥ 0 is the exact delay (and the backoff restarts at initial),
 *   negative means do not retry;
 * - retry throttling per server name: tokens start at maxTokens (≤ 1000); an attempt failing with a retryable
 *   status (or a don't-retry pushback) costs 1, a success adds tokenRatio; retries only while tokens > max/2.
 */

/** The canonical gRPC status names. */
export const GRPC_CODES = [
  "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
  "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
  "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
] as const;

/** The client-side cap on maxAttempts (gRPC's default channel argument). */
export const GRPC_MAX_ATTEMPTS_LIMIT = 5;

/**
 * The gRPC status an outcome carries: the `code` if it names one, else gRPC's HTTP-to-status mapping, and
 * UNAVAILABLE for connection failures (DEADLINE_EXCEEDED for a hung server).
 */
export function grpcStatusOf(outcome: AttemptOutcome): string {
  if (outcome.type === "error") {
    if (outcome.error === "read-timeout") return "DEADLINE_EXCEEDED";
    if (outcome.error === "protocol") return "INTERNAL";
    return "UNAVAILABLE";
  }
  if (outcome.code !== undefined && (GRPC_CODES as readonly string[]).includes(outcome.code)) return outcome.code;
  const status = outcome.status;
  if (status >= 200 && status < 300) return "OK";
  switch (status) {
    case 400:
      return "INTERNAL";
    case 401:
      return "UNAUTHENTICATED";
    case 403:
      return "PERMISSION_DENIED";
    case 404:
      return "UNIMPLEMENTED";
    case 429:
    case 502:
    case 503:
    case 504:
      return "UNAVAILABLE";
    default:
      return "UNKNOWN";
  }
}

/** The A6 backoff schedule; `proportionalJitter` 0.2 is gRPC core, undefined draws U(0, v) (A6 text). */
export function grpcBackoff(initialS: number, maxS: number, multiplier: number, proportionalJitter: number | undefined): Backoff {
  let retriesSincePushback = 0;
  return {
    delayS(_failedAttempt, uniform) {
      const v = Math.min(initialS * multiplier ** retriesSincePushback, maxS);
      retriesSincePushback += 1;
      const u = uniform();
      return proportionalJitter === undefined ? u * v : v * (1 - proportionalJitter + 2 * proportionalJitter * u);
    },
    serverDelayUsed() {
      retriesSincePushback = 0;
    },
  };
}

/** The pushback in an outcome as a retry hint. */
export function grpcPushbackHint(outcome: AttemptOutcome): ServerRetryHint | undefined {
  if (outcome.type !== "response" || outcome.pushbackMs === undefined) return undefined;
  if (!(outcome.pushbackMs >= 0)) return { kind: "never", reason: `server pushback ${outcome.pushbackMs} ms: do not retry` };
  return { kind: "after", delayS: outcome.pushbackMs / 1000 };
}

/** Retry throttling, one token count per server name. */
export class GrpcRetryThrottle implements ClientGuard {
  private readonly tokensByServer = new Map<string, number>();

  constructor(
    readonly maxTokens: number,
    readonly tokenRatio: number,
  ) {}

  /** The token count for a server (maxTokens until it has seen traffic). */
  tokens(server: string): number {
    return this.tokensByServer.get(server) ?? this.maxTokens;
  }

  /** Records one attempt's effect on a server's tokens. */
  record(server: string, counted: "failure" | "success"): void {
    const tokens = this.tokens(server);
    const next = counted === "success" ? Math.min(this.maxTokens, tokens + this.tokenRatio) : Math.max(0, tokens - 1);
    this.tokensByServer.set(server, next);
  }

  /** True while retries to that server are allowed (tokens above half of maxTokens). */
  allowsRetry(server: string): boolean {
    return this.tokens(server) > this.maxTokens / 2;
  }

  startRequest(context: { authority?: string }): RequestGuard {
    const server = context.authority ?? "";
    return {
      observe: (outcomeClass: OutcomeClass, outcome: AttemptOutcome) => {
        if (outcomeClass === "success") this.record(server, "success");
        else if (outcomeClass === "retryable" || grpcPushbackHint(outcome)?.kind === "never") this.record(server, "failure");
      },
      retryDenial: () => (this.allowsRetry(server) ? undefined : "retry throttled (tokens at or below half of maxTokens)"),
    };
  }
}

const NAME = "grpc";
const params: TypedParam[] = [
  maxAttemptsParam(4, "A6's maxAttempts; values above max_attempts_limit count as the limit"),
  { key: "max_attempts_limit", kind: "attempts", defaultValue: GRPC_MAX_ATTEMPTS_LIMIT, describe: "client-side cap on maxAttempts (channel argument, default 5)" },
  { key: "initial_backoff_s", kind: "number", defaultValue: 0.1, describe: "seconds, initialBackoff" },
  { key: "max_backoff_s", kind: "number", defaultValue: 1, describe: "seconds, maxBackoff" },
  { key: "backoff_multiplier", kind: "number", defaultValue: 2, describe: "backoffMultiplier" },
  { key: "jitter", kind: "string", choices: ["core", "full"], defaultValue: "core", describe: "core: ×U(0.8, 1.2) (gRPC core); full: U(0, v) (A6 text, grpc-go, grpc-java)" },
  { key: "retryable_status_codes", kind: "strings", choices: GRPC_CODES, defaultValue: ["UNAVAILABLE"], describe: "retryableStatusCodes" },
  { key: "throttle.enabled", kind: "boolean", defaultValue: true, describe: "retryThrottling configured" },
  { key: "throttle.max_tokens", kind: "number", defaultValue: 10, describe: "retryThrottling.maxTokens (0 < x ≤ 1000), per server" },
  { key: "throttle.token_ratio", kind: "number", defaultValue: 0.1, describe: "retryThrottling.tokenRatio, tokens a success adds" },
  routeParam("origin"),
];

export const GRPC_PRESET: PresetDefinition = {
  name: NAME,
  summary: "gRPC retry policy (proposal A6, gRPC core): ≤ 5 attempts, jittered exponential backoff, pushback, per-server retry throttling",
  params,
  create(overrides) {
    const p = resolveParams(NAME, params, overrides);
    const configured = p.attempts("max_attempts");
    requireParam(NAME, configured >= 2, `max_attempts must be ≥ 2 (A6 requires it), got ${configured}`);
    const maxAttempts = Math.min(configured, p.attempts("max_attempts_limit"));
    const initialS = p.num("initial_backoff_s");
    const maxS = p.num("max_backoff_s");
    const multiplier = p.num("backoff_multiplier");
    requireParam(NAME, initialS > 0 && maxS > 0 && multiplier > 0, "initial_backoff_s, max_backoff_s and backoff_multiplier must be > 0");
    const retryable = new Set(p.strs("retryable_status_codes"));
    const classify = (outcome: AttemptOutcome): OutcomeClass => {
      const status = grpcStatusOf(outcome);
      if (status === "OK") return "success";
      return retryable.has(status) ? "retryable" : "fatal";
    };
    const jitter = p.str("jitter") === "core" ? 0.2 : undefined;
    const values = { ...p.values, "max_attempts.effective": maxAttempts };
    const loop = {
      preset: NAME,
      params: values,
      maxAttempts,
      route: p.str("route") as RetryRoute,
      classify,
      newBackoff: () => grpcBackoff(initialS, maxS, multiplier, jitter),
      serverHint: grpcPushbackHint,
    };
    if (!p.bool("throttle.enabled")) return createRetryLoop(loop);
    const maxTokens = p.num("throttle.max_tokens");
    const tokenRatio = p.num("throttle.token_ratio");
    requireParam(NAME, maxTokens > 0 && maxTokens <= 1000, `throttle.max_tokens must be in (0, 1000], got ${maxTokens}`);
    requireParam(NAME, tokenRatio > 0, `throttle.token_ratio must be > 0, got ${tokenRatio}`);
    return guardedLoop(loop, [new GrpcRetryThrottle(maxTokens, tokenRatio)]);
  },
};
