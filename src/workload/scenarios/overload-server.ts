import type { OverloadWorkload, ScenarioConfig, ScenarioOutput } from "./scenario-types.js";
export function runOverload(_config: ScenarioConfig, _w: OverloadWorkload, _f: readonly number[]): ScenarioOutput {
  throw new Error("overload: not yet");
}
