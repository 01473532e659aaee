import { describe, expect, it } from "vitest";
import { AIS_DEFAULTS } from "../../../src/model/defaults.js";
import { bucketSpec, clusterSpec } from "../../../src/sim/cluster-builder.js";
import { simulate, type SimResult } from "../../../src/sim/simulate.js";
import { closedGets, S, expectNoViolations } from "../helpers.js";

const MIB = 1 << 20;

/** A bytes-bound join: 4 targets hold 8 GiB of 8 MiB objects, t5 joins at 2 s; almost no client load. */
function join(nicBitsPerS: number, quiescentS = 10, compression: "never" | "always" = "never"): SimResult {
  const config = { ...AIS_DEFAULTS, rebalance: { ...AIS_DEFAULTS.rebalance, quiescentNs: quiescentS * S, compression } };
  return simulate({
    seed: 3,
    durationNs: 120 * S,
    cluster: clusterSpec({
      targets: 5,
      mountpathsPerTarget: 4,
      nicBytesPerS: nicBitsPerS / 8,
      buckets: [bucketSpec("ais://big", 1024, 8 * MIB)],
      config,
    }),
    workload: closedGets("ais://big", 1, 1024, 8 * MIB, 10 * S, 1),
    policy: { preset: "ais-sdk@1.25" },
    movement: { standby: ["t5"], actions: [{ atNs: 2 * S, action: "join", node: "t5" }] },
  });
}

const traverseNs = (r: SimResult): number => Math.max(...r.movement.rebalance.map((x) => x.stageNs.traverse));

describe("rebalance limited by NIC bandwidth", () => {
  const slow = join(4e9);
  const fast = join(8e9);

  it("both runs complete cleanly and move the same objects", () => {
    for (const [r, label] of [[slow, "4 Gb/s"], [fast, "8 Gb/s"]] as const) {
      expectNoViolations(r, label);
      expect(r.movement.runs.map((x) => x.state)).toEqual(["done"]);
    }
    expect(fast.figures.rebalance_bytes).toBe(slow.figures.rebalance_bytes);
    // A fifth of 8 GiB or so lands on the new target: enough to make traversal bytes-bound.
    expect(slow.figures.rebalance_bytes).toBeGreaterThan(1.2e9);
  });

  it("twice the NIC bandwidth halves the traversal (within 10%)", () => {
    const ratio = traverseNs(slow) / traverseNs(fast);
    expect(ratio).toBeGreaterThan(1.8);
    expect(ratio).toBeLessThan(2.2);
    // And the traversal is the transfer: bytes over the joiner's ingress NIC.
    const ideal = slow.figures.rebalance_bytes / (4e9 / 8);
    expect(traverseNs(slow) / 1e9).toBeGreaterThan(ideal * 0.95);
    expect(traverseNs(slow) / 1e9).toBeLessThan(ideal * 1.25);
  });

  it("lz4 compression (ratio 0.5 on the wire) halves a NIC-bound traversal too; SizeSent stays the object bytes", () => {
    const lz4 = join(4e9, 10, "always");
    expectNoViolations(lz4);
    expect(lz4.figures.rebalance_bytes).toBe(slow.figures.rebalance_bytes);
    const ratio = traverseNs(slow) / traverseNs(lz4);
    expect(ratio).toBeGreaterThan(1.8);
    expect(ratio).toBeLessThan(2.2);
  });

  it("the quiesce stage adds at least `quiescent` on every target", () => {
    const longer = join(8e9, 25);
    expectNoViolations(longer);
    for (const row of fast.movement.rebalance) expect(row.stageNs.quiesce).toBeGreaterThanOrEqual(10 * S);
    for (const row of longer.movement.rebalance) expect(row.stageNs.quiesce).toBeGreaterThanOrEqual(25 * S);
    const total = (r: SimResult): number => r.movement.runs[0].endNs - r.movement.runs[0].startNs;
    expect(total(longer) - total(fast)).toBeGreaterThanOrEqual(15 * S);
  });
});
