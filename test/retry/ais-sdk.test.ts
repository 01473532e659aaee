import { describe, expect, it } from "vitest";
import "../../src/retry/presets/index.js";
import { findPreset } from "../../src/retry/presets/index.js";
import type { AttemptOutcome, HttpMethod, RetryDecision, RetryPolicy, Uniform } from "../../src/retry/contract.js";
import { InputError } from "../../src/util/input-error.js";

/** Runs one request whose every attempt fails with `outcome` after `attemptS`; returns its decisions and end. */
function failEvery(policy: RetryPolicy, outcome: AttemptOutcome, attemptS = 0, uniform: Uniform = () => 0.5, maxAttempts = 1000, method: HttpMethod = "GET") {
  const state = policy.start({ method }, 0);
  const decisions: RetryDecision[] = [];
  let nowS = 0;
  for (let i = 0; i < maxAttempts; i++) {
    expect(state.beforeAttempt(nowS, uniform).action).toBe("send");
    nowS += attemptS;
    const decision = state.afterAttempt(outcome, nowS, uniform);
    decisions.push(decision);
    if (decision.action !== "retry") return { decisions, attempts: state.attempts, endS: nowS, last: decision };
    nowS += decision.delayS;
  }
  throw new Error("did not end");
}

const preset = (name: string, overrides: Record<string, unknown> = {}): RetryPolicy => {
  const definition = findPreset(name);
  if (definition === undefined) throw new Error(`no preset ${name}`);
  return definition.create(overrides);
};

const REFUSED: AttemptOutcome = { type: "error", error: "refused" };
const status = (s: number, retryAfterS?: number): AttemptOutcome => ({ type: "response", status: s, ...(retryAfterS !== undefined ? { retryAfterS } : {}) });

describe("ais-sdk@1.25", () => {
  it("gives up after 7 outer attempts on a refused target, each retry through the proxy", () => {
    const r = failEvery(preset("ais-sdk@1.25"), REFUSED);
    expect(r.attempts).toBe(7);
    expect(r.last.action).toBe("give-up");
    const retries = r.decisions.filter((d) => d.action === "retry");
    expect(retries.map((d) => d.route)).toEqual(Array(6).fill("origin"));
    // wait_random_exponential(multiplier=1, min=1, max=30) with u = 0.5: uniform(1, max(1, min(2^(n−1), 30))); the sixth is capped at 30.
    expect(retries.map((d) => d.delayS)).toEqual([1, 1.5, 2.5, 4.5, 8.5, 15.5]);
  });

  it("never retries 404 or 409: they are raised after the retry loop", () => {
    for (const s of [404, 409]) {
      const r = failEvery(preset("ais-sdk@1.25"), status(s));
      expect(r.attempts).toBe(1);
      expect(r.last.action).toBe("give-up");
    }
  });

  it("retries 503 on the same target 5 times (0, 6, 12, 24, 48 s), then RetryError ends the request", () => {
    const r = failEvery(preset("ais-sdk@1.25"), status(503));
    expect(r.attempts).toBe(6);
    const retries = r.decisions.filter((d) => d.action === "retry");
    expect(retries.map((d) => d.delayS)).toEqual([0, 6, 12, 24, 48]);
    expect(retries.every((d) => d.route === "same-url")).toBe(true);
    expect(r.last.action === "give-up" && r.last.reason).toMatch(/RetryError/);
  });

  it("sleeps a 503's Retry-After instead of the backoff", () => {
    const r = failEvery(preset("ais-sdk@1.25"), status(503, 2));
    expect(r.decisions.filter((d) => d.action === "retry").map((d) => d.delayS)).toEqual([2, 2, 2, 2, 2]);
  });

  it("a read timeout goes straight to the outer layer (read=0)", () => {
    const state = preset("ais-sdk@1.25").start({ method: "GET" }, 0);
    state.beforeAttempt(0, () => 0);
    const d = state.afterAttempt({ type: "error", error: "read-timeout" }, 20, () => 0);
    expect(d).toEqual({ action: "retry", delayS: 1, route: "origin" });
  });

  it("after an outer retry the inner counters start afresh", () => {
    const state = preset("ais-sdk@1.25").start({ method: "GET" }, 0);
    const u = () => 0;
    const seq: AttemptOutcome[] = [status(503), status(503), REFUSED, status(503)];
    const got = seq.map((o, i) => {
      state.beforeAttempt(i, u);
      return state.afterAttempt(o, i, u);
    });
    // 503 → inner retry (0 s), 503 → inner (6 s), refused → outer, 503 → inner again with a fresh Retry (0 s).
    expect(got.map((d) => (d.action === "retry" ? [d.route, d.delayS] : d.action))).toEqual([
      ["same-url", 0],
      ["same-url", 6],
      ["origin", 1],
      ["same-url", 0],
    ]);
  });

  it("exposes the SDK's timeouts", () => {
    expect(preset("ais-sdk@1.25").timeouts).toEqual({ connectS: 3, readS: 20 });
    expect(preset("ais-sdk@1.25", { "timeouts.read_s": 5 }).timeouts).toEqual({ connectS: 3, readS: 5 });
  });

  it("overrides change behaviour", () => {
    expect(failEvery(preset("ais-sdk@1.25", { "outer.stop.after_attempt": 3 }), REFUSED).attempts).toBe(3);
    expect(failEvery(preset("ais-sdk@1.25", { "inner.total": 2 }), status(503)).attempts).toBe(3);
    expect(failEvery(preset("ais-sdk@1.25", { "outer.transient_statuses": [404] }), status(404)).attempts).toBe(7);
    const fixed = failEvery(preset("ais-sdk@1.25", { "outer.wait.kind": "fixed", "outer.wait.fixed_s": 2 }), REFUSED);
    expect(fixed.decisions.filter((d) => d.action === "retry").every((d) => d.action === "retry" && d.delayS === 2)).toBe(true);
  });

  it("rejects an unknown key naming the valid ones, and a value of the wrong type", () => {
    expect(() => preset("ais-sdk@1.25", { "outer.stop.after_attempts": 3 })).toThrow(InputError);
    expect(() => preset("ais-sdk@1.25", { "outer.stop.after_attempts": 3 })).toThrow(/outer\.stop\.after_attempt\b/);
    expect(() => preset("ais-sdk@1.25", { "inner.total": "five" })).toThrow(/inner\.total/);
    expect(() => preset("ais-sdk@1.25", { "inner.total": 2.5 })).toThrow(InputError);
    expect(() => preset("ais-sdk@1.25", { "outer.wait.kind": "expr", "outer.wait.expr": "wait_bogus(1)" })).toThrow(/wait_bogus/);
  });
});

