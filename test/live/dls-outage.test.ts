import { afterEach, describe, expect, it } from "vitest";
import "../../src/retry/all-presets.js";
import { LiveClient, type LiveResult } from "../../src/live/live-client.js";
import { findPreset } from "../../src/retry/registry.js";
import { capturingLogger, outage, startLoopback, type Loopback } from "./loopback.js";

/** The most entries of `timesS` in any window (t − windowS, t]; a microsecond of slack for float rounding. */
function maxInWindow(timesS: number[], windowS: number): number {
  const sorted = [...timesS].sort((a, b) => a - b);
  let most = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[lo] <= sorted[hi] - windowS + 1e-6) lo++;
    most = Math.max(most, hi - lo + 1);
  }
  return most;
}

describe("live driver with the dls preset", () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("rides out a 1 s refused-connection outage: no exception, ≤ 5 attempts, ≤ 10 requests/s, every attempt logged", async () => {
    const served: Array<{ requestId: string; attempt: string }> = [];
    server = await startLoopback((req, res) => {
      served.push({ requestId: String(req.headers["x-request-id"]), attempt: String(req.headers["x-attempt"]) });
      res.end("ok");
    });
    const lines: Array<Record<string, unknown>> = [];
    const client = new LiveClient({ policy: findPreset("dls")!.create({}), logger: capturingLogger(lines), connectTimeoutMs: 2000, readTimeoutMs: 5000 });

    const down = outage(server, 1000);
    const concurrent = 8;
    const results: LiveResult[] = await Promise.all(Array.from({ length: concurrent }, () => client.request(server!.url("/v1/objects/b/o"))));
    await down;

    // No exception reached the caller, and every request succeeded once the server was back.
    expect(results.map((r) => r.ending)).toEqual(new Array(concurrent).fill("done"));
    expect(results.every((r) => r.ok && r.response?.status === 200)).toBe(true);
    expect(served).toHaveLength(concurrent);
    // The outage really cost attempts (refused ones), but never more than 5 per request.
    const attempts = results.map((r) => r.attempts);
    expect(Math.max(...attempts)).toBeLessThanOrEqual(5);
    expect(Math.min(...attempts)).toBeGreaterThanOrEqual(2);

    // Every attempt was logged with its request id and number, numbered 1, 2, … per request.
    const attemptLines = lines.filter((l) => l.event === "attempt");
    expect(attemptLines).toHaveLength(attempts.reduce((a, b) => a + b, 0));
    for (const result of results) {
      const mine = attemptLines.filter((l) => l.requestId === result.requestId).map((l) => l.attempt);
      expect(mine).toEqual(Array.from({ length: result.attempts }, (_, i) => i + 1));
    }
    expect(lines.filter((l) => l.event === "outcome" && l.outcome === "refused").length).toBeGreaterThan(0);
    // The server saw the ids and attempt numbers too.
    for (const { requestId, attempt } of served) {
      const result = results.find((r) => r.requestId === requestId);
      expect(result?.attempts).toBe(Number(attempt));
    }

    // While the server was down (the attempts it refused) the client sent at most 10 per second; 8 requests
    // × 4 quick retries would be 32. Once an attempt succeeds the limiter steps aside.
    const refused = new Set(lines.filter((l) => l.event === "outcome" && l.outcome === "refused").map((l) => `${l.requestId}/${l.attempt}`));
    const whileDown = attemptLines.filter((l) => refused.has(`${l.requestId}/${l.attempt}`)).map((l) => l.atS as number);
    expect(maxInWindow(whileDown, 1)).toBeLessThanOrEqual(10);
  });
});
