import type { CommandModule } from "yargs";
import { formatKeyPath, formatSpecError, type SpecError } from "../experiment/spec/spec-error.js";
import { checkSpecFile, expandSpecPaths } from "../experiment/spec/spec-files.js";
import { EXIT_BAD_INPUT, EXIT_OK } from "../util/input-error.js";

interface ValidateArgs {
  files: string[];
  first: boolean;
  json: boolean;
}

/** One problem of a file, as `--json` prints it. */
function problemJson(e: SpecError): { line: number; column: number; path: string; message: string } {
  return { line: e.line, column: e.column, path: formatKeyPath(e.path), message: e.message };
}

/** `aisim validate FILE…`: checks models and experiments without running; exit 2 if any is invalid. */
export const validateCommand: CommandModule<object, ValidateArgs> = {
  command: "validate <files..>",
  describe: "check model and experiment files without running (file:line:col of every error)",
  builder: (y) =>
    y
      .positional("files", { type: "string", array: true, demandOption: true, describe: "model or experiment files; a directory stands for its *.yaml files" })
      .option("first", { type: "boolean", default: false, describe: "report only the first error of each file" })
      .option("json", { type: "boolean", default: false, describe: "print one JSON object: per file its kind, ok, errors and warnings (line, column, path, message)" }),
  handler: (args) => {
    let failed = false;
    const files = expandSpecPaths(args.files);
    if (args.json) {
      const report = files.map((file) => {
        const check = checkSpecFile(file);
        const errors = args.first ? check.errors.slice(0, 1) : check.errors;
        failed ||= errors.length > 0;
        return { file, kind: check.kind, ok: errors.length === 0, ...(check.summary !== undefined ? { summary: check.summary } : {}), errors: errors.map(problemJson), warnings: check.warnings.map(problemJson) };
      });
      process.stdout.write(`${JSON.stringify({ files: report }, null, 2)}\n`);
      process.exitCode = failed ? EXIT_BAD_INPUT : EXIT_OK;
      return;
    }
    for (const file of files) {
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
