import type { CommandModule } from "yargs";
import { formatSpecError } from "../experiment/spec/spec-error.js";
import { checkSpecFile, expandSpecPaths } from "../experiment/spec/spec-files.js";
import { EXIT_BAD_INPUT, EXIT_OK } from "../util/input-error.js";

interface ValidateArgs {
  files: string[];
  first: boolean;
}

/** `aisim validate FILE…`: checks models and experiments without running; exit 2 if any is invalid. */
export const validateCommand: CommandModule<object, ValidateArgs> = {
  command: "validate <files..>",
  describe: "check model and experiment files without running (file:line:col of every error)",
  builder: (y) =>
    y
      .positional("files", { type: "string", array: true, demandOption: true, describe: "model or experiment files; a directory stands for its *.yaml files" })
      .option("first", { type: "boolean", default: false, describe: "report only the first error of each file" }),
  handler: (args) => {
    let failed = false;
    for (const file of expandSpecPaths(args.files)) {
      const check = checkSpecFile(file);
      for (const warning of check.warnings) process.stderr.write(`${formatSpecError(warning, "warning")}\n`);
      if (check.errors.length === 0) {
        process.stdout.write(`${file}: ok (${check.summary ?? check.kind})\n`);
        continue;
      }
      failed = true;
      const shown = args.first ? check.errors.slice(0, 1) : check.errors;
      for (const error of shown) process.stderr.write(`${formatSpecError(error)}\n`);
    }
    process.exitCode = failed ? EXIT_BAD_INPUT : EXIT_OK;
  },
};
