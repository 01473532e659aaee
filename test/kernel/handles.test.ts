import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { slotOf } from "../../src/kernel/handles.js";

describe("slotOf", () => {
  it("equals the remainder for every packed handle up to 2^53", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 27 - 1 }), fc.integer({ min: 0, max: 2 ** 26 - 1 }), (generation, slot) => {
        const handle = generation * 2 ** 26 + slot;
        expect(slotOf(handle, 2 ** 26)).toBe(slot);
        expect(slotOf(handle, 2 ** 26)).toBe(handle % 2 ** 26);
      }),
      { numRuns: 2000, seed: 5 },
    );
    expect(slotOf(2 ** 53 - 1, 2 ** 26)).toBe(2 ** 26 - 1);
    expect(slotOf(0, 2 ** 26)).toBe(0);
  });
});
