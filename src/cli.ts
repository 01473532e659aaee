#!/usr/bin/env node
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { allCommands } from "./cli/commands.js";
import { packageVersion } from "./cli/version.js";
import { EXIT_BAD_INPUT, InputError } from "./util/input-error.js";

/** Entry point of the `aisim` command. */
async function main(argv: string[]): Promise<void> {
  let parser = yargs(argv)
    .scriptName("aisim")
    .usage("aisim <command> [options]\n\nDeterministic simulator of an AIStore-style cluster and its clients' retry policies.")
    .version(packageVersion())
    .strict()
    .demandCommand(1, "name a command")
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .epilog("Exit codes: 0 ok, 1 an experiment's criteria failed, 2 bad input.")
    .fail((message, error, y) => {
      if (error) throw error;
      y.showHelp((s: string) => process.stderr.write(s + "\n"));
      process.stderr.write(`\naisim: ${message}\n`);
      process.exit(EXIT_BAD_INPUT);
    });
  for (const command of allCommands()) parser = parser.command(command as never);
  await parser.help().alias("h", "help").parseAsync();
}

// Output piped into `head` and the like: a closed pipe ends the command quietly, as for any Unix tool.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

main(hideBin(process.argv)).catch((error: unknown) => {
  if (error instanceof InputError) {
    process.stderr.write(`aisim: ${error.describe()}\n`);
    process.exit(EXIT_BAD_INPUT);
  }
  process.stderr.write(`aisim: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(70);
});
