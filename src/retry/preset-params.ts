import { InputError } from "../util/input-error.js";
import type { PresetParam } from "./registry.js";

/**
 * Overriding a preset's documented parameters with dotted keys (`backoff.base_s`, `max_attempts`). Every value
 * is checked against its parameter's kind, and an unknown key is an error naming the known ones, so a typo in an
 * experiment never silently runs the defaults.
 */

/**
 * The kinds of value a parameter takes. `attempts` is a positive integer or the string "unlimited"; `limit` a
 * non-negative number or "unlimited" (e.g. a delay cap that the source leaves unset).
 */
export type ParamKind = "number" | "attempts" | "limit" | "string" | "boolean" | "numbers" | "strings";

/** A documented parameter with the kind of value it accepts (and, for strings, the allowed choices). */
export interface TypedParam extends PresetParam {
  readonly kind: ParamKind;
  readonly choices?: readonly string[];
}

/** Resolved parameter values with typed accessors. */
export class ParamValues {
  /** Key → effective value, as shown by reports and `aisim policy show`. */
  readonly values: Readonly<Record<string, unknown>>;

  constructor(values: Record<string, unknown>) {
    this.values = values;
  }

  /** A number parameter. */
  num(key: string): number {
    return this.values[key] as number;
  }

  /** An attempts parameter: "unlimited" becomes Infinity. */
  attempts(key: string): number {
    const value = this.values[key];
    return value === "unlimited" ? Infinity : (value as number);
  }

  /** A limit parameter: "unlimited" becomes Infinity. */
  limit(key: string): number {
    const value = this.values[key];
    return value === "unlimited" ? Infinity : (value as number);
  }

  /** A string parameter. */
  str(key: string): string {
    return this.values[key] as string;
  }

  /** A boolean parameter. */
  bool(key: string): boolean {
    return this.values[key] as boolean;
  }

  /** A list-of-numbers parameter. */
  nums(key: string): readonly number[] {
    return this.values[key] as readonly number[];
  }

  /** A list-of-strings parameter. */
  strs(key: string): readonly string[] {
    return this.values[key] as readonly string[];
  }
}

function describeValue(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value) ?? String(value);
}

/** A list written as one comma-separated string (`"503,504"`, as a command line gives it) as its items. */
function listItems(value: unknown, asNumbers: boolean): unknown {
  if (typeof value !== "string") return value;
  const items = value.split(",").map((s) => s.trim()).filter((s) => s !== "");
  return asNumbers ? items.map((s) => (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : s)) : items;
}

function checkValue(preset: string, param: TypedParam, written: unknown): unknown {
  const value = param.kind === "numbers" || param.kind === "strings" ? listItems(written, param.kind === "numbers") : written;
  const bad = (expected: string): never => {
    throw new InputError(`retry preset ${preset}: parameter ${param.key} must be ${expected}, got ${describeValue(written)}`);
  };
  switch (param.kind) {
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) bad("a finite number");
      return value;
    case "attempts":
      if (value === "unlimited") return value;
      if (typeof value !== "number" || !Number.isInteger(value) || value < 1) bad('a positive integer or "unlimited"');
      return value;
    case "limit":
      if (value === "unlimited") return value;
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0) bad('a non-negative number or "unlimited"');
      return value;
    case "string":
      if (typeof value !== "string") bad("a string");
      if (param.choices !== undefined && !param.choices.includes(value as string)) bad(`one of ${param.choices.join(", ")}`);
      return value;
    case "boolean":
      if (typeof value !== "boolean") bad("true or false");
      return value;
    case "numbers":
      if (!Array.isArray(value) || !value.every((v) => typeof v === "number" && Number.isFinite(v))) bad("a list of numbers");
      return [...(value as number[])];
    case "strings":
      if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) bad("a list of strings");
      if (param.choices !== undefined) {
        for (const v of value as string[]) if (!param.choices.includes(v)) bad(`a list of ${param.choices.join(", ")}`);
      }
      return [...(value as string[])];
  }
}

/** Defaults with `overrides` applied; throws InputError on an unknown key or a value of the wrong kind. */
export function resolveParams(
  preset: string,
  params: readonly TypedParam[],
  overrides: Readonly<Record<string, unknown>>,
): ParamValues {
  const byKey = new Map(params.map((p) => [p.key, p]));
  const values: Record<string, unknown> = {};
  for (const p of params) values[p.key] = p.defaultValue;
  for (const [key, value] of Object.entries(overrides)) {
    const param = byKey.get(key);
    if (param === undefined) {
      const known = params.map((p) => p.key).join(", ");
      throw new InputError(`retry preset ${preset}: unknown parameter "${key}" (known: ${known})`);
    }
    values[key] = checkValue(preset, param, value);
  }
  return new ParamValues(values);
}

/** Throws InputError unless `check` holds: for constraints between values, e.g. cap ≥ base. */
export function requireParam(preset: string, check: boolean, message: string): void {
  if (!check) throw new InputError(`retry preset ${preset}: ${message}`);
}
