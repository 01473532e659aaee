import type http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import "../../src/retry/presets/index.js";
import { LiveClient } from "../../src/live/live-client.js";
import { findPreset } from "../../src/retry/presets/index.js";
import { capturingLogger, startLoopback, type Loopback } from "./loopback.js";

/**
 * AIStore's redirect rule with real HTTP: a "proxy" answers 307 (or 301) pointing at a "target"; the target
 * fails the first time it is asked. A `same-url` retry must go straight to the target, an `origin` retry back
 * to the proxy.
 */
describe("live driver: redirects and retry routes", () => {
  const servers: Loopback[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function setUp(redirectStatus: number): Promise<{ proxy: Loopback; target: Loopback; hits: { proxy: string[]; target: string[] } }> {
    const hits = { proxy: [] as string[], target: [] as string[] };
    const target = await startLoopback((req: http.IncomingMessage, res: http.ServerResponse) => {
      hits.target.push(`${req.method} ${req.url} attempt ${req.headers["x-attempt"]}`);
      res.statusCode = hits.target.length === 1 ? 503 : 200;
      res.end(res.statusCode === 200 ? "object bytes" : "busy");
    });
    const proxy = await startLoopback((req, res) => {
      hits.proxy.push(`${req.method} ${req.url} attempt ${req.headers["x-attempt"]}`);
      res.writeHead(redirectStatus, { location: target.url(req.url) });
      res.end();
    });
    servers.push(proxy, target);
    return { proxy, target, hits };
  }

  for (const status of [307, 301]) {
    it(`route same-url retries the redirected target directly (${status})`, async () => {
      const { proxy, target, hits } = await setUp(status);
      const lines: Array<Record<string, unknown>> = [];
      const policy = findPreset("aws-exponential")!.create({ route: "same-url", base_s: 0.005, max_attempts: 3 });
      const result = await new LiveClient({ policy, logger: capturingLogger(lines) }).request(proxy.url("/v1/objects/b/o"));
      expect(result.ok).toBe(true);
      expect(result.attempts).toBe(2);
      expect(new TextDecoder().decode(result.response!.body)).toBe("object bytes");
      expect(result.response!.url).toBe(target.url("/v1/objects/b/o"));
      expect(hits.proxy).toEqual(["GET /v1/objects/b/o attempt 1"]);
      expect(hits.target).toEqual(["GET /v1/objects/b/o attempt 1", "GET /v1/objects/b/o attempt 2"]);
      expect(lines.filter((l) => l.event === "attempt").map((l) => l.url)).toEqual([proxy.url("/v1/objects/b/o"), target.url("/v1/objects/b/o")]);
    });

    it(`route origin goes back to the proxy to be redirected anew (${status})`, async () => {
      const { proxy, hits } = await setUp(status);
      const policy = findPreset("aws-exponential")!.create({ route: "origin", base_s: 0.005, max_attempts: 3 });
      const result = await new LiveClient({ policy, logger: capturingLogger([]) }).request(proxy.url("/v1/objects/b/o"));
      expect(result.ok).toBe(true);
      expect(result.attempts).toBe(2);
      expect(hits.proxy).toEqual(["GET /v1/objects/b/o attempt 1", "GET /v1/objects/b/o attempt 2"]);
      expect(hits.target).toEqual(["GET /v1/objects/b/o attempt 1", "GET /v1/objects/b/o attempt 2"]);
    });
  }

  it("a redirect loop is a broken exchange (protocol), retried and then given up", async () => {
    let hits = 0;
    const loop = await startLoopback((req, res) => {
      hits++;
      res.writeHead(307, { location: req.url ?? "/" });
      res.end();
    });
    servers.push(loop);
    const policy = findPreset("aws-none")!.create({ max_attempts: 2 });
    const result = await new LiveClient({ policy, logger: capturingLogger([]), maxRedirects: 3 }).request(loop.url("/o"));
    expect(result).toMatchObject({ ok: false, ending: "give-up", attempts: 2, outcome: { type: "error", error: "protocol" } });
    expect(hits).toBe(2 * 4); // each attempt: the first exchange plus 3 followed redirects
  });

  it("a PUT keeps its method and body across a 307", async () => {
    const bodies: string[] = [];
    const target = await startLoopback((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        bodies.push(`${req.method} ${body}`);
        res.end();
      });
    });
    const proxy = await startLoopback((req, res) => {
      req.resume();
      res.writeHead(307, { location: target.url(req.url) });
      res.end();
    });
    servers.push(proxy, target);
    const policy = findPreset("aws-none")!.create({});
    const result = await new LiveClient({ policy, logger: capturingLogger([]) }).request(proxy.url("/o"), { method: "PUT", body: "payload" });
    expect(result.ok).toBe(true);
    expect(bodies).toEqual(["PUT payload"]);
  });
});
