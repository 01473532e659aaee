import { canonicalJson } from "../spec/canonical-json.js";
import type { ComparisonOp, Criterion, CriterionCheck, CriterionExpr } from "../spec/spec-types.js";

/** Metric values of one variant, by metric name (latencies in seconds, sizes in bytes). */
export type VariantMetrics = Readonly<Record<string, number>>;

/** Whether `value op bound` holds; NaN (a missing metric) never holds. */
export function compare(value: number, op: ComparisonOp, bound: number): boolean {
  if (Number.isNaN(value)) return false;
  switch (op) {
    case "==":
      return value === bound;
    case "!=":
      return value !== bound;
    case "<":
      return value < bound;
    case "<=":
      return value <= bound;
    case ">":
      return value > bound;
    case ">=":
      return value >= bound;
  }
}

type Atom = Omit<CriterionCheck, "criterionPass" | "criterion" | "variant">;

/** Evaluates the expression for one variant, appending one atom per comparison in reading order. */
function evaluate(expr: CriterionExpr, metrics: VariantMetrics | undefined, atoms: Atom[]): boolean {
  if (expr.type === "compare") {
    const present = metrics !== undefined && Object.prototype.hasOwnProperty.call(metrics, expr.metric) && typeof metrics[expr.metric] === "number";
    const value = present ? metrics[expr.metric] : NaN;
    const pass = compare(value, expr.op, expr.bound);
    atoms.push({ metric: expr.metric, op: expr.op, value, bound: expr.bound, pass, missing: !present });
    return pass;
  }
  // Both sides are always evaluated so the table shows every comparison, not only the deciding one.
  const left = evaluate(expr.left, metrics, atoms);
  const right = evaluate(expr.right, metrics, atoms);
  return expr.type === "and" ? left && right : left || right;
}

/** Whether a criterion applies at a sweep point with these assignments (always, unless scoped to other points). */
export function criterionAppliesAt(criterion: Criterion, assignments: Readonly<Record<string, unknown>>): boolean {
  if (criterion.point === undefined) return true;
  return Object.entries(criterion.point).every(([key, value]) => key in assignments && canonicalJson(assignments[key]) === canonicalJson(value));
}

/** The criteria that apply at a sweep point (a point's spec keeps only these: see load-experiment.ts). */
export function criteriaAtPoint(criteria: readonly Criterion[], assignments: Readonly<Record<string, unknown>>): Criterion[] {
  return criteria.filter((c) => criterionAppliesAt(c, assignments));
}

/**
 * Checks every criterion for every variant (or only its own variant when scoped), one row per comparison.
 * Variants are taken in the key order of `metricsByVariant`; a scoped criterion whose variant has no metrics, or
 * a metric a variant did not report, yields rows with `missing: true` that fail. With `assignments` (a sweep
 * point's), criteria scoped to other points are skipped.
 */
export function evaluateCriteria(criteria: readonly Criterion[], metricsByVariant: Readonly<Record<string, VariantMetrics>>, assignments?: Readonly<Record<string, unknown>>): CriterionCheck[] {
  const rows: CriterionCheck[] = [];
  for (const criterion of criteria) {
    if (assignments !== undefined && !criterionAppliesAt(criterion, assignments)) continue;
    const variants = criterion.variant !== undefined ? [criterion.variant] : Object.keys(metricsByVariant);
    for (const variant of variants) {
      const atoms: Atom[] = [];
      const criterionPass = evaluate(criterion.expr, metricsByVariant[variant], atoms);
      for (const atom of atoms) rows.push({ criterion: criterion.text, variant, ...atom, criterionPass });
    }
  }
  return rows;
}

/** True when every criterion holds for every variant it applies to. */
export function allCriteriaPass(rows: readonly CriterionCheck[]): boolean {
  return rows.every((r) => r.criterionPass);
}

/** How a metric's value is written in a description: plain numbers by default; the terminal passes units. */
export type ValueFormat = (metric: string, value: number) => string;

const plainValue: ValueFormat = (_metric, value) => String(value);

/** The comparison without a verdict, e.g. `sdk-1.13: failed = 12, expected == 0 (failed == 0)`. */
export function describeComparison(row: CriterionCheck, format: ValueFormat = plainValue): string {
  const value = row.missing ? "not reported" : format(row.metric, row.value);
  return `${row.variant}: ${row.metric} = ${value}, expected ${row.op} ${format(row.metric, row.bound)} (${row.criterion})`;
}

/** One line naming the variant, metric, value and bound, with ` FAIL` appended when the comparison fails. */
export function describeCheck(row: CriterionCheck): string {
  return `${describeComparison(row)}${row.pass ? "" : " FAIL"}`;
}
