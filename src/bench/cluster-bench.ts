import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { referenceCase } from "./cluster.js";
import type { Figures, Log } from "./process-memory.js";
import { rebalanceJoinCase } from "./rebalance.js";
import { REFERENCE_MACHINE_EVENTS_PER_S, referenceWorkloadEventsPerS } from "./reference-machine.js";
import { registerBench } from "./registry.js";

/*
 * `aisim bench cluster [--json]` runs two cases, each in a child process of its own so that each one's peak RSS
 * is its own (a process's RSS hardly shrinks after a big run, so a second case in the same process would report
 * the first one's peak):
 *   - reference: the rolling-restart scenario of cluster.ts (requests_per_wall_s, events_per_s, peak_rss_bytes);
 *   - rebalance-join: 100 targets hold 10M objects, one joins (rebalance.ts: rebalance_join_10m_wall_s,
 *     rebalance_join_10m_peak_rss_bytes; goal ≤ 60 s wall).
 * Before and after the reference case, a fresh child runs the reference-machine workload (reference-machine.ts), as
 * the reference machine's own figure was measured: the mean of the two gives this machine's speed relative to that
 * machine, and the reference case's requests per wall second scaled to it.
 * `aisim bench cluster-rebalance` runs the rebalance case alone. A case runs at most once per command, so
 * `aisim bench all` measures the rebalance case once and reports it under both names.
 */

const machineCase = (): Figures => ({ reference_workload_events_per_s: Math.round(referenceWorkloadEventsPerS()) });

const CASES: Record<string, (log: Log) => Figures> = {
  reference: referenceCase,
  "rebalance-join": rebalanceJoinCase,
  "machine-before": machineCase,
  "machine-after": machineCase,
};

const SCRIPT = fileURLToPath(import.meta.url);
/** Prefix of the child's last line, the case's figures as JSON; every other line is a log line. */
const FIGURES_MARK = "@figures ";

/** Runs one case in a child process (same Node flags and environment), relaying its lines to `log`. */
function runInChild(name: string, log: Log): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, SCRIPT, name], { stdio: ["ignore", "pipe", "inherit"] });
    let figures: Figures | null = null;
    let pending = "";
    const line = (l: string): void => {
      if (l.startsWith(FIGURES_MARK)) figures = JSON.parse(l.slice(FIGURES_MARK.length)) as Figures;
      else log(l);
    };
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf("\n")) >= 0) {
        line(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (pending !== "") line(pending);
      if (code === 0 && figures !== null) resolve(figures);
      else reject(new Error(`bench cluster case ${name} failed (exit ${code ?? signal})`));
    });
  });
}

const measured = new Map<string, Promise<Figures>>();

/** The case's figures, measured in a child process the first time it is asked for in this command. */
function measure(name: string, log: Log): Promise<Figures> {
  let p = measured.get(name);
  if (p === undefined) {
    p = runInChild(name, log);
    measured.set(name, p);
  } else {
    log(`${name}: measured above`);
  }
  return p;
}

/** The reference case between two runs of the reference-machine workload, with its figures scaled to that machine. */
async function referenceWithMachineSpeed(log: Log): Promise<Figures> {
  const before = Number((await measure("machine-before", log)).reference_workload_events_per_s);
  const figures = await measure("reference", log);
  const after = Number((await measure("machine-after", log)).reference_workload_events_per_s);
  const speed = (before + after) / 2 / REFERENCE_MACHINE_EVENTS_PER_S;
  const scaled = Math.round(Number(figures.requests_per_wall_s) / speed);
  log(
    `  this machine runs the reference workload at ${(before / 1e6).toFixed(2)} M events/s before and ${(after / 1e6).toFixed(2)} M after, ` +
      `${speed.toFixed(2)}x the reference machine's ${(REFERENCE_MACHINE_EVENTS_PER_S / 1e6).toFixed(1)} M: at its speed, about ${scaled} simulated requests / wall s`,
  );
  return {
    ...figures,
    machine_speed_vs_reference: Number(speed.toFixed(3)),
    requests_per_wall_s_reference_machine: scaled,
  };
}

registerBench("cluster", async (log) => ({ ...(await referenceWithMachineSpeed(log)), ...(await measure("rebalance-join", log)) }));
registerBench("cluster-rebalance", (log) => measure("rebalance-join", log));

// As a script (`node cluster-bench.js <case>`): run that case in this process, figures on the last line.
if (process.argv[1] !== undefined && SCRIPT === process.argv[1]) {
  const run = CASES[process.argv[2] ?? ""];
  if (run === undefined) throw new Error(`unknown bench cluster case "${process.argv[2] ?? ""}" (${Object.keys(CASES).join(", ")})`);
  const figures = run((l) => process.stdout.write(l + "\n"));
  process.stdout.write(FIGURES_MARK + JSON.stringify(figures) + "\n");
}
