import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The committed results of the canonical experiments must be what the code produces: this reruns the fastest
 * of them into a temporary folder and compares every committed file byte for byte. When a change to the model
 * is meant to move the numbers, regenerate them with `npm run experiments` and commit the new results.
 */

const root = path.resolve(import.meta.dirname, "../..");
const FAST = ["tahoe-hung-server", "dls-blip"];
const scratch = mkdtempSync(path.join(os.tmpdir(), "aisim-canonical-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Files under `dir`, relative to it, sorted. */
function filesUnder(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix)).sort()) {
    const rel = path.join(prefix, entry);
    if (statSync(path.join(dir, rel)).isDirectory()) out.push(...filesUnder(dir, rel));
    else out.push(rel);
  }
  return out;
}

describe("canonical experiments regenerate byte-identically", () => {
  for (const name of FAST) {
    it(name, () => {
      const committed = path.join(root, "results", name);
      expect(existsSync(path.join(committed, "summary.csv")), `results/${name}/summary.csv is committed`).toBe(true);
      const out = path.join(scratch, name);
      const run = spawnSync(process.execPath, ["dist/cli.js", "run", path.join("experiments", `${name}.yaml`), "--out", out], { cwd: root, encoding: "utf8" });
      expect(run.status, run.stderr).toBe(0);
      const committedFiles = filesUnder(committed);
      for (const file of ["summary.csv", "manifest.json", "report.html"]) expect(committedFiles).toContain(file);
      expect(committedFiles.some((f) => f.endsWith(".svg"))).toBe(true);
      const differing = committedFiles.filter((file) => !existsSync(path.join(out, file)) || !readFileSync(path.join(out, file)).equals(readFileSync(path.join(committed, file))));
      expect(differing, `files of results/${name} that differ from a fresh run (regenerate with npm run experiments)`).toEqual([]);
    });
  }
});
