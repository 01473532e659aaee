import { fileURLToPath } from "node:url";
import { bareHeapTimeouts } from "./bare-heap.js";
import { mmcCallbacks, mmcProcesses, timeoutsCallbacks, timeoutsClosures, timeoutsProcesses } from "./kernel-workloads.js";

/** Repetitions per case; the benchmark reports the median rate. Each repetition uses seed = 1 + its index. */
export const REPETITIONS = 5;
const TIMEOUTS = 1_000_000;
const CUSTOMERS = 200_000;

/** What one repetition of a case reports: a count (events or customers) and optional figures. */
interface CaseRun {
  count: number;
  meanSojournS?: number;
  checksum?: number;
  fingerprint?: string;
}

/** A case: its unit, its workload, and optionally a reference workload run alternately in the same process. */
interface CaseSpec {
  unit: "events" | "customers";
  run: (seed: number) => CaseRun;
  reference?: (seed: number) => CaseRun;
}

/**
 * Every case of the kernel benchmark, by name. Each runs alone in a fresh child process. The callback cases
 * alternate with the bare-heap reference, repetition by repetition, so both see the same machine load and
 * their ratio stays meaningful on a shared, noisy machine.
 */
export const KERNEL_CASES: Record<string, CaseSpec> = {
  callbacks_k10: {
    unit: "events",
    run: (seed) => count(timeoutsCallbacks(TIMEOUTS, 10, seed)),
    reference: (seed) => count(bareHeapTimeouts(TIMEOUTS, 10, seed)),
  },
  callbacks_k1000: {
    unit: "events",
    run: (seed) => count(timeoutsCallbacks(TIMEOUTS, 1000, seed)),
    reference: (seed) => count(bareHeapTimeouts(TIMEOUTS, 1000, seed)),
  },
  closures_k10: { unit: "events", run: (seed) => count(timeoutsClosures(TIMEOUTS, 10, seed)) },
  closures_k1000: { unit: "events", run: (seed) => count(timeoutsClosures(TIMEOUTS, 1000, seed)) },
  processes_k10: { unit: "events", run: (seed) => count(timeoutsProcesses(TIMEOUTS, 10, seed)) },
  processes_k1000: { unit: "events", run: (seed) => count(timeoutsProcesses(TIMEOUTS, 1000, seed)) },
  mm1_processes: { unit: "customers", run: (seed) => queue(mmcProcesses(CUSTOMERS, 1, seed)) },
  mm8_processes: { unit: "customers", run: (seed) => queue(mmcProcesses(CUSTOMERS, 8, seed)) },
  mm1_callbacks: { unit: "customers", run: (seed) => queue(mmcCallbacks(CUSTOMERS, 1, seed)) },
  mm8_callbacks: { unit: "customers", run: (seed) => queue(mmcCallbacks(CUSTOMERS, 8, seed)) },
};

function count(result: { events: number; checksum: number; fingerprint?: string }): CaseRun {
  return { count: result.events, checksum: result.checksum, fingerprint: result.fingerprint };
}

function queue(result: { customers: number; meanSojournS: number; fingerprint: string }): CaseRun {
  return { count: result.customers, meanSojournS: result.meanSojournS, fingerprint: result.fingerprint };
}

/** Output of one case: the rate of each repetition (and of its reference) and its figures. */
export interface CaseReport {
  name: string;
  unit: "events" | "customers";
  ratesPerS: number[];
  referenceRatesPerS: number[];
  runs: CaseRun[];
}

/** Runs `workload` once and returns its rate, timed with the monotonic clock. */
function timed(workload: (seed: number) => CaseRun, seed: number): { run: CaseRun; ratePerS: number } {
  const startNs = process.hrtime.bigint();
  const run = workload(seed);
  const elapsedS = Number(process.hrtime.bigint() - startNs) / 1e9;
  return { run, ratePerS: run.count / elapsedS };
}

/** Runs one case REPETITIONS times (alternating with its reference, if any). */
export function runCase(name: string): CaseReport {
  const spec = KERNEL_CASES[name];
  if (spec === undefined) throw new Error(`unknown kernel bench case ${name}`);
  const ratesPerS: number[] = [];
  const referenceRatesPerS: number[] = [];
  const runs: CaseRun[] = [];
  for (let rep = 0; rep < REPETITIONS; rep++) {
    if (spec.reference !== undefined) referenceRatesPerS.push(timed(spec.reference, rep + 1).ratePerS);
    const { run, ratePerS } = timed(spec.run, rep + 1);
    ratesPerS.push(ratePerS);
    runs.push(run);
  }
  return { name, unit: spec.unit, ratesPerS, referenceRatesPerS, runs };
}

// As a script (`node kernel-cases.js <case>`): run that case and print its report as one JSON line.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(JSON.stringify(runCase(process.argv[2] ?? "")) + "\n");
}
