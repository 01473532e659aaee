/** Identifies one active cut, for heal(). */
export type CutId = number;

const SIDE_NONE = 0;
const SIDE_A = 1;
const SIDE_B = 2;

interface Cut {
  readonly id: CutId;
  /** Side of each node id: 0 uninvolved, 1 side A, 2 side B. Ids past the end are uninvolved. */
  readonly sides: Uint8Array;
  /** When true, side B is "every node not on side A" (including nodes added later). */
  readonly bIsRest: boolean;
}

/**
 * The active network partitions as a list of cuts. A cut separates side A from side B (or from everyone else):
 * no packet crosses it in either direction. Overlapping cuts compose: two nodes are separated if any cut
 * separates them. Cuts are few and short-lived (blips, split brains), so a linear scan over them is cheapest.
 */
export class PartitionSet {
  private cuts: Cut[] = [];
  private nextId = 1;

  /** Number of active cuts. */
  get size(): number {
    return this.cuts.length;
  }

  /** Adds a cut between `sideA` and `sideB` (omit sideB to cut sideA off from every other node). */
  add(sideA: readonly number[], sideB?: readonly number[]): CutId {
    let maxId = -1;
    for (const n of sideA) maxId = Math.max(maxId, n);
    for (const n of sideB ?? []) maxId = Math.max(maxId, n);
    const sides = new Uint8Array(maxId + 1);
    for (const n of sideA) sides[n] = SIDE_A;
    for (const n of sideB ?? []) {
      if (sides[n] === SIDE_A) throw new RangeError(`partition: node ${n} is on both sides of the cut`);
      sides[n] = SIDE_B;
    }
    const id = this.nextId++;
    this.cuts.push({ id, sides, bIsRest: sideB === undefined });
    return id;
  }

  /** Removes a cut; false if it is not active. */
  remove(id: CutId): boolean {
    const i = this.cuts.findIndex((c) => c.id === id);
    if (i < 0) return false;
    this.cuts.splice(i, 1);
    return true;
  }

  /** Removes every cut. */
  clear(): void {
    this.cuts = [];
  }

  /** True if some active cut separates nodes a and b. */
  separated(a: number, b: number): boolean {
    const cuts = this.cuts;
    for (let i = 0; i < cuts.length; i++) {
      const cut = cuts[i];
      const sides = cut.sides;
      const sa = a < sides.length ? sides[a] : SIDE_NONE;
      const sb = b < sides.length ? sides[b] : SIDE_NONE;
      if (sa === sb) continue;
      if ((sa === SIDE_A && sb === SIDE_B) || (sa === SIDE_B && sb === SIDE_A)) return true;
      if (cut.bIsRest && ((sa === SIDE_A && sb === SIDE_NONE) || (sa === SIDE_NONE && sb === SIDE_A))) return true;
    }
    return false;
  }
}
