import { describe, expect, it } from "vitest";
import "../../src/retry/presets/index.js";
import { RngRoot } from "../../src/kernel/rng.js";
import { decorrelatedJitterS, equalJitterS, expoS, fullJitterS } from "../../src/retry/libraries/aws-backoff.js";
import { findPreset } from "../../src/retry/presets/index.js";
import type { RetryPolicy } from "../../src/retry/contract.js";
import { InputError } from "../../src/util/input-error.js";
import { drive, OK, REFUSED, UNAVAILABLE } from "./drive-policy.js";

const BASE_S = 0.005;
const CAP_S = 2;

function create(name: string, overrides: Record<string, unknown> = {}): RetryPolicy {
  const preset = findPreset(name);
  if (preset === undefined) throw new Error(`no preset ${name}`);
  return preset.create(overrides);
}

/** Delays chosen by the policy for one request that fails `failures` times with a 503. */
function delaysOf(policy: RetryPolicy, failures: number, seed: string): number[] {
  const uniform = new RngRoot(seed).stream("jitter");
  const { results } = drive(policy, [0], (_now, _req, attempt) => ({ outcome: attempt <= failures ? UNAVAILABLE : OK, latencyS: 0.001 }), uniform);
  return results[0].delaysS;
}

describe("AWS backoff family formulas", () => {
  it("expo is min(cap, base·2^n) for the 1-based failed attempt n", () => {
    expect(expoS(1, BASE_S, CAP_S)).toBeCloseTo(0.01, 12);
    expect(expoS(3, BASE_S, CAP_S)).toBeCloseTo(0.04, 12);
    expect(expoS(9, BASE_S, CAP_S)).toBe(CAP_S);
  });

  it("full jitter stays in [0, expo(n)] and averages half of it", () => {
    const uniform = new RngRoot(7).stream("full");
    for (const n of [1, 4, 8, 12]) {
      const v = expoS(n, BASE_S, CAP_S);
      let sum = 0;
      let low = Infinity;
      let high = -Infinity;
      const draws = 20_000;
      for (let i = 0; i < draws; i++) {
        const d = fullJitterS(n, BASE_S, CAP_S, uniform());
        low = Math.min(low, d);
        high = Math.max(high, d);
        sum += d;
      }
      expect(low).toBeGreaterThanOrEqual(0);
      expect(high).toBeLessThanOrEqual(v);
      expect(high).toBeGreaterThan(0.99 * v);
      expect(Math.abs(sum / draws / v - 0.5)).toBeLessThan(0.01);
    }
  });

  it("equal jitter stays in [v/2, v] and averages 3v/4", () => {
    const uniform = new RngRoot(8).stream("equal");
    for (const n of [1, 5, 10]) {
      const v = expoS(n, BASE_S, CAP_S);
      let sum = 0;
      let low = Infinity;
      let high = -Infinity;
      for (let i = 0; i < 10_000; i++) {
        const d = equalJitterS(n, BASE_S, CAP_S, uniform());
        low = Math.min(low, d);
        high = Math.max(high, d);
        sum += d;
      }
      expect(low).toBeGreaterThanOrEqual(v / 2);
      expect(low).toBeLessThan(0.51 * v);
      expect(high).toBeLessThanOrEqual(v);
      expect(Math.abs(sum / 10_000 / v - 0.75)).toBeLessThan(0.01);
    }
    expect(equalJitterS(2, BASE_S, CAP_S, 0)).toBeCloseTo(0.01, 12);
  });

  it("decorrelated jitter draws U(base, 3·prev), capped", () => {
    expect(decorrelatedJitterS(BASE_S, BASE_S, CAP_S, 0)).toBeCloseTo(BASE_S, 12);
    expect(decorrelatedJitterS(BASE_S, BASE_S, CAP_S, 0.5)).toBeCloseTo(0.01, 12);
    expect(decorrelatedJitterS(1.5, BASE_S, CAP_S, 0.9)).toBe(CAP_S);
  });
});

