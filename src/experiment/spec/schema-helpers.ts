import * as z from "zod";
import { parseBandwidth, parseDuration, parseRate, parseSize, type Parsed } from "./units.js";

/**
 * Building blocks of the model and experiment schemas. Every schema carries its own "what was expected"
 * message, so errors read `expected a duration such as 45s…, got "45"` rather than zod's generic text.
 */

/** Prefix of the message zod reports for unknown keys; the known keys follow as JSON (see zod-issues.ts). */
export const UNKNOWN_KEYS_MARK = "\u0000unknown-keys:";

/** A mapping that refuses unknown keys; the error remembers the known keys for "did you mean". */
export function strict<S extends z.core.$ZodLooseShape>(shape: S, what = "a mapping") {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") return UNKNOWN_KEYS_MARK + JSON.stringify(known);
      if (issue.code === "invalid_type") return `expected ${what} with keys ${known.join(", ")}`;
      return undefined;
    },
  });
}

/** A quantity parsed by one of the unit parsers; `check` adds a further condition (e.g. positive). */
function quantity(parse: (input: unknown) => Parsed<number>, check?: { test: (value: number) => boolean; expected: string }) {
  return z.unknown().transform((input, ctx) => {
    const parsed = parse(input);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: `expected ${parsed.expected}`, input });
      return z.NEVER;
    }
    if (check && !check.test(parsed.value)) {
      ctx.addIssue({ code: "custom", message: `expected ${check.expected}, got ${JSON.stringify(input)}`, input });
      return z.NEVER;
    }
    return parsed.value;
  });
}

const positive = (expected: string) => ({ test: (v: number) => v > 0, expected });

/** A duration → integer ns (0 allowed). */
export const duration = () => quantity(parseDuration);
/** A duration greater than zero → integer ns. */
export const positiveDuration = () => quantity(parseDuration, positive("a positive duration such as 45s"));
/** A size → integer bytes. */
export const size = () => quantity(parseSize);
/** A size greater than zero → integer bytes. */
export const positiveSize = () => quantity(parseSize, positive("a positive size such as 1MiB"));
/** A rate greater than zero → per second. */
export const rate = () => quantity(parseRate, positive("a positive rate such as 3500/s"));
/** A bandwidth greater than zero → bytes per second. */
export const bandwidth = () => quantity(parseBandwidth, positive("a positive bandwidth such as 100Gbit/s"));

/** A whole number at least `min`. */
export function int(min: number, what = "a whole number") {
  const expected = `expected ${what} ≥ ${min}`;
  return z.number({ error: expected }).int({ error: expected }).min(min, { error: expected });
}

/** A finite number above `exclusiveMin` (and at most `max`). */
export function number(exclusiveMin: number, max = Infinity, what = "a number") {
  const expected = max === Infinity ? `expected ${what} > ${exclusiveMin}` : `expected ${what} > ${exclusiveMin} and ≤ ${max}`;
  return z.number({ error: expected }).gt(exclusiveMin, { error: expected }).lte(max, { error: expected });
}

/** A non-empty string. */
export function text(what = "a string") {
  return z.string({ error: `expected ${what}` }).min(1, { error: `expected ${what} (not empty)` });
}

/** One of a fixed set of words (the message lists them; zod-issues adds "did you mean"). */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of ${values.join(", ")}` });
}

/** A boolean. */
export function bool() {
  return z.boolean({ error: "expected true or false" });
}

/** A node ID: letters, digits, `.`, `_`, `-`. */
export function nodeId() {
  return z.string({ error: "expected a node ID such as t3 or p1" }).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: "expected a node ID such as t3 or p1 (letters, digits, '.', '_', '-')" });
}
