import { describe, expect, it } from "vitest";
import { REFERENCE_WORKLOAD_CHECKSUM, referenceWorkload } from "../../src/bench/reference-machine.js";

describe("reference-machine workload", () => {
  it("runs exactly the reference case: 1e6 timeouts, the same order checksum as the peer heap benchmark", () => {
    // A different PRNG, seed, delay law or tie order changes the order in which processes run, and the checksum.
    const { events, checksum } = referenceWorkload();
    expect(events).toBe(1_000_000);
    expect(checksum).toBe(REFERENCE_WORKLOAD_CHECKSUM);
  });

  it("the checksum depends on the work: a smaller run gives another", () => {
    const small = referenceWorkload(10_000, 100);
    expect(small.events).toBe(10_000);
    expect(small.checksum).not.toBe(REFERENCE_WORKLOAD_CHECKSUM);
  });
});
