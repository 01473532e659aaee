import type { TransportError } from "../retry/contract.js";

/**
 * Turning what Node's fetch (undici) throws into the simulator's transport-error kinds. fetch wraps the real
 * error as `cause` of a TypeError ("fetch failed" before the response, "terminated" while reading the body);
 * connection attempts to several addresses come as an AggregateError whose first error carries the code.
 *
 * Approximations, since fetch exposes no more than this:
 * - a host that does not resolve or is unreachable (ENOTFOUND, EHOSTUNREACH…) counts as `refused`: like a
 *   refused connection, it fails fast and nothing reached a server;
 * - a broken connection before the response counts as `reset`; during the body as `protocol` (what requests
 *   calls ChunkedEncodingError and urllib3 ProtocolError);
 * - anything unrecognised counts as `protocol`.
 * Timeouts are decided by the client's own timers (see attempt-phase.ts), not here.
 */

/** Where in the exchange an error happened. */
export type ExchangePhase = "headers" | "body";

const REFUSED_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);
const BROKEN_CODES = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "UND_ERR_SOCKET", "UND_ERR_CLOSED"]);

/** The system or undici error code behind a fetch error, if any. */
export function errorCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    const candidate = current as { code?: unknown; errors?: unknown[]; cause?: unknown };
    if (typeof candidate.code === "string") return candidate.code;
    if (Array.isArray(candidate.errors) && candidate.errors.length > 0) current = candidate.errors[0];
    else current = candidate.cause;
  }
  return undefined;
}

/** The transport-error kind of an error thrown by fetch (not one of our own timeouts). */
export function transportErrorOf(error: unknown, phase: ExchangePhase): TransportError {
  const code = errorCodeOf(error);
  if (code === undefined) return "protocol";
  if (REFUSED_CODES.has(code)) return "refused";
  if (code === "ETIMEDOUT" || code === "UND_ERR_CONNECT_TIMEOUT") return "connect-timeout";
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") return "read-timeout";
  if (BROKEN_CODES.has(code)) return phase === "headers" ? "reset" : "protocol";
  return "protocol";
}
