import { existsSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { sourceFiles, stripComments } from "../source-scan.js";

/*
 * Units guard: nanoseconds and seconds meet only in src/kernel/time.ts (NS_PER_S, nsFromS, sFromNs, …) and, for
 * the retry policies' clock, src/retry/policy-clock.ts, which is built on it. A raw 1e9 elsewhere in src/ is a
 * hand-made conversion that can drift from the others (x / 1e9 and x * 1e-9 differ in the last bit). Unit
 * parsers and formatters, where 1e9 means giga-bytes or giga-bits, are allowed by name.
 */

const ROOT = join(import.meta.dirname, "..", "..");
const SRC = join(ROOT, "src");

/** 1e9 spelled any way a literal can: 1e9, 1E+9, 1.0e9, 1_000_000_000, 1000000000, with or without a bigint `n`. */
const RAW_BILLION = /(?<![\w.$])(?:1(?:\.0+)?[eE]\+?0*9|1_000_000_000|1000000000)n?(?![\w.$])/;

/** Paths (relative to src/, with "/"; a trailing "/" means the whole folder) where a raw 1e9 is allowed. */
const ALLOWED: readonly string[] = [
  // The definitions.
  "kernel/time.ts",
  // Unit parsers and formatters: 1e9 as giga (bytes, bit/s), not as nanoseconds per second.
  "experiment/spec/units.ts",
  "report/display-units.ts",
  "placement/cluster-file.ts",
  "bench/",
];

function allowed(pathInSrc: string): boolean {
  return ALLOWED.some((a) => (a.endsWith("/") ? pathInSrc.startsWith(a) : pathInSrc === a));
}

/** Every "file:line: text" where the source has a raw 1e9 outside comments. */
function findRawBillions(file: string, source: string): string[] {
  const found: string[] = [];
  stripComments(source)
    .split("\n")
    .forEach((line, index) => {
      if (RAW_BILLION.test(line)) found.push(`${file}:${index + 1}: ${line.trim()}`);
    });
  return found;
}

/** All .ts/.js/.mts files under dir. */
describe("no raw nanoseconds-per-second constants outside kernel/time.ts", () => {
  it("the scanner finds each spelling of 1e9 with file:line, and ignores comments, other numbers and 1e-9", () => {
    const sample = [
      "const a = x / 1e9;",
      "// x / 1e9 in a comment is fine",
      "const b = 1_000_000_000;",
      "const c = 100e9 / 8; const d = 1e-9; const e = 10_000_000_000; const f = 1e90;",
      "/* 1_000_000_000 in a block",
      "   comment */ const g = Math.round(s * 1E+9);",
      "const h = 1000000000n;",
      "const i = 0.1e9 + 21e9 + x1e9;",
      "const j = `${ns / 1.0e9} s`;",
    ].join("\n");
    expect(findRawBillions("x.ts", sample)).toEqual([
      "x.ts:1: const a = x / 1e9;",
      "x.ts:3: const b = 1_000_000_000;",
      "x.ts:6: const g = Math.round(s * 1E+9);",
      "x.ts:7: const h = 1000000000n;",
      "x.ts:9: const j = `${ns / 1.0e9} s`;",
    ]);
  });

  it("every allowed path exists (a stale entry would hide a new file of the same name)", () => {
    for (const a of ALLOWED) expect(existsSync(join(SRC, a)), `src/${a}`).toBe(true);
  });

  it("src/ has none outside kernel/time.ts and the allowed unit parsers", () => {
    const violations: string[] = [];
    for (const path of sourceFiles(SRC)) {
      const inSrc = relative(SRC, path).split(sep).join("/");
      if (allowed(inSrc)) continue;
      violations.push(...findRawBillions(`src/${inSrc}`, readFileSync(path, "utf8")));
    }
    expect(violations, `raw 1e9 (use NS_PER_S, nsFromS, sFromNs from src/kernel/time.ts):\n${violations.join("\n")}`).toEqual([]);
  });
});
