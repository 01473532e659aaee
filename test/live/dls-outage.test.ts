import diagnosticsChannel from "node:diagnostics_channel";
import { performance } from "node:perf_hooks";
import { afterEach, describe, expect, it } from "vitest";
import "../../src/retry/presets/index.js";
import { LiveClient, type LiveResult } from "../../src/live/live-client.js";
import { findPreset } from "../../src/retry/presets/index.js";
import { capturingLogger, outage, startLoopback, type Loopback } from "./loopback.js";

/** A header's value in an undici request (headers as a flat name/value array or as raw header lines). */
function headerOf(headers: unknown, name: string): string | undefined {
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) if (String(headers[i]).toLowerCase() === name) return String(headers[i + 1]);
    return undefined;
  }
  if (typeof headers === "string") return new RegExp(`(?:^|\\r\\n)${name}: ([^\\r]*)`, "i").exec(headers)?.[1];
  return undefined;
}

/**
 * Every request fetch puts on the wire to `origin`, by "requestId/attempt": when it was dispatched and the error
 * that ended it (ECONNREFUSED: refused at the connection), from undici's diagnostics channels — independent of the
 * client's own log.
 */
interface WireAttempt {
  atMs: number;
  error: string | undefined;
}

function recordWire(origin: () => string | undefined): { wire: Map<string, WireAttempt>; stop: () => void } {
  const wire = new Map<string, WireAttempt>();
  type Message = { request: { origin?: unknown; headers?: unknown }; error?: { code?: string } };
  const keyOf = (m: Message): string | undefined => {
    if (String(m.request.origin) !== origin()) return undefined;
    const id = headerOf(m.request.headers, "x-request-id");
    const attempt = headerOf(m.request.headers, "x-attempt");
    return id === undefined || attempt === undefined ? undefined : `${id}/${attempt}`;
  };
  const onCreate = (message: unknown): void => {
    const key = keyOf(message as Message);
    if (key !== undefined) wire.set(key, { atMs: performance.now(), error: undefined });
  };
  const onError = (message: unknown): void => {
    const m = message as Message;
    const key = keyOf(m);
    const entry = key === undefined ? undefined : wire.get(key);
    if (entry !== undefined) entry.error = m.error?.code ?? "error";
  };
  diagnosticsChannel.subscribe("undici:request:create", onCreate);
  diagnosticsChannel.subscribe("undici:request:error", onError);
  return {
    wire,
    stop: () => {
      diagnosticsChannel.unsubscribe("undici:request:create", onCreate);
      diagnosticsChannel.unsubscribe("undici:request:error", onError);
    },
  };
}

describe("live driver with the dls preset", () => {
  let server: Loopback | undefined;
  let stopWire: (() => void) | undefined;
  afterEach(async () => {
    stopWire?.();
    stopWire = undefined;
    await server?.close();
    server = undefined;
  });

  it("rides out a 1 s refused-connection outage: no exception, ≤ 5 attempts, ≤ 10 requests/s, every attempt logged", async () => {
    const served: Array<{ requestId: string; attempt: string }> = [];
    server = await startLoopback((req, res) => {
      served.push({ requestId: String(req.headers["x-request-id"]), attempt: String(req.headers["x-attempt"]) });
      res.end("ok");
    });
    const origin = new URL(server.url()).origin;
    const recorder = recordWire(() => origin);
    stopWire = recorder.stop;
    const wire = recorder.wire;
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

    // ≤ 10 requests/s from the client while it is failing, counted on the wire: every attempt that reached the
    // port — refused at the connection or served — whatever its outcome. The wire, the server and the log agree:
    // each logged attempt went out once, and either failed at the connection or was served.
    const attemptKey = (l: Record<string, unknown>): string => `${String(l.requestId)}/${String(l.attempt)}`;
    const wireKeys = [...wire.keys()].sort();
    expect(wireKeys).toEqual(attemptLines.map(attemptKey).sort());
    const servedKeys = served.map((x) => `${x.requestId}/${x.attempt}`);
    const failedKeys = [...wire].filter(([, w]) => w.error !== undefined).map(([k]) => k);
    expect([...wire.values()].filter((w) => w.error === "ECONNREFUSED").length).toBeGreaterThan(0);
    expect([...failedKeys, ...servedKeys].sort()).toEqual(wireKeys);
    // Each attempt: its send time on the policy's clock (the log), its dispatch time on the wire, and whether the
    // outage had already shown itself to the client — some earlier outcome (in log order) was a failure. From
    // then on, through the recovery, the attempts held back during the outage must not come out as a burst.
    const sends: Array<{ sendS: number; wireS: number; whileFailing: boolean }> = [];
    let failureSeen = false;
    for (const l of lines) {
      if (l.event === "attempt") sends.push({ sendS: l.atS as number, wireS: wire.get(attemptKey(l))!.atMs / 1000, whileFailing: failureSeen });
      if (l.event === "outcome" && !/^2\d\d$/.test(String(l.outcome))) failureSeen = true;
    }
    // Wire times are the logged times plus one clock offset and a dispatch delay of a few ms (100 ms at worst).
    const offsetsS = sends.map((x) => x.wireS - x.sendS);
    const slackS = Math.max(...offsetsS) - Math.min(...offsetsS);
    expect(slackS).toBeLessThan(0.1);
    // An attempt sent after the first failure — during the outage or the recovery — has at most 10 attempts in
    // the second up to it, its own included, refused or served. On the limiter's clock the bound is exact.
    const failingSends = sends.filter((x) => x.whileFailing);
    expect(failingSends.length).toBeGreaterThan(0);
    const inSecondUpTo = (t: number, times: number[], slack: number): number => times.filter((x) => x > t - 1 + slack && x <= t + 1e-6).length;
    const sendTimes = sends.map((x) => x.sendS);
    const worst = Math.max(...failingSends.map((x) => inSecondUpTo(x.sendS, sendTimes, 1e-6)));
    expect(worst).toBeLessThanOrEqual(10);
    // The cap was reached (8 requests × 5 quick tries want ~40 in 1.5 s): the bound is not vacuous.
    expect(worst).toBeGreaterThanOrEqual(9);
    // The same on the wire's own clock, with the dispatch-delay spread as slack on the window.
    const wireTimes = sends.map((x) => x.wireS);
    for (const x of failingSends) expect(inSecondUpTo(x.wireS, wireTimes, slackS)).toBeLessThanOrEqual(10);
  });
});
