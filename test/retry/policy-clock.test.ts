import { describe, expect, it } from "vitest";
import { policyDelayNs, policyNowS } from "../../src/retry/policy-clock.js";

describe("policy clock", () => {
  it("reads the simulator's ns as seconds by division, bit for bit as the hosts did inline", () => {
    for (const ns of [0, 1, 7, 999_999_999, 1_000_000_000, 1_234_567_891, 86_400_000_000_123, Number.MAX_SAFE_INTEGER]) {
      expect(policyNowS(ns)).toBe(ns / 1e9);
    }
    // Division, not multiplication by 1e-9: the two differ in the last bit for some instants.
    expect(policyNowS(3)).toBe(3e-9);
    expect(3 * 1e-9).not.toBe(3e-9);
  });

  it("turns a policy's delay into whole ns, rounded, never negative", () => {
    expect(policyDelayNs(1.5)).toBe(1_500_000_000);
    expect(policyDelayNs(0.0000000004)).toBe(0);
    expect(policyDelayNs(0.0000000006)).toBe(1);
    expect(policyDelayNs(-2)).toBe(0);
    expect(policyDelayNs(0)).toBe(0);
    for (const s of [0.1, 0.2 + 0.1, 1 / 3, 2.675, 12.3456789012]) expect(policyDelayNs(s)).toBe(Math.max(0, Math.round(s * 1e9)));
  });
});
