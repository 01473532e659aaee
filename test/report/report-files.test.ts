import { describe, expect, it } from "vitest";
import { analyseRuns } from "../../src/experiment/stats/metrics-table.js";
import { meanCdf, meanSeries, shadedWindows, successRateOf } from "../../src/report/chart-data.js";
import { formatNumber, humanBytes, humanSeconds } from "../../src/report/number-format.js";
import { renderSvg } from "../../src/report/svg-render.js";
import { buildResultFiles } from "../../src/report/write-results.js";
import { runsCsv } from "../../src/report/csv-files.js";
import { loadExperiment } from "../../src/experiment/spec/load-experiment.js";
import { buildPlan } from "../../src/experiment/run/plan.js";
import { executeRuns } from "../../src/experiment/run/runner.js";
import { runOne as fakeRunOne } from "../experiment/fake-simulator.mjs";
import { fixtureVariant } from "../experiment/run/runner-helpers.js";
import { fixtureRuns } from "./report-helpers.js";

describe("number format", () => {
  it("writes integers exactly, others with 6 significant digits, undefined as empty", () => {
    expect(formatNumber(123456789)).toBe("123456789");
    expect(formatNumber(0.1234567)).toBe("0.123457");
    expect(formatNumber(2 / 3)).toBe("0.666667");
    expect(formatNumber(1234567.89)).toBe("1234570");
    expect(formatNumber(1.5e-7)).toBe("1.5e-7");
    expect(formatNumber(-0.5)).toBe("-0.5");
    expect(formatNumber(-0)).toBe("0");
    expect(formatNumber(NaN)).toBe("");
    expect(formatNumber(Infinity)).toBe("");
  });
});

describe("chart data", () => {
  it("averages per-second series and CDF quantiles over replications", async () => {
    const { plan, completed } = await fixtureRuns();
    const rows = meanSeries(plan, completed, 0, successRateOf);
    const at = (variant: string, second: number) => rows.find((r) => r.variant === variant && r.second === second)?.value;
    const expected = (variant: string, second: number) => {
      const runs = completed.filter((c) => c.run.variant.name === variant);
      const rates = runs.map((c) => c.result.timeseries.columns.succeeded[second] / (c.result.timeseries.columns.succeeded[second] + c.result.timeseries.columns.failed[second]));
      return Number((rates.reduce((a, b) => a + b, 0) / rates.length).toPrecision(6));
    };
    expect(at("exponential", 22)).toBe(expected("exponential", 22));
    expect(at("exponential", 22)).toBeLessThan(1);
    expect(at("full-jitter", 10)).toBe(1);
    const cdf = meanCdf(plan, completed, 0).filter((r) => r.variant === "full-jitter");
    expect(cdf.map((r) => r.fraction)).toEqual([0.01, 0.1, 0.5, 0.9, 0.99, 1]);
    const medians = completed.filter((c) => c.run.variant.name === "full-jitter").map((c) => c.result.latencyCdf[2][1]);
    expect(cdf[2].latency_s).toBe(Number((medians.reduce((a, b) => a + b, 0) / medians.length).toPrecision(6)));
  });

  it("shades the warm-up and the fault windows of the baseline's first replication", async () => {
    const { plan, completed } = await fixtureRuns();
    const windows = shadedWindows(plan, completed, 0);
    expect(windows.warmup).toEqual([{ start: 0, end: 5 }]);
    // rolling restart of 4 targets at 20 s, 5 s down, 2 s gap
    expect(windows.faults.map((w) => [w.start, w.end])).toEqual([
      [20, 25],
      [27, 32],
      [34, 39],
      [41, 46],
    ]);
  });
});

