import { describe, expect, it } from "vitest";
import { bucketSpec, clusterSpec } from "../../src/sim/cluster-builder.js";
import { simulate, type EndedRequest } from "../../src/sim/simulate.js";
import type { Cluster } from "../../src/cluster/cluster.js";
import { closedGets, MS, S, smallCluster, expectNoViolations } from "./helpers.js";

describe("failure schedules", () => {
  it("stochastic target failures: crash counts follow MTBF and MTTR", () => {
    const windowS = 2000;
    const r = simulate({
      seed: 12,
      durationNs: windowS * S,
      cluster: smallCluster({ targets: 4 }, 100, 4096),
      workload: closedGets("ais://data", 1, 100, 4096, 1 * S, 1),
      faults: [{ atNs: 0, action: "stochastic", class: "target", mtbfNs: 100 * S, mttrNs: 25 * S }],
      policy: { preset: "urllib3", set: { total: 0 } },
    });
    expectNoViolations(r);
    const crashes = r.faults.filter((f) => f.action === "crash").length;
    // Each target cycles up Exp(100 s) + down Exp(25 s): about 2000 / 125 = 16 crashes per target, 64 in all.
    expect(crashes).toBeGreaterThan(64 * 0.7);
    expect(crashes).toBeLessThan(64 * 1.3);
    // Mean down time from the log: restart follows crash of the same node.
    const downs: number[] = [];
    const open = new Map<string, number>();
    for (const f of r.faults) {
      if (f.action === "crash") open.set(f.nodes[0], f.atNs);
      if (f.action === "restart" && open.has(f.nodes[0])) downs.push(f.atNs - open.get(f.nodes[0])!);
    }
    const meanDownS = downs.reduce((a, b) => a + b, 0) / downs.length / S;
    expect(meanDownS).toBeGreaterThan(25 * 0.7);
    expect(meanDownS).toBeLessThan(25 * 1.3);
  });

  it("slow factor: a slowed target's disk time grows by the factor, other targets keep theirs", () => {
    const sizeBytes = 8 << 20;
    const ended: EndedRequest[] = [];
    let owners: Int16Array | null = null;
    const r = simulate(
      {
        seed: 3,
        durationNs: 20 * S,
        // HDD-class disks so the disk dominates a GET's latency.
        cluster: clusterSpec({ targets: 2, diskKind: "hdd", diskConcurrency: 1, buckets: [bucketSpec("ais://data", 200, sizeBytes)] }),
        workload: closedGets("ais://data", 1, 200, sizeBytes, 100 * MS, 1),
        faults: [{ atNs: 10 * S, action: "slow", node: "t1", factor: 4 }],
        policy: { preset: "urllib3" },
      },
      {
        onBuilt: (c: Cluster) => (owners = Int16Array.from({ length: 200 }, (_, i) => c.owners.owner(c.proxies[0].smap, 0, i))),
        onRequestEnd: (e) => ended.push(e),
      },
    );
    expectNoViolations(r);
    const mean = (xs: EndedRequest[]) => xs.reduce((a, e) => a + (e.endNs - e.startNs), 0) / xs.length / MS;
    const t1Before = mean(ended.filter((e) => owners![e.object] === 0 && e.endNs < 10 * S));
    const t1After = mean(ended.filter((e) => owners![e.object] === 0 && e.startNs > 10 * S));
    const t2After = mean(ended.filter((e) => owners![e.object] === 1 && e.startNs > 10 * S));
    // 8 MiB at 200 MB/s + 4 ms ≈ 46 ms; ×4 ≈ 184 ms (the network part is not slowed).
    expect(t1After / t1Before).toBeGreaterThan(3.3);
    expect(t1After / t1Before).toBeLessThan(4.1);
    expect(Math.abs(t2After / t1Before - 1)).toBeLessThan(0.1);
  });

  it("a target cut off from the primary only is removed by keepalive although clients still reach it", () => {
    const r = simulate({
      seed: 5,
      durationNs: 80 * S,
      cluster: smallCluster({ targets: 3, proxies: 1 }, 300, 16 * 1024),
      workload: closedGets("ais://data", 6, 300, 16 * 1024, 50 * MS, 3),
      faults: [{ atNs: 10 * S, action: "partition", nodes: ["t2"], from: ["p1"], forNs: 100 * S }],
      policy: { preset: "ais-sdk@1.25" },
    });
    expectNoViolations(r);
    const removal = r.membership.find((m) => m.kind === "remove");
    expect(removal?.nodes).toEqual(["t2"]);
    // Unanswered health checks take their timeouts: removal 20–45 s after the cut.
    expect((removal!.atNs - 10 * S) / S).toBeGreaterThanOrEqual(20);
    expect((removal!.atNs - 10 * S) / S).toBeLessThanOrEqual(45);
    // Until then its objects are served (no refused connections); after it, 404s (no rebalance on removal).
    expect(r.summary.attemptOutcomes.refused ?? 0).toBe(0);
    expect(r.summary.failedByKind["404"]).toBeGreaterThan(0);
  });

  it("metasync to a peer that does not answer waits out the 5 s timeout, then retries 2 s later", () => {
    // t2 is cut off from the primary 9–15 s (too short for keepalive to remove it); maintenance of t1 at 10 s
    // publishes a new map. The push to t2 times out at 15 s, the retry at 17 s gets through.
    const r = simulate({
      seed: 5,
      durationNs: 40 * S,
      cluster: smallCluster({ targets: 3, proxies: 1, rttNs: 400_000 }, 300, 16 * 1024),
      workload: closedGets("ais://data", 3, 300, 16 * 1024, 50 * MS, 3),
      faults: [{ atNs: 9 * S, action: "partition", nodes: ["t2"], from: ["p1"], forNs: 6 * S }],
      movement: { actions: [{ atNs: 10 * S, action: "maintenance", node: "t1" }] },
      policy: { preset: "ais-sdk@1.25" },
    });
    expectNoViolations(r);
    expect(r.membership.map((m) => m.kind)).toEqual(["maintenance"]);
    const v = r.membership[0].version;
    const installed = (node: string): number | undefined => r.smapVersions.find((o) => o.version === v && r.nodeNames[o.node] === node)?.timeNs;
    // One-way hop 200 µs + 1 ms apply.
    expect(installed("t3")).toBe(10 * S + 1_200_000);
    // The flagged t1 is still a member: it gets the map too.
    expect(installed("t1")).toBe(10 * S + 1_200_000);
    expect(installed("t2")).toBe(10 * S + 5 * S + 2 * S + 1_200_000);
  });
});
