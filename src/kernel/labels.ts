/**
 * The simulator's label table: each (kind, component) pair interned once as a small integer, so an event carries
 * an int instead of two strings. The fingerprint and the trace read the strings back through the label; the
 * fingerprint hashes the strings, not the integer, so it does not depend on the order labels were created in.
 */

import type { Label } from "./event.js";
import { combine32, hashString32 } from "./fingerprint.js";
import { grownColumn } from "./slot-table.js";

/** Interned (kind, component) pairs with the strings and fingerprint hash of each, indexed by label. */
export class LabelTable {
  /** Kind of each label. */
  readonly kinds: string[] = [];
  /** Component of each label ("" for none). */
  readonly components: string[] = [];
  /** Fingerprint hash of each label's strings (grows by doubling, so read it through the table). */
  hashes = new Int32Array(64);
  /** Labels interned so far: exactly the integers below it are labels. */
  count = 0;
  private readonly ids = new Map<string, Label>();

  /** The label of (kind, component): the same pair always gives the same integer. */
  intern(kind: string, component: string): Label {
    const key = `${kind}\u0000${component}`;
    const existing = this.ids.get(key);
    if (existing !== undefined) return existing;
    const label = this.kinds.length;
    this.ids.set(key, label);
    this.kinds.push(kind);
    this.components.push(component);
    this.count = label + 1;
    if (label === this.hashes.length) this.hashes = grownColumn(this.hashes, label * 2);
    this.hashes[label] = combine32(hashString32(kind), hashString32(component));
    return label;
  }

  /** True if `label` is an interned label (a non-negative integer below the count). */
  has(label: number): boolean {
    return (label >>> 0) === label && label < this.count;
  }
}
