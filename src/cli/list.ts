import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CommandModule } from "yargs";
import { listSpecFiles, type SpecFileEntry } from "../experiment/spec/spec-files.js";
import { listPresets } from "../retry/presets/index.js";

interface ListArgs {
  dir?: string;
  json: boolean;
}

/** The directory holding models/ and experiments/: the one given, else the current one if it has them, else the package's. */
function specRoot(dir: string | undefined): string {
  if (dir !== undefined) return dir;
  if (existsSync("models") || existsSync("experiments")) return ".";
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
}

/** Aligned `name  description` lines under a heading. */
function section(title: string, rows: readonly { name: string; description: string }[]): string {
  const width = Math.max(0, ...rows.map((r) => r.name.length));
  const body = rows.length === 0 ? ["  (none)"] : rows.map((r) => `  ${r.name.padEnd(width)}  ${r.description}`.trimEnd());
  return [title, ...body].join("\n");
}

/** `aisim list`: models, experiments (with their one-line descriptions) and retry-policy presets. */
export const listCommand: CommandModule<object, ListArgs> = {
  command: "list",
  describe: "list models, experiments and retry-policy presets",
  builder: (y) =>
    y
      .option("dir", { type: "string", describe: "directory holding models/ and experiments/ (default: current, else the package's)" })
      .option("json", { type: "boolean", default: false, describe: "print one JSON object" }),
  handler: (args) => {
    const root = specRoot(args.dir);
    const models: SpecFileEntry[] = listSpecFiles(path.join(root, "models"));
    const experiments: SpecFileEntry[] = listSpecFiles(path.join(root, "experiments"));
    const presets = listPresets().map((p) => ({ name: p.name, description: p.summary }));
    if (args.json) {
      process.stdout.write(JSON.stringify({ models, experiments, presets }) + "\n");
      return;
    }
    process.stdout.write(
      [
        section(`Models (${path.join(root, "models")}):`, models),
        section(`Experiments (${path.join(root, "experiments")}):`, experiments),
        section("Retry-policy presets:", presets),
      ].join("\n\n") + "\n",
    );
  },
};
