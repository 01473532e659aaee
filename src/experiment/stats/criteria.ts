import { parse as parseYaml } from "yaml";
import type { ComparisonOp, Criterion, CriterionExpr } from "../spec/spec-types.js";
import { suggest } from "../spec/did-you-mean.js";
import { parseBandwidth, parseDuration, parseRate, parseSize } from "../spec/units.js";
import { sFromNs } from "../../kernel/time.js";

/**
 * Acceptance criteria: `failed == 0`, `latency_p99 <= 30s`, `sdk-1.25: attempts_max <= 7`,
 * `failed == 0 and latency_p99 < 2s or recovery_s < 60`, `[down=45s] sdk-1.25: failed > 0` (only at the sweep
 * points where `faults.0.down` is 45s). A bound with a unit is converted to the metric's unit:
 * latency metrics and `*_s` metrics are in seconds, `*_bytes` in bytes, `*_bytes_per_s` in bytes per second,
 * `*_rps*` and `*_per_s` in events per second; `99.9%` is 0.999 (for fractions such as success_rate).
 */

/** The unit family of a metric, from its name. */
export type MetricUnit = "seconds" | "bytes" | "bytes-per-s" | "per-s" | "number";

/** The unit a metric is reported in, decided by its name (see the module comment). */
export function metricUnit(metric: string): MetricUnit {
  if (/_bytes_per_s$/.test(metric)) return "bytes-per-s";
  if (/_bytes$/.test(metric)) return "bytes";
  if (/^latency_/.test(metric) || /_s$/.test(metric)) return "seconds";
  if (/(^|_)rps(_|$)/.test(metric) || /_per_s$/.test(metric)) return "per-s";
  return "number";
}

/** A criterion that failed to parse: what was expected, and at which character of the text. */
export interface CriterionSyntaxError {
  readonly message: string;
  readonly index: number;
}

type Token =
  | { kind: "metric"; text: string; index: number }
  | { kind: "op"; op: ComparisonOp; index: number }
  | { kind: "value"; text: string; index: number }
  | { kind: "and" | "or" | "(" | ")"; index: number };

const OPS: readonly ComparisonOp[] = ["==", "!=", "<=", ">=", "<", ">"];

