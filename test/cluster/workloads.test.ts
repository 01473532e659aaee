import { describe, expect, it } from "vitest";
import { bucketSpec, clusterSpec } from "../../src/sim/cluster-builder.js";
import { simulate, type EndedRequest } from "../../src/sim/simulate.js";
import { parseTraceCsv } from "../../src/workload/clients/trace-replay.js";
import { MS, S, expectNoViolations } from "./helpers.js";

const GETS = { GET: 1, PUT: 0, HEAD: 0, DELETE: 0 };

describe("workload generators", () => {
  it("open loop: Poisson arrivals at the given rate, whatever the completions", () => {
    const r = simulate({
      seed: 8,
      durationNs: 20 * S,
      cluster: clusterSpec({ targets: 2, buckets: [bucketSpec("ais://data", 1000, 4096)] }),
      workload: { mode: "open", ratePerS: 2000, arrival: "poisson", hosts: 4, mix: GETS, objects: { bucket: "ais://data", popularity: { kind: "uniform" }, count: 1000, sizeBytes: 4096 } },
      policy: { preset: "urllib3" },
    });
    expectNoViolations(r);
    // 40,000 expected; a Poisson count has sd 200, so ±3 sd.
    expect(Math.abs(r.summary.requests - 40_000)).toBeLessThan(600);
    expect(r.summary.failed).toBe(0);
  });

  it("bulk copy: every object is read once and written once to the destination", () => {
    const ended: EndedRequest[] = [];
    const r = simulate(
      {
        seed: 2,
        durationNs: 600 * S,
        cluster: clusterSpec({ targets: 3, buckets: [bucketSpec("ais://src", 300, 64 * 1024), bucketSpec("ais://dst", 300, 64 * 1024, undefined)] }),
        workload: { mode: "bulk-copy", destination: "ais://dst", concurrency: 8, hosts: 2, mix: GETS, objects: { bucket: "ais://src", popularity: { kind: "uniform" }, count: 300, sizeBytes: 64 * 1024 } },
        policy: { preset: "urllib3" },
        checkVersions: true,
      },
      { onRequestEnd: (e) => ended.push(e) },
    );
    expectNoViolations(r);
    expect(r.drained).toBe(true);
    const gets = ended.filter((e) => e.op === "GET" && e.bucket === 0).map((e) => e.object).sort((a, b) => a - b);
    const puts = ended.filter((e) => e.op === "PUT" && e.bucket === 1).map((e) => e.object).sort((a, b) => a - b);
    expect(gets).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(puts).toEqual(gets);
    expect(ended.every((e) => e.outcome === "ok")).toBe(true);
    // Tight loop with 8 workers: the copy is done long before the duration.
    expect(r.endNs).toBeLessThan(600 * S);
  });

  it("trace replay: rows start at their times (scaled by speed) with their operations", () => {
    const rows = parseTraceCsv("time_s,op,object,size_bytes\n0.5,GET,3,4096\n1.0,PUT,4,8192\n1.5,HEAD,4,0\n2.0,DELETE,4,0\n2.5,GET,4,4096\n");
    const ended: EndedRequest[] = [];
    const r = simulate(
      {
        seed: 1,
        durationNs: 10 * S,
        cluster: clusterSpec({ targets: 2, buckets: [bucketSpec("ais://data", 100, 4096)] }),
        workload: { mode: "trace-replay", file: "inline.csv", speed: 2, rows, hosts: 1, mix: GETS, objects: { bucket: "ais://data", popularity: { kind: "uniform" }, count: 100, sizeBytes: 4096 } },
        policy: { preset: "urllib3", set: { total: 0 } },
        checkVersions: true,
      },
      { onRequestEnd: (e) => ended.push(e) },
    );
    expectNoViolations(r);
    expect(ended.map((e) => [e.op, e.startNs, e.outcome])).toEqual([
      ["GET", 250 * MS, "ok"],
      ["PUT", 500 * MS, "ok"],
      ["HEAD", 750 * MS, "ok"],
      ["DELETE", 1000 * MS, "ok"],
      ["GET", 1250 * MS, "404"],
    ]);
  });

  it("Zipf popularity concentrates requests on few objects; uniform does not", () => {
    const counts = (popularity: { kind: "uniform" } | { kind: "zipf"; s: number }) => {
      const hits = new Map<number, number>();
      const r = simulate(
        {
          seed: 5,
          durationNs: 5 * S,
          cluster: clusterSpec({ targets: 2, buckets: [bucketSpec("ais://data", 10_000, 4096)] }),
          workload: { mode: "open", ratePerS: 2000, arrival: "constant", hosts: 2, mix: GETS, objects: { bucket: "ais://data", popularity, count: 10_000, sizeBytes: 4096 } },
          policy: { preset: "urllib3" },
        },
        { onRequestEnd: (e) => hits.set(e.object, (hits.get(e.object) ?? 0) + 1) },
      );
      expectNoViolations(r, `${popularity.kind} popularity`);
      return [...hits.values()].sort((a, b) => b - a);
    };
    const zipf = counts({ kind: "zipf", s: 1.1 });
    const uniform = counts({ kind: "uniform" });
    const top10 = (c: number[]) => c.slice(0, 10).reduce((a, b) => a + b, 0) / c.reduce((a, b) => a + b, 0);
    expect(top10(zipf)).toBeGreaterThan(0.4);
    expect(top10(uniform)).toBeLessThan(0.01);
  });

  it("object sizes from a distribution: bytes per successful GET follow its mean", () => {
    const r = simulate({
      seed: 9,
      durationNs: 10 * S,
      cluster: clusterSpec({ targets: 2, buckets: [bucketSpec("ais://data", 4000, 1 << 20)] }),
      workload: {
        mode: "open",
        ratePerS: 1000,
        arrival: "poisson",
        hosts: 4,
        mix: GETS,
        objects: { bucket: "ais://data", popularity: { kind: "uniform" }, count: 4000, sizeBytes: 1 << 20, sizes: { kind: "lognormal", meanBytes: 256 * 1024, sdBytes: 128 * 1024 } },
      },
      policy: { preset: "urllib3" },
    });
    expectNoViolations(r);
    const meanBytes = r.summary.succeededBytes / r.summary.succeeded;
    expect(Math.abs(meanBytes / (256 * 1024) - 1)).toBeLessThan(0.03);
  });
});
