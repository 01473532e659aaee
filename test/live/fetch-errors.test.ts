import { afterEach, describe, expect, it } from "vitest";
import { exchange } from "../../src/live/http-exchange.js";
import { startLoopback, type Loopback } from "./loopback.js";

/** What real network trouble looks like to the live driver: each failure mode maps to its transport-error kind. */
describe("fetch failures as transport errors", () => {
  const servers: Loopback[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const timeouts = { connectTimeoutMs: 5000, readTimeoutMs: 300 };
  let n = 0;
  const request = (url: string) => ({ url, method: "GET", headers: {}, key: `test-${n++}` });

  it("a closed port is refused", async () => {
    const gone = await startLoopback(() => {});
    await gone.close();
    expect(await exchange(request(gone.url()), timeouts)).toEqual({ kind: "error", error: "refused" });
  });

  it("a server that accepts but never answers is a read timeout, not a connect timeout", async () => {
    const hung = await startLoopback(() => {});
    servers.push(hung);
    const startedMs = performance.now();
    expect(await exchange(request(hung.url()), timeouts)).toEqual({ kind: "error", error: "read-timeout" });
    // The read timeout (300 ms) ended it, long before the connect timeout (5 s) would have.
    expect(performance.now() - startedMs).toBeLessThan(4000);
  });

  it("a connection dropped before the response is a reset; mid-body it is a protocol error", async () => {
    const dropper = await startLoopback((req) => req.socket.destroy());
    const halfway = await startLoopback((req, res) => {
      res.writeHead(200, { "content-length": "1000" });
      res.write("partial");
      setTimeout(() => req.socket.destroy(), 20);
    });
    servers.push(dropper, halfway);
    expect(await exchange(request(dropper.url()), timeouts)).toEqual({ kind: "error", error: "reset" });
    expect(await exchange(request(halfway.url()), timeouts)).toEqual({ kind: "error", error: "protocol" });
  });

  it("a body that stalls between chunks is a read timeout", async () => {
    const stall = await startLoopback((_req, res) => {
      res.writeHead(200, { "content-length": "1000" });
      res.write("first chunk");
    });
    servers.push(stall);
    expect(await exchange(request(stall.url()), timeouts)).toEqual({ kind: "error", error: "read-timeout" });
  });
});
