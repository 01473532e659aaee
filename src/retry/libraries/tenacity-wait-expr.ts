import { TENACITY_MAX_WAIT, type TenacityWait } from "./tenacity.js";

/**
 * A tenacity wait written as in Python, for parameters: `wait_exponential(multiplier=1, min=1, max=10)`,
 * `wait_fixed(1) + wait_random(0, 1)` (combine), `wait_chain(wait_fixed(1), wait_fixed(2))`. The `wait_`
 * prefix is optional; arguments are positional in tenacity's order or by keyword, with tenacity's defaults.
 */

/** Each function's arguments in tenacity's positional order, with its defaults. */
const SIGNATURES: Record<string, readonly (readonly [string, number])[]> = {
  none: [],
  fixed: [["wait", 0]],
  random: [["min", 0], ["max", 1]],
  incrementing: [["start", 0], ["increment", 100], ["max", TENACITY_MAX_WAIT]],
  exponential: [["multiplier", 1], ["max", TENACITY_MAX_WAIT], ["exp_base", 2], ["min", 0]],
  random_exponential: [["multiplier", 1], ["max", TENACITY_MAX_WAIT], ["exp_base", 2], ["min", 0]],
  exponential_jitter: [["initial", 1], ["max", TENACITY_MAX_WAIT], ["exp_base", 2], ["jitter", 1], ["min", 0], ["multiplier", 1]],
};

/** A parse error with the position in the expression. */
export class WaitExprError extends Error {}

/** Parses a wait expression; throws WaitExprError saying where and what is wrong. */
export function parseWaitExpr(text: string): TenacityWait {
  let pos = 0;
  const fail = (what: string): never => {
    throw new WaitExprError(`wait expression "${text}" at character ${pos + 1}: ${what}`);
  };
  const skip = (): void => {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
  };
  const eat = (ch: string): boolean => {
    skip();
    if (text[pos] === ch) {
      pos++;
      return true;
    }
    return false;
  };
  const ident = (): string => {
    skip();
    const m = /^[A-Za-z_][A-Za-z_0-9]*/.exec(text.slice(pos));
    if (m === null) return fail("expected a name");
    pos += m[0].length;
    return m[0];
  };
  const number = (): number | undefined => {
    skip();
    const m = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(pos));
    if (m === null) return undefined;
    pos += m[0].length;
    return Number(m[0]);
  };

  const call = (): TenacityWait => {
    const raw = ident();
    const name = raw.startsWith("wait_") ? raw.slice(5) : raw;
    if (!eat("(")) fail(`expected "(" after ${raw}`);
    if (name === "chain" || name === "combine") {
      const waits: TenacityWait[] = [];
      if (!eat(")")) {
        do waits.push(sum());
        while (eat(","));
        if (!eat(")")) fail('expected ")"');
      }
      if (waits.length === 0) fail(`${raw}() needs at least one wait`);
      return { kind: name, waits };
    }
    const signature = SIGNATURES[name];
    if (signature === undefined) fail(`unknown wait ${raw} (known: ${[...Object.keys(SIGNATURES), "chain", "combine"].map((n) => "wait_" + n).join(", ")})`);
    const args = new Map(signature.map(([key, value]) => [key, value]));
    const given = new Set<string>();
    let index = 0;
    if (!eat(")")) {
      do {
        skip();
        const save = pos;
        let key: string | undefined;
        const m = /^([A-Za-z_][A-Za-z_0-9]*)\s*=/.exec(text.slice(pos));
        if (m !== null) {
          key = m[1];
          pos += m[0].length;
        } else {
          if (index >= signature.length) fail(`${raw} takes at most ${signature.length} arguments`);
          key = signature[index++][0];
        }
        if (!args.has(key)) {
          pos = save;
          fail(`${raw} has no argument ${key} (it takes ${signature.map(([k]) => k).join(", ")})`);
        }
        const value = number();
        if (value === undefined) fail("expected a number");
        args.set(key, value as number);
        given.add(key);
      } while (eat(","));
      if (!eat(")")) fail('expected ")"');
    }
    const a = (key: string): number => args.get(key) as number;
    switch (name) {
      case "none":
        return { kind: "none" };
      case "fixed":
        return { kind: "fixed", wait: a("wait") };
      case "random":
        return { kind: "random", min: a("min"), max: a("max") };
      case "incrementing":
        return { kind: "incrementing", start: a("start"), increment: a("increment"), max: a("max") };
      case "exponential":
      case "random_exponential":
        return { kind: name, multiplier: a("multiplier"), min: a("min"), max: a("max"), expBase: a("exp_base") };
      default: {
        if (given.has("initial") && given.has("multiplier")) fail("give multiplier or initial, not both");
        const multiplier = given.has("initial") ? a("initial") : a("multiplier");
        return { kind: "exponential_jitter", multiplier, min: a("min"), max: a("max"), expBase: a("exp_base"), jitter: a("jitter") };
      }
    }
  };

  const sum = (): TenacityWait => {
    const parts = [call()];
    while (eat("+")) parts.push(call());
    return parts.length === 1 ? parts[0] : { kind: "combine", waits: parts };
  };

  const result = sum();
  skip();
  if (pos < text.length) fail("unexpected text");
  return result;
}
