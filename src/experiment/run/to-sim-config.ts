import { readFileSync } from "node:fs";
import path from "node:path";
import type { ClusterSpec } from "../../model/cluster.js";
import { isDataMovementFault, isMembershipFault, type TimedFault } from "../../model/faults.js";
import type { SimConfig } from "../../sim/sim-config.js";
import type { ClusterWorkload } from "../../model/workload.js";
import type { MovementAction, MovementSpec } from "../../model/movement.js";
import { parseTraceCsv } from "../../workload/clients/trace-replay.js";
import { isScenarioWorkload } from "../../scenarios/scenario-types.js";
import type { RunPoint } from "./run-types.js";
import type { ExperimentSpec } from "../spec/spec-types.js";

/** Options of toSimConfig. */
export interface ToSimConfigOptions {
  /** Folder that relative trace-replay files are read from (the spec's folder). */
  readonly specDir?: string;
}

/** Mountpath paths of every target: `/ais/mp1` … (they seed HRW inside a target, as AIStore's fs paths do). */
function mountpathPaths(perTarget: number): string[] {
  return Array.from({ length: perTarget }, (_, i) => `/ais/mp${i + 1}`);
}

/** The cluster of a resolved spec as the simulator takes it (the shapes match field for field, plus paths). */
export function toClusterConfig(spec: ExperimentSpec): ClusterSpec {
  const c = spec.cluster;
  return {
    name: c.name,
    proxies: c.proxies,
    targets: c.targets,
    mountpaths: { ...c.mountpaths, paths: mountpathPaths(c.mountpaths.perTarget) },
    network: c.network,
    clients: c.clients,
    buckets: c.buckets,
    config: c.config,
  };
}

/** The workload, with a trace-replay file read and parsed. */
function toWorkloadConfig(spec: ExperimentSpec, options: ToSimConfigOptions): ClusterWorkload {
  const w = spec.workload;
  if (isScenarioWorkload(w)) throw new RangeError(`workload mode ${w.mode} is a scenario (runScenario), not a cluster workload`);
  if (w.mode !== "trace-replay") return w;
  const file = path.resolve(options.specDir ?? ".", w.file);
  return { ...w, rows: parseTraceCsv(readFileSync(file, "utf8")) };
}

/**
 * The simulator's input for one run: a sweep point's resolved spec, the run's variant (its retry preset and
 * params) and seed. Everything else is the spec as resolved; model-only knobs keep the simulator's defaults.
 */
export function toSimConfig(spec: ExperimentSpec, point: RunPoint, options: ToSimConfigOptions = {}): SimConfig {
  const { faults, movement } = splitMembershipChanges(spec.faults, spec.cluster.standby ?? []);
  return {
    seed: point.seed,
    durationNs: spec.durationNs,
    warmupNs: spec.warmupNs,
    cluster: toClusterConfig(spec),
    workload: toWorkloadConfig(spec, options),
    faults,
    ...(movement !== undefined ? { movement } : {}),
    policy: { preset: point.variant.policy, set: point.variant.set },
  };
}

/**
 * Membership changes in the schedule (join, maintenance, decommission, stop-maintenance) go to the data-movement
 * model; a target that joins, and the model's standby targets, are outside the cluster map until they join.
 * Everything else is a fault.
 */
function splitMembershipChanges(all: ExperimentSpec["faults"], modelStandby: readonly string[]): { faults: TimedFault[]; movement?: MovementSpec } {
  const faults: TimedFault[] = [];
  const actions: MovementAction[] = [];
  for (const f of all) {
    if (f.action === "cleanup") actions.push({ atNs: f.atNs, action: "cleanup", force: f.force });
    else if (isMembershipFault(f)) {
      for (const node of typeof f.node === "string" ? [f.node] : f.node) {
        actions.push({
          atNs: f.atNs,
          action: f.action,
          node,
          ...(f.retryNs !== undefined ? { retryNs: f.retryNs } : {}),
          ...(f.rebalance === false ? { rebalance: false } : {}),
        });
      }
    } else if (!isDataMovementFault(f)) faults.push(f);
  }
  if (actions.length === 0 && modelStandby.length === 0) return { faults };
  const joining = actions.flatMap((a) => (a.action === "join" ? [a.node] : []));
  const standby = [...new Set([...modelStandby, ...joining])];
  return { faults, movement: { standby, actions } };
}
