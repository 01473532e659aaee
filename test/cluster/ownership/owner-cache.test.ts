import { describe, expect, it } from "vitest";
import { InterimHrw } from "../../../src/cluster/ownership/interim-hrw.js";
import { OwnerCache } from "../../../src/cluster/ownership/owner-cache.js";
import type { ClusterMap } from "../../../src/cluster/ownership/cluster-map.js";
import type { Placement } from "../../../src/cluster/ownership/placement-port.js";

describe("owner cache", () => {
  const n = 5000;
  const hrw = new InterimHrw(["ais/@#/b"], [n], ["t1", "t2", "t3", "t4", "t5", "t6"], ["/mp1"], ["p1"]);
  let computed = 0;
  const counting: Placement = {
    owner: (b, o, m) => {
      computed++;
      return hrw.owner(b, o, m);
    },
    mountpath: () => 0,
    nextPrimary: () => 0,
  };
  const full: ClusterMap = { version: 1, primary: 0, proxies: [0], targets: [0, 1, 2, 3, 4, 5] };
  const without2: ClusterMap = { version: 2, primary: 0, proxies: [0], targets: [0, 1, 3, 4, 5] };
  const rejoined: ClusterMap = { version: 3, primary: 0, proxies: [0], targets: [0, 1, 2, 3, 4, 5] };

  it("after a removal re-ranks only the removed target's objects, and agrees with a full HRW pass", () => {
    const cache = new OwnerCache(counting, [n]);
    let onTarget2 = 0;
    for (let i = 0; i < n; i++) if (cache.owner(full, 0, i) === 2) onTarget2++;
    expect(computed).toBe(n);
    computed = 0;
    for (let i = 0; i < n; i++) expect(cache.owner(without2, 0, i)).toBe(hrw.owner(0, i, without2));
    expect(computed).toBe(onTarget2);
    // The rejoined map has the first map's targets: every owner is borrowed from it, none ranked again.
    computed = 0;
    for (let i = 0; i < n; i++) expect(cache.owner(rejoined, 0, i)).toBe(hrw.owner(0, i, full));
    expect(computed).toBe(0);
    expect(onTarget2).toBeGreaterThan(n / 6 / 2);
  });
});
