import type { CommandModule } from "yargs";
import { benchCommand } from "./bench.js";
import { listCommand } from "./list.js";
import { mergeCommand } from "./merge.js";
import { placeCommand } from "./place.js";
import { policyCommand } from "./policy.js";
import { runCommand } from "./run.js";
import { traceCommand } from "./trace.js";
import { validateCommand } from "./validate.js";

/** Every command of the CLI, in the order --help lists them. */
export function allCommands(): CommandModule[] {
  return [
    runCommand as unknown as CommandModule,
    mergeCommand as unknown as CommandModule,
    placeCommand as unknown as CommandModule,
    policyCommand,
    benchCommand as unknown as CommandModule,
    validateCommand as unknown as CommandModule,
    listCommand as unknown as CommandModule,
    traceCommand as unknown as CommandModule,
  ];
}
