import { describe, expect, it } from "vitest";
import { EventTable } from "../../src/kernel/event-table.js";
import { SLOT_SPAN } from "../../src/kernel/slot-table.js";
import { Simulator } from "../../src/kernel/simulator.js";

const noop = (): void => undefined;

describe("EventTable", () => {
  it("keeps a cancelled event's slot taken until it is released, then reuses it last-released-first", () => {
    const t = new EventTable(2);
    const a = t.add(noop, "a", 1);
    const b = t.add(noop, "b", 2);
    const idA = t.idOf(a);
    expect([idA, t.idOf(b)]).toEqual([0, 1]);
    expect(t.pendingSlotOf(idA)).toBe(a);
    t.cancel(a);
    expect(t.pendingSlotOf(idA)).toBe(-1);
    expect(t.add(noop, "c", 3)).toBe(2); // a is cancelled but its heap entry still names it
    t.release(a);
    t.release(b);
    expect(t.add(noop, "d", 4)).toBe(b);
    expect(t.add(noop, "e", 5)).toBe(a);
    expect(t.idOf(a)).toBe(SLOT_SPAN + a);
    expect(t.pendingSlotOf(idA)).toBe(-1);
  });

  it("grows its columns keeping the labels, handlers and arguments of pending events", () => {
    const t = new EventTable(2);
    const slots = [0, 1, 2, 3, 4].map((i) => t.add(noop, i, 10 + i));
    expect(slots).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(t.labels.subarray(0, 5))).toEqual([10, 11, 12, 13, 14]);
    expect(t.args.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(t.handlers.length).toBe(t.labels.length);
  });

  it("gives the simulator the event ids it always gave: slot first, generation above SLOT_SPAN", () => {
    const sim = new Simulator({ initialCapacity: 16 });
    const ids = [sim.schedule(1, noop), sim.schedule(2, noop), sim.schedule(3, noop)];
    expect(ids).toEqual([0, 1, 2]);
    sim.step(); // slot 0 ran and is free again
    expect(sim.schedule(1, noop)).toBe(SLOT_SPAN);
    expect(sim.schedule(1, noop)).toBe(3);
  });
});