// The SDK's object readers (python/aistore/sdk, sequential.py at 1.25): read_all() requests with stream=False, so
// the body is read inside the retried call; iter/raw request with stream=True and read after it returned, so a
// broken body reaches the caller.
describe("streaming readers (stream=True)", () => {
  it("raise a body broken after the headers; read_all retries it through the proxy", () => {
    for (const name of ["ais-sdk@1.13", "ais-sdk@1.25"]) {
      expect(failEvery(preset(name, { stream: true }), { type: "error", error: "protocol" }).attempts, name).toBe(1);
      expect(failEvery(preset(name), { type: "error", error: "protocol" }, 1).attempts, name).toBeGreaterThan(1);
      // Errors before the body still go through the retry loop.
      expect(failEvery(preset(name, { stream: true }), REFUSED, 1).attempts, name).toBeGreaterThan(1);
    }
  });
});

describe("ais-sdk@1.13", () => {
  it("retries 404 through the proxy until 60 s have passed since the first attempt began", () => {
    const r = failEvery(preset("ais-sdk@1.13"), status(404), 0.1);
    // Attempts end at 0.1, 1.2, 3.3, 7.4, 15.5, 25.6, 35.7, 45.8, 55.9, 66.0 (waits 1, 2, 4, 8, 10…): the tenth
    // ends past 60 s, so tenacity stops there — stop_after_delay never interrupts an attempt.
    expect(r.attempts).toBe(10);
    expect(r.endS).toBeCloseTo(66.0, 9);
    expect(r.decisions.filter((d) => d.action === "retry").map((d) => d.action === "retry" && d.delayS)).toEqual([1, 2, 4, 8, 10, 10, 10, 10, 10]);
    expect(r.decisions.every((d) => d.action !== "retry" || d.route === "origin")).toBe(true);
  });

  it("retries 409 GET conflicts too, but not a 403", () => {
    expect(failEvery(preset("ais-sdk@1.13"), status(409), 0.1).attempts).toBe(10);
    expect(failEvery(preset("ais-sdk@1.13"), status(403)).attempts).toBe(1);
  });

  // response_handler.py at the 1.13.x tags: _parse_404 returns ErrObjNotFound only when the error text names an
  // object (a HEAD answer has no body), and _parse_409 returns ErrGETConflict only for a GET.
  it("does not retry a HEAD 404 (no body to name the object) nor a 409 answering a PUT or DELETE", () => {
    expect(failEvery(preset("ais-sdk@1.13"), status(404), 0.1, () => 0.5, 1000, "HEAD").attempts).toBe(1);
    expect(failEvery(preset("ais-sdk@1.13"), status(404), 0.1, () => 0.5, 1000, "DELETE").attempts).toBe(10);
    for (const method of ["PUT", "DELETE", "HEAD"] as const) expect(failEvery(preset("ais-sdk@1.13"), status(409), 0.1, () => 0.5, 1000, method).attempts).toBe(1);
  });

  // retry_config.py at 1.13.0 (0538a8409) and 1.13.8 (4e0f35668): status_forcelist=[429, 500, 502, 503, 504].
  it("retries 503 and 429 at the inner layer on the same target (0, 1, 2 s), then RetryError ends the request", () => {
    for (const s of [503, 429]) {
      const r = failEvery(preset("ais-sdk@1.13"), status(s));
      expect(r.decisions.filter((d) => d.action === "retry").map((d) => d.action === "retry" && [d.route, d.delayS])).toEqual([
        ["same-url", 0],
        ["same-url", 1],
        ["same-url", 2],
      ]);
      expect(r.attempts).toBe(4);
      expect(r.last.action === "give-up" && r.last.reason).toMatch(/RetryError/);
    }
  });

  it("retries 500 on the same target 3 times (0, 1, 2 s), then gives up", () => {
    const r = failEvery(preset("ais-sdk@1.13"), status(500));
    expect(r.decisions.filter((d) => d.action === "retry").map((d) => d.action === "retry" && [d.route, d.delayS])).toEqual([
      ["same-url", 0],
      ["same-url", 1],
      ["same-url", 2],
    ]);
    expect(r.attempts).toBe(4);
  });
});
