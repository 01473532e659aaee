import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadExperiment } from "../../../src/experiment/spec/load-experiment.js";
import type { LoadedExperiment } from "../../../src/experiment/spec/spec-types.js";

/** The two-variant fixture spec. */
export const TWO_VARIANTS = path.resolve("test/experiment/runner-fixtures/two-variants.yaml");

/** The stand-in simulator module (plain JS, loadable by worker threads). */
export const FAKE_SIMULATOR = path.resolve("test/experiment/fake-simulator.mjs");

/** A fresh temporary folder for one test. */
export function tempDir(prefix = "aisim-runner-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Writes a spec made from the two-variant fixture's text with `edit` applied, and loads it. */
export function fixtureVariant(edit: (text: string) => string): { file: string; loaded: LoadedExperiment } {
  const file = path.join(tempDir("aisim-runner-spec-"), "spec.yaml");
  writeFileSync(file, edit(readFileSync(TWO_VARIANTS, "utf8")));
  return { file, loaded: loadExperiment(file) };
}
