import { describe, expect, it } from "vitest";
import { simulate } from "../../src/sim/simulate.js";
import { closedGets, S, smallCluster, expectNoViolations } from "./helpers.js";

/**
 * Process down versus host down, seen from the client: a crashed target's port refuses within a round trip;
 * a powered-off host answers nothing, so every attempt at it waits out the connect timeout (3 s in SDK 1.25).
 */
function run(action: "crash" | "power-off") {
  const r = simulate({
    seed: 5,
    durationNs: 40 * S,
    cluster: smallCluster({ targets: 4 }, 400, 64 * 1024),
    workload: closedGets("ais://data", 8, 400, 64 * 1024, 50_000_000, 8),
    faults: [{ atNs: 10 * S, action, node: "t2", forNs: 15 * S }],
    policy: { preset: "ais-sdk@1.25" },
    records: { mode: "all" },
  });
  expectNoViolations(r, action);
  // Attempts that began while t2 was down (only its objects can fail: every other target is up).
  const during = r.records.flatMap((rec) => rec.attempts).filter((a) => a.startNs > 10.01 * S && a.startNs < 24 * S);
  return { r, during };
}

describe("power-off: the host answers nothing", () => {
  it("attempts at a powered-off target end in connect timeouts after 3 s; at a crashed one, refused at once", () => {
    const off = run("power-off");
    const crash = run("crash");
    const timedOut = off.during.filter((a) => a.outcome === "connect-timeout");
    expect(timedOut.length).toBeGreaterThan(5);
    expect(off.during.some((a) => a.outcome === "refused")).toBe(false);
    for (const a of timedOut) expect(a.endNs - a.startNs).toBeGreaterThanOrEqual(3 * S);
    const refused = crash.during.filter((a) => a.outcome === "refused");
    expect(refused.length).toBeGreaterThan(5);
    expect(crash.during.some((a) => a.outcome === "connect-timeout")).toBe(false);
    for (const a of refused) expect(a.endNs - a.startNs).toBeLessThan(10_000_000);
    // Both come back: the restart after 15 s lets the target rejoin and serve again.
    expect(off.r.faults.map((f) => f.action)).toEqual(["power-off", "restart"]);
  });
});
