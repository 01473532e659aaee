import { describe, expect, it } from "vitest";
import "../../src/retry/presets/index.js";
import { RngRoot } from "../../src/kernel/rng.js";
import { FinagleRetryBudget } from "../../src/retry/libraries/finagle.js";
import { findPreset } from "../../src/retry/presets/index.js";
import { drive, REFUSED } from "./drive-policy.js";

describe("finagle RetryBudget", () => {
  it("allows 20% of the requests in the ttl window plus 10 retries/s", () => {
    const budget = new FinagleRetryBudget(10, 10, 0.2);
    for (let i = 0; i < 1000; i++) budget.deposit(i * 0.01);
    expect(budget.balance(9.999)).toBe(300);
    let withdrawn = 0;
    while (budget.tryWithdraw(9.999)) withdrawn++;
    expect(withdrawn).toBe(300); // 1000 × 20% + 10/s × 10 s
    // One second later the first second's 100 deposits expire: the balance is negative, nothing to withdraw.
    expect(budget.tryWithdraw(10.5)).toBe(false);
    // After a full ttl everything expired: only the reserve of 100 remains.
    expect(budget.balance(25)).toBe(100);
  });

  it("a steadily failing client retries about 20% of its requests plus 10/s", () => {
    const policy = findPreset("finagle")!.create({});
    const ratePerS = 100;
    const starts = Array.from({ length: 60 * ratePerS }, (_, i) => i / ratePerS);
    const run = drive(policy, starts, () => ({ outcome: REFUSED, latencyS: 0.001 }), new RngRoot(1).stream("f"));
    const steady = run.results.filter((_, i) => starts[i] >= 20);
    const retries = steady.reduce((sum, r) => sum + r.attempts - 1, 0);
    const expected = (0.2 * ratePerS + 10) * 40;
    expect(Math.abs(retries / expected - 1)).toBeLessThan(0.05);
    // Immediate requeues (Finagle's default schedule) and the per-request cap ceil(20% of the balance).
    expect(run.results.every((r) => r.delaysS.every((d) => d === 0))).toBe(true);
    expect(Math.max(...run.results.map((r) => r.attempts - 1))).toBe(20);
  });

  it("only requeues failures that never reached the server by default", () => {
    const policy = findPreset("finagle")!.create({});
    const run = drive(policy, [0], () => ({ outcome: { type: "error", error: "read-timeout" }, latencyS: 1 }), new RngRoot(1).stream("f"));
    expect(run.results[0].attempts).toBe(1);
  });
});
