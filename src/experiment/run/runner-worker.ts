import type { RunOne, RunPoint, RunResult } from "./run-types.js";
import type { ExperimentSpec } from "../spec/spec-types.js";

/** One task sent to a worker thread. */
export interface RunTask {
  readonly spec: ExperimentSpec;
  readonly point: RunPoint;
  /** URL of the module whose `runOne` export simulates the run. */
  readonly simulatorModule: string;
  readonly specDir: string;
}

const loaded = new Map<string, Promise<RunOne>>();

/** Imports a simulator module once per thread and returns its `runOne`. */
export function loadRunOne(moduleUrl: string): Promise<RunOne> {
  let entry = loaded.get(moduleUrl);
  if (entry === undefined) {
    entry = import(moduleUrl).then((m: { runOne?: RunOne }) => {
      if (typeof m.runOne !== "function") throw new Error(`${moduleUrl} does not export a runOne function`);
      return m.runOne;
    });
    loaded.set(moduleUrl, entry);
  }
  return entry;
}

/** The worker-thread entry point (tinypool calls the default export with each task). */
export default async function runTask(task: RunTask): Promise<RunResult> {
  const runOne = await loadRunOne(task.simulatorModule);
  return runOne(task.spec, task.point, { specDir: task.specDir });
}
