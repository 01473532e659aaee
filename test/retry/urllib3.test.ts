import { describe, expect, it } from "vitest";
import "../../src/retry/presets/index.js";
import { findPreset } from "../../src/retry/presets/index.js";
import type { AttemptOutcome, HttpMethod, RetryDecision } from "../../src/retry/contract.js";
import { Urllib3Retry, URLLIB3_DEFAULTS } from "../../src/retry/libraries/urllib3.js";
import { InputError } from "../../src/util/input-error.js";

function run(outcomes: AttemptOutcome[] | AttemptOutcome, overrides: Record<string, unknown> = {}, method: HttpMethod = "GET", u = 0.5) {
  const state = findPreset("urllib3")!.create(overrides).start({ method }, 0);
  const decisions: RetryDecision[] = [];
  for (let i = 0; ; i++) {
    state.beforeAttempt(0, () => u);
    const outcome = Array.isArray(outcomes) ? outcomes[Math.min(i, outcomes.length - 1)] : outcomes;
    const d = state.afterAttempt(outcome, 0, () => u);
    decisions.push(d);
    if (d.action !== "retry") return { attempts: state.attempts, decisions, delays: decisions.flatMap((x) => (x.action === "retry" ? [x.delayS] : [])) };
  }
}

const s503: AttemptOutcome = { type: "response", status: 503 };

describe("urllib3", () => {
  it("retries a forcelisted status on the same URL: first retry immediate, then factor·2^(c−1)", () => {
    const r = run(s503, { status_forcelist: [503], backoff_factor: 1 });
    expect(r.attempts).toBe(11); // total=10 retries
    expect(r.delays).toEqual([0, 2, 4, 8, 16, 32, 64, 120, 120, 120]);
    expect(r.decisions.every((d) => d.action !== "retry" || d.route === "same-url")).toBe(true);
    expect(r.decisions.at(-1)).toMatchObject({ action: "give-up", reason: expect.stringMatching(/MaxRetryError/) });
  });

  it("sleeps a Retry-After and retries 413/429/503 carrying one even outside the forcelist", () => {
    const r = run({ type: "response", status: 429, retryAfterS: 7 }, { total: 2 });
    expect(r.delays).toEqual([7, 7]);
    expect(run({ type: "response", status: 429 }, { total: 2 }).attempts).toBe(1);
    expect(run({ type: "response", status: 429, retryAfterS: 7 }, { total: 2, respect_retry_after_header: false }).attempts).toBe(1);
  });

  it("a zero Retry-After falls back to the backoff", () => {
    const r = run({ type: "response", status: 503, retryAfterS: 0 }, { total: 3, status_forcelist: [503], backoff_factor: 0.5 });
    expect(r.delays).toEqual([0, 1, 2]);
  });

  it("does not retry statuses for POST, and re-raises read errors for it at once; connect errors are retried", () => {
    expect(run(s503, { status_forcelist: [503] }, "POST").attempts).toBe(1);
    expect(run({ type: "error", error: "read-timeout" }, {}, "POST").attempts).toBe(1);
    expect(run({ type: "error", error: "refused" }, { total: 2 }, "POST").attempts).toBe(3);
  });

  it("counts connect and read errors on their own counters", () => {
    expect(run({ type: "error", error: "connect-timeout" }, { connect: 1 }).attempts).toBe(2);
    expect(run({ type: "error", error: "reset" }, { read: 0 }).attempts).toBe(1);
    expect(run({ type: "error", error: "read-timeout" }, { read: 2 }).attempts).toBe(3);
  });

  it("returns a non-retried error response as a give-up and a success as done", () => {
    expect(run({ type: "response", status: 404 }).decisions[0].action).toBe("give-up");
    expect(run({ type: "response", status: 200 }).decisions[0].action).toBe("done");
    expect(run([s503, { type: "response", status: 200 }], { status_forcelist: [503] }).decisions.map((d) => d.action)).toEqual(["retry", "done"]);
  });

  it("adds jitter only from the second retry on, drawing once per retry", () => {
    let draws = 0;
    const base = new Urllib3Retry({ ...URLLIB3_DEFAULTS, backoffFactor: 1, backoffJitterS: 1 });
    const one = base.increment("GET", { kind: "status", status: 503 });
    if (one.result !== "retry") throw new Error("expected a retry");
    expect(one.retry.backoffS(() => (draws++, 0.25))).toBe(0);
    const two = one.retry.increment("GET", { kind: "status", status: 503 });
    if (two.result !== "retry") throw new Error("expected a retry");
    expect(two.retry.backoffS(() => (draws++, 0.25))).toBe(2.25);
    expect(draws).toBe(1);
  });

  it("a redirect resets the consecutive-error count that drives the backoff", () => {
    let r = new Urllib3Retry({ ...URLLIB3_DEFAULTS, backoffFactor: 1 });
    for (const event of [{ kind: "status", status: 503 }, { kind: "status", status: 503 }, { kind: "redirect" }, { kind: "status", status: 503 }] as const) {
      const next = r.increment("GET", event);
      if (next.result !== "retry") throw new Error("expected a retry");
      r = next.retry;
    }
    expect(r.consecutiveErrors).toBe(1);
    expect(r.backoffS(() => 0)).toBe(0);
    expect(r.counters.total).toBe(6);
  });

  it("raise_on_status=false returns the last response instead of raising", () => {
    const r = run(s503, { total: 1, status_forcelist: [503], raise_on_status: false });
    expect(r.attempts).toBe(2);
    expect(r.decisions.at(-1)).toMatchObject({ action: "give-up", reason: expect.stringMatching(/not retried: 503/) });
  });

  it("rejects bad overrides", () => {
    expect(() => findPreset("urllib3")!.create({ totl: 3 })).toThrow(/unknown parameter "totl".*total/);
    expect(() => findPreset("urllib3")!.create({ total: -1 })).toThrow(InputError);
    expect(() => findPreset("urllib3")!.create({ allowed_methods: ["FETCH"] })).toThrow(InputError);
  });

  it("tests the upper-cased method against allowed_methods as given, the same on every call", () => {
    const upper = new Urllib3Retry({ ...URLLIB3_DEFAULTS, allowedMethods: ["GET", "HEAD"] });
    const lower = new Urllib3Retry({ ...URLLIB3_DEFAULTS, allowedMethods: ["get"] });
    const every = new Urllib3Retry({ ...URLLIB3_DEFAULTS, allowedMethods: null });
    for (let round = 0; round < 2; round++) {
      expect([upper.methodRetryable("GET"), upper.methodRetryable("get"), upper.methodRetryable("PUT")]).toEqual([true, true, false]);
      // urllib3 upper-cases the method, not the list: a lower-case entry never matches.
      expect([lower.methodRetryable("get"), lower.methodRetryable("GET")]).toEqual([false, false]);
      expect(every.methodRetryable("POST")).toBe(true);
    }
  });
});
