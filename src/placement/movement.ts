import { compareUtf8 } from "./digest.js";

/** Display order of node IDs: digit runs by value (t2 before t10), everything else bytewise. */
export function compareNatural(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const [x, y] = [pa[i], pb[i]];
    const numeric = /^\d/.test(x) && /^\d/.test(y);
    const c = numeric ? x.length - y.length || (x < y ? -1 : x > y ? 1 : 0) : compareUtf8(x, y);
    if (c !== 0) return c;
  }
  return pa.length - pb.length || compareUtf8(a, b);
}

/** Objects and bytes that leave and arrive at one target in a re-placement (what a rebalance would move). */
export interface TargetMovement {
  readonly id: string;
  readonly objectsLeaving: number;
  readonly objectsArriving: number;
  readonly bytesLeaving: number;
  readonly bytesArriving: number;
}

/** Movement of a whole population between two placements. */
export interface Movement {
  /** One entry per target that sends or receives, in natural ID order (see compareNatural). */
  readonly perTarget: readonly TargetMovement[];
  readonly objectsMoved: number;
  readonly bytesMoved: number;
  readonly objectsTotal: number;
  /** objectsMoved / objectsTotal (0 for an empty population). */
  readonly movedFraction: number;
}

/** Accumulates moves per target, then freezes them into a Movement. */
export class MovementCounter {
  private readonly byId = new Map<string, { objectsLeaving: number; objectsArriving: number; bytesLeaving: number; bytesArriving: number }>();
  private objectsMoved = 0;
  private bytesMoved = 0;
  private objectsTotal = 0;

  private entry(id: string): { objectsLeaving: number; objectsArriving: number; bytesLeaving: number; bytesArriving: number } {
    let e = this.byId.get(id);
    if (e === undefined) {
      e = { objectsLeaving: 0, objectsArriving: 0, bytesLeaving: 0, bytesArriving: 0 };
      this.byId.set(id, e);
    }
    return e;
  }

  /** Counts `objects` objects (of `bytes` bytes in all) placed on `toId` that were on `fromId` (a move unless equal). */
  add(fromId: string, toId: string, objects: number, bytes: number): void {
    if (fromId === toId) this.addTotal(objects);
    else this.move(fromId, toId, objects, bytes);
  }

  /** Counts a move of `objects` objects (also added to the population total). */
  move(fromId: string, toId: string, objects: number, bytes: number): void {
    const from = this.entry(fromId);
    const to = this.entry(toId);
    from.objectsLeaving += objects;
    from.bytesLeaving += bytes;
    to.objectsArriving += objects;
    to.bytesArriving += bytes;
    this.objectsMoved += objects;
    this.bytesMoved += bytes;
    this.objectsTotal += objects;
  }

  /** Adds objects to the population total. */
  addTotal(objects: number): void {
    this.objectsTotal += objects;
  }

  /** Adds another movement (e.g. of another chunk or bucket). */
  merge(m: Movement): void {
    for (const t of m.perTarget) {
      const e = this.entry(t.id);
      e.objectsLeaving += t.objectsLeaving;
      e.objectsArriving += t.objectsArriving;
      e.bytesLeaving += t.bytesLeaving;
      e.bytesArriving += t.bytesArriving;
    }
    this.objectsMoved += m.objectsMoved;
    this.bytesMoved += m.bytesMoved;
    this.objectsTotal += m.objectsTotal;
  }

  /** The movement so far. */
  result(): Movement {
    const perTarget = [...this.byId.entries()].sort((a, b) => compareNatural(a[0], b[0])).map(([id, e]) => ({ id, ...e }));
    const movedFraction = this.objectsTotal === 0 ? 0 : this.objectsMoved / this.objectsTotal;
    return { perTarget, objectsMoved: this.objectsMoved, bytesMoved: this.bytesMoved, objectsTotal: this.objectsTotal, movedFraction };
  }
}
