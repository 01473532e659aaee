import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Document, type Node } from "yaml";
import type { KeyPath, SpecError } from "./spec-error.js";

/** A parsed YAML file that remembers where every node came from. */
export interface YamlSource {
  readonly file: string;
  readonly text: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
}

/** 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Parses YAML text; syntax errors come back as SpecErrors at their line and column. */
export function parseYamlSource(file: string, text: string): { source: YamlSource; errors: SpecError[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true, merge: true });
  const source: YamlSource = { file, text, doc, lines };
  const errors = doc.errors.map((e): SpecError => {
    const at = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
    const firstLine = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    return { file, line: at.line, column: at.col, path: [], message: `YAML syntax error: ${firstLine}` };
  });
  return { source, errors };
}

/** The plain JS value of the document (null for an empty file). */
export function yamlValue(source: YamlSource): unknown {
  return source.doc.toJS({ maxAliasCount: 1000 });
}

/** Position of a character offset. */
function positionAt(source: YamlSource, offset: number): Position {
  const at = source.lines.linePos(offset);
  return { line: at.line, column: at.col };
}

/** Finds the node at `path`; `deepest` is the last node reached when the path runs out of the document. */
function walk(source: YamlSource, path: KeyPath): { node: Node | null; key: Node | null; deepest: Node | null; complete: boolean } {
  let node = source.doc.contents as Node | null;
  let key: Node | null = null;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) return { node: null, key: null, deepest: node, complete: false };
      key = pair.key as Node;
      const value = pair.value as Node | null;
      if (value === null) return { node: null, key, deepest: key, complete: true };
      node = value;
    } else if (isSeq(node) && typeof segment === "number" && segment < node.items.length) {
      key = null;
      node = node.items[segment] as Node;
    } else {
      return { node: null, key: null, deepest: node, complete: false };
    }
  }
  return { node, key, deepest: node, complete: true };
}

/**
 * Where to point for an error at `path`: the key itself when `at` is "key" (unknown keys), else the value (or
 * the key when the value is empty). When the path does not exist (a missing key), the innermost enclosing node.
 */
export function positionOf(source: YamlSource, path: KeyPath, at: "key" | "value" = "value"): Position {
  const found = walk(source, path);
  const node = at === "key" && found.key ? found.key : (found.node ?? found.key ?? found.deepest);
  const offset = node?.range?.[0] ?? 0;
  return positionAt(source, offset);
}

/** True when `path` names a key or item present in the document. */
export function hasPath(source: YamlSource, path: KeyPath): boolean {
  return walk(source, path).complete;
}

/**
 * Position of character `index` of the string scalar at `path`, when the scalar's source text holds the value
 * verbatim (plain or quoted on one line without escapes); else the scalar's own position.
 */
export function positionInString(source: YamlSource, path: KeyPath, index: number): Position {
  const { node } = walk(source, path);
  if (!isScalar(node) || typeof node.value !== "string" || !node.range) return positionOf(source, path);
  const [start, end] = node.range;
  const raw = source.text.slice(start, end);
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  const inner = quoted ? raw.slice(1, -1) : raw;
  if (inner !== node.value || inner.includes("\n")) return positionAt(source, start);
  return positionAt(source, start + (quoted ? 1 : 0) + index);
}

/** The leading comment of the file (its first line), used as a one-line description. */
export function headerComment(text: string): string | undefined {
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed === "---") continue;
    if (!trimmed.startsWith("#")) return undefined;
    const comment = trimmed.replace(/^#+\s*/, "");
    if (comment !== "") return comment;
  }
  return undefined;
}
