import { afterEach, describe, expect, it } from "vitest";
import "../../src/retry/presets/index.js";
import { LiveClient } from "../../src/live/live-client.js";
import { findPreset } from "../../src/retry/presets/index.js";
import { capturingLogger, startLoopback, type Loopback } from "./loopback.js";

/**
 * The AIStore SDK's two retry layers over real HTTP: the inner urllib3 layer retries the target the proxy
 * redirected to (same-url); the outer tenacity layer goes back to the proxy (origin), which may redirect
 * elsewhere — here, to a healthy target after the first one went down.
 */
describe("live driver with ais-sdk@1.25", () => {
  const servers: Loopback[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  // Short waits so the test takes milliseconds; the layering is what is checked.
  const fast = { "inner.backoff_factor": 0.01, "outer.wait.multiplier": 0.01, "outer.wait.min_s": 0.01, "outer.wait.max_s": 0.05 };

  it("inner layer: a target's 503s are retried on the target itself, not through the proxy", async () => {
    const hits = { proxy: 0, target: 0 };
    const target = await startLoopback((_req, res) => {
      hits.target++;
      res.statusCode = hits.target <= 2 ? 503 : 200;
      res.end(res.statusCode === 200 ? "data" : "busy");
    });
    const proxy = await startLoopback((req, res) => {
      hits.proxy++;
      res.writeHead(307, { location: target.url(req.url) });
      res.end();
    });
    servers.push(proxy, target);
    const client = new LiveClient({ policy: findPreset("ais-sdk@1.25")!.create(fast), logger: capturingLogger([]) });
    const result = await client.request(proxy.url("/v1/objects/b/o"));
    expect(result).toMatchObject({ ok: true, attempts: 3 });
    expect(hits).toEqual({ proxy: 1, target: 3 });
  });

  it("outer layer: a refused target sends the retry back to the proxy, which redirects to a live target", async () => {
    const gone = await startLoopback(() => {});
    await gone.close();
    const hits = { proxy: 0, healthy: 0 };
    const healthy = await startLoopback((_req, res) => {
      hits.healthy++;
      res.end("data");
    });
    const proxy = await startLoopback((req, res) => {
      hits.proxy++;
      // The first redirect names a target that has just gone down; the next cluster map no longer has it.
      res.writeHead(307, { location: (hits.proxy === 1 ? gone : healthy).url(req.url) });
      res.end();
    });
    servers.push(proxy, healthy);
    const lines: Array<Record<string, unknown>> = [];
    const client = new LiveClient({ policy: findPreset("ais-sdk@1.25")!.create(fast), logger: capturingLogger(lines) });
    const result = await client.request(proxy.url("/v1/objects/b/o"));
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect(hits).toEqual({ proxy: 2, healthy: 1 });
    expect(lines.filter((l) => l.event === "outcome").map((l) => l.outcome)).toEqual(["refused", "200"]);
    expect(lines.find((l) => l.event === "retry")?.route).toBe("origin");
  });
});
