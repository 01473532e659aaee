import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PresetCatalog } from "../../../src/experiment/spec/preset-catalog.js";
import type { PresetDefinition } from "../../../src/retry/registry.js";
import { InputError } from "../../../src/util/input-error.js";

/** Writes files (relative path → text) under a fresh temporary directory and returns it. */
export function writeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "aisim-spec-"));
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

/** 1-based line and column of `token` on the first line of `text` that contains `lineMarker` (default: token). */
export function positionIn(text: string, token: string, lineMarker = token): { line: number; column: number } {
  const lines = text.split("\n");
  const index = lines.findIndex((l) => l.includes(lineMarker));
  if (index < 0) throw new Error(`no line with ${lineMarker}`);
  const column = lines[index].indexOf(token);
  if (column < 0) throw new Error(`no ${token} on line ${index + 1}`);
  return { line: index + 1, column: column + 1 };
}

function fakePreset(name: string): PresetDefinition {
  return {
    name,
    summary: `test preset ${name}`,
    params: [
      { key: "outer.stop.after_attempt", defaultValue: 7, describe: "attempts" },
      { key: "outer.wait.max_s", defaultValue: 30, describe: "seconds" },
    ],
    create: (overrides) => {
      const attempts = overrides["outer.stop.after_attempt"];
      if (attempts !== undefined && (typeof attempts !== "number" || attempts < 1)) {
        throw new InputError(`retry preset ${name}: parameter outer.stop.after_attempt must be a positive integer, got ${JSON.stringify(attempts)}`);
      }
      return { preset: name } as never;
    },
  };
}

/** A preset catalog holding ais-sdk@1.13 and ais-sdk@1.25 with two params each. */
export const testPresets: PresetCatalog = {
  find: (name) => (name === "ais-sdk@1.13" || name === "ais-sdk@1.25" ? fakePreset(name) : undefined),
  names: () => ["ais-sdk@1.13", "ais-sdk@1.25"],
};

/** A 16-target model file. */
export const MODEL_16 = `name: m16
proxies: 3
targets: 16
mountpaths: { perTarget: 8, kind: nvme }
buckets:
  - { name: ais://data, objects: 1000, size: 1MiB }
  - { name: s3://remote, objects: 100, size: 4MiB, backend: { get: 5500/s } }
`;
