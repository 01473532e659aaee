import { describe, expect, it } from "vitest";
import { convertBound, metricUnit, parseCriterion } from "../../../src/experiment/stats/criteria.js";
import { allCriteriaPass, criteriaAtPoint, criterionAppliesAt, describeCheck, evaluateCriteria } from "../../../src/experiment/stats/criteria-eval.js";
import type { Criterion } from "../../../src/experiment/spec/spec-types.js";

function parsed(text: string): Criterion {
  const r = parseCriterion(text);
  if (!r.ok) throw new Error(`${r.message} at ${r.index}`);
  return r.criterion;
}

describe("parseCriterion", () => {
  it("parses a comparison", () => {
    expect(parsed("failed == 0")).toEqual({ text: "failed == 0", expr: { type: "compare", metric: "failed", op: "==", bound: 0, boundText: "0" } });
  });

  it("parses every operator, with or without spaces", () => {
    for (const op of ["==", "!=", "<", "<=", ">", ">="] as const) {
      expect(parsed(`attempts_max${op}7`).expr).toMatchObject({ op, bound: 7 });
    }
  });

  it("scopes to a variant with a prefix", () => {
    const c = parsed("sdk-1.25: attempts_max <= 7");
    expect(c.variant).toBe("sdk-1.25");
    expect(c.expr).toMatchObject({ metric: "attempts_max", op: "<=", bound: 7 });
    expect(parsed("ais-sdk@1.13:failed>0").variant).toBe("ais-sdk@1.13");
  });

  it("scopes to sweep points with a leading [key=value, …], before an optional variant", () => {
    const r = parseCriterion("[faults.0.down=45s] sdk-1.25: failed > 0");
    expect(r).toMatchObject({ ok: true, variantIndex: 20, point: [{ key: "faults.0.down", keyIndex: 1, value: "45s", valueText: "45s", valueIndex: 15 }] });
    expect(r.ok && r.criterion).toMatchObject({ variant: "sdk-1.25", expr: { metric: "failed", op: ">", bound: 0 } });
    // Every variant: nothing after the scope, or a bare colon.
    for (const text of ["[down=45s] failed == 0", "[down=45s]: failed == 0", "  [down=45s]failed==0"]) {
      const p = parseCriterion(text);
      expect(p.ok && p.criterion.variant, text).toBeUndefined();
      expect(p.ok && p.point?.map((e) => [e.key, e.value]), text).toEqual([["down", "45s"]]);
    }
    // Values are YAML: numbers, lists (commas inside brackets do not split), quoted strings.
    const multi = parseCriterion("[faults.0.node=[t17, t18], clients=64, bucket='ais://x'] a: rebalance_s < 1m");
    expect(multi.ok && multi.point?.map((e) => [e.key, e.value])).toEqual([
      ["faults.0.node", ["t17", "t18"]],
      ["clients", 64],
      ["bucket", "ais://x"],
    ]);
    // The scope is kept out of the criterion until resolved against the sweep.
    expect(multi.ok && "point" in multi.criterion).toBe(false);
  });

  it("reports a malformed sweep-point scope at the offending character", () => {
    expect(parseCriterion("[down=45s failed == 0")).toMatchObject({ ok: false, index: 0, message: 'expected "]" closing the sweep-point scope such as [faults.0.down=45s]' });
    expect(parseCriterion("[down] failed == 0")).toMatchObject({ ok: false, index: 1, message: "expected key=value such as faults.0.down=45s in the sweep-point scope" });
    expect(parseCriterion("[a=1, ] failed == 0")).toMatchObject({ ok: false, index: 6 });
    expect(parseCriterion("[down=] failed == 0")).toMatchObject({ ok: false, index: 6, message: 'expected a value after "down="' });
    expect(parseCriterion("[down=45s]")).toMatchObject({ ok: false, index: 10, message: 'expected a criterion such as "failed == 0"' });
    expect(parseCriterion("[down=45s] v:")).toMatchObject({ ok: false, index: 13 });
  });

  it("converts quantities to the metric's unit", () => {
    expect(parsed("latency_p99 <= 30s").expr).toMatchObject({ bound: 30 });
    expect(parsed("latency_p50 < 250ms").expr).toMatchObject({ bound: 0.25 });
    expect(parsed("recovery_s < 2m").expr).toMatchObject({ bound: 120 });
    expect(parsed("rebalance_bytes <= 10GiB").expr).toMatchObject({ bound: 10 * 1024 ** 3 });
    expect(parsed("goodput_bytes_per_s >= 100Gbit/s").expr).toMatchObject({ bound: 12.5e9 });
    expect(parsed("client_rps_max_1s <= 600/m").expr).toMatchObject({ bound: 10 });
    expect(parsed("success_rate >= 99.9%").expr).toMatchObject({ bound: 0.999 });
    expect(parsed("latency_p99 <= 1.5").expr).toMatchObject({ bound: 1.5 });
  });

  it("refuses a unit that does not fit the metric", () => {
    expect(convertBound("latency_p99", "3MiB")).toBe('latency_p99 is in seconds: expected a duration such as 30s or 250ms, got "3MiB"');
    expect(convertBound("failed", "3s")).toBe('failed is in plain numbers: expected a plain number, got "3s"');
    expect(convertBound("rebalance_bytes", "3s")).toMatch(/is in bytes: expected a size/);
    expect(convertBound("latncy_p99", "3s")).toBe('latncy_p99 is in plain numbers: expected a plain number, got "3s" (did you mean metric "latency_p99"?)');
  });

  it("knows each standard metric's unit", () => {
    expect(["latency_p999", "latency_max", "recovery_s", "rebalance_s", "completion_s"].map(metricUnit)).toEqual(Array(5).fill("seconds"));
    expect(metricUnit("rebalance_bytes")).toBe("bytes");
    expect(metricUnit("goodput_bytes_per_s")).toBe("bytes-per-s");
    expect(metricUnit("client_rps_max_1s")).toBe("per-s");
    expect(["failed", "amplification_peak_1s", "attempts_max", "gfn_requests", "success_rate"].map(metricUnit)).toEqual(Array(5).fill("number"));
  });

  it("parses and/or with and binding tighter, and parentheses", () => {
    const c = parsed("failed == 0 or latency_p99 < 1s and attempts_max <= 3");
    expect(c.expr).toMatchObject({ type: "or", left: { metric: "failed" }, right: { type: "and", left: { metric: "latency_p99" }, right: { metric: "attempts_max" } } });
    const p = parsed("(failed == 0 or failed_refused < 2) and latency_p99 < 1s");
    expect(p.expr).toMatchObject({ type: "and", left: { type: "or" }, right: { metric: "latency_p99" } });
  });

  it("reports the offending character", () => {
    expect(parseCriterion("failed === 0")).toMatchObject({ ok: false, index: 9, message: 'unexpected character "="' });
    expect(parseCriterion("failed 0")).toMatchObject({ ok: false, index: 7 });
    expect(parseCriterion("failed ==")).toMatchObject({ ok: false, index: 9, message: "expected a number or a quantity such as 30s after ==" });
    expect(parseCriterion("Failed == 0")).toMatchObject({ ok: false, index: 0 });
    expect(parseCriterion("v: failed == 0 xor")).toMatchObject({ ok: false, index: 15 });
    expect(parseCriterion("(failed == 0")).toMatchObject({ ok: false, message: 'expected ")"' });
    expect(parseCriterion("v:")).toMatchObject({ ok: false, index: 2 });
  });
});

