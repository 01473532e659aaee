import { InputError } from "../util/input-error.js";
import { objectDigest } from "./digest.js";
import { ownerTarget } from "./hrw.js";
import { MovementCounter, type Movement } from "./movement.js";
import type { Smap } from "./smap.js";
import { parseObjectName, type ObjectName } from "./uname.js";

/** One line of an object list: the text as given, its parts, and the size when a size column is present. */
export interface ListedObject extends ObjectName {
  readonly text: string;
  readonly sizeBytes: number | undefined;
}

/**
 * Parses an object list: one object per line (uname or URL form), blank lines and `#` comments skipped. An
 * optional size in bytes follows the name after a TAB (names may contain spaces, never TABs). Errors carry the
 * file, line and column.
 */
export function parseObjectList(text: string, file: string): ListedObject[] {
  const out: ListedObject[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "" || raw.startsWith("#")) return;
    const tab = raw.indexOf("\t");
    const name = tab < 0 ? raw : raw.slice(0, tab);
    let sizeBytes: number | undefined;
    if (tab >= 0) {
      const sizeText = raw.slice(tab + 1).trim();
      if (!/^\d+$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
        throw new InputError(`malformed size '${sizeText}' (expected bytes as a non-negative integer after a TAB)`, { file, line, column: tab + 2 });
      }
      sizeBytes = Number(sizeText);
    }
    out.push({ ...parseObjectName(name, { file, line }), text: name, sizeBytes });
  });
  return out;
}

/** Movement of listed objects from their owners on `before` to those on `after`; bytes count listed sizes (0 when absent). */
export function objectListMovement(before: Smap, after: Smap, objects: readonly ListedObject[]): Movement {
  const counter = new MovementCounter();
  for (const o of objects) {
    const digest = objectDigest(o.uname);
    const from = ownerTarget(before, digest);
    const to = ownerTarget(after, digest);
    if (!from || !to) throw new Error("both maps need an active target");
    counter.add(from.id, to.id, 1, o.sizeBytes ?? 0);
  }
  return counter.result();
}
