import { ATTEMPT_HEADER, watchAttempt } from "./attempt-phase.js";
import { transportErrorOf, type ExchangePhase } from "./transport-error.js";
import type { TransportError } from "../retry/contract.js";

/**
 * One HTTP exchange (one hop of one attempt) with fetch, bounded by the client's timeouts: `connectTimeoutMs`
 * until the request is written to a connected socket, then `readTimeoutMs` until the response headers and
 * between body chunks (requests' and urllib3's meaning of the two). Redirects are not followed here.
 */

/** How long an exchange may take, by phase (Infinity: no limit). */
export interface ExchangeTimeouts {
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
}

/** The request of one exchange. */
export interface ExchangeRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array | string;
  /** Unique per exchange: sent as the x-aisim-attempt header so the connect phase can be observed. */
  readonly key: string;
  /** Cancels the exchange from outside (a hedged copy that lost); it then ends as a `protocol` error. */
  readonly signal?: AbortSignal;
}

/** A complete response, or the transport error that prevented one. */
export type ExchangeResult =
  | { readonly kind: "response"; readonly status: number; readonly headers: Headers; readonly body: Uint8Array }
  | { readonly kind: "error"; readonly error: TransportError };

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** True for the statuses the client follows by hand. */
export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Performs the exchange; never throws for network trouble, which comes back as an error kind. */
export async function exchange(request: ExchangeRequest, timeouts: ExchangeTimeouts): Promise<ExchangeResult> {
  const controller = new AbortController();
  let timedOut: TransportError | undefined;
  let timer: NodeJS.Timeout | undefined;
  const arm = (ms: number, kind: TransportError): void => {
    clearTimeout(timer);
    if (!Number.isFinite(ms)) return; // the policy's library sets no such timeout
    timer = setTimeout(() => {
      timedOut = kind;
      controller.abort();
    }, ms);
  };
  const watch = watchAttempt(request.key, () => arm(timeouts.readTimeoutMs, "read-timeout"));
  arm(timeouts.connectTimeoutMs, "connect-timeout");
  const cancel = (): void => controller.abort();
  if (request.signal?.aborted === true) controller.abort();
  request.signal?.addEventListener("abort", cancel, { once: true });
  let phase: ExchangePhase = "headers";
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: { ...request.headers, [ATTEMPT_HEADER]: request.key },
      body: request.body,
      redirect: "manual",
      signal: controller.signal,
    });
    phase = "body";
    arm(timeouts.readTimeoutMs, "read-timeout");
    const chunks: Uint8Array[] = [];
    if (isRedirect(response.status)) {
      await response.body?.cancel();
    } else if (response.body !== null) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        arm(timeouts.readTimeoutMs, "read-timeout");
      }
    }
    return { kind: "response", status: response.status, headers: response.headers, body: concat(chunks) };
  } catch (error) {
    return { kind: "error", error: timedOut ?? transportErrorOf(error, phase) };
  } finally {
    clearTimeout(timer);
    watch.dispose();
    request.signal?.removeEventListener("abort", cancel);
  }
}
