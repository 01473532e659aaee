import { describe, expect, it } from "vitest";
import { simulate } from "../../src/sim/simulate.js";
import { closedGets, MS, S, smallCluster, expectNoViolations } from "./helpers.js";

describe("control plane", () => {
  // ais/kalive.go keepalive.do and ais/vote.go at 583e7729: every node keepalives to the primary each 10 s; a
  // failed one is retried 3 times 6 s apart, then the node reports the primary down; the next primary by HRW
  // health-checks it twice and runs a two-phase vote, then pushes the new map.
  it("primary loss: the next primary is elected 18–28 s after the crash (keepalive, 3 retries, vote) and pushes a new map", () => {
    const r = simulate({
      seed: 2,
      durationNs: 60 * S,
      cluster: smallCluster({ targets: 3, proxies: 3 }, 300, 16 * 1024),
      // Clients of host 0 talk to p1 (the primary); hosts 1 and 2 to p2 and p3.
      workload: closedGets("ais://data", 6, 300, 16 * 1024, 50 * MS, 3),
      faults: [{ atNs: 10 * S, action: "proxy-crash", node: "p1" }],
      policy: { preset: "ais-sdk@1.25" },
      checkVersions: true,
    });
    expectNoViolations(r);
    const election = r.membership.find((m) => m.kind === "election");
    expect(election).toBeDefined();
    // The first keepalive after the crash fails within one interval (10 s); three retries 6 s apart follow; the
    // refused health checks and the vote's two phases cost round trips.
    const afterS = (election!.atNs - 10 * S) / S;
    expect(afterS).toBeGreaterThanOrEqual(18);
    expect(afterS).toBeLessThanOrEqual(28.1);
    expect(election!.version).toBe(2);
    // Every surviving node installs the new version.
    const installed = new Set(r.smapVersions.filter((o) => o.version === 2).map((o) => r.nodeNames[o.node]));
    expect([...installed].sort()).toEqual(["p2", "p3", "t1", "t2", "t3"].filter((n) => n !== election!.nodes[0]).concat(election!.nodes).sort());
    // The primary's keepalive does not remove the old primary twice: it left with the election.
    expect(r.membership.filter((m) => m.kind === "remove" && m.nodes.includes("p1"))).toEqual([]);
  });

  // AIStore target.Run (ais/target.go at 583e7729) joins the cluster first and starts its HTTP listeners only in
  // htrun.run afterwards: until then its port refuses connections; nothing on the object path answers 503.
  it("a restarted target refuses connections until it has joined; still in the map, it rejoins without a version bump", () => {
    const r = simulate({
      seed: 3,
      durationNs: 90 * S,
      cluster: smallCluster({ targets: 3 }, 300, 16 * 1024),
      workload: closedGets("ais://data", 6, 300, 16 * 1024, 20 * MS, 6),
      // Down 10 s: restarted before the keepalive could remove it, so proxies still route to it while it starts.
      faults: [{ atNs: 10 * S, action: "restart", node: "t2", downNs: 10 * S, signal: "kill" }],
      policy: { preset: "urllib3", set: { total: 0 } },
      records: { mode: "all" },
    });
    expectNoViolations(r);
    const attempts = r.records.flatMap((rec) => rec.attempts);
    expect(attempts.filter((a) => a.outcome === "503")).toEqual([]);
    const refused = attempts.filter((a) => a.outcome === "refused");
    // Refused from the crash (10 s) through the restart (20 s) and its start-up (5 s) until the join's round trip.
    expect(refused.some((a) => a.endNs > 20 * S)).toBe(true);
    for (const a of refused) {
      expect(a.endNs).toBeGreaterThanOrEqual(10 * S);
      expect(a.endNs).toBeLessThan(25.1 * S);
    }
    // It never left the map, so its join changes nothing.
    expect(r.membership).toEqual([]);
  });

  it("a target removed by keepalive rejoins: version 2 removes it, version 3 adds it back", () => {
    const r = simulate({
      seed: 4,
      durationNs: 120 * S,
      cluster: smallCluster({ targets: 3 }, 300, 16 * 1024),
      workload: closedGets("ais://data", 6, 300, 16 * 1024, 20 * MS, 6),
      faults: [{ atNs: 10 * S, action: "restart", node: "t3", downNs: 60 * S, signal: "kill" }],
      policy: { preset: "ais-sdk@1.13" },
      checkVersions: true,
    });
    expectNoViolations(r);
    expect(r.membership.map((m) => [m.kind, m.nodes, m.version])).toEqual([
      ["remove", ["t3"], 2],
      ["join", ["t3"], 3],
    ]);
    expect(r.membership[1].atNs).toBeGreaterThanOrEqual(75 * S);
    expect(r.summary.failed).toBe(0);
  });
});

