import { expect } from "vitest";
import { bucketSpec, clusterSpec, type ClusterShape } from "../../src/sim/cluster-builder.js";
import type { TimedFault } from "../../src/model/faults.js";
import type { SimConfig } from "../../src/sim/sim-config.js";
import type { ClusterWorkload } from "../../src/model/workload.js";
import { simulate, type SimResult } from "../../src/sim/simulate.js";

export const S = 1_000_000_000;
export const MS = 1_000_000;

/** A closed-loop GET workload over one bucket. */
export function closedGets(bucket: string, clients: number, count: number, sizeBytes: number, thinkTimeNs = 0, hosts = clients): ClusterWorkload {
  return {
    mode: "closed",
    clients,
    thinkTimeNs,
    hosts,
    mix: { GET: 1, PUT: 0, HEAD: 0, DELETE: 0 },
    objects: { bucket, popularity: { kind: "uniform" }, count, sizeBytes },
  };
}

/** A small cluster config with one ais bucket. */
export function smallCluster(shape: ClusterShape = {}, objects = 2000, sizeBytes = 64 * 1024) {
  return clusterSpec({ targets: 4, buckets: [bucketSpec("ais://data", objects, sizeBytes)], ...shape });
}

/** The failure text for a run's violations: which run, its seed, and every violation (empty when none). */
export function describeViolations(r: Pick<SimResult, "seed" | "violations">, label = "run"): string {
  if (r.violations.length === 0) return "";
  const lines = r.violations.map((v) => `  - ${v.message}`);
  return `${label} (seed=${r.seed}): ${r.violations.length} invariant violation(s):\n${lines.join("\n")}`;
}

/** Asserts that a run broke no invariant; on failure the message lists the violations and the seed. */
export function expectNoViolations(r: Pick<SimResult, "seed" | "violations">, label = "run"): void {
  expect(r.violations.map((v) => v.message), describeViolations(r, label)).toEqual([]);
}

/**
 * For runs whose disks fail with no surviving copy: asserts that every violation is a nothing-lost report and
 * that they name as many objects as the resilver counted lost on disk (the checker stops at 20). Returns them.
 */
export function expectOnlyDiskLoss(r: Pick<SimResult, "seed" | "violations" | "movement">, label = "run"): SimResult["violations"] {
  const lost = r.violations.filter((v) => v.checker === "nothing-lost");
  expectNoViolations({ seed: r.seed, violations: r.violations.filter((v) => v.checker !== "nothing-lost") }, label);
  expect(lost.length, `${label} (seed=${r.seed}): nothing-lost reports vs objects lost on disk`).toBe(Math.min(20, r.movement.objectsLostOnDisk));
  return lost;
}

/** Runs and throws on any invariant violation (usable outside a test, e.g. in a describe body). */
export function run(config: SimConfig): SimResult {
  const r = simulate(config);
  if (r.violations.length > 0) throw new Error(describeViolations(r));
  return r;
}

export type { TimedFault, SimConfig };
