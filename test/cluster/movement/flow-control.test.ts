import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../src/cluster/cluster.js";
import { bucketSpec, clusterSpec } from "../../../src/sim/cluster-builder.js";
import { simulate, type SimResult } from "../../../src/sim/simulate.js";
import { closedGets, expectNoViolations, S } from "../helpers.js";

const MIB = 1 << 20;
const OBJECTS = 4096;
const SIZE = 8 * MIB;
const MOUNTPATHS = 4;
const NIC_BYTES_PER_S = 25e9 / 8;
/** clusterConfig's HDD: 200 MB/s read, 180 MB/s write, 4 ms per IO, one IO at a time. */
const HDD_WRITE = 180e6;

interface Join {
  r: SimResult;
  /** Objects the joiner holds afterwards, per mountpath. */
  perMountpath: number[];
}

/** t5 joins 4 targets holding 32 GiB of 8 MiB objects over a 25 Gb/s network; almost no client load. */
function join(diskKind: "hdd" | "nvme"): Join {
  let cluster: Cluster | null = null;
  const r = simulate(
    {
      seed: 3,
      durationNs: 120 * S,
      cluster: clusterSpec({
        targets: 5,
        mountpathsPerTarget: MOUNTPATHS,
        diskKind,
        nicBytesPerS: NIC_BYTES_PER_S,
        buckets: [bucketSpec("ais://big", OBJECTS, SIZE)],
      }),
      workload: closedGets("ais://big", 1, OBJECTS, SIZE, 10 * S, 1),
      policy: { preset: "ais-sdk@1.25" },
      movement: { standby: ["t5"], actions: [{ atNs: 2 * S, action: "join", node: "t5" }] },
    },
    { onBuilt: (c) => (cluster = c) },
  );
  const c = cluster! as Cluster;
  const t5 = c.node("t5").index;
  const perMountpath = new Array<number>(MOUNTPATHS).fill(0);
  for (let i = 0; i < OBJECTS; i++) if (c.buckets[0].store.versionOn(i, t5) > 0) perMountpath[c.placement.mountpath(0, i, t5)]++;
  return { r, perMountpath };
}

const traverseS = (r: SimResult): number => Math.max(...r.movement.rebalance.map((x) => x.stageNs.traverse)) / 1e9;

// Flow control: a sender worker takes its next batch only when the receiver's writes of the previous one ended,
// so a joiner whose disks write slower than its NIC receives at its disks' pace.
describe("rebalance limited by the receiver's disk writes", () => {
  const hdd = join("hdd");
  const nvme = join("nvme");

  it("both joins complete cleanly and move the same objects, all of them to t5", () => {
    for (const [{ r }, label] of [[hdd, "hdd"], [nvme, "nvme"]] as const) {
      expectNoViolations(r, label);
      expect(r.movement.runs.map((x) => x.state)).toEqual(["done"]);
      expect(r.movement.rebalance.find((x) => x.daemonId === "t5")!.sizeRcvBytes).toBe(r.figures.rebalance_bytes);
    }
    expect(hdd.r.figures.rebalance_bytes).toBe(nvme.r.figures.rebalance_bytes);
    expect(hdd.perMountpath).toEqual(nvme.perMountpath);
    // About a fifth of 32 GiB: the disk-bound traversal lasts seconds.
    expect(hdd.r.figures.rebalance_bytes).toBeGreaterThan(6e9);
  });

  it("with HDDs the traversal takes the joiner's write time: bytes / (4 × 180 MB/s), not bytes / NIC", () => {
    const bytes = hdd.r.figures.rebalance_bytes;
    const aggregate = bytes / (MOUNTPATHS * HDD_WRITE);
    // Writes of one mountpath are serial, so the busiest mountpath of the joiner is a hard lower bound.
    const busiest = (Math.max(...hdd.perMountpath) * SIZE) / HDD_WRITE;
    const t = traverseS(hdd.r);
    expect(t).toBeGreaterThanOrEqual(busiest);
    // Above it: each write IO (~2 objects, 16 MiB, 93 ms) pays 4 ms positioning (+4%), and the pipeline fills
    // with one 64 MiB batch read (0.34 s, +3% of ~10 s) before the first write starts.
    expect(t).toBeLessThan(busiest * 1.1);
    // Against the aggregate write bandwidth the uneven HRW spread over the joiner's 4 mountpaths adds its share
    // (the busiest holds ~8% more than the mean here): within 25%.
    expect(t).toBeGreaterThan(aggregate);
    expect(t).toBeLessThan(aggregate * 1.25);
    // The NIC alone would allow it in a quarter of that time.
    expect(t).toBeGreaterThan((4 * bytes) / NIC_BYTES_PER_S);
  });

  it("with NVMe disks the same join is NIC-bound and several times faster", () => {
    const bytes = nvme.r.figures.rebalance_bytes;
    const t = traverseS(nvme.r);
    expect(t).toBeGreaterThan(bytes / NIC_BYTES_PER_S);
    expect(t).toBeLessThan((bytes / NIC_BYTES_PER_S) * 1.1);
    expect(traverseS(hdd.r)).toBeGreaterThan(3 * t);
  });
});
