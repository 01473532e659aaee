import { describe, expect, it } from "vitest";
import { objectDigest } from "../../src/placement/digest.js";
import { nextPrimary, ownerInclMaintenance, ownerTarget, rankedTargets } from "../../src/placement/hrw.js";
import { Smap } from "../../src/placement/smap.js";
import { HrwKernel } from "../../src/placement/wasm/hrw-kernel.js";

describe("Smap snapshots", () => {
  const base = Smap.create({ targets: [{ id: "t1" }, { id: "t2" }, { id: "t3" }], proxies: [{ id: "p1" }, { id: "p2" }] });

  it("bumps the version per change and leaves older snapshots untouched", () => {
    const v2 = base.withTargetFlags("t2", ["maintenance"]);
    const v3 = v2.withTarget({ id: "t4" });
    const v4 = v3.withoutTargets(["t1", "t3"]);
    expect([base.version, v2.version, v3.version, v4.version]).toEqual([1, 2, 3, 4]);
    expect(base.activeTargets.map((t) => t.id)).toEqual(["t1", "t2", "t3"]);
    expect(v2.activeTargets.map((t) => t.id)).toEqual(["t1", "t3"]);
    expect(v4.targets.map((t) => t.id)).toEqual(["t2", "t4"]);
    expect(Object.isFrozen(base.targets) && Object.isFrozen(base.targets[0])).toBe(true);
  });

  it("refuses duplicate IDs across targets and proxies", () => {
    expect(() => base.withTarget({ id: "t2" })).toThrow(/duplicate node ID 't2'/);
    expect(() => base.withProxy({ id: "t1" })).toThrow(/duplicate node ID 't1'/);
  });

  it("keeps the primary unless it is removed or replaced", () => {
    expect(base.primary).toBe("p1");
    expect(base.withoutProxies(["p1"]).primary).toBe("");
    expect(base.withPrimary("p2").primary).toBe("p2");
  });

  it("maintenance moves objects off a target for owner but not for ownerInclMaintenance", () => {
    const m = base.withTargetFlags("t2", ["maintenance"]);
    let checked = 0;
    for (let i = 0; i < 200; i++) {
      const d = objectDigest(`ais/@#/b/o${i}`);
      if (ownerTarget(base, d)!.id !== "t2") continue;
      checked++;
      expect(ownerTarget(m, d)!.id).not.toBe("t2");
      expect(ownerInclMaintenance(m, d)!.id).toBe("t2");
      // Without t2, the new owner is the runner-up of the full ranking.
      expect(ownerTarget(m, d)!.id).toBe(rankedTargets(base, d, 2)[1].id);
    }
    expect(checked).toBeGreaterThan(30);
    expect(() => rankedTargets(m, objectDigest("x"), 3)).toThrow(/need 3 targets/);
  });

  it("next primary skips the given ID, non-electable and maintenance proxies", () => {
    const s = Smap.create({ targets: [{ id: "t1" }], proxies: [{ id: "p1" }, { id: "p2" }, { id: "p3" }] });
    const first = nextPrimary(s)!.id;
    const second = nextPrimary(s, first)!.id;
    expect(second).not.toBe(first);
    expect(nextPrimary(s.withProxyFlags(first, ["nonElectable"]))!.id).toBe(second);
    expect(nextPrimary(s.withProxyFlags(first, ["maintenance"]))!.id).toBe(second);
    expect(nextPrimary(Smap.create({ targets: [{ id: "t1" }] }))).toBeUndefined();
  });
});

describe("tie rule", () => {
  it("the kernel keeps the earliest candidate on equal weights (candidates come in ID order)", () => {
    const k = new HrwKernel();
    const at = k.alloc(8 * 4);
    const u32 = k.u32;
    // Node digests: A, B, B, A — weights repeat, so the first of each equal pair must win.
    const digests = [[1, 2], [7, 9], [7, 9], [1, 2]];
    digests.forEach(([lo, hi], i) => {
      u32[(at >> 2) + 2 * i] = lo;
      u32[(at >> 2) + 2 * i + 1] = hi;
    });
    const winner = k.fn.bestOf(12345, 678, at, 4);
    expect([0, 1]).toContain(winner);
    const [wlo, whi] = k.result();
    k.fn.mix64((digests[winner][0] ^ 12345) >>> 0, (digests[winner][1] ^ 678) >>> 0);
    expect(k.result()).toEqual([wlo, whi]);
  });
});
