import type { CommandModule } from "yargs";
import { benchCommand } from "./bench.js";
import { listCommand } from "./list.js";
import { mergeCommand } from "./merge.js";
import { placeCommand } from "./place.js";
import { policyCommand } from "./policy.js";
import { reservedCommands } from "./reserved.js";
import { runCommand } from "./run.js";
import { traceCommand } from "./trace.js";
import { validateCommand } from "./validate.js";

/**
 * Every command of the CLI, in the order --help lists them. Implemented commands replace their reserved
 * placeholder here.
 */
export function allCommands(): CommandModule[] {
  const implemented: Record<string, CommandModule> = {
    bench: benchCommand as unknown as CommandModule,
    validate: validateCommand as unknown as CommandModule,
    list: listCommand as unknown as CommandModule,
    run: runCommand as unknown as CommandModule,
    merge: mergeCommand as unknown as CommandModule,
    place: placeCommand as unknown as CommandModule,
    policy: policyCommand,
    trace: traceCommand as unknown as CommandModule,
  };
  const order = ["run", "merge", "place", "policy", "bench", "validate", "list", "trace"];
  return order.map((name) => implemented[name] ?? reservedCommands[name]).filter((c): c is CommandModule => c !== undefined);
}