describe("result files", () => {
  it("renders the same SVG twice in one process (no ids or counters leak between charts)", async () => {
    const spec = { data: { values: [{ x: 1, y: 2 }, { x: 2, y: 1 }] }, mark: "line", encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } } as const;
    const a = await renderSvg(spec);
    const b = await renderSvg(spec);
    expect(a).toBe(b);
    expect(a.startsWith("<svg")).toBe(true);
  });

  it("runs.csv has one row per run with seed and fingerprint; timeseries.csv one row per run and second", async () => {
    const { plan, completed } = await fixtureRuns();
    const { files, analysis } = await buildResultFiles(plan, completed);
    const runs = (files.get("runs.csv") ?? "").trimEnd().split("\n");
    expect(runs[0]).toBe(["run", "point", "variant", "replication", "seed", "fingerprint", ...analysis.metrics].join(","));
    expect(runs).toHaveLength(1 + plan.runs.length);
    expect(runs[1].split(",").slice(0, 6)).toEqual(["p0-full-jitter-r0", "0", "full-jitter", "0", String(plan.runs[0].seed), completed[0].result.fingerprint]);
    const series = (files.get("timeseries.csv") ?? "").trimEnd().split("\n");
    expect(series).toHaveLength(1 + plan.runs.length * 60);
    expect(series[0]).toBe("run,point,variant,replication,second,requests,attempts,succeeded,failed,latency_p50_s,latency_p99_s,failed_refused");
    // Second 0 has no latency in the stand-in: an empty field, not NaN.
    expect(series[1].split(",")[9]).toBe("");
    const manifest = JSON.parse(files.get("manifest.json") ?? "{}");
    expect(manifest.files).toEqual([...files.keys()].sort());
    expect(analyseRuns(plan, completed).rows).toHaveLength(plan.variants.length * analysis.metrics.length);
  });

  it("runs.csv writes 0 for a failure kind a run did not meet, and leaves other missing metrics empty", async () => {
    const { plan, completed } = await fixtureRuns();
    // The first run met a 503, the second did not; neither reports a made-up metric.
    const [first, second] = completed;
    const edited = [
      { ...first, result: { ...first.result, metrics: { ...first.result.metrics, failed_503: 7 } } },
      { ...second, result: { ...second.result, metrics: { ...second.result.metrics } } },
    ];
    delete (edited[1].result.metrics as Record<string, number>).failed_503;
    const lines = runsCsv(plan, edited, ["failed_503", "no_such_metric"]).trimEnd().split("\n");
    expect(lines[1].split(",").slice(-2)).toEqual(["7", ""]);
    expect(lines[2].split(",").slice(-2)).toEqual(["0", ""]);
  });
});

