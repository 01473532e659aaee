import { describe, expect, it } from "vitest";
import { NS_PER_MS, NS_PER_S } from "../../src/kernel/time.js";
import { KIND_OK, RunMetrics } from "../../src/metrics/index.js";

const S = NS_PER_S;
const MS = NS_PER_MS;

describe("run metrics", () => {
  it("aggregates requests, attempts, failures by kind, amplification and latency", () => {
    const m = new RunMetrics({ seed: 5, records: { mode: "all" } });
    const GET = m.ops.intern("GET");
    const refused = m.kinds.intern("refused");
    const h301 = m.kinds.http(301);
    const h200 = m.kinds.http(200);
    const h404 = m.kinds.http(404);
    // Request 1: proxy 301, target refused, proxy 301, target 200 → ok after 4 attempts, 30 ms.
    const r1 = m.beginRequest(0, GET, 0);
    let a = m.beginAttempt(r1, 100, 0);
    m.endAttempt(a, h301, 1 * MS);
    a = m.beginAttempt(r1, 3, 1 * MS);
    m.endAttempt(a, refused, 2 * MS);
    a = m.beginAttempt(r1, 100, 10 * MS);
    m.endAttempt(a, h301, 11 * MS);
    a = m.beginAttempt(r1, 4, 11 * MS);
    m.endAttempt(a, h200, 30 * MS);
    m.endRequest(r1, KIND_OK, 30 * MS);
    // Request 2: one attempt, 404 → failed "404" at 1.5 s.
    const r2 = m.beginRequest(1, GET, 1 * S);
    a = m.beginAttempt(r2, 4, 1 * S);
    m.endAttempt(a, h404, 1.5 * S);
    m.endRequest(r2, h404, 1.5 * S);
    const s = m.summary();
    expect(s).toMatchObject({ requests: 2, succeeded: 1, failed: 1, attempts: 5, attemptsMax: 4, openRequests: 0 });
    expect(s.retryAmplification).toBe(2.5);
    expect(s.failedByKind).toEqual({ "404": 1 });
    expect(s.attemptOutcomes).toEqual({ refused: 1, "301": 2, "200": 1, "404": 1 });
    expect(s.latency.count).toBe(2);
    expect(s.latency.maxNs).toBe(0.5 * S);
    expect(s.latency.p50Ns).toBeGreaterThanOrEqual(30 * MS);
    expect(s.latency.p50Ns).toBeLessThan(30 * MS * 1.008);
    expect(s.latencyByOp.GET.count).toBe(2);
    expect(m.nodeLoad(100)).toBe(2);
    expect(m.nodeLoad(4)).toBe(2);
    expect(Array.from(m.nodeLoadPerSecond(4))).toEqual([1, 1]);
    const table = m.perSecond();
    expect(table.seconds).toBe(2);
    expect(Array.from(table.requests)).toEqual([1, 1]);
    expect(Array.from(table.attempts)).toEqual([4, 1]);
    expect(Array.from(table.retryAmplification)).toEqual([4, 1]);
    expect(Array.from(table.succeeded)).toEqual([1, 0]);
    expect(Array.from(table.failedByKind["404"])).toEqual([0, 1]);
    expect(table.latencyMaxNs[0]).toBe(30 * MS);
    expect(table.latencyMaxNs[1]).toBe(0.5 * S);
    const records = m.records();
    expect(records.map((r) => [r.seq, r.outcome, r.attempts.length])).toEqual([[0, "ok", 4], [1, "404", 1]]);
    expect(records[0].attempts[1]).toEqual({ node: 3, startNs: 1 * MS, endNs: 2 * MS, outcome: "refused" });
  });

  it("per-second latency percentiles belong to the second each request ended in", () => {
    const m = new RunMetrics();
    const PUT = m.ops.intern("PUT");
    for (let sec = 0; sec < 3; sec++) {
      for (let i = 0; i < 100; i++) {
        const start = sec * S + i * MS;
        const r = m.beginRequest(i, PUT, start);
        m.endRequest(r, KIND_OK, start + (sec + 1) * (i + 1) * 1000);
      }
    }
    const t = m.perSecond();
    for (let sec = 0; sec < 3; sec++) {
      const p99 = t.latencyP99Ns[sec];
      expect(p99).toBeGreaterThanOrEqual((sec + 1) * 99_000);
      expect(p99).toBeLessThan((sec + 1) * 99_000 * 1.008);
      expect(t.latencyMeanNs[sec]).toBeCloseTo(((sec + 1) * 1000 * 101) / 2, 6);
    }
  });

  it("warm-up excludes early requests from aggregates but not from the series", () => {
    const m = new RunMetrics({ warmupNs: 1 * S });
    const r0 = m.beginRequest(0, 0, 0);
    m.endRequest(r0, KIND_OK, 10);
    const r1 = m.beginRequest(0, 0, 2 * S);
    m.endRequest(r1, KIND_OK, 2 * S + 10);
    expect(m.summary().requests).toBe(1);
    expect(m.perSecond().requests[0]).toBe(1);
  });

  it("per-client sliding maxima count requests and attempts separately", () => {
    const m = new RunMetrics();
    for (let i = 0; i < 4; i++) {
      const r = m.beginRequest(7, 0, 700 * MS + i * 100 * MS); // 4 requests in 0.3 s
      for (let k = 0; k < 3; k++) m.endAttempt(m.beginAttempt(r, 1, 700 * MS + i * 100 * MS + k), 0, 700 * MS + i * 100 * MS + k);
      m.endRequest(r, KIND_OK, 700 * MS + i * 100 * MS + 3);
    }
    expect(m.clientRequestsMax(7)).toBe(4);
    expect(m.clientAttemptsMax(7)).toBe(12);
    expect(m.summary().clientAttemptsMaxPerWindow).toBe(12);
  });

  it("a ring keeps only the most recent records; a sink sees every record", () => {
    const seen: number[] = [];
    const ring = new RunMetrics({ records: { mode: "ring", capacity: 3 } });
    const sink = new RunMetrics({ records: { mode: "sink", sink: (r) => seen.push(r.seq) } });
    for (const m of [ring, sink]) {
      for (let i = 0; i < 10; i++) m.endRequest(m.beginRequest(0, 0, i), KIND_OK, i + 1);
    }
    expect(ring.records().map((r) => r.seq)).toEqual([7, 8, 9]);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("keeps the same aggregates with and without records, an attempt outliving its request included", () => {
    // Without records attempts skip their request's chain and are freed as they end: nothing else may change.
    const drive = (m: RunMetrics) => {
      const h200 = m.kinds.http(200);
      const h503 = m.kinds.http(503);
      for (let i = 0; i < 50; i++) {
        const r = m.beginRequest(i % 7, 0, i * MS);
        const slow = m.beginAttempt(r, 2, i * MS);
        const fast = m.beginAttempt(r, 3, i * MS + 10);
        m.endAttempt(fast, i % 5 === 0 ? h503 : h200, i * MS + 100_000, i % 2 === 0 ? 4 : -1, i * MS + 50);
        m.endRequest(r, i % 5 === 0 ? h503 : KIND_OK, i * MS + 100_000);
        // The losing copy ends after its request (a hedge); a second end of it is refused.
        m.endAttempt(slow, h200, i * MS + 200_000 + i);
        expect(() => m.endAttempt(slow, h200, i * MS + 300_000)).toThrow(/not open/);
      }
      return { summary: m.summary(), attemptLatency: m.attemptLatencyHistogram().count, load: [m.nodeLoad(2), m.nodeLoad(3)], lifecycle: m.lifecycleFacts() };
    };
    const withRecords = new RunMetrics({ records: { mode: "all" } });
    const a = drive(withRecords);
    const b = drive(new RunMetrics());
    expect(b).toEqual(a);
    expect(a.summary).toMatchObject({ requests: 50, attempts: 100, failed: 10 });
    expect(a.attemptLatency).toBe(100);
    expect(withRecords.records()[0].attempts.map((x) => [x.node, x.endNs])).toEqual([[2, -1], [3, 100_000]]); // still open when its request ended
  });

  it("slots are reused: a million requests keep the tables small", () => {
    const m = new RunMetrics();
    for (let i = 0; i < 1_000_000; i++) {
      const r = m.beginRequest(i & 63, 0, i);
      m.endAttempt(m.beginAttempt(r, i & 15, i), 0, i);
      m.endRequest(r, KIND_OK, i + 1);
    }
    const s = m.summary();
    expect(s.requests).toBe(1_000_000);
    expect(s.attempts).toBe(1_000_000);
    expect(m.lifecycleFacts()).toMatchObject({ begun: 1_000_000, ended: 1_000_000, stillOpen: 0 });
  });
});

describe("standard run figures", () => {
  it("maps the summary to criteria metric names and units", async () => {
    const { standardRunFigures } = await import("../../src/metrics/index.js");
    const m = new RunMetrics({ warmupNs: 1 * S });
    const h503 = m.kinds.http(503);
    // Warm-up request (ignored by totals), then 3 requests after 1 s: one needs 3 attempts and fails.
    m.endRequest(m.beginRequest(0, 0, 0), KIND_OK, 5, 999);
    const early = [0, 1].map((i) => {
      const r = m.beginRequest(0, 0, 1 * S + i);
      return [r, m.beginAttempt(r, 1, 1 * S + i)];
    });
    for (const [r, a] of early) {
      m.endAttempt(a, KIND_OK, 1 * S + 100 * MS);
      m.endRequest(r, KIND_OK, 1 * S + 100 * MS, 1000);
    }
    const r = m.beginRequest(1, 0, 2 * S);
    for (let k = 0; k < 3; k++) m.endAttempt(m.beginAttempt(r, 1, 2 * S + k * 200 * MS), h503, 2 * S + k * 200 * MS + 1);
    m.endRequest(r, h503, 2.5 * S);
    expect(m.lifecycleFacts().timeReversals).toEqual([]);
    const f = standardRunFigures(m, 3 * S);
    expect(f).toMatchObject({ requests: 3, succeeded: 2, failed: 1, attempts_max: 3, client_rps_max_1s: 3, client_requests_max_1s: 2 });
    expect(f.success_rate).toBeCloseTo(2 / 3, 12);
    expect(f.amplification).toBeCloseTo(5 / 3, 12);
    expect(f.amplification_peak_1s).toBe(3);
    expect(f.latency_max).toBe(0.5);
    expect(f.goodput_bytes_per_s).toBe(1000);
  });
});

describe("describeRecord", () => {
  it("shows each attempt, its outcome and duration, and the backoff gaps", async () => {
    const { describeRecord } = await import("../../src/metrics/index.js");
    const m = new RunMetrics({ records: { mode: "all" } });
    const r = m.beginRequest(7, m.ops.intern("GET"), 0);
    m.endAttempt(m.beginAttempt(r, 0, 0), m.kinds.http(301), 1 * MS);
    m.endAttempt(m.beginAttempt(r, 3, 1 * MS), m.kinds.intern("refused"), 1.2 * MS);
    m.endAttempt(m.beginAttempt(r, 0, 1201.2 * MS), m.kinds.http(301), 1202.2 * MS);
    m.endAttempt(m.beginAttempt(r, 4, 1202.2 * MS), m.kinds.http(200), 1214.2 * MS);
    m.endRequest(r, KIND_OK, 1214.2 * MS);
    const names = ["p1", "p2", "p3", "t3", "t4"];
    expect(describeRecord(m.records()[0], (n) => names[n])).toBe(
      "request #0 GET client 7: p1 301 (1 ms) → t3 refused (200 us) → wait 1.2 s → p1 301 (1 ms) → t4 200 (12 ms) = ok after 4 attempts in 1.214 s",
    );
  });
});

describe("run columns and latency CDF", () => {
  it("names the per-second columns, pads to the run length and gives the CDF in seconds", async () => {
    const { runColumns, latencyCdf } = await import("../../src/metrics/index.js");
    const m = new RunMetrics();
    const h503 = m.kinds.http(503);
    // 100 requests begin at i ms; request i ends at 500 + 10 i ms (latency 500 + 9 i ms); the last fails.
    const open = Array.from({ length: 100 }, (_, i) => {
      const r = m.beginRequest(i, 0, i * MS);
      return [r, m.beginAttempt(r, 0, i * MS)];
    });
    open.forEach(([r, a], i) => {
      const end = (500 + 10 * i) * MS;
      m.endAttempt(a, KIND_OK, end);
      m.endRequest(r, i === 99 ? h503 : KIND_OK, end);
    });
    expect(m.lifecycleFacts().timeReversals).toEqual([]);
    const c = runColumns(m, 4);
    expect(c.seconds).toBe(4);
    expect(c.columns.requests).toEqual([100, 0, 0, 0]);
    expect(c.columns.failed_503).toEqual([0, 1, 0, 0]);
    expect(c.columns.succeeded).toEqual([50, 49, 0, 0]);
    expect(c.columns.latency_max_s[0]).toBe(0.941);
    expect(c.columns.latency_max_s[1]).toBe(1.391);
    expect(c.columns.latency_p50_s[2]).toBeNaN();
    const cdf = latencyCdf(m.latencyHistogram(), [1, 0.5]);
    expect(cdf[0][0]).toBe(0.5);
    expect(cdf[0][1]).toBeGreaterThanOrEqual(0.941);
    expect(cdf[0][1]).toBeLessThan(0.941 * 1.008);
    expect(cdf[1]).toEqual([1, 1.391]);
    expect(c.columns.smap_version_max).toBeUndefined();
    m.observeSmap(0, 5, 100 * MS);
    m.observeSmap(1, 5, 200 * MS);
    m.observeSmap(0, 6, 1500 * MS);
    m.observeSmap(1, 6, 2100 * MS);
    const v = runColumns(m, 4).columns;
    expect(v.smap_version_max).toEqual([5, 6, 6, 6]);
    expect(v.smap_version_min).toEqual([5, 5, 6, 6]);
    expect(m.smap.versionAt(1, 2_000 * MS)).toBe(5);
  });
});
