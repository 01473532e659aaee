import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The peer benchmarks of ../shared/bench (bare JS heap ceiling, simjs, SimPy), run side by side as child
 * processes. Each is skipped with a note when it is not available. Figures are parsed from their output.
 */

/** Figures of one peer tool, by workload key (e.g. "timeouts_k10_callbacks_typed"), in events or customers per s. */
export type PeerFigures = Record<string, number>;

/** Result of running one peer: its figures, or why it was skipped. */
export interface PeerResult {
  name: string;
  figures: PeerFigures;
  note?: string;
}

/** The folder holding the peer scripts: env AISIM_PEER_BENCH_DIR, else ../shared/bench next to the package root. */
export function peerBenchDir(): string {
  const fromEnv = process.env.AISIM_PEER_BENCH_DIR;
  if (fromEnv !== undefined && fromEnv !== "") return resolve(fromEnv);
  const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
  return resolve(packageRoot, "..", "shared", "bench");
}

/** Where simjs is installed for the comparison (`npm i simjs@2.0.3` there). */
const SIMJS_DIR = "/tmp/peer";
const PEER_TIMEOUT_MS = 15 * 60 * 1000;

/** Parses "name   12,345,678 unit" lines into numbers. */
function number(text: string): number {
  return Number(text.replace(/,/g, ""));
}

/** Runs heap_limit.mjs: the bare Node kernels, each case in its own process. */
export function runHeapLimit(dir: string): PeerResult {
  const script = join(dir, "heap_limit.mjs");
  if (!existsSync(script)) return { name: "heap_limit", figures: {}, note: `skipped: ${script} not found` };
  const out = spawnSync(process.execPath, [script], { encoding: "utf8", timeout: PEER_TIMEOUT_MS });
  if (out.status !== 0) return { name: "heap_limit", figures: {}, note: `failed: ${out.stderr.trim().split("\n").pop() ?? ""}` };
  const figures: PeerFigures = {};
  for (const line of out.stdout.split("\n")) {
    const m = /^(timeouts K=(\d+)|M\/M\/(\d+)) (.+?)\s+([\d,]+) (events|customers)\/s/.exec(line);
    if (m === null) continue;
    const variant = m[4].trim();
    const style = variant.startsWith("callbacks+typed")
      ? "callbacks_typed"
      : variant.startsWith("callbacks+object")
        ? "callbacks_object"
        : variant.startsWith("callbacks")
          ? "callbacks"
          : variant.startsWith("generators")
            ? "generators"
            : variant.startsWith("SimPy-like")
              ? "simpy_like_kernel"
              : variant.includes("1 microtask")
                ? "async_1hop"
                : "async_setimmediate";
    const key = m[2] !== undefined ? `timeouts_k${m[2]}_${style}` : `mm${m[3]}_${style}`;
    figures[key] = number(m[5]);
  }
  return { name: "heap_limit", figures };
}

/** Runs simjs_bench.cjs from the folder where simjs is installed. */
export function runSimjs(dir: string): PeerResult {
  const script = join(dir, "simjs_bench.cjs");
  if (!existsSync(script)) return { name: "simjs", figures: {}, note: `skipped: ${script} not found` };
  try {
    createRequire(join(SIMJS_DIR, "package.json")).resolve("simjs");
  } catch {
    return { name: "simjs", figures: {}, note: `skipped: simjs not installed (mkdir -p ${SIMJS_DIR} && cd ${SIMJS_DIR} && npm i simjs@2.0.3)` };
  }
  const out = spawnSync(process.execPath, [script], { cwd: SIMJS_DIR, encoding: "utf8", timeout: PEER_TIMEOUT_MS });
  if (out.status !== 0) return { name: "simjs", figures: {}, note: `failed: ${out.stderr.trim().split("\n").pop() ?? ""}` };
  const figures: PeerFigures = {};
  for (const line of out.stdout.split("\n")) {
    const t = /timeouts N=1e6 K=(\d+)\s+([\d,]+)/.exec(line);
    if (t !== null) figures[`timeouts_k${t[1]}`] = number(t[2]);
    const q = /M\/M\/(\d+) 2e5 customers\s+([\d,]+)/.exec(line);
    if (q !== null) figures[`mm${q[1]}`] = number(q[2]);
  }
  return { name: "simjs", figures };
}

/** Runs simpy2_bench.py with the system Python (Debian's python3-simpy). */
export function runSimPy(dir: string): PeerResult {
  const script = join(dir, "simpy2_bench.py");
  const python = "/usr/bin/python3";
  if (!existsSync(script)) return { name: "simpy", figures: {}, note: `skipped: ${script} not found` };
  if (!existsSync(python)) return { name: "simpy", figures: {}, note: `skipped: ${python} not found` };
  const probe = spawnSync(python, ["-c", "import SimPy"], { encoding: "utf8" });
  if (probe.status !== 0) return { name: "simpy", figures: {}, note: "skipped: SimPy missing (apt-get install -y python3-simpy)" };
  const out = spawnSync(python, [script], { encoding: "utf8", timeout: PEER_TIMEOUT_MS });
  if (out.status !== 0) return { name: "simpy", figures: {}, note: `failed: ${out.stderr.trim().split("\n").pop() ?? ""}` };
  const figures: PeerFigures = {};
  for (const line of out.stdout.split("\n")) {
    const t = /timeouts N=1e6 K=(\d+): ([\d,]+)/.exec(line);
    if (t !== null) figures[`timeouts_k${t[1]}`] = number(t[2]);
    const q = /M\/M\/(\d+) rho=0\.9 2e5 customers: ([\d,]+)/.exec(line);
    if (q !== null) figures[`mm${q[1]}`] = number(q[2]);
  }
  return { name: "simpy", figures };
}
