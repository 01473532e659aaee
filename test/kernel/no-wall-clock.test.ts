import { readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { sourceFiles, stripComments } from "../source-scan.js";

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
