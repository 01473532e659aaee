import { InputError } from "../../util/input-error.js";

/** One shard of a plan's runs: `index` (0-based) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `--shard I/N` (0 ≤ I < N, as Kubernetes' JOB_COMPLETION_INDEX counts); bad text is an InputError. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (match === null) throw new InputError(`--shard: expected I/N such as 0/4, got "${text}"`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1) throw new InputError(`--shard: the shard count must be at least 1, got ${count}`);
  if (index >= count) throw new InputError(`--shard: the index is 0-based and must be below ${count}, got ${index}`);
  return { index, count };
}

/** Whether the run at `runIndex` of the plan belongs to the shard: round-robin, so shards get similar mixes. */
export function inShard(runIndex: number, shard: Shard | undefined): boolean {
  return shard === undefined || runIndex % shard.count === shard.index;
}
