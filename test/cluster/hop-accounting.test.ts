import { describe, expect, it } from "vitest";
import { bucketSpec, clusterSpec } from "../../src/sim/cluster-builder.js";
import { CLUSTER_KNOB_DEFAULTS } from "../../src/model/knobs.js";
import { simulate } from "../../src/sim/simulate.js";
import { closedGets, expectNoViolations, S } from "./helpers.js";

// An idle cluster with round numbers: one-way hops of 100 µs, a 1 GB/s disk (50 µs per IO) and 1 GB/s NICs.
const HOP_NS = 100_000;
const OBJECT_BYTES = 1_000_000;
// A 1 GB/s line carries 1448 TCP payload bytes per 1538 bytes of wire time (MTU 1500): 1 MB takes 1.062 ms.
const BODY_TRANSFER_NS = Math.ceil((OBJECT_BYTES * 1538) / 1448);

function idleRun(op: "GET" | "PUT") {
  const ends: Array<{ startNs: number; endNs: number; outcome: string }> = [];
  const r = simulate(
    {
      seed: 3,
      durationNs: 10 * S,
      cluster: clusterSpec({
        targets: 1,
        rttNs: 2 * HOP_NS,
        nicBytesPerS: 1e9,
        clientNicBytesPerS: 1e9,
        diskBandwidthBytesPerS: 1e9,
        diskWriteBandwidthBytesPerS: 1e9,
        diskLatencyNs: 50_000,
        buckets: [bucketSpec("ais://data", 100, OBJECT_BYTES)],
      }),
      // One client, a second apart: no request ever waits for another.
      workload: { ...closedGets("ais://data", 1, 100, OBJECT_BYTES, 1 * S), mix: { GET: op === "GET" ? 1 : 0, PUT: op === "PUT" ? 1 : 0, HEAD: 0, DELETE: 0 } },
      policy: { preset: "ais-sdk@1.25" },
    },
    { onRequestEnd: (e) => ends.push(e) },
  );
  expectNoViolations(r);
  return ends;
}

describe("hop accounting on an idle cluster (simplification 4 keeps every client-seen latency)", () => {
  it("a GET takes the proxy round trip and CPU, the target round trip, the disk read and the body's transfer at the NIC's payload rate", () => {
    const ends = idleRun("GET");
    expect(ends.length).toBeGreaterThanOrEqual(9);
    const expected = 2 * HOP_NS + CLUSTER_KNOB_DEFAULTS.proxyCpuNs + CLUSTER_KNOB_DEFAULTS.targetCpuNs + 2 * HOP_NS + 50_000 + 1_000_000 + BODY_TRANSFER_NS;
    for (const e of ends) {
      expect(e.outcome).toBe("ok");
      expect(e.endNs - e.startNs).toBe(expected);
    }
  });

  it("a PUT takes the proxy round trip and CPU, the body's transfer with the target round trip, and the write", () => {
    const ends = idleRun("PUT");
    expect(ends.length).toBeGreaterThanOrEqual(9);
    const expected = 2 * HOP_NS + CLUSTER_KNOB_DEFAULTS.proxyCpuNs + 2 * HOP_NS + BODY_TRANSFER_NS + 50_000 + 1_000_000;
    for (const e of ends) {
      expect(e.outcome).toBe("ok");
      expect(e.endNs - e.startNs).toBe(expected);
    }
  });
});
