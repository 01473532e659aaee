import { describe, expect, it } from "vitest";
import { checkNothingLost, checkObjectsAtOwners, checkRebalanceSentEqualsReceived } from "../../../src/checkers/data-movement.js";

const placed = { name: "ais://b/o", latest: 2, owner: 3, ownerVersion: 2, mountpath: 1, hrwMountpath: 1, movable: true };

describe("data-movement checkers", () => {
  it("sent = received: a run whose receivers counted fewer objects or bytes is flagged with the seed", () => {
    expect(checkRebalanceSentEqualsReceived([{ rebId: 1, objSent: 5, objRcv: 5, sizeSentBytes: 50, sizeRcvBytes: 50 }], 9)).toEqual([]);
    const v = checkRebalanceSentEqualsReceived(
      [
        { rebId: 1, objSent: 5, objRcv: 4, sizeSentBytes: 50, sizeRcvBytes: 40 },
        { rebId: 2, objSent: 5, objRcv: 5, sizeSentBytes: 50, sizeRcvBytes: 49 },
      ],
      9,
    );
    expect(v.map((x) => x.message)).toEqual([
      "rebalance-sent-received: g1: sent 5 objects / 50 B, received 4 / 40 B (reproduce with seed=9)",
      "rebalance-sent-received: g2: sent 5 objects / 50 B, received 5 / 49 B (reproduce with seed=9)",
    ]);
  });

  it("objects at owners: a stale owner copy or a wrong mountpath is flagged; unmovable and deleted objects are not", () => {
    expect(checkObjectsAtOwners([placed], 1)).toEqual([]);
    expect(checkObjectsAtOwners([{ ...placed, ownerVersion: 1 }], 1)).toHaveLength(1);
    expect(checkObjectsAtOwners([{ ...placed, ownerVersion: 0 }], 1)[0].message).toMatch(/holds v0, latest is v2/);
    expect(checkObjectsAtOwners([{ ...placed, mountpath: 0 }], 1)[0].message).toMatch(/mountpath 0 .* HRW says 1/);
    expect(checkObjectsAtOwners([{ ...placed, ownerVersion: 0, movable: false }, { ...placed, latest: 0, ownerVersion: 0 }], 1)).toEqual([]);
    expect(checkObjectsAtOwners(Array.from({ length: 50 }, () => ({ ...placed, ownerVersion: 0 })), 1, 20)).toHaveLength(20);
  });

  it("nothing lost: a live object with no copy of its latest version anywhere is flagged unless it can be restored", () => {
    const o = { name: "ais://b/o", latest: 3, bestHeld: 3, recoverable: false };
    expect(checkNothingLost([o, { ...o, latest: 0, bestHeld: 0 }, { ...o, bestHeld: 0, recoverable: true }], 4)).toEqual([]);
    expect(checkNothingLost([{ ...o, bestHeld: 2 }], 4)[0].message).toBe("nothing-lost: ais://b/o: latest v3, best copy held v2 (reproduce with seed=4)");
  });
});
