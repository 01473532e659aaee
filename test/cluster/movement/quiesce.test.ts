import { describe, expect, it } from "vitest";
import { spawn, Simulator } from "../../../src/kernel/index.js";
import { NS_PER_MS, NS_PER_S } from "../../../src/kernel/time.js";
import { probingFrequencyNs, quiesce, QUI_ACTIVE, QUI_ACTIVE_DONT_BUMP, QUI_INACTIVE, type QuiResult } from "../../../src/cluster/movement/rebalance/quiesce.js";

// xact/base.go Quiesce and cmn/cos/common_durations.go ProbingFrequency at AIStore 583e7729.
describe("xact.Quiesce", () => {
  it("probes every d/8, at most 1 s, at least d/64 and 100 ms", () => {
    expect(probingFrequencyNs(10 * NS_PER_S)).toBe(NS_PER_S);
    expect(probingFrequencyNs(4 * NS_PER_S)).toBe(500 * NS_PER_MS);
    expect(probingFrequencyNs(400 * NS_PER_MS)).toBe(100 * NS_PER_MS);
    expect(probingFrequencyNs(128 * NS_PER_S)).toBe(2 * NS_PER_S);
  });

  /** When a quiesce of `d` ends, given what each probe finds (by probe number, from 1). */
  function endOf(dNs: number, found: (probe: number) => QuiResult): number {
    const sim = new Simulator();
    let probes = 0;
    let endNs = -1;
    spawn(sim, (function* () {
      yield* quiesce(dNs, () => found(++probes), () => undefined);
      endNs = sim.now;
    })());
    sim.run();
    return endNs;
  }

  it("ends after d of idle probes when nothing happens", () => {
    expect(endOf(10 * NS_PER_S, () => QUI_INACTIVE)).toBe(10 * NS_PER_S);
  });

  it("after a receive at its start, stays active 9 probes (a 10 s window), each raising the idle time needed by 1 s", () => {
    // Probes 1..9 are within 10 s of the receive: required idle 10 + 9 = 19 s, counted from probe 10: ends at 28 s.
    expect(endOf(10 * NS_PER_S, (p) => (p <= 9 ? QUI_ACTIVE : QUI_INACTIVE))).toBe(28 * NS_PER_S);
  });

  it("never requires more than 2 d of idle time", () => {
    expect(endOf(10 * NS_PER_S, (p) => (p <= 30 ? QUI_ACTIVE : QUI_INACTIVE))).toBe((30 + 20) * NS_PER_S);
  });

  it("resets without raising the requirement while peers are behind (active, don't bump)", () => {
    expect(endOf(10 * NS_PER_S, (p) => (p <= 5 ? QUI_ACTIVE_DONT_BUMP : QUI_INACTIVE))).toBe(15 * NS_PER_S);
  });
});