describe("rebalance and resilver tables", () => {
  it("rebalance.csv: one row per run, rebalance run and target, with sweep columns, bytes, seconds and stages", async () => {
    const { loaded } = fixtureVariant((t) => t.replace("criteria:", "sweep: { duration: [60s, 70s] }\ncriteria:"));
    const plan = buildPlan(loaded);
    const completed = await executeRuns(plan, plan.runs, { runOne: fakeRunOne });
    const { files } = await buildResultFiles(plan, completed);
    const lines = (files.get("rebalance.csv") ?? "").trimEnd().split("\n");
    expect(lines[0]).toBe(
      "run,point,duration,variant,replication,reb_id,target,reason,obj_rcv,size_rcv_bytes,obj_sent,size_sent_bytes,start_s,end_s,duration_s,aborted,stage_init_s,stage_traverse_s,stage_quiesce_s,stage_fin_streams_s",
    );
    // The stand-in: 2 rebalance runs × 4 targets in replications 0 and 2 (none in 1), for 2 variants at 2 points.
    expect(lines).toHaveLength(1 + 2 * 2 * 2 * 2 * 4);
    const rows = lines.slice(1).map((l) => l.split(","));
    expect(rows.some((r) => r[4] === "1")).toBe(false);
    const first = completed[0].result.movement?.[0];
    expect(rows[0].slice(0, 8)).toEqual(["p0-full-jitter-r0", "0", "60s", "full-jitter", "0", "2", "t1", "restart"]);
    expect(rows[0].slice(8, 12)).toEqual([first?.objRcv, first?.bytesRcv, first?.objSent, first?.bytesSent].map(String));
    expect(Number(rows[0][14])).toBeCloseTo(Number(rows[0][13]) - Number(rows[0][12]), 6);
    // A rebalance still running at the end has no end time and no duration; its stages are still counted.
    const running = rows.filter((r) => r[13] === "");
    expect(running.map((r) => [r[0], r[6], r[14]])).toEqual([
      ["p0-full-jitter-r2", "t4", ""],
      ["p0-exponential-r2", "t4", ""],
      ["p1-full-jitter-r2", "t4", ""],
      ["p1-exponential-r2", "t4", ""],
    ]);
    expect(running[0][19]).toBe("0");
    // Sent equals received over each rebalance run.
    const sum = (col: number, run: string, reb: string) => rows.filter((r) => r[0] === run && r[5] === reb).reduce((a, r) => a + Number(r[col]), 0);
    expect(sum(9, "p1-exponential-r0", "3")).toBe(sum(11, "p1-exponential-r0", "3"));
    const resilver = (files.get("resilver.csv") ?? "").trimEnd().split("\n");
    expect(resilver[0]).toContain(",resilver_id,target,reason,");
    expect(resilver[0].endsWith(",aborted,stage_init_s,stage_traverse_s")).toBe(true);
    expect(resilver).toHaveLength(1 + 2 * 2);
    expect(JSON.parse(files.get("manifest.json") ?? "{}").files).toContain("rebalance.csv");
  });

  it("report.html shows the first replication's table per point and variant in ais show rebalance style, with a bytes chart", async () => {
    const { plan, completed } = await fixtureRuns();
    const { files } = await buildResultFiles(plan, completed);
    const html = files.get("report.html") ?? "";
    expect(html).toContain("<h2>Rebalance per target (<code>ais show rebalance</code>)</h2>");
    expect(html).toContain("<th>DAEMON ID</th><th>REB ID</th><th>REASON</th><th>OBJECTS RECV</th><th>SIZE RECV</th><th>OBJECTS SENT</th><th>SIZE SENT</th><th>START</th><th>END</th><th>TIME</th><th>ABORTED</th>");
    const m = completed[0].result.movement?.[0];
    expect(html).toContain(`<tr><td>t1</td><td>2</td><td>restart</td><td>${m?.objRcv}</td><td>${humanBytes(m?.bytesRcv ?? NaN)}</td>`);
    expect(html).toContain("<summary>full-jitter, replication 0: 2 rebalance runs,");
    // Resilver only happened in replication 2.
    expect(html).toContain("<summary>full-jitter, replication 2: 1 resilver run, 2.50 MiB sent</summary>");
    expect(files.has("charts/p0-rebalance-bytes.svg")).toBe(true);
  });

  it("runs without data movement write no rebalance.csv and no table; their report is unchanged", async () => {
    // The stand-in moves no data on clusters of more than 4 targets.
    const { loaded } = fixtureVariant((t) => t.replace("targets: 4", "targets: 5"));
    const plan = buildPlan(loaded);
    const completed = await executeRuns(plan, plan.runs, { runOne: fakeRunOne });
    const { files } = await buildResultFiles(plan, completed);
    expect([...files.keys()].filter((f) => /rebalance|resilver/.test(f))).toEqual([]);
    const html = files.get("report.html") ?? "";
    expect(html).not.toMatch(/Rebalance per target|<details|summary\{/);
    // The same runs stripped of the movement field give the very same bytes.
    const stripped = completed.map((c) => ({ run: c.run, result: { ...c.result, movement: undefined } }));
    const again = (await buildResultFiles(plan, stripped)).files;
    for (const [name, content] of files) expect(again.get(name), name).toBe(content);
  });

  it("human units: binary sizes with two decimals, seconds to a tenth", () => {
    expect(humanBytes(0)).toBe("0 B");
    expect(humanBytes(1023)).toBe("1023 B");
    expect(humanBytes(1536)).toBe("1.50 KiB");
    expect(humanBytes(67108864000)).toBe("62.50 GiB");
    expect(humanBytes(NaN)).toBe("–");
    expect(humanSeconds(30)).toBe("30 s");
    expect(humanSeconds(51.234)).toBe("51.2 s");
    expect(humanSeconds(NaN)).toBe("–");
  });
});
