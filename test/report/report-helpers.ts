import { loadExperiment } from "../../src/experiment/spec/load-experiment.js";
import { buildPlan, type ExperimentPlan } from "../../src/experiment/run/plan.js";
import { executeRuns, type CompletedRun } from "../../src/experiment/run/runner.js";
import { runOne as fakeRunOne } from "../experiment/fake-simulator.mjs";
import { TWO_VARIANTS } from "../experiment/run/runner-helpers.js";

/** The two-variant fixture run with the stand-in simulator. */
export async function fixtureRuns(): Promise<{ plan: ExperimentPlan; completed: CompletedRun[] }> {
  const plan = buildPlan(loadExperiment(TWO_VARIANTS));
  return { plan, completed: await executeRuns(plan, plan.runs, { runOne: fakeRunOne }) };
}
