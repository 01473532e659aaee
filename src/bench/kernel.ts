import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { CaseReport } from "./kernel-cases.js";
import { KERNEL_CASES } from "./kernel-cases.js";
import { mmcTheoreticalSojourn } from "./kernel-workloads.js";
import { peerBenchDir, runHeapLimit, runSimjs, runSimPy, type PeerResult } from "./peers.js";
import { registerBench } from "./registry.js";

/*
 * `aisim bench kernel [--json] [--peers]`: the peer workloads (1e6 exponential timeouts over 10 and 1000 chains;
 * M/M/1 and M/M/8 at rho = 0.9, 2e5 customers) run on our kernel, plus our own bare typed-array heap as the
 * in-run reference. Every case runs in a fresh child process (so one case's JIT feedback cannot slow another),
 * five repetitions with seeds 1..5; rates are medians.
 */

const CASES_SCRIPT = fileURLToPath(new URL("./kernel-cases.js", import.meta.url));

/** Student t quantile t(0.975, df) for small df (the replications' confidence interval). */
const T975 = [NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];

/** Runs one case in a child process and returns its report. */
function runChild(name: string): CaseReport {
  const out = spawnSync(process.execPath, [CASES_SCRIPT, name], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (out.status !== 0) throw new Error(`kernel bench case ${name} failed: ${out.stderr}`);
  const lastLine = out.stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(lastLine) as CaseReport;
}

/** Median of the values. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Mean and 95% t-interval half-width of independent replications. */
function meanCi(values: number[]): { mean: number; halfWidth: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, halfWidth: (T975[n - 1] ?? 1.96) * Math.sqrt(variance / n) };
}

/** "12,345,678". */
function grouped(x: number): string {
  return Math.round(x).toLocaleString("en-US");
}

/** Rounds a ratio for the figures. */
function ratio(a: number, b: number | undefined): number {
  return b === undefined || !(b > 0) ? NaN : Math.round((a / b) * 100) / 100;
}

registerBench("kernel", async (log, options) => {
  log(`kernel benchmark: node ${process.version}, each case in its own process, median of 5 (seeds 1..5)`);
  const rates: Record<string, number> = {};
  const reports: Record<string, CaseReport> = {};
  for (const name of Object.keys(KERNEL_CASES)) {
    const report = runChild(name);
    reports[name] = report;
    rates[name] = median(report.ratesPerS);
    log(`  ${name.padEnd(18)} ${grouped(rates[name]).padStart(12)} ${report.unit}/s`);
    if (report.referenceRatesPerS.length > 0) {
      const reference = `bare_${name.replace(/^callbacks_/, "")}`;
      rates[reference] = median(report.referenceRatesPerS);
      // Ratio of each repetition to the reference run just before it, then the median: robust to load swings.
      rates[`${name}_vs_bare`] = median(report.ratesPerS.map((r, i) => r / report.referenceRatesPerS[i]));
      log(`  ${reference.padEnd(18)} ${grouped(rates[reference]).padStart(12)} ${report.unit}/s  (reference, alternated with ${name})`);
    }
  }

  const mm1 = meanCi(reports.mm1_processes.runs.map((r) => r.meanSojournS ?? NaN));
  const mm8 = meanCi(reports.mm8_processes.runs.map((r) => r.meanSojournS ?? NaN));
  const mm1Theory = mmcTheoreticalSojourn(1, 0.9, 1);
  const mm8Theory = mmcTheoreticalSojourn(8, 7.2, 1);
  const styleAgree = reports.mm1_processes.runs.every((r, i) => r.meanSojournS === reports.mm1_callbacks.runs[i].meanSojournS);
  log(
    `  M/M/1 mean sojourn ${mm1.mean.toFixed(3)} s, 95% CI ±${mm1.halfWidth.toFixed(3)} over 5 seeds ` +
      `(theory ${mm1Theory.toFixed(3)}: ${Math.abs(mm1.mean - mm1Theory) <= mm1.halfWidth ? "inside" : "OUTSIDE"} the CI)`,
  );
  log(
    `  M/M/8 mean sojourn ${mm8.mean.toFixed(3)} s, 95% CI ±${mm8.halfWidth.toFixed(3)} ` +
      `(theory ${mm8Theory.toFixed(3)}: ${Math.abs(mm8.mean - mm8Theory) <= mm8.halfWidth ? "inside" : "OUTSIDE"} the CI)`,
  );
  log(`  process-style and callback-style M/M/1 give identical sojourns per seed: ${styleAgree ? "yes" : "NO"}`);

  const figures: Record<string, number | string> = {
    timeouts_k10_callbacks_events_per_s: Math.round(rates.callbacks_k10),
    timeouts_k1000_callbacks_events_per_s: Math.round(rates.callbacks_k1000),
    timeouts_k10_processes_events_per_s: Math.round(rates.processes_k10),
    timeouts_k1000_processes_events_per_s: Math.round(rates.processes_k1000),
    mm1_customers_per_s: Math.round(rates.mm1_processes),
    mm8_customers_per_s: Math.round(rates.mm8_processes),
    mm1_mean_sojourn: Math.round(mm1.mean * 1e4) / 1e4,
    mm1_mean_sojourn_ci95_halfwidth: Math.round(mm1.halfWidth * 1e4) / 1e4,
    mm1_mean_sojourn_theory: Math.round(mm1Theory * 1e4) / 1e4,
    mm8_mean_sojourn: Math.round(mm8.mean * 1e4) / 1e4,
    mm8_mean_sojourn_ci95_halfwidth: Math.round(mm8.halfWidth * 1e4) / 1e4,
    mm8_mean_sojourn_theory: Math.round(mm8Theory * 1e4) / 1e4,
    timeouts_k10_closures_events_per_s: Math.round(rates.closures_k10),
    timeouts_k1000_closures_events_per_s: Math.round(rates.closures_k1000),
    mm1_callbacks_customers_per_s: Math.round(rates.mm1_callbacks),
    mm8_callbacks_customers_per_s: Math.round(rates.mm8_callbacks),
    reference_bare_heap_k10_events_per_s: Math.round(rates.bare_k10),
    reference_bare_heap_k1000_events_per_s: Math.round(rates.bare_k1000),
    callbacks_vs_bare_heap_k10: Math.round(rates.callbacks_k10_vs_bare * 100) / 100,
    callbacks_vs_bare_heap_k1000: Math.round(rates.callbacks_k1000_vs_bare * 100) / 100,
  };
  log(
    `  callbacks / bare typed-array heap (same process, alternating; median of per-repetition ratios): ` +
      `K=10 ${figures.callbacks_vs_bare_heap_k10}, K=1000 ${figures.callbacks_vs_bare_heap_k1000} (goal >= 0.5)`,
  );

  if (options.peers) Object.assign(figures, comparePeers(rates, log));
  return figures;
});