/** Splits the expression into tokens, or reports the first character that starts none. */
function tokenize(text: string, offset: number): Token[] | CriterionSyntaxError {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const index = offset + i;
    const op = OPS.find((o) => rest.startsWith(o));
    if (op) {
      tokens.push({ kind: "op", op, index });
      i += op.length;
      continue;
    }
    if (rest[0] === "(" || rest[0] === ")") {
      tokens.push({ kind: rest[0], index });
      i += 1;
      continue;
    }
    const value = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?([A-Za-zµ]+(\/[A-Za-z]+)?|\/[A-Za-z]+|%)?/.exec(rest);
    if (value) {
      tokens.push({ kind: "value", text: value[0], index });
      i += value[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (word) {
      const w = word[0];
      if (w === "and" || w === "or") tokens.push({ kind: w, index });
      else if (/^[a-z][a-z0-9_]*$/.test(w)) tokens.push({ kind: "metric", text: w, index });
      else return { message: `expected a metric name in lower case (letters, digits, '_'), got "${w}"`, index };
      i += w.length;
      continue;
    }
    return { message: `unexpected character "${rest[0]}"`, index };
  }
  return tokens;
}

/** Converts a bound as written to the metric's unit; a message when the unit does not fit the metric. */
export function convertBound(metric: string, text: string): number | string {
  const m = /^(-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(.*)$/.exec(text);
  if (!m) return `expected a number, got "${text}"`;
  const [, num, unit] = m;
  if (unit === "") return Number(num);
  // Shifting the decimal point in text keeps 99.9% exactly 0.999 (99.9 / 100 is not).
  if (unit === "%") return /e/i.test(num) ? Number(num) / 100 : Number(`${num}e-2`);
  const negative = num.startsWith("-");
  const magnitude = negative ? text.slice(1) : text;
  const sign = negative ? -1 : 1;
  const family = metricUnit(metric);
  const want: Record<MetricUnit, string> = {
    seconds: "a duration such as 30s or 250ms",
    bytes: "a size such as 10GiB",
    "bytes-per-s": "a bandwidth such as 10Gbit/s or 1.25GB/s",
    "per-s": "a rate such as 10/s",
    number: "a plain number",
  };
  // A unit on a plain-number metric is often a misspelt metric name (latncy_p99 <= 2s).
  const typo = family === "number" && !STANDARD_METRICS.includes(metric) ? suggest(metric, STANDARD_METRICS) : undefined;
  const fail = `${metric} is in ${family === "number" ? "plain numbers" : family}: expected ${want[family]}, got "${text}"${typo ? ` (did you mean metric "${typo}"?)` : ""}`;
  if (family === "seconds") {
    const d = parseDuration(magnitude);
    return d.ok ? sFromNs(sign * d.value) : fail;
  }
  if (family === "bytes") {
    const s = parseSize(magnitude);
    return s.ok ? sign * s.value : fail;
  }
  if (family === "bytes-per-s") {
    const b = parseBandwidth(magnitude);
    return b.ok ? sign * b.value : fail;
  }
  if (family === "per-s") {
    const r = parseRate(magnitude);
    return r.ok ? sign * r.value : fail;
  }
  return fail;
}

/** Recursive-descent parser: or → and → primary (comparison or parenthesized). */
class ExprParser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly endIndex: number,
  ) {}

  parse(): CriterionExpr {
    const expr = this.or();
    if (this.pos < this.tokens.length) throw this.error(this.tokens[this.pos].index, `expected "and", "or" or the end of the criterion`);
    return expr;
  }

  private or(): CriterionExpr {
    let left = this.and();
    while (this.peek()?.kind === "or") {
      this.pos++;
      left = { type: "or", left, right: this.and() };
    }
    return left;
  }

  private and(): CriterionExpr {
    let left = this.primary();
    while (this.peek()?.kind === "and") {
      this.pos++;
      left = { type: "and", left, right: this.primary() };
    }
    return left;
  }

  private primary(): CriterionExpr {
    const t = this.next();
    if (t?.kind === "(") {
      const inner = this.or();
      const close = this.next();
      if (close?.kind !== ")") throw this.error(close?.index ?? this.endIndex, `expected ")"`);
      return inner;
    }
    if (t?.kind !== "metric") throw this.error(t?.index ?? this.endIndex, "expected a metric name such as failed or latency_p99");
    const op = this.next();
    if (op?.kind !== "op") throw this.error(op?.index ?? this.endIndex, `expected a comparison (${OPS.join(" ")}) after ${t.text}`);
    const value = this.next();
    if (value?.kind !== "value") throw this.error(value?.index ?? this.endIndex, `expected a number or a quantity such as 30s after ${op.op}`);
    const bound = convertBound(t.text, value.text);
    if (typeof bound === "string") throw this.error(value.index, bound);
    return { type: "compare", metric: t.text, op: op.op, bound, boundText: value.text };
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private next(): Token | undefined {
    return this.tokens[this.pos++];
  }

  private error(index: number, message: string): CriterionSyntaxError {
    return { index, message };
  }
}

/** One `key=value` of a criterion's sweep-point scope, as written, with where its parts start in the text. */
export interface PointScopeEntry {
  /** The key as written: a sweep key or a dot-suffix of one (`down` for `faults.0.down`). */
  readonly key: string;
  readonly keyIndex: number;
  /** The value parsed as YAML (`45s` → "45s", `64` → 64, `[t17, t18]` → a list), compared with the sweep's values. */
  readonly value: unknown;
  readonly valueText: string;
  readonly valueIndex: number;
}

/** Result of parsing one criterion. */
export type ParsedCriterion =
  | {
      readonly ok: true;
      readonly criterion: Criterion;
      readonly variantIndex: number;
      /** The sweep-point scope `[key=value, …]`, if any (keys still as written: resolveCriteria maps them). */
      readonly point?: readonly PointScopeEntry[];
      /** Each metric named, with where it starts in the text. */
      readonly metrics: readonly { readonly metric: string; readonly index: number }[];
    }
  | ({ readonly ok: false } & CriterionSyntaxError);

/** Index of the `]` closing the `[` at `open`, skipping nested brackets, braces and quoted text; -1 if none. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") {
      depth--;
      if (depth === 0) return c === "]" ? i : -1;
    }
  }
  return -1;
}

/** Splits `from…to` of the text at commas outside brackets, braces and quotes: [start, end) of each part. */
function splitTopLevel(text: string, from: number, to: number): Array<[number, number]> {
  const parts: Array<[number, number]> = [];
  let depth = 0;
  let quote: string | undefined;
  let start = from;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") depth--;
    else if (c === "," && depth === 0) {
      parts.push([start, i]);
      start = i + 1;
    }
  }
  parts.push([start, to]);
  return parts;
}