describe("evaluateCriteria", () => {
  const metrics = {
    "sdk-1.13": { failed: 12, latency_p99: 41.5, attempts_max: 9 },
    "sdk-1.25": { failed: 0, latency_p99: 2.25, attempts_max: 7 },
  };

  it("checks unscoped criteria for every variant, in variant order", () => {
    const rows = evaluateCriteria([parsed("failed == 0")], metrics);
    expect(rows).toEqual([
      { criterion: "failed == 0", variant: "sdk-1.13", metric: "failed", op: "==", value: 12, bound: 0, pass: false, criterionPass: false, missing: false },
      { criterion: "failed == 0", variant: "sdk-1.25", metric: "failed", op: "==", value: 0, bound: 0, pass: true, criterionPass: true, missing: false },
    ]);
    expect(allCriteriaPass(rows)).toBe(false);
  });

  it("checks a scoped criterion only for its variant", () => {
    const rows = evaluateCriteria([parsed("sdk-1.25: attempts_max <= 7"), parsed("sdk-1.13: failed > 0")], metrics);
    expect(rows.map((r) => [r.variant, r.metric, r.value, r.bound, r.pass])).toEqual([
      ["sdk-1.25", "attempts_max", 7, 7, true],
      ["sdk-1.13", "failed", 12, 0, true],
    ]);
    expect(allCriteriaPass(rows)).toBe(true);
  });

  it("compares converted bounds (seconds)", () => {
    const rows = evaluateCriteria([parsed("latency_p99 <= 30s")], metrics);
    expect(rows.map((r) => [r.value, r.bound, r.pass])).toEqual([
      [41.5, 30, false],
      [2.25, 30, true],
    ]);
  });

  it("reports every comparison of an or, and the criterion's overall result", () => {
    const rows = evaluateCriteria([parsed("sdk-1.13: failed == 0 or attempts_max > 8")], metrics);
    expect(rows.map((r) => [r.metric, r.pass, r.criterionPass])).toEqual([
      ["failed", false, true],
      ["attempts_max", true, true],
    ]);
    expect(allCriteriaPass(rows)).toBe(true);
  });

  it("a missing metric fails and is flagged", () => {
    const rows = evaluateCriteria([parsed("completion_s < 60")], { a: { failed: 0 } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ variant: "a", metric: "completion_s", missing: true, pass: false, criterionPass: false });
    expect(rows[0].value).toBeNaN();
    expect(describeCheck(rows[0])).toBe("a: completion_s = not reported, expected < 60 (completion_s < 60) FAIL");
    const ne = evaluateCriteria([parsed("failed != 3")], { a: {} });
    expect(ne[0].pass).toBe(false);
  });

  it("a scoped criterion whose variant did not run fails as missing", () => {
    const rows = evaluateCriteria([parsed("gone: failed == 0")], metrics);
    expect(rows).toEqual([expect.objectContaining({ variant: "gone", missing: true, criterionPass: false })]);
  });

  it("a criterion scoped to sweep points applies only where every scoped key has its value", () => {
    const scoped: Criterion = { ...parsed("[down=45s, clients=64] sdk-1.13: failed > 0"), point: { "faults.0.down": "45s", "workload.clients": 64 } };
    const everywhere = parsed("failed == 0");
    expect(criterionAppliesAt(scoped, { "faults.0.down": "45s", "workload.clients": 64 })).toBe(true);
    expect(criterionAppliesAt(scoped, { "faults.0.down": "45s", "workload.clients": 16 })).toBe(false);
    expect(criterionAppliesAt(scoped, { "faults.0.down": "90s", "workload.clients": 64 })).toBe(false);
    expect(criterionAppliesAt(scoped, { "workload.clients": 64 })).toBe(false);
    // Lists and numbers compare by value.
    expect(criterionAppliesAt({ ...everywhere, point: { "faults.0.node": ["t17", "t18"] } }, { "faults.0.node": ["t17", "t18"] })).toBe(true);
    expect(criterionAppliesAt({ ...everywhere, point: { "workload.clients": 64 } }, { "workload.clients": "64" })).toBe(false);
    expect(criteriaAtPoint([everywhere, scoped], { "faults.0.down": "15s", "workload.clients": 64 })).toEqual([everywhere]);
    // With a point's assignments, evaluateCriteria skips criteria scoped elsewhere.
    const at = (down: string) => evaluateCriteria([everywhere, scoped], metrics, { "faults.0.down": down, "workload.clients": 64 }).map((r) => [r.criterion, r.variant]);
    expect(at("15s")).toEqual([
      ["failed == 0", "sdk-1.13"],
      ["failed == 0", "sdk-1.25"],
    ]);
    expect(at("45s")).toEqual([
      ["failed == 0", "sdk-1.13"],
      ["failed == 0", "sdk-1.25"],
      ["[down=45s, clients=64] sdk-1.13: failed > 0", "sdk-1.13"],
    ]);
  });

  it("describes a row with variant, metric, value and bound", () => {
    const [row] = evaluateCriteria([parsed("sdk-1.13: failed == 0")], metrics);
    expect(describeCheck(row)).toBe("sdk-1.13: failed = 12, expected == 0 (sdk-1.13: failed == 0) FAIL");
  });
});