/** Runs the peer tools and returns ratios of our figures to theirs. */
function comparePeers(rates: Record<string, number>, log: (line: string) => void): Record<string, number | string> {
  const dir = peerBenchDir();
  log(`peers (from ${dir}):`);
  const figures: Record<string, number | string> = {};
  const peers: PeerResult[] = [runHeapLimit(dir), runSimjs(dir), runSimPy(dir)];
  for (const peer of peers) {
    if (peer.note !== undefined) {
      log(`  ${peer.name}: ${peer.note}`);
      figures[`peer_${peer.name}`] = peer.note;
      continue;
    }
    for (const [key, value] of Object.entries(peer.figures)) {
      figures[`peer_${peer.name}_${key}`] = value;
      log(`  ${peer.name.padEnd(10)} ${key.padEnd(34)} ${grouped(value).padStart(12)}/s`);
    }
  }
  const [heapLimit, simjs, simpy] = peers.map((p) => p.figures);
  const comparisons: Array<[string, number, number | undefined]> = [
    ["callbacks_k10_vs_heap_limit_typed", rates.callbacks_k10, heapLimit.timeouts_k10_callbacks_typed],
    ["callbacks_k1000_vs_heap_limit_typed", rates.callbacks_k1000, heapLimit.timeouts_k1000_callbacks_typed],
    ["processes_k10_vs_simjs", rates.processes_k10, simjs.timeouts_k10],
    ["processes_k1000_vs_simjs", rates.processes_k1000, simjs.timeouts_k1000],
    ["mm1_vs_simjs", rates.mm1_processes, simjs.mm1],
    ["mm8_vs_simjs", rates.mm8_processes, simjs.mm8],
    ["processes_k10_vs_simpy", rates.processes_k10, simpy.timeouts_k10],
    ["processes_k1000_vs_simpy", rates.processes_k1000, simpy.timeouts_k1000],
    ["mm1_vs_simpy", rates.mm1_processes, simpy.mm1],
    ["mm8_vs_simpy", rates.mm8_processes, simpy.mm8],
  ];
  for (const [key, ours, theirs] of comparisons) {
    if (theirs === undefined) continue;
    figures[`ratio_${key}`] = ratio(ours, theirs);
    log(`  ratio ${key.padEnd(36)} ${ratio(ours, theirs).toFixed(2)}`);
  }
  return figures;
}