/** Parses the `[key=value, …]` scope opening at `open`; the index just past its `]`, or a syntax error. */
function parsePointScope(text: string, open: number): { entries: PointScopeEntry[]; end: number } | CriterionSyntaxError {
  const close = closingBracket(text, open);
  if (close < 0) return { message: 'expected "]" closing the sweep-point scope such as [faults.0.down=45s]', index: open };
  const entries: PointScopeEntry[] = [];
  for (const [from, to] of splitTopLevel(text, open + 1, close)) {
    const part = text.slice(from, to);
    const lead = part.length - part.trimStart().length;
    const eq = part.indexOf("=");
    if (part.trim() === "" || eq < 0) return { message: 'expected key=value such as faults.0.down=45s in the sweep-point scope', index: from + lead };
    const key = part.slice(0, eq).trim();
    if (!/^\S+$/.test(key)) return { message: `expected a sweep key before "=", got "${key}"`, index: from + lead };
    const rawValue = part.slice(eq + 1);
    const valueText = rawValue.trim();
    const valueIndex = from + eq + 1 + (rawValue.length - rawValue.trimStart().length);
    if (valueText === "") return { message: `expected a value after "${key}="`, index: valueIndex };
    let value: unknown;
    try {
      value = parseYaml(valueText);
    } catch {
      return { message: `expected a sweep value such as 45s, 64 or [t17, t18], got "${valueText}"`, index: valueIndex };
    }
    entries.push({ key, keyIndex: from + lead, value, valueText, valueIndex });
  }
  return { entries, end: close + 1 };
}

/**
 * Parses `[[key=value, …][:]] [variant:] expression`. `variantIndex` is where the variant name starts in the text
 * (for errors about an unknown variant); `index` of an error is the offending character.
 */
export function parseCriterion(text: string): ParsedCriterion {
  let start = 0;
  let point: PointScopeEntry[] | undefined;
  const bracket = /^\s*\[/.exec(text);
  if (bracket) {
    const scope = parsePointScope(text, bracket[0].length - 1);
    if ("message" in scope) return { ok: false, ...scope };
    point = scope.entries;
    start = scope.end;
    // `[down=45s]: failed == 0` reads like a variant prefix: the colon is allowed, and means every variant.
    const colon = /^\s*:/.exec(text.slice(start));
    if (colon) start += colon[0].length;
  }
  const scoped = /^(\s*)([^\s:]+)\s*:/.exec(text.slice(start));
  const variant = scoped ? scoped[2] : undefined;
  const variantIndex = start + (scoped ? scoped[1].length : 0);
  const offset = start + (scoped ? scoped[0].length : 0);
  const tokens = tokenize(text.slice(offset), offset);
  if (!Array.isArray(tokens)) return { ok: false, ...tokens };
  if (tokens.length === 0) return { ok: false, message: 'expected a criterion such as "failed == 0"', index: offset };
  try {
    const expr = new ExprParser(tokens, text.length).parse();
    const metrics = tokens.flatMap((t) => (t.kind === "metric" ? [{ metric: t.text, index: t.index }] : []));
    return { ok: true, criterion: { text, ...(variant !== undefined ? { variant } : {}), expr }, variantIndex, ...(point !== undefined ? { point } : {}), metrics };
  } catch (error) {
    if (error && typeof error === "object" && "index" in error) return { ok: false, ...(error as CriterionSyntaxError) };
    throw error;
  }
}

/** The metric names a criterion refers to, in order of appearance. */
export function criterionMetrics(expr: CriterionExpr): string[] {
  return expr.type === "compare" ? [expr.metric] : [...criterionMetrics(expr.left), ...criterionMetrics(expr.right)];
}

/** Standard metric names every run reports (experiments may add their own, e.g. completion_s). */
export const STANDARD_METRICS: readonly string[] = [
  "requests",
  "succeeded",
  "failed",
  "success_rate",
  "latency_p50",
  "latency_p90",
  "latency_p99",
  "latency_p999",
  "latency_max",
  "attempts_mean",
  "attempts_max",
  "amplification",
  "amplification_peak_1s",
  "client_rps_max_1s",
  "recovery_s",
  "goodput_bytes_per_s",
  "rebalance_s",
  "rebalance_bytes",
  "gfn_requests",
  "admin_refused",
];
