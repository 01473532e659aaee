import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventHeap } from "../../src/kernel/event-heap.js";

type Entry = { time: number; tie: number; payload: number };
const byKey = (a: Entry, b: Entry): number => a.time - b.time || a.tie - b.tie;

describe("EventHeap", () => {
  it("pops entries in (time, tie) order through growth, interleaved pushes and pops", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { minLength: 1, maxLength: 400 }),
        (ops) => {
          const heap = new EventHeap(16);
          const model: Entry[] = [];
          let tie = 0;
          for (const [time, popNow] of ops) {
            const entry = { time, tie: tie++, payload: tie * 7 };
            heap.push(entry.time, entry.tie, entry.payload);
            model.push(entry);
            if (popNow) {
              model.sort(byKey);
              const expected = model.shift() as Entry;
              expect(heap.peekTime()).toBe(expected.time);
              expect(heap.pop()).toBe(expected.payload);
            }
          }
          model.sort(byKey);
          for (const expected of model) {
            expect(heap.peekTime()).toBe(expected.time);
            expect(heap.pop()).toBe(expected.payload);
          }
          expect(heap.size).toBe(0);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it("filter drops rejected payloads and keeps the order of the rest", () => {
    const heap = new EventHeap(16);
    for (let i = 0; i < 1000; i++) heap.push((i * 7919) % 101, i, i);
    heap.filter((p) => p % 3 === 0);
    const popped: number[] = [];
    while (heap.size > 0) popped.push(heap.pop());
    const expected = Array.from({ length: 1000 }, (_, i) => i)
      .filter((i) => i % 3 === 0)
      .sort((a, b) => ((a * 7919) % 101) - ((b * 7919) % 101) || a - b);
    expect(popped).toEqual(expected);
  });
});