describe("AWS backoff presets", () => {
  it("aws-decorrelated: each delay in [base, min(cap, 3·prev)] with prev starting at base", () => {
    let atCap = 0;
    for (let seed = 0; seed < 50; seed++) {
      const delays = delaysOf(create("aws-decorrelated", { max_attempts: "unlimited" }), 40, `d${seed}`);
      expect(delays).toHaveLength(40);
      let prev = BASE_S;
      for (const d of delays) {
        if (d < BASE_S - 1e-15 || d > Math.min(CAP_S, 3 * prev) + 1e-15) throw new Error(`delay ${d} after ${prev} out of range`);
        if (d === CAP_S) atCap += 1;
        prev = d;
      }
    }
    // The form's known flaw: delays bunch at the cap once they reach it.
    expect(atCap).toBeGreaterThan(50 * 40 * 0.1);
  });

  it("aws-full-jitter through the preset: delay n in [0, expo(n)], mean ≈ half", () => {
    const sums = new Array<number>(12).fill(0);
    const runs = 3000;
    for (let seed = 0; seed < runs; seed++) {
      const delays = delaysOf(create("aws-full-jitter", { max_attempts: 13 }), 12, `f${seed}`);
      delays.forEach((d, i) => {
        if (d < 0 || d > expoS(i + 1, BASE_S, CAP_S)) throw new Error(`delay ${i + 1} = ${d} outside [0, expo]`);
        sums[i] += d;
      });
    }
    sums.forEach((sum, i) => expect(Math.abs(sum / runs / expoS(i + 1, BASE_S, CAP_S) - 0.5)).toBeLessThan(0.03));
  });

  it("aws-exponential doubles to the cap; aws-none never waits", () => {
    expect(delaysOf(create("aws-exponential", { base_s: 0.1, cap_s: 1 }), 5, "e")).toEqual([0.2, 0.4, 0.8, 1, 1]);
    expect(delaysOf(create("aws-none"), 5, "n")).toEqual([0, 0, 0, 0, 0]);
  });

  it("gives up after max_attempts, retries forever when unlimited, and never retries a 404", () => {
    const always = (): { outcome: typeof REFUSED; latencyS: number } => ({ outcome: REFUSED, latencyS: 0.01 });
    const three = drive(create("aws-equal-jitter", { max_attempts: 3 }), [0], always, new RngRoot(1).stream("a"));
    expect(three.results[0]).toMatchObject({ ok: false, attempts: 3 });
    const uniform = new RngRoot(2).stream("b");
    const forever = drive(create("aws-full-jitter", { max_attempts: "unlimited" }), [0], (_n, _r, attempt) => ({ outcome: attempt < 500 ? REFUSED : OK, latencyS: 0.001 }), uniform);
    expect(forever.results[0]).toMatchObject({ ok: true, attempts: 500 });
    const notFound = drive(create("aws-full-jitter"), [0], () => ({ outcome: { type: "response", status: 404 }, latencyS: 0.001 }), uniform);
    expect(notFound.results[0]).toMatchObject({ ok: false, attempts: 1 });
  });

  it("rejects unknown keys and wrong kinds with an InputError naming the key", () => {
    expect(() => create("aws-full-jitter", { base_ms: 5 })).toThrow(InputError);
    expect(() => create("aws-full-jitter", { base_ms: 5 })).toThrow(/unknown parameter "base_ms".*base_s/);
    expect(() => create("aws-full-jitter", { max_attempts: 0 })).toThrow(/max_attempts/);
    expect(() => create("aws-full-jitter", { base_s: "5ms" })).toThrow(/base_s must be a finite number/);
    expect(() => create("aws-full-jitter", { base_s: 3, cap_s: 2 })).toThrow(/base_s ≤ cap_s/);
    expect(create("aws-full-jitter", { "retry_errors": ["refused"] }).params.retry_errors).toEqual(["refused"]);
  });
});
