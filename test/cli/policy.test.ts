import { describe, expect, it } from "vitest";
import { runCli } from "./cli-helpers.js";

/** End-to-end: `aisim policy …` from dist/ (run `npm run build` first). */

interface Row {
  attempt: number;
  retried: number;
  delayS: { min: number; median: number; p95: number; max: number } | null;
  routes: Record<string, number>;
  sentAtS: { min: number; median: number; p95: number; max: number };
}

function showJson(args: string[]): { params: { key: string; value: unknown }[]; timeouts: unknown; profile: { rows: Row[]; draws: number; endings: { reason: string; count: number }[] } } {
  const r = runCli(["policy", "show", ...args, "--json"]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

describe("aisim policy", () => {
  it("list names every core preset with its source", () => {
    const r = runCli(["policy", "list"]);
    expect(r.status).toBe(0);
    for (const name of ["urllib3", "tenacity", "botocore-legacy", "botocore-standard", "botocore-adaptive", "ais-sdk@1.13", "ais-sdk@1.25", "ais-go"]) {
      expect(r.stdout).toMatch(new RegExp(`^${name.replace(/[.@]/g, "\\$&")}\\s+\\S`, "m"));
    }
  });

  it("show prints the parameters and a delay table that follows the formula (botocore-standard)", () => {
    const r = runCli(["policy", "show", "botocore-standard", "--draws", "3000"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^quota\.capacity\s+500\s+retry quota/m);
    expect(r.stdout).toMatch(/^total_max_attempts\s+3\s/m);
    const rows = r.stdout
      .split("\n")
      .filter((line) => /^\s+\d+\s+\d/.test(line))
      .map((line) => line.trim().split(/\s+/));
    expect(rows.map((cells) => cells[0])).toEqual(["1", "2", "3"]);
    // Attempt n's delay is u·min(2^(n−1), 20): at most 1 s after the first, 2 s after the second.
    expect(Number(rows[0][6])).toBeLessThanOrEqual(1);
    expect(Number(rows[1][6])).toBeLessThanOrEqual(2);
    expect(Number(rows[1][6])).toBeGreaterThan(1.9);
    expect(rows[2][3]).toBe("-");
  });

  it("--json gives the same schedule as numbers, and --set changes it", () => {
    const base = showJson(["botocore-standard", "--draws", "2000"]);
    expect(base.profile.rows).toHaveLength(3);
    expect(base.profile.rows[1].delayS!.max).toBeLessThanOrEqual(2);
    const more = showJson(["botocore-standard", "--draws", "500", "--set", "total_max_attempts=6", "--set", "max_backoff_s=3"]);
    expect(more.profile.rows).toHaveLength(6);
    expect(more.profile.rows[4].delayS!.max).toBeLessThanOrEqual(3);
    expect(more.profile.rows[4].delayS!.max).toBeGreaterThan(2.8);
    expect(more.params.find((p) => p.key === "max_backoff_s")?.value).toBe(3);
  });

  it("ais-go on refused: five retries with the exact sleeps, all back to the proxy", () => {
    const show = showJson(["ais-go", "--outcome", "refused", "--draws", "10"]);
    const delays = show.profile.rows.flatMap((r) => (r.delayS === null ? [] : [Math.round(r.delayS.max * 1000)]));
    expect(delays).toEqual([100, 150, 200, 250, 300]);
    expect(show.profile.rows.every((r) => r.retried === 0 || r.routes.origin === r.retried)).toBe(true);
  });

  it("ais-sdk@1.25 on 503 shows the inner same-url retries; on refused the outer ones", () => {
    const inner = showJson(["ais-sdk@1.25", "--outcome", "503", "--draws", "10"]);
    expect(inner.profile.rows.flatMap((r) => (r.delayS === null ? [] : [r.delayS.max]))).toEqual([0, 6, 12, 24, 48]);
    expect(inner.profile.rows[0].routes).toEqual({ "same-url": 10 });
    const outer = showJson(["ais-sdk@1.25", "--outcome", "refused", "--draws", "200"]);
    expect(outer.profile.rows).toHaveLength(7);
    expect(outer.profile.rows[5].delayS!.max).toBeLessThanOrEqual(30);
    expect(outer.timeouts).toEqual({ connectS: 3, readS: 20 });
  });

  // botocore's adaptive mode (retries/adaptive.py): after a throttle the client-side token bucket refills at its
  // minimum 0.5 tokens/s, so the next send waits about 2 s whatever the back-off drew (median 0.5 s).
  it("botocore-adaptive's delays include the limiter's wait: the next attempt after a throttle goes out 2 s later", () => {
    const rows = showJson(["botocore-adaptive", "--outcome", "503:SlowDown", "--draws", "200"]).profile.rows;
    expect(rows[0].delayS?.median).toBeCloseTo(2, 6);
    expect(rows[1].sentAtS.median).toBeCloseTo(rows[0].delayS!.median, 6);
    // Without throttling the limiter stays off: the delay is the back-off alone.
    const plain = showJson(["botocore-adaptive", "--outcome", "500", "--draws", "200"]).profile.rows;
    expect(plain[0].delayS!.median).toBeLessThan(1);
  });

  it("an unknown preset is bad input (exit 2) naming the valid presets", () => {
    const r = runCli(["policy", "show", "botocore-turbo"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown retry-policy preset "botocore-turbo"/);
    expect(r.stderr).toMatch(/botocore-standard/);
    // A near miss is named first.
    expect(runCli(["policy", "show", "ais-sdk@1.3"]).stderr).toMatch(/unknown retry-policy preset "ais-sdk@1.3" \(did you mean "ais-sdk@1.13"\?\)/);
  });

  it("an unknown key, a wrong type or a bad outcome is bad input (exit 2)", () => {
    const key = runCli(["policy", "show", "urllib3", "--set", "totl=3"]);
    expect(key.status).toBe(2);
    expect(key.stderr).toMatch(/unknown parameter "totl".*backoff_factor/);
    const type = runCli(["policy", "show", "urllib3", "--set", "backoff_factor=fast"]);
    expect(type.status).toBe(2);
    expect(type.stderr).toMatch(/backoff_factor must be a finite number/);
    const outcome = runCli(["policy", "show", "urllib3", "--outcome", "teapot"]);
    expect(outcome.status).toBe(2);
  });
});

describe("aisim policy show is reproducible", () => {
  it("the same seed gives the same table, another seed another one", () => {
    const args = ["policy", "show", "ais-sdk@1.25", "--outcome", "refused", "--draws", "300", "--json"];
    const a = runCli(args).stdout;
    expect(runCli(args).stdout).toBe(a);
    expect(runCli([...args, "--seed", "other"]).stdout).not.toBe(a);
  });
});
