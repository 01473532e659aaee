import { describe, expect, it } from "vitest";
import { FAULT_ACTIONS, faultActionInfo, type FaultAction, type TimedFault } from "../../src/model/faults.js";
import { faultSchema } from "../../src/experiment/spec/schema-experiment.js";
import { closedGets, MS, S, smallCluster } from "../cluster/helpers.js";
import { simulate } from "../../src/sim/simulate.js";

describe("FAULT_ACTIONS, the one table of fault actions", () => {
  it("lists exactly the actions the experiment schema accepts", () => {
    const schemaActions = faultSchema.options.map((o) => o.shape.action.value as string).sort();
    expect(Object.keys(FAULT_ACTIONS).sort()).toEqual(schemaActions);
  });

  it("opens a window at a graceful stop's log entry, which its restart closes", () => {
    const r = simulate({
      seed: 1,
      durationNs: 20 * S,
      cluster: smallCluster({}),
      workload: closedGets("ais://data", 2, 2000, 64 * 1024, 10 * MS),
      faults: [{ atNs: 2 * S, action: "restart", node: "t1", downNs: 3 * S, signal: "term" }],
      policy: { preset: "ais-sdk@1.25" },
    });
    expect(r.faults.map((e) => [e.action, e.atNs, e.nodes])).toEqual([
      ["stop", 2 * S, ["t1"]],
      ["restart", 5 * S, ["t1"]],
    ]);
    expect(faultActionInfo("stop")?.closedBy).toBe("restart");
  });

  it("knows fault-log-only actions are not fault actions", () => {
    for (const logOnly of ["heal", "unhang", "toString", "constructor"]) expect(faultActionInfo(logOnly)).toBeUndefined();
  });

  it("names, for each action whose end the schedule logs, the log entry that ends it for the same nodes", () => {
    // Run every closable action on its own node and read the schedule's log: the end entry must be the table's.
    const faults: TimedFault[] = [
      { atNs: 1 * S, action: "crash", node: "t1", forNs: 2 * S },
      { atNs: 1 * S, action: "power-off", node: "t2", forNs: 2 * S },
      { atNs: 1 * S, action: "hang", node: "t3", forNs: 2 * S },
      { atNs: 1 * S, action: "partition", nodes: ["t4"], from: "all", forNs: 2 * S },
      { atNs: 4 * S, action: "blip", durationNs: 500 * MS, nodes: ["t1"] },
      { atNs: 4 * S, action: "proxy-crash", node: "p2", forNs: 2 * S },
    ];
    const r = simulate({
      seed: 1,
      durationNs: 8 * S,
      cluster: smallCluster({ proxies: 2 }),
      workload: closedGets("ais://data", 4, 2000, 64 * 1024, 10 * MS),
      faults,
      policy: { preset: "ais-sdk@1.25" },
    });
    const closable = (Object.keys(FAULT_ACTIONS) as FaultAction[]).filter((a) => FAULT_ACTIONS[a].closedBy !== undefined);
    expect(new Set(faults.map((f) => f.action))).toEqual(new Set(closable));
    for (const f of faults) {
      const opened = r.faults.findIndex((e) => e.action === f.action);
      expect(opened, `${f.action} logged`).toBeGreaterThanOrEqual(0);
      const nodes = r.faults[opened].nodes.join(",");
      const end = r.faults.slice(opened + 1).find((e) => e.nodes.join(",") === nodes);
      expect(end?.action, `the entry after ${f.action} on ${nodes}`).toBe(FAULT_ACTIONS[f.action].closedBy);
    }
  });
});
