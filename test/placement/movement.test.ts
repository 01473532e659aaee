import { describe, expect, it } from "vitest";
import { compareNatural, MovementCounter } from "../../src/placement/movement.js";

describe("movement", () => {
  it("orders IDs naturally: numbers by value, the rest bytewise", () => {
    expect(["t10", "t2", "t1", "p3", "t1a", "target-9", "target-10"].sort(compareNatural)).toEqual(["p3", "t1", "t1a", "t2", "t10", "target-9", "target-10"]);
  });

  it("counts leaving and arriving per target, totals and the moved fraction", () => {
    const c = new MovementCounter();
    c.add("a", "a", 6, 600);
    c.add("a", "b", 3, 300);
    c.add("c", "b", 1, 100);
    const m = c.result();
    expect(m.perTarget).toEqual([
      { id: "a", objectsLeaving: 3, objectsArriving: 0, bytesLeaving: 300, bytesArriving: 0 },
      { id: "b", objectsLeaving: 0, objectsArriving: 4, bytesLeaving: 0, bytesArriving: 400 },
      { id: "c", objectsLeaving: 1, objectsArriving: 0, bytesLeaving: 100, bytesArriving: 0 },
    ]);
    expect([m.objectsMoved, m.bytesMoved, m.objectsTotal, m.movedFraction]).toEqual([4, 400, 10, 0.4]);
  });
});
