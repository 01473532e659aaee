import { describe, expect, it } from "vitest";
import "../../src/retry/presets/index.js";
import { listPresets } from "../../src/retry/presets/index.js";
import { writeTree } from "../experiment/spec/spec-helpers.js";
import { runCli } from "./cli-helpers.js";

const FILES = {
  "models/big.yaml": "# models/big.yaml\n# A big cluster\nname: big\nproxies: 1\ntargets: 2\n",
  "models/alpha.yaml": "name: alpha\ndescription: the first model\nproxies: 1\ntargets: 1\n",
  "experiments/exp-one.yaml": "# one experiment\n# second comment line\nname: exp-one\n",
  "experiments/notes.txt": "not yaml",
};

describe("aisim list", () => {
  it("lists models and experiments with descriptions from description: or the header comment, and presets", () => {
    const dir = writeTree(FILES);
    const r = runCli(["list", "--json"], dir);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { models: { name: string; description: string }[]; experiments: { name: string; description: string }[]; presets: { name: string }[] };
    expect(out.models.map((m) => [m.name, m.description])).toEqual([
      ["alpha", "the first model"],
      ["big", "A big cluster"],
    ]);
    expect(out.experiments.map((m) => [m.name, m.description])).toEqual([["exp-one", "one experiment"]]);
    expect(out.presets.map((p) => p.name)).toEqual(listPresets().map((p) => p.name));
  });

  it("prints aligned sections", () => {
    const dir = writeTree(FILES);
    const r = runCli(["list", "--dir", dir], "/");
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n");
    const models = lines.indexOf(`Models (${dir}/models):`);
    expect(lines.slice(models + 1, models + 3)).toEqual(["  alpha  the first model", "  big    A big cluster"]);
    const experiments = lines.indexOf(`Experiments (${dir}/experiments):`);
    expect(lines[experiments + 1]).toBe("  exp-one  one experiment");
    expect(lines).toContain("Retry-policy presets:");
  });
});
