import type { CommandModule } from "yargs";
import { readRequestRecords, tellStory } from "../report/trace-story.js";
import { EXIT_OK, InputError } from "../util/input-error.js";

interface TraceArgs {
  file: string;
  request?: string;
  limit: number;
}

/** `aisim trace FILE [--request ID]`: tells one request's story (or lists the first requests) from a trace. */
export const traceCommand: CommandModule<object, TraceArgs> = {
  command: "trace <file>",
  describe: "tell one request's story from a trace written by aisim run --trace (attempts, nodes, statuses, backoffs)",
  builder: (y) =>
    y
      .positional("file", { type: "string", demandOption: true, describe: "NDJSON trace file" })
      .option("request", { type: "string", describe: "request id; without it, one line per request" })
      .option("limit", { type: "number", default: 20, describe: "requests listed without --request" }),
  handler: async (args) => {
    const byRequest = await readRequestRecords(args.file, args.request);
    if (args.request !== undefined) {
      const records = byRequest.get(args.request);
      if (records === undefined) throw new InputError(`request ${args.request} does not appear in the trace`, { file: args.file });
      process.stdout.write(`${tellStory(args.request, records).join("\n")}\n`);
    } else {
      const ids = [...byRequest.keys()].slice(0, Math.max(0, args.limit));
      for (const id of ids) process.stdout.write(`${tellStory(id, byRequest.get(id) ?? [])[0]}\n`);
      if (byRequest.size > ids.length) process.stdout.write(`… ${byRequest.size - ids.length} more requests (--request ID for one story, --limit N for more)\n`);
    }
    process.exitCode = EXIT_OK;
  },
};
