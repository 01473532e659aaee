import diagnosticsChannel from "node:diagnostics_channel";

/**
 * Knowing whether an attempt got connected, so that a timeout can be called a connect timeout or a read
 * timeout. fetch does not say; Node's built-in fetch (undici) does publish `undici:client:sendHeaders` when a
 * request's headers go out on a connected socket. Every attempt carries a unique `x-aisim-attempt` header, and
 * this watcher matches it in the raw headers of that event. With another fetch implementation the event never
 * comes and every timeout before the response counts as a connect timeout.
 */

/** The header that identifies one attempt (one hop) on the wire. */
export const ATTEMPT_HEADER = "x-aisim-attempt";

/** One watched attempt: `onHeadersSent` runs once when its headers are written to a connected socket. */
export interface AttemptWatch {
  readonly headersSent: boolean;
  dispose(): void;
}

const watched = new Map<string, () => void>();
const HEADER_LINE = new RegExp(`\\r\\n${ATTEMPT_HEADER}: ([^\\r]+)\\r\\n`, "i");
let subscribed = false;

function onSendHeaders(message: unknown): void {
  const headers = (message as { headers?: unknown }).headers;
  if (typeof headers !== "string") return;
  const match = HEADER_LINE.exec(headers);
  if (match !== null) watched.get(match[1])?.();
}

/** Watches the attempt whose `x-aisim-attempt` header is `key`. */
export function watchAttempt(key: string, onHeadersSent: () => void): AttemptWatch {
  if (!subscribed) {
    diagnosticsChannel.subscribe("undici:client:sendHeaders", onSendHeaders);
    subscribed = true;
  }
  const watch = {
    headersSent: false,
    dispose: () => {
      watched.delete(key);
    },
  };
  watched.set(key, () => {
    if (watch.headersSent) return;
    watch.headersSent = true;
    onHeadersSent();
  });
  return watch;
}
