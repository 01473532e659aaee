import Tinypool from "tinypool";
import type { ExperimentPlan, PlannedRun } from "./plan.js";
import type { RunStore } from "./resume.js";
import { decodeRunResult, encodeRunResult } from "./run-one-codec.js";
import type { RunOne, RunResult } from "./run-types.js";
import { loadRunOne, type RunTask } from "./runner-worker.js";

/** The simulator module used unless told otherwise: this package's run-one. */
export const DEFAULT_SIMULATOR_MODULE = new URL("./run-one.js", import.meta.url).href;

/** Options of executeRuns. */
export interface ExecuteOptions {
  /** Worker threads; 1 (default) simulates in this thread. */
  readonly workers?: number;
  /** URL of a module exporting `runOne` (default DEFAULT_SIMULATOR_MODULE); workers import it. */
  readonly simulatorModule?: string;
  /** Simulates in this thread with this function instead of a module (tests; implies one worker). */
  readonly runOne?: RunOne;
  /** Finished runs are read from and saved to this store (resuming an interrupted sweep). */
  readonly store?: RunStore;
  /** Trace this run (simulated in this thread, never taken from the store) to `traceFile`. */
  readonly trace?: { readonly runId: string; readonly file: string };
  /** Called after each run finishes or is found in the store. */
  readonly onProgress?: (done: number, total: number, run: PlannedRun) => void;
}

/** A run of the plan with its result. */
export interface CompletedRun {
  readonly run: PlannedRun;
  readonly result: RunResult;
}

/**
 * Simulates `runs` (a subset of the plan's, e.g. one shard) and returns them completed, in plan order whatever
 * order they finished in — so serial, parallel and sharded executions assemble the same results.
 */
export async function executeRuns(plan: ExperimentPlan, runs: readonly PlannedRun[], options: ExecuteOptions = {}): Promise<CompletedRun[]> {
  const results = new Map<string, RunResult>();
  const total = runs.length;
  let done = 0;
  const finish = (run: PlannedRun, result: RunResult, fresh: boolean): void => {
    let kept = result;
    if (fresh) {
      // Every result passes through its stored form, so a fresh run, a resumed one and a merged one are the same
      // values (JSON has no NaN or Infinity: both read back as NaN).
      const text = encodeRunResult(result);
      options.store?.saveText(run.runId, text);
      kept = decodeRunResult(text);
    }
    results.set(run.runId, kept);
    done++;
    options.onProgress?.(done, total, run);
  };
  const specOf = (run: PlannedRun) => plan.points[run.pointIndex].spec;
  const moduleUrl = options.simulatorModule ?? DEFAULT_SIMULATOR_MODULE;
  const localRunOne = async (): Promise<RunOne> => options.runOne ?? (await loadRunOne(moduleUrl));

  const pending: PlannedRun[] = [];
  for (const run of runs) {
    if (options.trace?.runId === run.runId) {
      const runOne = await localRunOne();
      finish(run, await runOne(specOf(run), run, { traceFile: options.trace.file, specDir: plan.specDir }), true);
      continue;
    }
    const stored = options.store?.load(run.runId);
    if (stored !== undefined) finish(run, stored, false);
    else pending.push(run);
  }

  const workers = options.runOne !== undefined ? 1 : Math.max(1, Math.min(options.workers ?? 1, pending.length));
  if (workers <= 1) {
    const runOne = await localRunOne();
    for (const run of pending) finish(run, await runOne(specOf(run), run, { specDir: plan.specDir }), true);
  } else {
    const pool = new Tinypool({ filename: new URL("./runner-worker.js", import.meta.url).href, minThreads: workers, maxThreads: workers });
    try {
      await Promise.all(
        pending.map(async (run) => {
          const task: RunTask = { spec: specOf(run), point: run, simulatorModule: moduleUrl, specDir: plan.specDir };
          finish(run, (await pool.run(task)) as RunResult, true);
        }),
      );
    } finally {
      await pool.destroy();
    }
  }
  return runs.map((run) => ({ run, result: results.get(run.runId) as RunResult }));
}
