import { describe, expect, it } from "vitest";
import { simulate, type EndedRequest } from "../../src/sim/simulate.js";
import type { Cluster } from "../../src/cluster/cluster.js";
import { closedGets, MS, S, smallCluster, expectNoViolations } from "./helpers.js";

describe("a 1 s blip (every server unreachable) under the dls policy", () => {
  const blipNs = 10 * S;
  const r = simulate({
    seed: 5,
    durationNs: 30 * S,
    cluster: smallCluster({ targets: 4, proxies: 1 }, 400, 64 * 1024),
    workload: closedGets("ais://data", 12, 400, 64 * 1024, 20 * MS, 12),
    faults: [{ atNs: blipNs, action: "blip", durationNs: 1 * S, nodes: "all" }],
    policy: { preset: "dls" },
    // dls names no timeouts; a short connect timeout makes clients try often while the blip lasts.
    knobs: { connectTimeoutNs: 250 * MS },
    records: { mode: "all" },
    checkVersions: true,
  });

  it("loses no request", () => {
    expectNoViolations(r);
    expect(r.summary.failed).toBe(0);
    // The blip was felt: attempts timed out connecting and were retried.
    expect(r.summary.attemptOutcomes["connect-timeout"]).toBeGreaterThan(12);
  });

  it("keeps every client at ≤ 10 requests/s while it lasts (healthy clients send far more)", () => {
    const perClient = new Map<number, number[]>();
    for (const rec of r.records) for (const a of rec.attempts) {
      const list = perClient.get(rec.client) ?? [];
      list.push(a.startNs);
      perClient.set(rec.client, list);
    }
    let healthyMax = 0;
    let blipMax = 0;
    for (const starts of perClient.values()) {
      // Attempts sent while the blip lasts, and the most in any 1 s window of the healthy stretch before it.
      blipMax = Math.max(blipMax, starts.filter((t) => t >= blipNs && t < blipNs + S).length);
      starts.sort((a, b) => a - b);
      let j = 0;
      for (let i = 0; i < starts.length; i++) {
        while (starts[j] < starts[i] - S) j++;
        if (starts[i] > 3 * S && starts[i] < blipNs) healthyMax = Math.max(healthyMax, i - j + 1);
      }
    }
    expect(blipMax).toBeLessThanOrEqual(10);
    expect(blipMax).toBeGreaterThan(1);
    expect(healthyMax).toBeGreaterThan(20);
  });
});

describe("a hung target with a 20 s read timeout (ais-sdk@1.25)", () => {
  const hangNs = 10 * S;
  const ended: EndedRequest[] = [];
  let owners: Int16Array | null = null;
  const r = simulate(
    {
      seed: 9,
      durationNs: 60 * S,
      cluster: smallCluster({ targets: 4 }, 400, 64 * 1024),
      workload: closedGets("ais://data", 16, 400, 64 * 1024, 50 * MS, 16),
      faults: [{ atNs: hangNs, action: "hang", node: "t3" }],
      policy: { preset: "ais-sdk@1.25" },
      checkVersions: true,
    },
    {
      onBuilt: (c: Cluster) => {
        owners = Int16Array.from({ length: 400 }, (_, i) => c.owners.owner(c.proxies[0].smap, 0, i));
      },
      onRequestEnd: (e) => ended.push(e),
    },
  );

  it("requests for its objects take at least the read timeout", () => {
    expectNoViolations(r);
    const removalNs = r.membership.find((m) => m.kind === "remove")!.atNs;
    expect(r.membership.find((m) => m.kind === "remove")!.nodes).toEqual(["t3"]);
    const hit = ended.filter((e) => owners![e.object] === 2 && e.startNs > hangNs && e.startNs < removalNs - 21 * S);
    expect(hit.length).toBeGreaterThan(0);
    for (const e of hit) expect(e.endNs - e.startNs).toBeGreaterThanOrEqual(20 * S);
  });

  it("requests for other targets' objects are unaffected", () => {
    const others = ended.filter((e) => owners![e.object] !== 2 && e.startNs > hangNs);
    expect(others.length).toBeGreaterThan(1000);
    for (const e of others) {
      expect(e.outcome).toBe("ok");
      expect(e.endNs - e.startNs).toBeLessThan(10 * MS);
    }
  });
});
