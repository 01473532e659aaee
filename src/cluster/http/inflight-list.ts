
/** The links an item carries to be in an InflightList (in at most one list at a time). */
export interface InflightLinks<T extends InflightLinks<T>> {
  inflightOf: InflightList<T> | null;
  inflightPrev: T | null;
  inflightNext: T | null;
}

/**
 * The attempts a target is serving, in the order they arrived: a doubly linked list threaded through the
 * attempts themselves. Adding and removing allocate nothing, and a removed attempt keeps no links, so an ended
 * attempt never holds a newer one alive. With a Set here, attempts survived scavenges and were promoted to the
 * old generation (most likely held through the hash tables a Set discards as it churns).
 */
export class InflightList<T extends InflightLinks<T>> {
  private head: T | null = null;
  private tail: T | null = null;
  private count = 0;

  /** Number of attempts in the list. */
  get size(): number {
    return this.count;
  }

  /** Appends an attempt that is in no list; an attempt already in a list stays where it is. */
  add(a: T): void {
    if (a.inflightOf !== null) return;
    a.inflightOf = this;
    a.inflightPrev = this.tail;
    a.inflightNext = null;
    if (this.tail === null) this.head = a;
    else this.tail.inflightNext = a;
    this.tail = a;
    this.count++;
  }

  /** Removes an attempt; false when it is not in this list. */
  delete(a: T): boolean {
    if (a.inflightOf !== this) return false;
    const prev = a.inflightPrev;
    const next = a.inflightNext;
    if (prev === null) this.head = next;
    else prev.inflightNext = next;
    if (next === null) this.tail = prev;
    else next.inflightPrev = prev;
    a.inflightOf = null;
    a.inflightPrev = null;
    a.inflightNext = null;
    this.count--;
    return true;
  }

  /** Empties the list and returns what it held, oldest first. */
  drain(): T[] {
    const all = this.toArray();
    for (const a of all) {
      a.inflightOf = null;
      a.inflightPrev = null;
      a.inflightNext = null;
    }
    this.head = null;
    this.tail = null;
    this.count = 0;
    return all;
  }

  /** The attempts, oldest first (a copy: the list may change while the caller walks it). */
  toArray(): T[] {
    const all: T[] = [];
    for (let a = this.head; a !== null; a = a.inflightNext) all.push(a);
    return all;
  }
}
