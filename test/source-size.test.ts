import { readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { sourceFiles } from "./source-scan.js";

/*
 * One concept per file: a source file past 600 lines holds more than one and is split by concept (src/README.md).
 */

const SRC = join(import.meta.dirname, "..", "src");
const MAX_LINES = 600;

/** Files of `files` (path → text) longer than `max` lines, as "path: N lines". */
export function oversized(files: ReadonlyArray<readonly [string, string]>, max: number): string[] {
  return files.flatMap(([path, text]) => {
    const lines = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
    return lines > max ? [`${path}: ${lines} lines`] : [];
  });
}

describe("source file size", () => {
  it("counts lines as an editor does", () => {
    expect(oversized([["a.ts", "x\n".repeat(3)], ["b.ts", "x\n".repeat(4)], ["c.ts", "x\nx\nx\nx"]], 3)).toEqual(["b.ts: 4 lines", "c.ts: 4 lines"]);
  });

  it(`no file in src/ is over ${MAX_LINES} lines`, () => {
    const files = sourceFiles(SRC).filter((p) => p.endsWith(".ts")).map((path) => [relative(SRC, path).split(sep).join("/"), readFileSync(path, "utf8")] as const);
    expect(files.length).toBeGreaterThan(100);
    expect(oversized(files, MAX_LINES)).toEqual([]);
  });
});
