import { describe, expect, it } from "vitest";
import { simulate } from "../../src/sim/simulate.js";
import type { SimConfig } from "../../src/sim/sim-config.js";
import { closedGets, S, smallCluster, expectNoViolations } from "./helpers.js";

// Each of 4 targets goes down for 45 s, 20 s apart. The keepalive removes a down target after 20–45 s, so its
// objects are refused, then 404 (no rebalance), until it has restarted and rejoined.
function rolling(preset: string, set: Record<string, unknown> = {}): SimConfig {
  return {
    seed: 11,
    durationNs: 330 * S,
    cluster: smallCluster({ targets: 4 }, 400, 64 * 1024),
    workload: closedGets("ais://data", 16, 400, 64 * 1024, 100_000_000, 16),
    faults: [{ atNs: 20 * S, action: "rolling-restart", targets: "all", downNs: 45 * S, gapNs: 20 * S, signal: "kill" }],
    policy: { preset, set },
    checkVersions: true,
  };
}

describe("rolling restart, each target down 45 s", () => {
  it("ais-sdk@1.13 (outer layer back through the proxy, stop after 60 s, retries 404) loses no GET", () => {
    const r = simulate(rolling("ais-sdk@1.13"));
    expectNoViolations(r);
    expect(r.summary.requests).toBeGreaterThan(10_000);
    expect(r.summary.failed).toBe(0);
    // It did meet the outage: refused connections, 404s after removals, and retries.
    expect(r.summary.attemptOutcomes.refused).toBeGreaterThan(0);
    expect(r.summary.attemptOutcomes["404"]).toBeGreaterThan(0);
    expect(r.summary.attemptsMax).toBeGreaterThan(3);
    // Every target was removed once and rejoined once.
    expect(r.membership.filter((m) => m.kind === "remove").map((m) => m.nodes).flat().sort()).toEqual(["t1", "t2", "t3", "t4"]);
    expect(r.membership.filter((m) => m.kind === "join").length).toBe(4);
  });

  it("plain urllib3 (retries only the same target) loses some", () => {
    const r = simulate(rolling("urllib3", { "timeouts.connect_s": 3, "timeouts.read_s": 20 }));
    expectNoViolations(r);
    expect(r.summary.failed).toBeGreaterThan(0);
    expect((r.summary.failedByKind.refused ?? 0) + (r.summary.failedByKind["404"] ?? 0)).toBe(r.summary.failed);
  });
});
