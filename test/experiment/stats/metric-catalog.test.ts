import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadExperiment } from "../../../src/experiment/spec/load-experiment.js";
import { CLUSTER_METRICS, metricCatalog, SCENARIO_METRICS } from "../../../src/experiment/stats/metric-catalog.js";
import { buildPlan } from "../../../src/experiment/run/plan.js";
import { runOne } from "../../../src/experiment/run/run-one.js";
import { tempDir } from "../run/runner-helpers.js";

/** The metric names the first run of a spec (YAML text) reports. */
async function reported(text: string): Promise<string[]> {
  const file = path.join(tempDir("aisim-catalog-"), "spec.yaml");
  writeFileSync(file, text);
  const plan = buildPlan(loadExperiment(file));
  const result = await runOne(plan.points[0].spec, plan.runs[0], { specDir: plan.specDir });
  return Object.keys(result.metrics).sort();
}

const sorted = (names: readonly string[]): string[] => [...names].sort();

/*
 * Criteria naming a metric outside the catalog are refused before running: these runs keep the catalog equal to
 * what the models report, so a figure added to a model without its catalog entry fails here, not in a user's spec.
 */
describe("the metric catalog matches what the runs report", () => {
  it("cluster runs (recovery_s with faults; failed_<kind> by pattern)", async () => {
    const names = await reported(`name: c
cluster:
  proxies: 1
  targets: 3
  buckets: [{ name: ais://data, objects: 200, size: 64KiB }]
duration: 12s
warmup: 1s
workload:
  clients: 4
  objects: { bucket: ais://data }
faults:
  - { at: 4s, action: restart, node: t2, down: 3s }
variants:
  - { name: a, policy: ais-go }
`);
    expect(names.filter((n) => !/^failed_/.test(n))).toEqual(sorted(CLUSTER_METRICS));
    expect(names.filter((n) => /^failed_/.test(n)).every((n) => metricCatalog("closed", true)?.patterns[0].regex.test(n))).toBe(true);
    expect(metricCatalog("open", false)?.names).not.toContain("recovery_s");
  }, 60_000);

  it("contention, k-of-n and overload scenario runs", async () => {
    const head = "cluster: { name: none, proxies: 1, targets: 1 }\nvariants:\n  - { name: a, policy: aws-full-jitter, set: { max_attempts: 3 } }\n";
    expect(await reported(`name: s1\n${head}duration: 30s\nworkload: { mode: contention, clients: 3, delay: 10ms, delaySd: 2ms }\n`)).toEqual(sorted(SCENARIO_METRICS.contention));
    expect(await reported(`name: s2\n${head}duration: 1m\nworkload: { mode: k-of-n, k: 2, servers: 4, downloads: 3, fetch: 50ms, hung: 1, timeout: 1s }\n`)).toEqual(sorted(SCENARIO_METRICS["k-of-n"]));
    expect(await reported(`name: s3\n${head}duration: 6s\nworkload: { mode: overload, rate: 50/s, service: 1ms, timeout: 1s, trigger: { at: 2s, for: 1s, drop: 0.5 } }\n`)).toEqual(sorted(SCENARIO_METRICS.overload));
  }, 60_000);
});
