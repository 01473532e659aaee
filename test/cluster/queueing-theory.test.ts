import { describe, expect, it } from "vitest";
import { bucketSpec, clusterSpec } from "../../src/sim/cluster-builder.js";
import { closedGets, run, S } from "./helpers.js";

// One target with one mountpath of bandwidth B serving objects of size S to N closed-loop clients without think
// time: the disk is the bottleneck, so throughput X = B / S, and Little's law ties N = X · R.
describe("healthy cluster against queueing theory", () => {
  const diskBytesPerS = 500e6;
  const sizeBytes = 1 << 20;
  const clients = 16;
  const warmupNs = 5 * S;
  const durationNs = 35 * S;

  const r = run({
      seed: 7,
      durationNs,
      warmupNs,
      cluster: clusterSpec({
        targets: 1,
        mountpathsPerTarget: 1,
        diskBandwidthBytesPerS: diskBytesPerS,
        diskLatencyNs: 0,
        diskConcurrency: 1,
        buckets: [bucketSpec("ais://data", 1000, sizeBytes)],
      }),
      workload: closedGets("ais://data", clients, 1000, sizeBytes, 0, 4),
      policy: { preset: "urllib3" },
      utilisation: true,
  });

  it("throughput is the disk bandwidth over the object size (within 2%)", () => {
    const seconds = (durationNs - warmupNs) / S;
    const throughput = r.summary.succeeded / seconds;
    const theory = diskBytesPerS / sizeBytes;
    expect(r.summary.failed).toBe(0);
    expect(Math.abs(throughput / theory - 1)).toBeLessThan(0.02);
  });

  it("Little's law N = X·R holds within 1%", () => {
    const seconds = (durationNs - warmupNs) / S;
    const x = r.summary.succeeded / seconds;
    const meanLatencyS = r.summary.latency.meanNs / S;
    expect(Math.abs((x * meanLatencyS) / clients - 1)).toBeLessThan(0.01);
  });

  it("a request's latency is mostly queueing at the disk: about N·S/B", () => {
    const theoryS = (clients * sizeBytes) / diskBytesPerS;
    expect(r.summary.latency.p50Ns / S).toBeGreaterThan(theoryS * 0.97);
    expect(r.summary.latency.p50Ns / S).toBeLessThan(theoryS * 1.05);
  });

  it("the disk is the bottleneck: busy all the time, the target's NIC mostly idle", () => {
    const u = r.utilisation!;
    const disk = u.disk["target/t1/mp/0"];
    const nic = u.egress["target/t1"];
    for (let s = 6; s < 34; s++) {
      expect(disk[s]).toBeGreaterThan(0.99);
      expect(nic[s]).toBeLessThan(0.1);
    }
  });
});
