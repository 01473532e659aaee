import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { FAKE_SIMULATOR } from "../experiment/run/runner-helpers.js";

const CLI = path.resolve("dist/cli.js");

/** Runs the built CLI with the stand-in simulator (`npm run build` first). */
export function runAisim(args: string[], options: { cwd?: string; simulator?: string | null } = {}): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  if (options.simulator !== null) env.AISIM_SIMULATOR_MODULE = options.simulator ?? FAKE_SIMULATOR;
  else delete env.AISIM_SIMULATOR_MODULE;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? process.cwd(), encoding: "utf8", env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under `dir` (relative path → content), sorted by path. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (sub: string): void => {
    for (const name of readdirSync(path.join(dir, sub)).sort()) {
      const rel = sub === "" ? name : `${sub}/${name}`;
      if (statSync(path.join(dir, rel)).isDirectory()) walk(rel);
      else files.set(rel, readFileSync(path.join(dir, rel), "utf8"));
    }
  };
  walk("");
  return files;
}
