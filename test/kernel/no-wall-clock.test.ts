import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";

/*
 * Determinism guard: simulation code must not read the wall clock, real timers or Math.random. Only src/live
 * (real time by design), src/cli* and src/bench (which time things) may.
 */

const ROOT = join(import.meta.dirname, "..", "..");
const SRC = join(ROOT, "src");
const FORBIDDEN: Array<[string, RegExp]> = [
  ["Math.random", /\bMath\s*\.\s*random\b/],
  ["Date.now", /\bDate\s*\.\s*now\b/],
  ["performance.now", /\bperformance\s*\.\s*now\b/],
  ["new Date(", /\bnew\s+Date\s*\(/],
  ["setTimeout", /\bsetTimeout\b/],
  ["setInterval", /\bsetInterval\b/],
  ["setImmediate", /\bsetImmediate\b/],
];

/** True for paths (relative to src/, with "/") where wall-clock use is allowed. */
function exempt(pathInSrc: string): boolean {
  return pathInSrc.startsWith("live/") || pathInSrc.startsWith("cli") || pathInSrc.startsWith("bench/");
}

/** Blanks out comments (keeping newlines, so line numbers hold) but leaves strings and code. */
function stripComments(source: string): string {
  let out = "";
  let i = 0;
  let quote: string | null = null;
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (quote !== null) {
      out += c;
      if (c === "\\") {
        out += next ?? "";
        i += 2;
        continue;
      }
      if (c === quote) quote = null;
      i++;
    } else if (c === "/" && next === "/") {
      while (i < source.length && source[i] !== "\n") {
        out += " ";
        i++;
      }
    } else if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end < 0 ? source.length : end + 2;
      for (; i < stop; i++) out += source[i] === "\n" ? "\n" : " ";
    } else {
      if (c === '"' || c === "'" || c === "`") quote = c;
      out += c;
      i++;
    }
  }
  return out;
}

/** Every "file:line: what" occurrence of a forbidden API in the given source text. */
function findViolations(file: string, source: string): string[] {
  const found: string[] = [];
  stripComments(source)
    .split("\n")
    .forEach((line, index) => {
      for (const [name, pattern] of FORBIDDEN) if (pattern.test(line)) found.push(`${file}:${index + 1}: ${name}`);
    });
  return found;
}

/** All .ts/.js/.mts files under dir. */
function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) files.push(...sourceFiles(path));
    else if (/\.(ts|mts|js|mjs)$/.test(entry)) files.push(path);
  }
  return files;
}

describe("no wall clock or ambient randomness in simulation code", () => {
  it("the scanner finds each forbidden API with file:line, and ignores comments", () => {
    const sample = [
      "const a = Math.random();",
      "// Date.now() in a comment is fine",
      "const b = Date.now();",
      "/* setTimeout(f) in a block",
      "   comment */ const c = performance.now();",
      'const url = "https://example"; setInterval(f, 1);',
      "const d = new Date();",
      "setImmediate(f);",
      "const e = setTimeout;",
    ].join("\n");
    expect(findViolations("x.ts", sample)).toEqual([
      "x.ts:1: Math.random",
      "x.ts:3: Date.now",
      "x.ts:5: performance.now",
      "x.ts:6: setInterval",
      "x.ts:7: new Date(",
      "x.ts:8: setImmediate",
      "x.ts:9: setTimeout",
    ]);
  });

  it("src/ outside live/, cli*, bench/ uses none of them", () => {
    const violations: string[] = [];
    for (const path of sourceFiles(SRC)) {
      const inSrc = relative(SRC, path).split(sep).join("/");
      if (exempt(inSrc)) continue;
      violations.push(...findViolations(`src/${inSrc}`, readFileSync(path, "utf8")));
    }
    expect(violations, `forbidden wall-clock/random APIs:\n${violations.join("\n")}`).toEqual([]);
  });
});
