import { spawnSync } from "node:child_process";
import path from "node:path";

const CLI = path.resolve("dist/cli.js");

/** Runs the built CLI (`npm run build` first) and returns its exit code and output. */
export function runCli(args: string[], cwd = process.cwd()): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
