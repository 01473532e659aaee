import { describe, expect, it } from "vitest";
import { bucketSpec, clusterSpec } from "../../src/sim/cluster-builder.js";
import type { TraceRow } from "../../src/model/workload.js";
import { simulate, type EndedRequest } from "../../src/sim/simulate.js";
import { MS, S, expectNoViolations } from "./helpers.js";

const noRetry = { preset: "urllib3", set: { total: 0, "timeouts.connect_s": 3, "timeouts.read_s": 20 } };

describe("backend throttling", () => {
  it("PUTs above the prefix limit get 503 SlowDown; the accepted rate is the configured one", () => {
    const putPerS = 200;
    const offeredPerS = 600;
    const durationNs = 10 * S;
    const ended: EndedRequest[] = [];
    const r = simulate(
      {
        seed: 3,
        durationNs,
        cluster: clusterSpec({ targets: 4, buckets: [bucketSpec("s3://remote", 50_000, 16 * 1024, { putPerS, getPerS: 5500, latencyNs: 20 * MS })] }),
        workload: {
          mode: "open",
          ratePerS: offeredPerS,
          arrival: "constant",
          hosts: 8,
          mix: { GET: 0, PUT: 1, HEAD: 0, DELETE: 0 },
          objects: { bucket: "s3://remote", popularity: { kind: "uniform" }, count: 50_000, sizeBytes: 16 * 1024 },
        },
        policy: noRetry,
        checkVersions: true,
      },
      { onRequestEnd: (e) => ended.push(e) },
    );
    expectNoViolations(r);
    const offered = r.summary.requests;
    expect(Math.abs(offered - offeredPerS * 10)).toBeLessThanOrEqual(1);
    // A fresh prefix bucket holds one second of tokens, then refills at the limit.
    const accepted = r.summary.succeeded;
    expect(Math.abs(accepted - putPerS * (1 + 10))).toBeLessThanOrEqual(putPerS * 0.02);
    expect(r.summary.failedByKind["503"]).toBe(offered - accepted);
    // In the steady state (after the burst is spent) successes per second match the configured rate.
    const okPerSecond = new Array<number>(10).fill(0);
    for (const e of ended) if (e.outcome === "ok") okPerSecond[Math.floor(e.startNs / S)]++;
    for (let s = 3; s < 9; s++) expect(Math.abs(okPerSecond[s] - putPerS)).toBeLessThanOrEqual(2);
  });

  it("a throttle fault lowers the rate while it lasts", () => {
    const r = simulate({
      seed: 4,
      durationNs: 10 * S,
      cluster: clusterSpec({ targets: 2, buckets: [bucketSpec("s3://remote", 50_000, 16 * 1024, { putPerS: 3500 })] }),
      workload: {
        mode: "open",
        ratePerS: 500,
        arrival: "constant",
        hosts: 4,
        mix: { GET: 0, PUT: 1, HEAD: 0, DELETE: 0 },
        objects: { bucket: "s3://remote", popularity: { kind: "uniform" }, count: 50_000, sizeBytes: 16 * 1024 },
      },
      faults: [{ atNs: 4 * S, action: "backend-throttle", bucket: "s3://remote", ratePerS: 100, forNs: 3 * S }],
      policy: noRetry,
    });
    expectNoViolations(r);
    // 3 s at 100/s (plus what the bucket held) accepted out of 500/s offered; none refused outside the window.
    const refused = r.summary.failedByKind["503"];
    expect(refused).toBeGreaterThan(3 * (500 - 100) * 0.9);
    expect(refused).toBeLessThanOrEqual(3 * (500 - 100) + 10);
  });
});

describe("cold GET lock upgrade (remote bucket, object not cached)", () => {
  function coldRun(rows: TraceRow[]) {
    const ended: EndedRequest[] = [];
    const r = simulate(
      {
        seed: 1,
        durationNs: 30 * S,
        cluster: clusterSpec({ targets: 2, buckets: [bucketSpec("s3://remote", 100, 1 << 20, { latencyNs: 30 * MS })] }),
        workload: {
          mode: "trace-replay",
          file: "inline",
          speed: 1,
          rows,
          hosts: rows.length,
          mix: { GET: 1, PUT: 0, HEAD: 0, DELETE: 0 },
          objects: { bucket: "s3://remote", popularity: { kind: "uniform" }, count: 100, sizeBytes: 1 << 20 },
        },
        policy: noRetry,
        checkVersions: true,
      },
      { onRequestEnd: (e) => ended.push(e) },
    );
    expectNoViolations(r);
    return ended.sort((a, b) => a.startNs - b.startNs);
  }

  it("two readers that both try to upgrade: one gets 409 after ≈ 8.1 s, the other the object", () => {
    const ended = coldRun([
      { atNs: 0, op: "GET", object: 7, sizeBytes: 1 << 20 },
      { atNs: 20_000, op: "GET", object: 7, sizeBytes: 1 << 20 },
    ]);
    const outcomes = ended.map((e) => e.outcome).sort();
    expect(outcomes).toEqual(["409", "ok"]);
    const conflict = ended.find((e) => e.outcome === "409")!;
    const latencyS = (conflict.endNs - conflict.startNs) / S;
    expect(latencyS).toBeGreaterThan(8.1);
    expect(latencyS).toBeLessThan(8.2);
    const winner = ended.find((e) => e.outcome === "ok")!;
    expect(winner.endNs).toBeGreaterThan(conflict.endNs);
  });

  it("a late arrival waits for the first cold GET and reads its copy", () => {
    const ended = coldRun([
      { atNs: 0, op: "GET", object: 7, sizeBytes: 1 << 20 },
      { atNs: 10 * MS, op: "GET", object: 7, sizeBytes: 1 << 20 },
      { atNs: 5 * S, op: "GET", object: 7, sizeBytes: 1 << 20 },
    ]);
    expect(ended.map((e) => e.outcome)).toEqual(["ok", "ok", "ok"]);
    const [first, late, warm] = ended.map((e) => (e.endNs - e.startNs) / MS);
    // The first pays the backend's 30 ms; the late one waits out the rest of it (it arrived 10 ms in).
    expect(first).toBeGreaterThan(30);
    expect(late).toBeGreaterThan(first - 10 - 1);
    expect(late).toBeLessThan(first + 5);
    // Once cached, a GET is a local read: far below the backend latency.
    expect(warm).toBeLessThan(5);
  });
});
