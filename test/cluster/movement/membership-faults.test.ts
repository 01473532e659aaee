import path from "node:path";
import { describe, expect, it } from "vitest";
import "../../../src/retry/presets/index.js";
import { loadExperiment } from "../../../src/experiment/spec/load-experiment.js";
import { buildPlan } from "../../../src/experiment/run/plan.js";
import { toSimConfig } from "../../../src/experiment/run/to-sim-config.js";

const root = path.resolve(import.meta.dirname, "../../..");

function configsOf(name: string) {
  const plan = buildPlan(loadExperiment(path.join(root, "experiments", `${name}.yaml`)));
  return { plan, configOf: (point: number) => toSimConfig(plan.points[point].spec, plan.runs.find((r) => r.pointIndex === point)!) };
}

describe("membership changes in the schedule reach the rebalance model", () => {
  const { plan, configOf } = configsOf("ais-rebalance-capacity");

  it("a join is a movement action, the model's standby targets stay outside the map, no fault is left", () => {
    const config = configOf(0);
    expect(config.faults).toEqual([]);
    expect(config.movement?.standby).toEqual(["t17", "t18", "t19", "t20"]);
    expect(config.movement?.actions).toEqual([{ atNs: 30e9, action: "join", node: "t17" }]);
    expect(config.cluster.targets).toHaveLength(20);
  });

  it("a list of nodes joins them all at the same instant, in order", () => {
    const four = plan.points.findIndex((p) => Array.isArray(p.assignments["faults.0.node"]) && (p.assignments["faults.0.node"] as unknown[]).length === 4);
    expect(configOf(four).movement?.actions).toEqual(["t17", "t18", "t19", "t20"].map((node) => ({ atNs: 30e9, action: "join", node })));
  });

  it("maintenance of a member needs no standby target", () => {
    const maintenance = configsOf("ais-rebalance-maintenance").configOf(0);
    expect(maintenance.movement).toEqual({ standby: [], actions: [{ atNs: 30e9, action: "maintenance", node: "t1" }] });
    expect(maintenance.faults).toEqual([]);
  });
});
