import cliProgress from "cli-progress";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { CommandModule } from "yargs";
import { loadExperiment } from "../experiment/spec/load-experiment.js";
import { shardFiles } from "../experiment/run/merge.js";
import { buildPlan } from "../experiment/run/plan.js";
import { RunStore } from "../experiment/run/resume.js";
import { executeRuns } from "../experiment/run/runner.js";
import { inShard, parseShard, type Shard } from "../experiment/run/shard.js";
import { formatSpecError } from "../experiment/spec/spec-error.js";
import { packageInfo } from "../report/package-info.js";
import { outDirProblem, writeFolderAtomically } from "../report/results-folder.js";
import { EXIT_OK, InputError } from "../util/input-error.js";

interface RunArgs {
  experiment: string;
  out?: string;
  /** Integer options as typed: checked, with the text quoted in any error, by integerOption. */
  seed?: string;
  replications?: string;
  workers: string;
  shard?: string;
  trace?: string;
  json: boolean;
}

/** An integer option as typed (`--seed 7`), checked against `min`; the message quotes what was typed. */
function integerOption(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!(Number.isSafeInteger(value) && value >= min)) throw new InputError(`--${name}: expected an integer ≥ ${min}, got "${text}"`);
  return value;
}

/**
 * The simulator module: the built-in one, or the module named by AISIM_SIMULATOR_MODULE (a path to an ES module
 * exporting `runOne`) — the hook the runner's own tests use to drive it with a stand-in simulator.
 */
function simulatorModule(): string | undefined {
  const override = process.env.AISIM_SIMULATOR_MODULE;
  return override ? pathToFileURL(path.resolve(override)).href : undefined;
}

/** A progress bar with ETA on a terminal; nothing when stderr is not one. */
function progressReporter(total: number): { update: (done: number) => void; stop: () => void } {
  if (!process.stderr.isTTY || total === 0) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: "{bar} {percentage}% | {value}/{total} runs | ETA {eta_formatted}", hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}

/** `aisim run EXPERIMENT.yaml`: variants × sweep points × replications, then summary, criteria and report. */
export const runCommand: CommandModule<object, RunArgs> = {
  command: "run <experiment>",
  describe: "run an experiment spec: variants x sweep points x replications; writes CSVs, manifest and report.html",
  builder: (y) =>
    y
      .positional("experiment", { type: "string", demandOption: true, describe: "experiment spec (YAML)" })
      .option("out", { type: "string", describe: "results folder (default results/<name>/, or results/<name>.shard-I-of-N/ with --shard)" })
      .option("seed", { type: "string", describe: "override the spec's seed (an integer ≥ 0)" })
      .option("replications", { type: "string", describe: "override the spec's replications (an integer ≥ 1)" })
      .option("workers", { type: "string", default: "1", describe: "simulate in N worker threads" })
      .option("shard", { type: "string", describe: "run only shard I of N (I/N, 0-based); combine shard folders with aisim merge" })
      .option("trace", { type: "string", describe: "write the first run's events (NDJSON, virtual time) to this file" })
      .option("json", { type: "boolean", default: false, describe: "print the results as JSON" }),
  handler: async (args) => {
    // Every input is checked before anything is created.
    const seed = integerOption("seed", args.seed, 0);
    const replications = integerOption("replications", args.replications, 1);
    const workers = integerOption("workers", args.workers, 1) ?? 1;
    const shard: Shard | undefined = args.shard !== undefined ? parseShard(args.shard) : undefined;
    if (args.trace !== undefined) {
      const dir = path.dirname(path.resolve(args.trace));
      if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(`--trace ${args.trace}: folder ${dir} does not exist`);
    }
    const loaded = loadExperiment(args.experiment);
    for (const warning of loaded.warnings) process.stderr.write(`${formatSpecError(warning, "warning")}\n`);
    const plan = buildPlan(loaded, { seed, replications });
    const outDir = args.out ?? (shard ? `results/${plan.name}.shard-${shard.index}-of-${shard.count}` : `results/${plan.name}`);
    const problem = outDirProblem(outDir);
    if (problem !== undefined) throw new InputError(problem);

    const runs = plan.runs.filter((r) => inShard(r.index, shard));
    const store = RunStore.forOutput(outDir, plan.specHash, packageInfo().version);
    const progress = progressReporter(runs.length);
    let completed;
    try {
      completed = await executeRuns(plan, runs, {
        workers,
        simulatorModule: simulatorModule(),
        store,
        trace: args.trace !== undefined && runs.length > 0 ? { runId: runs[0].runId, file: args.trace } : undefined,
        onProgress: (done) => progress.update(done),
      });
    } finally {
      progress.stop();
    }
    for (const { run, result } of completed) {
      const found = result.violations ?? [];
      if (found.length > 0) process.stderr.write(`aisim: warning: run ${run.runId} broke ${found.length === 10 ? "10 or more" : found.length} invariant(s):\n${found.map((m) => `  - ${m}`).join("\n")}\n`);
    }
    if (shard !== undefined) {
      writeFolderAtomically(outDir, shardFiles(plan, shard, completed));
      store.remove();
      process.stdout.write(`${plan.name}: shard ${shard.index}/${shard.count}: ${completed.length} of ${plan.runs.length} runs in ${outDir}; combine with aisim merge\n`);
      process.exitCode = EXIT_OK;
      return;
    }
    // Charting libraries load only when there are results to chart: bad input fails fast.
    const { publishResults } = await import("../report/publish.js");
    const published = await publishResults(plan, completed, outDir, args.json);
    store.remove();
    process.stdout.write(published.stdout);
    process.exitCode = published.exitCode;
  },
};
