import { describe, expect, it } from "vitest";
import "../../src/retry/presets/index.js";
import { findPreset } from "../../src/retry/presets/index.js";
import type { AttemptOutcome, HttpMethod, RetryDecision } from "../../src/retry/contract.js";

function run(outcome: AttemptOutcome, overrides: Record<string, unknown> = {}, method: HttpMethod = "GET") {
  const state = findPreset("ais-go")!.create(overrides).start({ method }, 0);
  const decisions: RetryDecision[] = [];
  for (;;) {
    state.beforeAttempt(0, () => 0);
    const d = state.afterAttempt(outcome, 0, () => 0);
    decisions.push(d);
    if (d.action !== "retry") return { attempts: state.attempts, decisions };
  }
}

describe("ais-go", () => {
  it("retries refused 5 times with sleeps 100, 150, 200, 250, 300 ms, each back to the proxy", () => {
    const r = run({ type: "error", error: "refused" });
    expect(r.attempts).toBe(6);
    const retries = r.decisions.filter((d) => d.action === "retry");
    expect(retries.map((d) => d.action === "retry" && Math.round(d.delayS * 1e6) / 1e6)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3]);
    expect(retries.every((d) => d.action === "retry" && d.route === "origin")).toBe(true);
  });

  it("never retries an HTTP error, not even 503", () => {
    for (const status of [503, 500, 429, 404]) expect(run({ type: "response", status }).attempts).toBe(1);
  });

  it("retries resets and timeouts but not a body broken after the headers", () => {
    expect(run({ type: "error", error: "reset" }).attempts).toBe(6);
    expect(run({ type: "error", error: "read-timeout" }).attempts).toBe(6);
    expect(run({ type: "error", error: "protocol" }).attempts).toBe(1);
  });

  it("caps the growing sleep at max_sleep_s and honours max_retries", () => {
    const r = run({ type: "error", error: "refused" }, { max_retries: 10, max_sleep_s: 0.3 });
    expect(r.attempts).toBe(11);
    const delays = r.decisions.flatMap((d) => (d.action === "retry" ? [d.delayS] : []));
    expect(Math.max(...delays)).toBeCloseTo(0.3, 12);
    expect(delays.at(-1)).toBeCloseTo(0.3, 12);
  });

  // api/object.go DoWithRetry at 583e7729: httpRetrySleep 100 ms, httpRetryRateSleep 1.5 s after a first 429,
  // `sleep += sleep / 2` after every sleep, httpMaxRetries 5; it retries 429 and cos.IsErrRetriableConn errors.
  it("PUT goes through DoWithRetry: 429 is retried from 1.5 s, sleeps grow ×1.5, 5 retries", () => {
    const throttled = run({ type: "response", status: 429 }, {}, "PUT");
    expect(throttled.attempts).toBe(6);
    const delays = throttled.decisions.flatMap((d) => (d.action === "retry" ? [d.delayS] : []));
    expect(delays).toEqual([1.5, 2.25, 3.375, 5.0625, 7.59375]);
    expect(throttled.decisions.at(-1)?.action).toBe("give-up");
    const refused = run({ type: "error", error: "refused" }, {}, "PUT");
    expect(refused.attempts).toBe(6);
    expect(refused.decisions.flatMap((d) => (d.action === "retry" ? [Math.round(d.delayS * 1e9) / 1e9] : []))).toEqual([0.1, 0.15, 0.225, 0.3375, 0.50625]);
    for (const status of [503, 500, 404]) expect(run({ type: "response", status }, {}, "PUT").attempts).toBe(1);
  });

  it("exposes Go's dial timeout and no read timeout", () => {
    expect(findPreset("ais-go")!.create({}).timeouts).toEqual({ connectS: 10, readS: Infinity });
  });
});
