import { describe, expect, it } from "vitest";
import { runScenario, type ScenarioConfig, type ScenarioWorkload } from "../../src/scenarios/index.js";

const CDF = [0.5, 0.99, 1];
const S = 1_000_000_000;
const MS = 1_000_000;

function run(workload: ScenarioWorkload, preset: string, set: Record<string, unknown> = {}, seed = 1, durationNs = 60 * S, warmupNs = 0) {
  const config: ScenarioConfig = { seed, durationNs, warmupNs, workload, policy: { preset, set } };
  return runScenario(config, CDF);
}

const untilSuccess = { max_attempts: "unlimited", retry_statuses: [409] };

describe("contention (Brooker's OCC benchmark)", () => {
  const exact = (clients: number): ScenarioWorkload => ({ mode: "contention", clients, delayMeanNs: 10 * MS, delaySdNs: 0, conflictStatus: 409 });

  it("one client: one read and one write, done after four message delays", () => {
    const r = run(exact(1), "aws-none", untilSuccess);
    expect(r.metrics.calls).toBe(1);
    expect(r.metrics.completion_s).toBeCloseTo(0.04, 9);
    expect(r.metrics.unfinished).toBe(0);
  });

  it("two clients reading the same version: one write conflicts, its immediate retry succeeds", () => {
    const r = run(exact(2), "aws-none", untilSuccess);
    // Both writes reach the server at 30 ms; the second sees a newer version, retries read+write: 4 more delays.
    expect(r.metrics.calls).toBe(3);
    expect(r.metrics.completion_s).toBeCloseTo(0.08, 9);
    expect(r.metrics.attempts_max).toBe(2);
  });

  it("a conflict the policy does not retry fails that client at once", () => {
    const r = run(exact(2), "aws-none", { max_attempts: "unlimited" });
    expect(r.metrics.failed).toBe(1);
    expect(r.metrics.calls).toBe(2);
  });

  it("at N = 100, exponential backoff without jitter does at least twice the calls of full jitter", () => {
    const w: ScenarioWorkload = { mode: "contention", clients: 100, delayMeanNs: 10 * MS, delaySdNs: 2 * MS, conflictStatus: 409 };
    let exponential = 0;
    let full = 0;
    for (let seed = 1; seed <= 5; seed++) {
      exponential += run(w, "aws-exponential", untilSuccess, seed, 600 * S).metrics.calls;
      full += run(w, "aws-full-jitter", untilSuccess, seed, 600 * S).metrics.calls;
    }
    expect(exponential).toBeGreaterThanOrEqual(2 * full);
  });

  it("same seed, same run: identical figures and fingerprint", () => {
    const w: ScenarioWorkload = { mode: "contention", clients: 30, delayMeanNs: 10 * MS, delaySdNs: 2 * MS, conflictStatus: 409 };
    const a = run(w, "aws-decorrelated", untilSuccess, 7);
    const b = run(w, "aws-decorrelated", untilSuccess, 7);
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(b.metrics).toEqual(a.metrics);
    expect(run(w, "aws-decorrelated", untilSuccess, 8).fingerprint).not.toBe(a.fingerprint);
  });
});

describe("overload (retry-storm metastability)", () => {
  const overload = (drop: number): ScenarioWorkload => ({
    mode: "overload",
    ratePerS: 200,
    arrival: "poisson",
    workers: 1,
    serviceNs: 3_500_000, // 70% busy
    timeoutNs: 3 * S,
    hosts: 4,
    trigger: { atNs: 10 * S, forNs: 10 * S, drop },
  });

  it("without a trigger nothing fails and the server keeps up", () => {
    const r = run(overload(0), "aws-none", { max_attempts: 5 }, 1, 60 * S, 5 * S);
    expect(r.metrics.failed).toBe(0);
    expect(r.metrics.metastable).toBe(0);
    expect(r.metrics.wasted_fraction).toBe(0);
  });

  it("immediate resends keep the server down after an 80% capacity cut; a retry budget recovers", () => {
    const storm = run(overload(0.8), "aws-none", { max_attempts: 5 }, 1, 60 * S, 5 * S);
    expect(storm.metrics.metastable).toBe(1);
    expect(storm.metrics.goodput_end_per_s).toBeLessThan(20);
    expect(storm.metrics.wasted_fraction).toBeGreaterThan(0.5);
    const budget = run(overload(0.8), "finagle", {}, 1, 60 * S, 5 * S);
    expect(budget.metrics.metastable).toBe(0);
    expect(budget.metrics.goodput_end_per_s).toBeGreaterThan(180);
  });

  it("the trigger is shaded as an event of the run", () => {
    const r = run(overload(0.5), "aws-none", { max_attempts: 5 }, 1, 30 * S);
    expect(r.events).toEqual([{ startS: 10, endS: 20, kind: "capacity-drop", label: "capacity −50%" }]);
  });
});

describe("k-of-n download (Tahoe-LAFS hung server)", () => {
  const kOfN = (k: number, servers: number, selection: "random" | "fastest-first"): ScenarioWorkload => ({
    mode: "k-of-n",
    k,
    servers,
    downloads: 20,
    fetchNs: 50 * MS,
    fetchSigma: 0,
    hung: 1,
    slow: 0,
    slowFactor: 1,
    timeoutNs: 30 * S,
    selection,
  });

  it("when every server is needed and one is hung, every download fails after the timeout", () => {
    const r = run(kOfN(2, 2, "random"), "aws-none", { max_attempts: 3 }, 1, 3600 * S);
    expect(r.metrics.requests).toBe(20);
    expect(r.metrics.failed).toBe(20);
    expect(r.metrics.latency_p50).toBeCloseTo(30, 6);
  });

  it("fastest-first asks the hung server once and never again", () => {
    const r = run(kOfN(1, 3, "fastest-first"), "aws-none", { max_attempts: 3 }, 1, 3600 * S);
    expect(r.metrics.failed).toBe(0);
    expect(r.metrics.hung_fetches).toBeLessThanOrEqual(1);
    expect(r.metrics.latency_p50).toBeCloseTo(0.05, 6);
  });

  it("overdue hedging replaces a hung fetch long before the 30 s timeout", () => {
    const plain = run(kOfN(3, 10, "random"), "aws-none", { max_attempts: 8 }, 3, 3600 * S);
    const hedged = run(kOfN(3, 10, "random"), "hedge-overdue", { max_copies: 8, min_samples: 1 }, 3, 3600 * S);
    expect(plain.metrics.hung_fetches).toBeGreaterThan(0);
    expect(plain.metrics.latency_max).toBeGreaterThanOrEqual(30);
    expect(hedged.metrics.failed).toBe(0);
    expect(hedged.metrics.latency_max).toBeLessThan(11);
  });
});
