import { describe, expect, it } from "vitest";
import { RngRoot } from "../../src/kernel/rng.js";
import { WindowedCounter } from "../../src/retry/windowed-counter.js";

describe("windowed counter", () => {
  it("sums the current slice and the slices − 1 before it", () => {
    const counter = new WindowedCounter(10, 10);
    counter.add(5, 0.5);
    counter.add(7, 9.9);
    expect(counter.sum(9.99)).toBe(12);
    expect(counter.sum(10.0)).toBe(7); // slice 0 expired
    expect(counter.sum(18.99)).toBe(7);
    expect(counter.sum(19.0)).toBe(0); // slice 9 expired
    expect(counter.sum(20.0)).toBe(0);
    counter.add(-3, 20.5);
    expect(counter.sum(20.6)).toBe(-3);
  });

  it("agrees with a brute-force sum over random adds", () => {
    const uniform = new RngRoot(4).stream("w");
    const counter = new WindowedCounter(2, 8);
    const adds: Array<[number, number]> = [];
    let nowS = 0;
    for (let i = 0; i < 5000; i++) {
      nowS += uniform() * (uniform() < 0.05 ? 3 : 0.05);
      const amount = Math.floor(uniform() * 10) - 3;
      counter.add(amount, nowS);
      adds.push([nowS, amount]);
      const id = Math.floor(nowS / 0.25);
      const expected = adds.filter(([t]) => Math.floor(t / 0.25) > id - 8).reduce((s, [, a]) => s + a, 0);
      if (counter.sum(nowS) !== expected) throw new Error(`at ${nowS}: ${counter.sum(nowS)} ≠ ${expected}`);
    }
  });
});
