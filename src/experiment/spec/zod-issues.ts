import type * as z from "zod";
import { didYouMean } from "./did-you-mean.js";
import { UNKNOWN_KEYS_MARK } from "./schema-helpers.js";
import type { KeyPath, SpecError } from "./spec-error.js";
import { hasPath, positionOf, type YamlSource } from "./yaml-source.js";

/** The value at `path` inside a plain JS value, or undefined. */
export function valueAt(root: unknown, path: KeyPath): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/** A short rendering of a user's value for "got …". */
export function shown(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) return String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** Zod's path as our key path. */
function keyPath(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((p) => (typeof p === "number" ? p : String(p)));
}

/**
 * Turns zod issues into SpecErrors pinned to YAML positions. `prefix` is where the validated value sits in the
 * document (e.g. `["cluster"]` for an inline model); `root` is the value that was validated.
 */
export function specErrorsFromZod(
  issues: readonly z.core.$ZodIssue[],
  source: YamlSource,
  root: unknown,
  prefix: KeyPath = [],
  unknownKeyHint: (path: KeyPath, key: string) => string = () => "",
): SpecError[] {
  const errors: SpecError[] = [];
  const push = (path: KeyPath, message: string, at: "key" | "value" = "value"): void => {
    const full = [...prefix, ...path];
    const { line, column } = positionOf(source, full, at);
    errors.push({ file: source.file, line, column, path: full, message });
  };
  for (const issue of issues) {
    const path = keyPath(issue.path);
    if (issue.code === "unrecognized_keys") {
      const known: string[] = issue.message.startsWith(UNKNOWN_KEYS_MARK) ? JSON.parse(issue.message.slice(UNKNOWN_KEYS_MARK.length)) : [];
      for (const key of issue.keys) {
        const hint = didYouMean(key, known);
        const extra = unknownKeyHint(path, key);
        push([...path, key], `unknown key "${key}"${hint}${extra}${hint === "" && extra === "" && known.length > 0 ? `; expected one of: ${known.join(", ")}` : ""}`, "key");
      }
      continue;
    }
    const value = valueAt(root, path);
    const present = hasPath(source, [...prefix, ...path]) && value !== undefined;
    const last = path.length > 0 ? String(path[path.length - 1]) : "";
    if (issue.code === "invalid_union" && "options" in issue && Array.isArray(issue.options)) {
      const options = issue.options.map(String);
      const key = String((issue as { discriminator?: string }).discriminator ?? last);
      const discPath = last === key ? path : [...path, key];
      const disc = valueAt(root, discPath);
      if (disc === undefined) push(path, `missing required key "${key}"; expected one of: ${options.join(", ")}`);
      else push(discPath, `unknown ${key} ${shown(disc)}${typeof disc === "string" ? didYouMean(disc, options) : ""}; expected one of: ${options.join(", ")}`);
      continue;
    }
    if (!present) {
      push(path, `missing required key "${last}": ${issue.message}`);
      continue;
    }
    if (issue.code === "invalid_value") {
      const options = issue.values.map(String);
      const hint = typeof value === "string" ? didYouMean(value, options) : "";
      push(path, `expected one of ${options.join(", ")}, got ${shown(value)}${hint}`);
      continue;
    }
    // "expected …" messages get the value appended unless they already show it; other messages stand alone.
    push(path, issue.message.startsWith("expected") && !issue.message.includes(", got ") ? `${issue.message}, got ${shown(value)}` : issue.message);
  }
  return errors;
}
