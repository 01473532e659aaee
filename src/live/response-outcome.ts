import type { AttemptOutcome } from "../retry/contract.js";

/**
 * A real HTTP response as the policies see it: status, the service error code (the `<Code>` of an S3-style
 * XML error body, or `code` of a JSON one), Retry-After in seconds (delta or HTTP date), and gRPC's
 * `grpc-retry-pushback-ms`.
 */

/** Retry-After as seconds from `nowMs` (wall clock), or undefined when absent or unparseable. */
export function retryAfterSeconds(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const atMs = Date.parse(trimmed);
  return Number.isNaN(atMs) ? undefined : Math.max(0, (atMs - nowMs) / 1000);
}

/** The service error code in an error body, if it has one. */
export function errorCodeInBody(body: Uint8Array, contentType: string | null): string | undefined {
  if (body.length === 0 || body.length > 64 * 1024) return undefined;
  const text = new TextDecoder().decode(body);
  if (contentType?.includes("json") === true) {
    try {
      const parsed = JSON.parse(text) as { code?: unknown };
      return typeof parsed.code === "string" ? parsed.code : undefined;
    } catch {
      return undefined;
    }
  }
  return /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
}

/** The outcome of a complete response. */
export function responseOutcome(status: number, headers: Headers, body: Uint8Array): AttemptOutcome {
  const code = status >= 400 ? errorCodeInBody(body, headers.get("content-type")) : undefined;
  const retryAfterS = retryAfterSeconds(headers.get("retry-after"), Date.now());
  const pushback = headers.get("grpc-retry-pushback-ms");
  const pushbackMs = pushback === null ? undefined : /^-?\d+$/.test(pushback.trim()) ? Number(pushback.trim()) : -1;
  return {
    type: "response",
    status,
    ...(code !== undefined && { code }),
    ...(retryAfterS !== undefined && { retryAfterS }),
    ...(pushbackMs !== undefined && { pushbackMs }),
  };
}
