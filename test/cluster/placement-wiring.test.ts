import { describe, expect, it } from "vitest";
import { objectDigest } from "../../src/placement/digest.js";
import { mountpathFor, ownerTarget } from "../../src/placement/hrw.js";
import { Smap } from "../../src/placement/smap.js";
import type { Cluster } from "../../src/cluster/cluster.js";
import { simulate } from "../../src/sim/simulate.js";
import { closedGets, expectNoViolations, S, smallCluster } from "./helpers.js";

describe("placement wiring", () => {
  it("proxies route with AIStore's HRW: owners and mountpaths match src/placement for the same unames", () => {
    let cluster: Cluster | null = null;
    const r = simulate(
      {
        seed: 1,
        durationNs: 1 * S,
        cluster: smallCluster({ targets: 5, mountpathsPerTarget: 4 }, 300, 4096),
        workload: closedGets("ais://data", 2, 300, 4096, 0, 1),
        policy: { preset: "urllib3" },
      },
      { onBuilt: (c) => (cluster = c) },
    );
    expectNoViolations(r);
    const c = cluster!;
    const paths = ["/ais/mp1", "/ais/mp2", "/ais/mp3", "/ais/mp4"];
    const smap = Smap.create({ targets: ["t1", "t2", "t3", "t4", "t5"].map((id) => ({ id, mountpaths: paths })) });
    const without3 = smap.withoutTargets(["t3"]);
    const map = c.proxies[0].smap;
    const mapWithout3 = { ...map, version: 2, targets: map.targets.filter((t) => t !== 2) };
    const perTarget = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const d = objectDigest(`ais/@#/data/obj-${String(i).padStart(8, "0")}`);
      const owner = ownerTarget(smap, d)!;
      perTarget.set(owner.id, (perTarget.get(owner.id) ?? 0) + 1);
      expect(c.targets[c.owners.owner(map, 0, i)].id).toBe(owner.id);
      expect(c.targets[c.owners.owner(mapWithout3, 0, i)].id).toBe(ownerTarget(without3, d)!.id);
      expect(paths[c.placement.mountpath(0, i, 0)]).toBe(mountpathFor(owner, d)!.path);
    }
    // Every target owns a share; the store put each object on its owner.
    expect(perTarget.size).toBe(5);
    for (let i = 0; i < 300; i++) expect(c.buckets[0].store.versionOn(i, c.owners.owner(map, 0, i))).toBe(1);
  });
});
