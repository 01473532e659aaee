import { describe, expect, it } from "vitest";
import { LabelTable } from "../../src/kernel/labels.js";

describe("LabelTable", () => {
  it("interns pairs once, keeps their strings and tells labels from other numbers", () => {
    const t = new LabelTable();
    const a = t.intern("disk.done", "t1");
    expect(t.intern("disk.done", "t1")).toBe(a);
    const b = t.intern("disk.done", "t2");
    expect(b).toBe(a + 1);
    expect([t.kinds[b], t.components[b]]).toEqual(["disk.done", "t2"]);
    expect([t.has(a), t.has(b), t.has(b + 1), t.has(-1), t.has(0.5)]).toEqual([true, true, false, false, false]);
  });

  it("hashes the strings, so a label's hash does not depend on creation order, and survives growth", () => {
    const forward = new LabelTable();
    const backward = new LabelTable();
    const names = Array.from({ length: 100 }, (_, i) => `c${i}`);
    for (const n of names) forward.intern("k", n);
    for (const n of [...names].reverse()) backward.intern("k", n);
    for (const n of names) {
      expect(forward.hashes[forward.intern("k", n)]).toBe(backward.hashes[backward.intern("k", n)]);
    }
  });
});
