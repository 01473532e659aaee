import { describe, expect, it } from "vitest";
import "../../src/retry/presets/index.js";
import { RngRoot } from "../../src/kernel/rng.js";
import { findPreset } from "../../src/retry/presets/index.js";
import { SendRateLimiter } from "../../src/retry/send-rate-limiter.js";
import { drive, maxSendsInWindow, OK, REFUSED } from "./drive-policy.js";

const dls = (overrides: Record<string, unknown> = {}) => findPreset("dls")!.create(overrides);

describe("dls preset (DiamondLightSource criteria)", () => {
  it("gives up after 5 tries, and its waits add up to more than 1 s", () => {
    const run = drive(dls(), [0], () => ({ outcome: REFUSED, latencyS: 0.001 }), new RngRoot(1).stream("d"));
    expect(run.results[0]).toMatchObject({ ok: false, attempts: 5 });
    const waitedS = run.results[0].delaysS.reduce((a, b) => a + b, 0);
    expect(waitedS).toBeGreaterThanOrEqual(1.5);
    expect(waitedS).toBeLessThan(1.5 + 4 * 0.05 + 1e-9);
  });

  it("a 1 s outage raises nothing, wherever it starts, and the client sends ≤ 10/s while it lasts", () => {
    for (let seed = 0; seed < 20; seed++) {
      const uniform = new RngRoot(seed).stream("outage");
      const outageStartS = 0.5 + uniform();
      const starts = Array.from({ length: 50 }, () => uniform() * 3);
      const down = (t: number): boolean => t >= outageStartS && t < outageStartS + 1;
      const run = drive(dls(), starts, (t) => ({ outcome: down(t) ? REFUSED : OK, latencyS: down(t) ? 0.0005 : 0.02 }), uniform);
      for (const r of run.results) expect(r).toMatchObject({ ok: true });
      expect(Math.max(...run.results.map((r) => r.attempts))).toBeLessThanOrEqual(5);
      // While the server is down the client sends at most 10 per second (one success reopens the gates).
      expect(maxSendsInWindow(run.sendsS.filter(down), 1)).toBeLessThanOrEqual(10);
    }
  });

  it("without the limiter the same storm exceeds 10 sends/s (the limiter is what holds it)", () => {
    const uniform = new RngRoot(3).stream("storm");
    const starts = Array.from({ length: 50 }, (_, i) => i * 0.002);
    const serve = (t: number) => ({ outcome: t < 1 ? REFUSED : OK, latencyS: 0.001 });
    const unlimited = drive(dls({ "rate_limit.max_requests": 1000 }), starts, serve, uniform);
    expect(maxSendsInWindow(unlimited.sendsS.filter((t) => t < 1), 1)).toBeGreaterThan(100);
    const limited = drive(dls(), starts, serve, uniform);
    expect(maxSendsInWindow(limited.sendsS.filter((t) => t < 1), 1)).toBeLessThanOrEqual(10);
    // The retries queued during the outage do not all go out when it ends: the second after it is capped too
    // (only the 50 first attempts, sent before any failure was seen, are left out; the window is shortened by
    // 1 µs because the limiter rounds waits under 1 ns to zero). The held-back attempts drain at 10 per second.
    expect(maxSendsInWindow(limited.sendsS.filter((t) => t >= 0.1), 1 - 1e-6)).toBeLessThanOrEqual(10);
    expect(limited.sendsS.filter((t) => t >= 2 && t < 3).length).toBe(10);
    expect(limited.results.every((r) => r.ok)).toBe(true);
  });

  it("the limiter answers wait until the oldest of the last N sends leaves the window, only while failing or a window after", () => {
    const limiter = new SendRateLimiter(3, 1, true);
    for (const t of [0, 0.2, 0.4]) limiter.recordSend(t);
    expect(limiter.waitS(0.5)).toBe(0); // not failing yet
    limiter.recordOutcome(true, 0.5);
    expect(limiter.waitS(0.5)).toBeCloseTo(0.5, 12);
    expect(limiter.waitS(1.0)).toBe(0);
    limiter.recordSend(1.0);
    expect(limiter.waitS(1.0)).toBeCloseTo(0.2, 12);
    limiter.recordOutcome(false, 1.1);
    // A success, but the failure at 0.5 s is less than a window ago: still capped (the oldest send is at 0.2 s).
    expect(limiter.waitS(1.1)).toBeCloseTo(0.1, 12);
    expect(limiter.waitS(1.5)).toBe(0);
  });
});
