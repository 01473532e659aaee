import type { KOfNWorkload, ScenarioConfig, ScenarioOutput } from "./scenario-types.js";
export function runKOfN(_config: ScenarioConfig, _w: KOfNWorkload, _f: readonly number[]): ScenarioOutput {
  throw new Error("k-of-n: not yet");
}
