import { InputError } from "../../util/input-error.js";

/** A path into a spec: object keys and array indices, outermost first. */
export type KeyPath = readonly (string | number)[];

/** One problem found in a model or experiment file, pinned to the offending token. */
export interface SpecError {
  readonly file: string;
  /** 1-based line and column of the offending token (the key for unknown keys, else the value). */
  readonly line: number;
  readonly column: number;
  /** Where in the document: `workload.objects.popularity`, `faults[2].node`; empty for document-level errors. */
  readonly path: KeyPath;
  /** What is wrong and what was expected. */
  readonly message: string;
}

/** Renders a key path as `a.b[2].c`; keys that are not plain identifiers are quoted (`sweep."workload.clients"`). */
export function formatKeyPath(path: KeyPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else {
      const part = /^[A-Za-z_][\w-]*$/.test(segment) ? segment : JSON.stringify(segment);
      out += out === "" ? part : `.${part}`;
    }
  }
  return out;
}

/** `file:line:col: path: message` (`file:line:col: warning: path: message` for a warning). */
export function formatSpecError(error: SpecError, severity: "error" | "warning" = "error"): string {
  const where = formatKeyPath(error.path);
  return `${error.file}:${error.line}:${error.column}: ${severity === "warning" ? "warning: " : ""}${where === "" ? "" : `${where}: `}${error.message}`;
}

/** Orders errors by file, then position, so the first reported is the first in the file. */
export function sortSpecErrors(errors: readonly SpecError[]): SpecError[] {
  return [...errors].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

/** Every error of a file that failed to load, as one InputError (exit code 2); the first error gives its position. */
export class SpecErrors extends InputError {
  readonly errors: readonly SpecError[];

  constructor(errors: readonly SpecError[]) {
    const sorted = sortSpecErrors(errors);
    const first = sorted[0];
    const where = first ? formatKeyPath(first.path) : "";
    super(first ? `${where === "" ? "" : `${where}: `}${first.message}` : "invalid spec", first ? { file: first.file, line: first.line, column: first.column } : {});
    this.name = "SpecErrors";
    this.errors = sorted;
  }

  /** One `file:line:col: path: message` line per error. */
  override describe(): string {
    return this.errors.map((e) => formatSpecError(e)).join("\n");
  }
}
