import type { CommandModule } from "yargs";
import { mergeShards } from "../experiment/run/merge.js";
import { outDirProblem } from "../report/results-folder.js";
import { InputError } from "../util/input-error.js";

interface MergeArgs {
  shards: string[];
  out?: string;
  json: boolean;
}

/** `aisim merge SHARD…`: combines the folders of `aisim run --shard` into the results a single run writes. */
export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: "merge <shards..>",
  describe: "combine the shard folders of aisim run --shard I/N into one results folder (same bytes as one run)",
  builder: (y) =>
    y
      .positional("shards", { type: "string", array: true, demandOption: true, describe: "shard folders" })
      .option("out", { type: "string", describe: "results folder (default results/<name>/)" })
      .option("json", { type: "boolean", default: false, describe: "print the results as JSON" }),
  handler: async (args) => {
    const { plan, completed } = mergeShards(args.shards);
    const outDir = args.out ?? `results/${plan.name}`;
    const problem = outDirProblem(outDir);
    if (problem !== undefined) throw new InputError(problem);
    // Charting libraries load only when there are results to chart: bad input fails fast.
    const { publishResults } = await import("../report/publish.js");
    const published = await publishResults(plan, completed, outDir, args.json);
    process.stdout.write(published.stdout);
    process.exitCode = published.exitCode;
  },
};
