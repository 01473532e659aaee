import { describe, expect, it } from "vitest";
import { analyseRuns } from "../../src/experiment/metrics-table.js";
import { meanCdf, meanSeries, shadedWindows, successRateOf } from "../../src/report/chart-data.js";
import { formatNumber } from "../../src/report/number-format.js";
import { renderSvg } from "../../src/report/svg-render.js";
import { buildResultFiles } from "../../src/report/write-results.js";
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
});
