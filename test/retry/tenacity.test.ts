import { describe, expect, it } from "vitest";
import "../../src/retry/presets/index.js";
import { findPreset } from "../../src/retry/presets/index.js";
import { shouldStop, waitS } from "../../src/retry/libraries/tenacity.js";
import { parseWaitExpr } from "../../src/retry/libraries/tenacity-wait-expr.js";
import type { AttemptOutcome, RetryDecision } from "../../src/retry/contract.js";
import { InputError } from "../../src/util/input-error.js";

const REFUSED: AttemptOutcome = { type: "error", error: "refused" };

function run(overrides: Record<string, unknown>, outcome: AttemptOutcome = REFUSED, attemptS = 0, u = 0.5) {
  const state = findPreset("tenacity")!.create(overrides).start({ method: "GET" }, 100);
  const decisions: RetryDecision[] = [];
  let nowS = 100;
  let draws = 0;
  const uniform = () => (draws++, u);
  for (;;) {
    state.beforeAttempt(nowS, uniform);
    nowS += attemptS;
    const d = state.afterAttempt(outcome, nowS, uniform);
    decisions.push(d);
    if (d.action !== "retry") return { attempts: state.attempts, decisions, draws, endS: nowS, delays: decisions.flatMap((x) => (x.action === "retry" ? [x.delayS] : [])) };
    nowS += d.delayS;
  }
}

describe("tenacity waits", () => {
  it("fixed, random, incrementing, chain and combine", () => {
    const u = () => 0.25;
    expect(waitS({ kind: "fixed", wait: 3 }, 5, u)).toBe(3);
    expect(waitS({ kind: "random", min: 1, max: 5 }, 1, u)).toBe(2);
    expect([1, 2, 3, 4].map((n) => waitS({ kind: "incrementing", start: 1, increment: 2, max: 6 }, n, u))).toEqual([1, 3, 5, 6]);
    const chain = parseWaitExpr("wait_chain(wait_fixed(1), wait_fixed(1), wait_fixed(2) + wait_random(0, 4))");
    expect([1, 2, 3, 4].map((n) => waitS(chain, n, u))).toEqual([1, 1, 3, 3]);
  });

  it("parses Python-style waits with tenacity's positional order and defaults", () => {
    expect(parseWaitExpr("wait_exponential(2, 100, 3)")).toEqual({ kind: "exponential", multiplier: 2, max: 100, expBase: 3, min: 0 });
    expect(parseWaitExpr("random_exponential(max=60)")).toMatchObject({ kind: "random_exponential", multiplier: 1, min: 0, max: 60 });
    expect(parseWaitExpr("wait_exponential_jitter(initial=0.5, jitter=3)")).toMatchObject({ multiplier: 0.5, jitter: 3, max: 4611686018427387903 });
    expect(() => parseWaitExpr("wait_fixed(1) +")).toThrow(/character/);
    expect(() => parseWaitExpr("wait_fixed(sleep=1)")).toThrow(/no argument sleep/);
  });

  it("stops combine with any (|) or all (&); no condition never stops", () => {
    const state = { attempt: 3, secondsSinceStart: 5, upcomingSleepS: 10 };
    expect(shouldStop({ afterAttempt: 3, afterDelayS: 60, beforeDelayS: null, mode: "any" }, state)).toBe(true);
    expect(shouldStop({ afterAttempt: 3, afterDelayS: 60, beforeDelayS: null, mode: "all" }, state)).toBe(false);
    expect(shouldStop({ afterAttempt: null, afterDelayS: null, beforeDelayS: 15, mode: "any" }, state)).toBe(true);
    expect(shouldStop({ afterAttempt: null, afterDelayS: null, beforeDelayS: null, mode: "any" }, state)).toBe(false);
  });
});

describe("tenacity preset", () => {
  it("draws the wait before checking the stop, so the stopping attempt still consumes a draw", () => {
    const r = run({ "wait.kind": "random", "wait.min_s": 0, "wait.max_s": 2, "stop.after_attempt": 3 });
    expect(r.attempts).toBe(3);
    expect(r.delays).toEqual([1, 1]);
    expect(r.draws).toBe(3);
  });

  it("stop_after_delay never interrupts an attempt, so it overshoots", () => {
    const r = run({ "wait.kind": "fixed", "wait.fixed_s": 1, "stop.after_delay_s": 10 }, REFUSED, 4);
    // Attempts end at 4, 9, 14 (since the start): the third is past 10 s.
    expect(r.attempts).toBe(3);
    expect(r.endS - 100).toBe(14);
  });

  it("defaults to tenacity's own: no wait, never stop (capped here by the test), transport errors retried, statuses not", () => {
    const state = findPreset("tenacity")!.create({}).start({ method: "GET" }, 0);
    for (let i = 0; i < 50; i++) {
      state.beforeAttempt(0, () => 0);
      expect(state.afterAttempt(REFUSED, 0, () => 0)).toEqual({ action: "retry", delayS: 0, route: "origin" });
    }
    expect(run({}, { type: "response", status: 503 }).attempts).toBe(1);
    expect(run({ retry_statuses: [503], "stop.after_attempt": 4 }, { type: "response", status: 503 }).attempts).toBe(4);
  });

  it("a wait expression replaces the structured wait", () => {
    const r = run({ "wait.kind": "expr", "wait.expr": "wait_chain(wait_fixed(1), wait_fixed(5))", "stop.after_attempt": 4 });
    expect(r.delays).toEqual([1, 5, 5]);
  });

  it("rejects bad overrides", () => {
    expect(() => run({ "stop.after_attempt": 0 })).toThrow(InputError);
    expect(() => run({ "wait.kind": "jittery" })).toThrow(/one of/);
    expect(() => run({ "wait.kind": "expr", "wait.expr": "chain()" })).toThrow(InputError);
  });
});

describe("tenacity preset checks", () => {
  it("wait_random needs an upper bound", () => {
    expect(() => run({ "wait.kind": "random", "stop.after_attempt": 2 })).toThrow(/wait\.max_s must be set/);
    expect(run({ "wait.kind": "random", "wait.max_s": 4, "stop.after_attempt": 2 }).delays).toEqual([2]);
  });
});
