import path from "node:path";
import { describe, expect, it } from "vitest";
import "../../src/retry/all-presets.js";
import { loadExperiment } from "../../src/experiment/load-experiment.js";
import { buildPlan } from "../../src/experiment/plan.js";
import { toSimConfig } from "../../src/experiment/to-sim-config.js";

const root = path.resolve(import.meta.dirname, "../..");

describe("membership changes in the schedule reach the rebalance model", () => {
  const plan = buildPlan(loadExperiment(path.join(root, "experiments", "ais-rebalance-capacity.yaml")));
  const configOf = (point: number) => toSimConfig(plan.points[point].spec, plan.runs.find((r) => r.pointIndex === point)!);

  it("a join is a movement action, the model's standby targets stay outside the map, no fault is left", () => {
    const config = configOf(0);
    expect(config.faults).toEqual([]);
    expect(config.movement?.standby).toEqual(["t17", "t18", "t19", "t20"]);
    expect(config.movement?.actions).toEqual([{ atNs: 30e9, action: "join", node: "t17" }]);
    expect(config.cluster.targets).toHaveLength(20);
  });

  it("four joins at once, and maintenance of a member, keep their order and targets", () => {
    const joins = plan.points.findIndex((p) => JSON.stringify(p.assignments).includes("t20"));
    expect(configOf(joins).movement?.actions?.map((a) => ("node" in a ? a.node : ""))).toEqual(["t17", "t18", "t19", "t20"]);
    const maintenance = plan.points.findIndex((p) => JSON.stringify(p.assignments).includes("maintenance"));
    expect(configOf(maintenance).movement?.actions).toEqual([{ atNs: 30e9, action: "maintenance", node: "t1" }]);
    expect(configOf(maintenance).movement?.standby).toEqual(["t17", "t18", "t19", "t20"]);
  });
});