describe("metasync", () => {
  it("proxies and targets install a new map one hop plus the apply time after the primary", () => {
    const r = simulate({
      seed: 7,
      durationNs: 60 * S,
      cluster: smallCluster({ targets: 3, proxies: 3, rttNs: 400_000 }, 300, 16 * 1024),
      workload: closedGets("ais://data", 3, 300, 16 * 1024, 100 * MS, 3),
      faults: [{ atNs: 5 * S, action: "crash", node: "t3" }],
      policy: { preset: "ais-sdk@1.25" },
    });
    expectNoViolations(r);
    const removal = r.membership.find((m) => m.kind === "remove")!;
    const v2 = r.smapVersions.filter((o) => o.version === 2);
    const at = new Map(v2.map((o) => [r.nodeNames[o.node], o.timeNs]));
    expect(at.get("p1")).toBe(removal.atNs);
    // One-way hop 200 µs + 1 ms apply; the dead target never gets it.
    for (const n of ["p2", "p3", "t1", "t2"]) expect(at.get(n)! - removal.atNs).toBe(200_000 + 1_000_000);
    expect(at.has("t3")).toBe(false);
  });
});

describe("hangs mid-transfer", () => {
  it("a body stalled by a hang ends in a read timeout after the read timeout", () => {
    const sizeBytes = 256 << 20;
    const r = simulate({
      seed: 1,
      durationNs: 40 * S,
      // Slow NICs: a 256 MiB body takes ~2 s, so the hang at 1 s catches bodies in flight.
      cluster: smallCluster({ targets: 1, nicBytesPerS: 125e6, clientNicBytesPerS: 125e6 }, 10, sizeBytes),
      workload: closedGets("ais://data", 1, 10, sizeBytes, 0, 1),
      faults: [{ atNs: 1 * S, action: "hang", node: "t1", forNs: 60 * S }],
      policy: { preset: "urllib3", set: { total: 0, "timeouts.connect_s": 3, "timeouts.read_s": 5 } },
      records: { mode: "all" },
    });
    expectNoViolations(r);
    const first = r.records[0];
    expect(first.outcome).toBe("read-timeout");
    // The watchdog looks every read timeout: the stall is seen 5–10 s after the body began.
    expect(first.endNs).toBeGreaterThan(1 * S + 5 * S - 2 * S);
    expect(first.endNs).toBeLessThan(12 * S);
  });
});

describe("hedged requests (hedge-fixed)", () => {
  it("a copy goes out after the hedge delay; the first answer wins and the others are aborted", () => {
    const r = simulate({
      seed: 6,
      durationNs: 10 * S,
      cluster: smallCluster({ targets: 2 }, 200, 64 * 1024),
      workload: closedGets("ais://data", 4, 200, 64 * 1024, 50 * MS, 4),
      // t1 hangs for 300 ms: requests for its objects wait; copies every 100 ms pile up, then one wins.
      faults: [{ atNs: 2 * S, action: "hang", node: "t1", forNs: 300 * MS }],
      policy: { preset: "hedge-fixed", set: { delay_s: 0.1, max_copies: 3 } },
      records: { mode: "all" },
    });
    expectNoViolations(r);
    expect(r.summary.failed).toBe(0);
    const hedged = r.records.filter((rec) => rec.attempts.length > 1);
    expect(hedged.length).toBeGreaterThan(0);
    for (const rec of hedged) {
      expect(rec.attempts.length).toBeLessThanOrEqual(3);
      // Copies 100 ms apart, each sent before any answer came.
      for (let k = 1; k < rec.attempts.length; k++) {
        expect(rec.attempts[k].startNs - rec.attempts[k - 1].startNs).toBe(100 * MS);
      }
      expect(rec.attempts.filter((a) => a.outcome === "200").length).toBe(1);
      expect(rec.attempts.filter((a) => a.outcome === "aborted").length).toBe(rec.attempts.length - 1);
    }
    // Healthy requests answer in well under 100 ms and are never hedged.
    expect(r.records.filter((rec) => rec.startNs < 2 * S).every((rec) => rec.attempts.length === 1)).toBe(true);
  });
});
