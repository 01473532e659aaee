import { sFromNs } from "../../kernel/time.js";
import { simulate } from "../../sim/simulate.js";
import { isScenarioWorkload, runScenario } from "../../scenarios/index.js";
import { toRunResult } from "./run-one-result.js";
import { openRequestTrace } from "./run-one-trace.js";
import { toSimConfig } from "./to-sim-config.js";
import { CDF_FRACTIONS, type RunOne } from "./run-types.js";

export * from "./run-types.js";

/**
 * Runs one point with the cluster simulator. With a trace file, every request's story (request, attempts, hops,
 * backoffs — src/report/trace-story.ts) is written to it as the request ends.
 */
export const runOne: RunOne = (spec, point, options = {}) => {
  if (isScenarioWorkload(spec.workload)) {
    // Scenario modes (contention, k-of-n, overload) are their own small models, with no cluster to build.
    const config = { seed: point.seed, durationNs: spec.durationNs, warmupNs: spec.warmupNs, workload: spec.workload, policy: { preset: point.variant.policy, set: point.variant.set } };
    return runScenario(config, CDF_FRACTIONS);
  }
  const config = toSimConfig(spec, point, { specDir: options.specDir });
  const nodeNames = [...config.cluster.proxies, ...config.cluster.targets];
  const trace = options.traceFile !== undefined ? openRequestTrace(options.traceFile, nodeNames, config.cluster.proxies.length) : undefined;
  let sim;
  try {
    sim = simulate(trace ? { ...config, records: { mode: "sink", sink: trace.sink } } : config);
  } finally {
    trace?.close();
  }
  // The full latency histogram gives a CDF finer than the summary's percentiles.
  const histogram = sim.latencyHistogram;
  const cdf =
    histogram.count > 0
      ? histogram.percentiles(CDF_FRACTIONS.map((f) => f * 100)).map((ns, i) => [CDF_FRACTIONS[i], sFromNs(ns)] as const)
      : undefined;
  return toRunResult(sim, spec, cdf);
};
