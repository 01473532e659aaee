import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { InputError } from "../../util/input-error.js";
import type { ExperimentPlan } from "./plan.js";
import { decodeRunResult, encodeRunResult } from "./run-one-codec.js";
import type { CompletedRun } from "./runner.js";
import type { Shard } from "./shard.js";

/** Format tag of a shard folder's shard.json. */
export const SHARD_FORMAT = "aisim-shard/1";

/** The files of a shard folder: shard.json (the whole plan and which runs the shard holds) and runs/<id>.json. */
export function shardFiles(plan: ExperimentPlan, shard: Shard, completed: readonly CompletedRun[]): Map<string, string> {
  const files = new Map<string, string>();
  const header = { format: SHARD_FORMAT, shard, specHash: plan.specHash, runs: completed.map((c) => c.run.runId), plan };
  files.set("shard.json", `${JSON.stringify(header, null, 1)}\n`);
  for (const c of completed) files.set(`runs/${c.run.runId}.json`, encodeRunResult(c.result));
  return files;
}

interface ShardHeader {
  format: string;
  shard: Shard;
  specHash: string;
  runs: string[];
  plan: ExperimentPlan;
}

function readHeader(dir: string): ShardHeader {
  const file = path.join(dir, "shard.json");
  if (!existsSync(file)) throw new InputError(`${dir}: not a shard folder (no shard.json); shard folders are written by aisim run --shard I/N`);
  let header: ShardHeader;
  try {
    header = JSON.parse(readFileSync(file, "utf8")) as ShardHeader;
  } catch (error) {
    throw new InputError(`cannot read a shard header: ${(error as Error).message}`, { file });
  }
  if (header.format !== SHARD_FORMAT) throw new InputError(`expected format "${SHARD_FORMAT}", got ${JSON.stringify(header.format)}`, { file });
  return header;
}

/**
 * Reads shard folders and reassembles the whole experiment: every shard must come from the same spec (hash)
 * and together they must hold every run of the plan. Returns the runs in plan order, as a serial run has them.
 */
export function mergeShards(dirs: readonly string[]): { plan: ExperimentPlan; completed: CompletedRun[] } {
  if (dirs.length === 0) throw new InputError("name at least one shard folder");
  const headers = dirs.map((dir) => ({ dir, header: readHeader(dir) }));
  const { plan } = headers[0].header;
  const results = new Map<string, CompletedRun["result"]>();
  for (const { dir, header } of headers) {
    if (header.specHash !== plan.specHash) {
      throw new InputError(`${dir}: spec hash ${header.specHash.slice(0, 16)} differs from ${plan.specHash.slice(0, 16)} of ${headers[0].dir}: shards of different experiments (or seeds) cannot be merged`);
    }
    for (const runId of header.runs) {
      const file = path.join(dir, "runs", `${runId}.json`);
      if (!existsSync(file)) throw new InputError(`${dir}: run ${runId} is listed in shard.json but its file is missing`, { file });
      try {
        results.set(runId, decodeRunResult(readFileSync(file, "utf8")));
      } catch (error) {
        throw new InputError(`not a run result: ${(error as Error).message}`, { file });
      }
    }
  }
  const missing = plan.runs.filter((r) => !results.has(r.runId));
  if (missing.length > 0) {
    const shown = missing.slice(0, 5).map((r) => r.runId).join(", ");
    throw new InputError(`${missing.length} of ${plan.runs.length} runs are in none of the shard folders (${shown}${missing.length > 5 ? ", …" : ""}); run the missing shards first`);
  }
  return { plan, completed: plan.runs.map((run) => ({ run, result: results.get(run.runId) as CompletedRun["result"] })) };
}
