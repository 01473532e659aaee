import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { pino, type Logger } from "pino";

/** Helpers for live tests: loopback servers and a pino logger whose lines are kept in memory. */

/** A server on 127.0.0.1 with a random port; `url(path)` names it. */
export interface Loopback {
  readonly server: http.Server;
  readonly port: number;
  url(path?: string): string;
  close(): Promise<void>;
}

/** Starts a loopback server with `handler`. */
export async function startLoopback(handler: http.RequestListener): Promise<Loopback> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: (path = "/") => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Closes the listening socket (and drops open connections) for `downMs`, then listens on the same port again. */
export async function outage(loopback: Loopback, downMs: number): Promise<{ downAtMs: number; upAtMs: number }> {
  const downAtMs = performance.now();
  await new Promise<void>((resolve) => {
    loopback.server.close(() => resolve());
    loopback.server.closeAllConnections();
  });
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, downMs - (performance.now() - downAtMs))));
  await new Promise<void>((resolve) => loopback.server.listen(loopback.port, "127.0.0.1", resolve));
  return { downAtMs, upAtMs: performance.now() };
}

/** A pino logger writing into `lines` (one parsed object per line). */
export function capturingLogger(lines: Array<Record<string, unknown>>): Logger {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim() !== "") lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return pino({ level: "info" }, sink);
}
