import { afterEach, describe, expect, it } from "vitest";
import "../../src/retry/presets/index.js";
import { LiveClient } from "../../src/live/live-client.js";
import { findPreset } from "../../src/retry/presets/index.js";
import { capturingLogger, startLoopback, type Loopback } from "./loopback.js";

/** A hedging preset over real HTTP: a slow first copy is overtaken by a hedge, then cancelled. */
describe("live driver: hedged requests", () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("sends a second copy after the hedge delay, uses the first answer, and aborts the slow copy", async () => {
    const seen: Array<{ attempt: string; aborted: boolean }> = [];
    server = await startLoopback((req, res) => {
      const entry = { attempt: String(req.headers["x-attempt"]), aborted: false };
      seen.push(entry);
      res.on("close", () => {
        if (!res.writableEnded) entry.aborted = true;
      });
      // The first copy hangs (a slow server); any later copy answers at once.
      if (entry.attempt === "1") setTimeout(() => res.end("late"), 5000).unref();
      else res.end("fast");
    });
    const lines: Array<Record<string, unknown>> = [];
    const client = new LiveClient({ policy: findPreset("hedge-fixed")!.create({ delay_s: 0.1 }), logger: capturingLogger(lines) });
    const startedMs = performance.now();
    const result = await client.request(server.url("/o"));
    const elapsedMs = performance.now() - startedMs;

    expect(result.ok).toBe(true);
    expect(new TextDecoder().decode(result.response!.body)).toBe("fast");
    expect(result.attempts).toBe(2);
    expect(elapsedMs).toBeGreaterThanOrEqual(95);
    expect(elapsedMs).toBeLessThan(3000);
    const sends = lines.filter((l) => l.event === "attempt");
    expect(sends.map((l) => l.hedge)).toEqual([false, true]);
    expect((sends[1].atS as number) - (sends[0].atS as number)).toBeGreaterThanOrEqual(0.095);
    // The losing copy's connection is dropped by the client.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen.map((s) => s.attempt)).toEqual(["1", "2"]);
    expect(seen[0].aborted).toBe(true);
  });

  it("a fast answer means no hedge at all", async () => {
    let hits = 0;
    server = await startLoopback((_req, res) => {
      hits++;
      res.end("ok");
    });
    const client = new LiveClient({ policy: findPreset("hedge-fixed")!.create({ delay_s: 1 }), logger: capturingLogger([]) });
    const result = await client.request(server.url("/o"));
    expect(result).toMatchObject({ ok: true, attempts: 1 });
    expect(hits).toBe(1);
  });
});
