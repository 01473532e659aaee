import type { CommandModule } from "yargs";
import { EXIT_BAD_INPUT } from "../util/input-error.js";

/**
 * Commands whose names are part of aisim's interface but that this build does not implement yet.
 * They are listed in --help so scripts see the full surface, and fail clearly when called.
 */
function reserved(name: string, describe: string): CommandModule {
  return {
    command: `${name} [args..]`,
    describe: `${describe} (not available in this build)`,
    handler: () => {
      process.stderr.write(`aisim ${name}: not available in this build of aisim\n`);
      process.exitCode = EXIT_BAD_INPUT;
    },
  };
}

/** Reserved command names; each is replaced by its real module once implemented. */
export const reservedCommands: Record<string, CommandModule> = {
  run: reserved("run", "run an experiment spec: variants x sweep x replications"),
  merge: reserved("merge", "merge the results of sharded runs"),
  place: reserved("place", "show where objects are placed (AIStore HRW)"),
  policy: reserved("policy", "list retry-policy presets or show one"),
  validate: reserved("validate", "check model and experiment files without running"),
  list: reserved("list", "list models, experiments and policy presets"),
  trace: reserved("trace", "tell one request's story from a trace file"),
};
