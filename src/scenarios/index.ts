// The scenario workloads' public API: import from "../scenarios/index.js".
import { runContention } from "./occ-contention.js";
import { runKOfN } from "./k-of-n-download.js";
import { runOverload } from "./overload-server.js";
import type { ScenarioConfig, ScenarioOutput } from "./scenario-types.js";

export * from "./scenario-types.js";
export { ScenarioRecorder, quantileOfSorted } from "./scenario-recorder.js";

/** Runs one scenario workload (by its mode) and returns its figures, reporting the latency CDF at `cdfFractions`. */
export function runScenario(config: ScenarioConfig, cdfFractions: readonly number[]): ScenarioOutput {
  const w = config.workload;
  switch (w.mode) {
    case "contention":
      return runContention(config, w, cdfFractions);
    case "k-of-n":
      return runKOfN(config, w, cdfFractions);
    case "overload":
      return runOverload(config, w, cdfFractions);
  }
}
