import { readFileSync } from "node:fs";
import { modelFileSchema } from "./schema-model.js";
import { SpecErrors, type SpecError } from "./spec-error.js";
import type { ClusterSpec } from "../../model/cluster.js";
import { parseYamlSource, yamlValue, type YamlSource } from "./yaml-source.js";
import { specErrorsFromZod } from "./zod-issues.js";

/** A model file read and checked: the model when valid, else its errors; the value as written either way. */
export interface CheckedModel {
  readonly file: string;
  readonly model?: ClusterSpec;
  readonly errors: readonly SpecError[];
  /** The document as plain JS (used when a sweep changes a key of the model). */
  readonly written: unknown;
  readonly source?: YamlSource;
}

/** Reads a file, or a SpecError at 1:1 saying why it cannot be read. */
export function readSpecFile(file: string): { text: string } | { error: SpecError } {
  try {
    return { text: readFileSync(file, "utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : String((error as Error).message);
    return { error: { file, line: 1, column: 1, path: [], message: `cannot read the file: ${why}` } };
  }
}

/** Checks model YAML text; `file` names it in errors. */
export function checkModelText(file: string, text: string): CheckedModel {
  const { source, errors } = parseYamlSource(file, text);
  if (errors.length > 0) return { file, errors, written: undefined, source };
  const written = yamlValue(source);
  const parsed = modelFileSchema.safeParse(written, { reportInput: true });
  if (!parsed.success) return { file, errors: specErrorsFromZod(parsed.error.issues, source, written), written, source };
  return { file, model: parsed.data, errors: [], written, source };
}

/** Reads and checks a model file. */
export function checkModelFile(file: string): CheckedModel {
  const read = readSpecFile(file);
  if ("error" in read) return { file, errors: [read.error], written: undefined };
  return checkModelText(file, read.text);
}

/** Loads a cluster model file; throws SpecErrors (exit code 2) listing every problem. */
export function loadModel(file: string): ClusterSpec {
  const checked = checkModelFile(file);
  if (!checked.model) throw new SpecErrors(checked.errors);
  return checked.model;
}
