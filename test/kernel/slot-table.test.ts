import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { grownColumn, SLOT_SPAN, SlotTable } from "../../src/kernel/slot-table.js";

describe("SlotTable", () => {
  it("reuses the last released slot first and grows the owner's columns by doubling", () => {
    const grownTo: number[] = [];
    const t = new SlotTable(2, (c) => grownTo.push(c), "too many");
    expect([t.allocate(), t.allocate()]).toEqual([0, 1]);
    expect(grownTo).toEqual([]);
    expect(t.allocate()).toBe(2);
    expect(grownTo).toEqual([4]);
    t.release(0);
    t.release(2);
    expect([t.allocate(), t.allocate(), t.allocate()]).toEqual([2, 0, 3]);
    expect(t.capacity).toBe(4);
  });

  it("makes handles that stop matching once their slot is released", () => {
    const t = new SlotTable(4, () => {}, "too many");
    const slot = t.allocate();
    const h1 = t.handleOf(slot);
    expect(t.slotOfCurrent(h1)).toBe(slot);
    t.release(slot);
    expect(t.slotOfCurrent(h1)).toBe(-1);
    expect(t.releasedSince(h1)).toBe(true);
    expect(t.allocate()).toBe(slot);
    const h2 = t.handleOf(slot);
    expect(h2).toBe(h1 + SLOT_SPAN);
    expect(t.slotOfCurrent(h2)).toBe(slot);
    expect(t.slotOfCurrent(h1)).toBe(-1);
    expect(t.slotOfCurrent(t.handleOf(slot) + 1)).toBe(-1); // a slot never handed out
  });

  it("matches a model of live records under any interleaving of allocations and releases", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(-1), fc.nat(40)), { maxLength: 300 }), (ops) => {
        const t = new SlotTable(1, () => {}, "too many");
        const live = new Map<number, number>(); // handle -> slot
        const dead: number[] = [];
        for (const op of ops) {
          if (op === -1 || live.size === 0) {
            const slot = t.allocate();
            for (const s of live.values()) expect(s).not.toBe(slot);
            live.set(t.handleOf(slot), slot);
          } else {
            const handle = [...live.keys()][op % live.size];
            t.release(live.get(handle)!);
            live.delete(handle);
            dead.push(handle);
          }
        }
        for (const [handle, slot] of live) expect(t.slotOfCurrent(handle)).toBe(slot);
        for (const handle of dead) expect(t.slotOfCurrent(handle)).toBe(-1);
      }),
    );
  });

  it("grows typed columns keeping their contents", () => {
    const a = Float64Array.from([1.5, 2.5]);
    const g = grownColumn(a, 4);
    expect(g).toBeInstanceOf(Float64Array);
    expect([...g]).toEqual([1.5, 2.5, 0, 0]);
  });
});
