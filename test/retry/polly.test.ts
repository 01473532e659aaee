import { describe, expect, it } from "vitest";
import "../../src/retry/presets/index.js";
import { replay } from "../../src/kernel/rng.js";
import { pollyV2Backoff, pollyV2Step } from "../../src/retry/libraries/polly.js";
import { findPreset } from "../../src/retry/presets/index.js";
import { drive, OK } from "./drive-policy.js";

describe("polly-v2 (decorrelated jitter V2)", () => {
  it("equals the formula for explicit draws: t = k + u, next = 2^t·tanh(√4t), delay = (next − prev)/1.4·base", () => {
    const backoff = pollyV2Backoff(2, Infinity);
    const draws = replay([0.5, 0.25, 0.9, 0]);
    // Values of the formula computed independently (double precision).
    const expected = [1.7948098711584, 1.5261775141185874, 7.318797295424473, 0.7664141604208158];
    expected.forEach((delay, i) => expect(backoff.delayS(i + 1, draws)).toBeCloseTo(delay, 12));
  });

  it("one step from prev: the increment of the smooth curve", () => {
    const step = pollyV2Step(1, 0.5, 1, 0.1);
    const t = 1.5;
    expect(step.next).toBeCloseTo(2 ** t * Math.tanh(Math.sqrt(4 * t)), 14);
    expect(step.delayS).toBeCloseTo(((step.next - 1) / 1.4) * 0.1, 14);
  });

  it("caps each delay at cap_s, honours Retry-After, and makes 4 attempts by default", () => {
    const preset = findPreset("polly-v2");
    expect(preset).toBeDefined();
    const capped = preset!.create({ cap_s: 3, max_attempts: 6 });
    const draws = replay([0.99, 0.99, 0.99, 0.99, 0.99]);
    const run = drive(capped, [0], (_n, _r, attempt) => ({ outcome: attempt < 6 ? { type: "response", status: 503 } : OK, latencyS: 0 }), draws);
    expect(run.results[0].delaysS.every((d) => d <= 3)).toBe(true);
    expect(run.results[0].delaysS.at(-1)).toBe(3);

    const withHeader = drive(preset!.create({}), [0], (_n, _r, attempt) => ({
      outcome: attempt === 1 ? { type: "response", status: 429, retryAfterS: 7 } : OK,
      latencyS: 0,
    }), replay([0.5]));
    expect(withHeader.results[0].delaysS).toEqual([7]);

    const exhausted = drive(preset!.create({}), [0], () => ({ outcome: { type: "error", error: "reset" }, latencyS: 0 }), replay([0.1, 0.2, 0.3]));
    expect(exhausted.results[0]).toMatchObject({ ok: false, attempts: 4 });
  });
});
