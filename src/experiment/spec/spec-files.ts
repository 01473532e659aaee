import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import { checkExperimentText, type LoadOptions } from "./load-experiment.js";
import { checkModelText, readSpecFile } from "./load-model.js";
import type { SpecError } from "./spec-error.js";
import { headerComment } from "./yaml-source.js";

/** Which kind of file a YAML document is. */
export type SpecKind = "model" | "experiment";

/** Keys only an experiment has: their presence makes a document an experiment, else it is a cluster model. */
const EXPERIMENT_KEYS = ["cluster", "workload", "variants", "faults", "duration", "sweep", "criteria"];

/** Tells a model from an experiment by its top-level keys (unparseable text counts as an experiment). */
export function detectKind(text: string): SpecKind {
  const doc = parseDocument(text);
  const value: unknown = doc.errors.length === 0 ? doc.toJS() : undefined;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "experiment";
  return EXPERIMENT_KEYS.some((k) => k in (value as object)) ? "experiment" : "model";
}

/** Result of validating one file. */
export interface FileCheck {
  readonly file: string;
  readonly kind: SpecKind;
  readonly errors: readonly SpecError[];
  readonly warnings: readonly SpecError[];
  /** A short summary when valid (name, size of the model or of the experiment). */
  readonly summary?: string;
}

/** `1 target`, `16 targets`. */
function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** The files to validate: each file as given, each directory as its `*.yaml` files in name order. */
export function expandSpecPaths(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    try {
      if (!statSync(p).isDirectory()) return [p];
    } catch {
      return [p];
    }
    return readdirSync(p)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort()
      .map((n) => path.join(p, n));
  });
}

/** Validates one model or experiment file without running anything. */
export function checkSpecFile(file: string, options: LoadOptions = {}): FileCheck {
  const read = readSpecFile(file);
  if ("error" in read) return { file, kind: "experiment", errors: [read.error], warnings: [] };
  const kind = detectKind(read.text);
  if (kind === "model") {
    const checked = checkModelText(file, read.text);
    const m = checked.model;
    return { file, kind, errors: checked.errors, warnings: [], ...(m ? { summary: `model ${m.name}: ${count(m.proxies.length, "proxy", "proxies")}, ${count(m.targets.length, "target")} × ${count(m.mountpaths.perTarget, `${m.mountpaths.kind} mountpath`)}, ${count(m.buckets.length, "bucket")}` } : {}) };
  }
  const checked = checkExperimentText(file, read.text, options);
  const l = checked.loaded;
  return {
    file,
    kind,
    errors: checked.errors,
    warnings: checked.warnings,
    ...(l ? { summary: `experiment ${l.spec.name}: ${count(l.spec.variants.length, "variant")} × ${count(l.points.length, "sweep point")} × ${count(l.spec.replications, "replication")}, spec ${l.hash.slice(0, 12)}` } : {}),
  };
}

/** A spec file found in a directory, with its one-line description. */
export interface SpecFileEntry {
  readonly name: string;
  readonly file: string;
  readonly description: string;
}

/** One-line description: the `description:` key, else the first header comment that is not just a file name. */
export function describeSpecText(text: string): string {
  const doc = parseDocument(text);
  const value: unknown = doc.errors.length === 0 ? doc.toJS() : undefined;
  if (value !== null && typeof value === "object" && typeof (value as { description?: unknown }).description === "string") {
    return (value as { description: string }).description.split("\n")[0].trim();
  }
  const comment = headerComment(text.split("\n").filter((l) => !/^\s*#\s*\S+\.ya?ml\s*$/.test(l)).join("\n"));
  return comment ?? "";
}

/** The `*.yaml` files of a directory (sorted by name), or an empty list when it does not exist. */
export function listSpecFiles(dir: string): SpecFileEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n));
  } catch {
    return [];
  }
  return names.sort().map((n) => {
    const file = path.join(dir, n);
    const read = readSpecFile(file);
    return { name: n.replace(/\.ya?ml$/, ""), file, description: "text" in read ? describeSpecText(read.text) : "" };
  });
}
