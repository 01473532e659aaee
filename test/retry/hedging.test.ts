import { describe, expect, it } from "vitest";
import "../../src/retry/presets/index.js";
import { constant } from "../../src/kernel/rng.js";
import { isHedgingPolicy, type HedgingPolicy } from "../../src/retry/libraries/hedging.js";
import { LatencyWindow } from "../../src/retry/latency-window.js";
import { findPreset } from "../../src/retry/presets/index.js";
import { OK, UNAVAILABLE } from "./drive-policy.js";

function hedging(name: string, overrides: Record<string, unknown> = {}): HedgingPolicy {
  const policy = findPreset(name)!.create(overrides);
  if (!isHedgingPolicy(policy)) throw new Error(`${name} is not a hedging policy`);
  return policy;
}

describe("latency window", () => {
  it("nearest-rank quantiles over the last N samples", () => {
    const window = new LatencyWindow(100);
    for (let ms = 100; ms >= 1; ms--) window.add(ms / 1000);
    expect(window.quantile(0.95)).toBeCloseTo(0.095, 12);
    expect(window.quantile(0.5)).toBeCloseTo(0.05, 12);
    for (let i = 0; i < 50; i++) window.add(1); // the 50 oldest (100…51 ms) expire
    expect(window.size).toBe(100);
    expect(window.quantile(0.5)).toBeCloseTo(0.05, 12);
    expect(window.quantile(0.51)).toBe(1);
  });
});

describe("hedging presets", () => {
  it("hedge-fixed: the second copy after 10 ms, no third; first success wins", () => {
    const policy = hedging("hedge-fixed");
    expect(policy.maxCopies).toBe(2);
    const h = policy.startHedged({ method: "GET" }, 0);
    expect(h.hedgeDelayS(0)).toBe(0);
    h.copySent(0);
    expect(h.hedgeDelayS(0)).toBeCloseTo(0.01, 12);
    expect(h.hedgeDelayS(0.004)).toBeCloseTo(0.006, 12);
    const second = h.copySent(0.01);
    expect(h.hedgeDelayS(0.01)).toBeUndefined();
    expect(h.copyFinished(second, OK, 0.015)).toEqual({ action: "win" });
    expect(h.copiesInFlight).toBe(1); // the original, to be cancelled by the caller
  });

  it("non-fatal failure sends the next copy at once; when all copies failed it gives up; fatal ends it", () => {
    const policy = hedging("hedge-fixed", { max_copies: 3, delay_s: 1 });
    const h = policy.startHedged({ method: "GET" }, 0);
    h.copySent(0);
    expect(h.copyFinished(0, UNAVAILABLE, 0.1)).toEqual({ action: "send-now" });
    h.copySent(0.1);
    expect(h.hedgeDelayS(0.1)).toBeCloseTo(1, 12); // the delay restarts from the latest copy
    h.copySent(1.1);
    expect(h.copyFinished(1, UNAVAILABLE, 1.2)).toEqual({ action: "wait" });
    expect(h.copyFinished(2, UNAVAILABLE, 1.3)).toMatchObject({ action: "give-up" });
    const fatal = policy.startHedged({ method: "GET" }, 0);
    fatal.copySent(0);
    expect(fatal.copyFinished(0, { type: "response", status: 403 }, 0.1).action).toBe("give-up");
    expect(fatal.hedgeDelayS(0.1)).toBeUndefined();
  });

  it("hedge-percentile: the delay is the 95th percentile of observed latencies, initial until enough samples", () => {
    const policy = hedging("hedge-percentile", { min_samples: 10 });
    expect(policy.currentHedgeDelayS()).toBe(0.05);
    for (let ms = 1; ms <= 100; ms++) policy.observeLatency(ms / 1000);
    expect(policy.currentHedgeDelayS()).toBeCloseTo(0.095, 12);
    // Winning copies feed the estimate: 1000 fast wins pull the percentile down to 2 ms.
    for (let i = 0; i < 1000; i++) {
      const h = policy.startHedged({ method: "GET" }, i);
      h.copySent(i);
      h.copyFinished(0, OK, i + 0.002);
    }
    expect(policy.currentHedgeDelayS()).toBeCloseTo(0.002, 9);
  });

  it("hedge-overdue: factor × the peers' median, never beyond the 10 s OVERDUE time", () => {
    const policy = hedging("hedge-overdue");
    expect(policy.maxCopies).toBe(3);
    expect(policy.currentHedgeDelayS()).toBe(10);
    for (const s of [0.1, 0.2, 0.3, 0.4, 5]) policy.observeLatency(s);
    expect(policy.currentHedgeDelayS()).toBeCloseTo(0.9, 12);
    for (let i = 0; i < 100; i++) policy.observeLatency(8);
    expect(policy.currentHedgeDelayS()).toBe(10);
  });

  it("run without hedging support, a hedging preset makes at most max_copies sequential attempts", () => {
    const policy = hedging("hedge-fixed", { max_copies: 3 });
    const state = policy.start({ method: "GET" }, 0);
    const actions: string[] = [];
    for (;;) {
      state.beforeAttempt(0, constant(0.5));
      const d = state.afterAttempt(UNAVAILABLE, 0, constant(0.5));
      actions.push(d.action);
      if (d.action !== "retry") break;
      expect(d.delayS).toBe(0);
    }
    expect(actions).toEqual(["retry", "retry", "give-up"]);
    expect(isHedgingPolicy(findPreset("aws-none")!.create({}))).toBe(false);
  });
});
