import { describe, expect, it } from "vitest";
import { simulate, type EndedRequest } from "../../src/sim/simulate.js";
import type { Cluster } from "../../src/cluster/cluster.js";
import { closedGets, S, smallCluster, expectNoViolations } from "./helpers.js";

// A target crashes and stays down; plain ais:// bucket; clients run the AIStore SDK 1.25 policy.
function crashRun(seed: number) {
  const crashNs = 10 * S;
  const ended: EndedRequest[] = [];
  let owners: Int16Array | null = null;
  const r = simulate(
    {
      seed,
      durationNs: 70 * S,
      cluster: smallCluster({ targets: 4 }, 400, 64 * 1024),
      workload: closedGets("ais://data", 8, 400, 64 * 1024, 50_000_000, 8),
      faults: [{ atNs: crashNs, action: "crash", node: "t2" }],
      policy: { preset: "ais-sdk@1.25" },
      checkVersions: true,
    },
    {
      onBuilt: (c: Cluster) => {
        const map = c.proxies[0].smap;
        owners = Int16Array.from({ length: 400 }, (_, i) => c.owners.owner(map, 0, i));
      },
      onRequestEnd: (e) => ended.push(e),
    },
  );
  return { r, ended, owners: owners!, crashNs };
}

describe("target crash, ais:// bucket, ais-sdk@1.25", () => {
  it("keepalive removes the target 20–45 s after the crash, over many seeds", () => {
    const delays: number[] = [];
    for (let seed = 1; seed <= 12; seed++) {
      const { r, crashNs } = crashRun(seed);
      expectNoViolations(r);
      const removal = r.membership.find((m) => m.kind === "remove");
      expect(removal?.nodes).toEqual(["t2"]);
      expect(removal!.version).toBe(2);
      delays.push((removal!.atNs - crashNs) / S);
    }
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(20);
      expect(d).toBeLessThanOrEqual(45);
    }
    // The keepalive phase is random per seed: removal times spread over the window, not one fixed delay.
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(3);
  });

  it("its objects fail with connection errors until the removal, then with 404; others succeed", () => {
    const { r, ended, owners, crashNs } = crashRun(3);
    expectNoViolations(r);
    const removalNs = r.membership.find((m) => m.kind === "remove")!.atNs;
    const t2 = 1;
    let refusedBefore = 0;
    let notFoundAfter = 0;
    for (const e of ended) {
      if (owners[e.object] !== t2) {
        expect(e.outcome).toBe("ok");
        continue;
      }
      if (e.endNs <= crashNs) expect(e.outcome).toBe("ok");
      // Requests ending while the map still lists t2 can only have met refused connections.
      if (e.endNs > crashNs && e.endNs < removalNs) {
        expect(e.outcome).toBe("refused");
        refusedBefore++;
      }
      // Started after every proxy learned the new map: the new owner has no copy (no rebalance) → 404.
      if (e.startNs > removalNs + 1 * S) {
        expect(e.outcome).toBe("404");
        notFoundAfter++;
      }
    }
    expect(notFoundAfter).toBeGreaterThan(20);
    // The SDK retried refused connections through the proxy (attempts > 1 per request while t2 was listed).
    expect(r.summary.attemptOutcomes.refused).toBeGreaterThan(refusedBefore);
    expect(r.summary.failedByKind["404"]).toBe(ended.filter((e) => e.outcome === "404").length);
  });
});
