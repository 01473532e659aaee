import { loadExperiment } from "../../src/experiment/load-experiment.js";
import { buildPlan, type ExperimentPlan } from "../../src/experiment/plan.js";
import { executeRuns, type CompletedRun } from "../../src/experiment/runner.js";
import { runOne as fakeRunOne } from "../experiment/fake-simulator.mjs";
import { TWO_VARIANTS } from "../experiment/runner-helpers.js";

/** The two-variant fixture run with the stand-in simulator. */
export async function fixtureRuns(): Promise<{ plan: ExperimentPlan; completed: CompletedRun[] }> {
  const plan = buildPlan(loadExperiment(TWO_VARIANTS));
  return { plan, completed: await executeRuns(plan, plan.runs, { runOne: fakeRunOne }) };
}
