import type { BucketSpec } from "./cluster-file.js";
import { compareNatural, MovementCounter, type Movement } from "./movement.js";
import { PlacementTable } from "./placement-table.js";
import type { Smap } from "./smap.js";

/** Objects per table chunk: bounds memory for populations of any size (19 bytes per object per table). */
const CHUNK_OBJECTS = 1 << 21;

/** Objects and bytes of one bucket on one target. */
export interface TargetShare {
  readonly bucket: string;
  readonly target: string;
  readonly objects: number;
  readonly bytes: number;
}

function* chunks(b: BucketSpec): Generator<{ first: number; count: number }> {
  for (let first = 0; first < b.objects; first += CHUNK_OBJECTS) yield { first, count: Math.min(CHUNK_OBJECTS, b.objects - first) };
}

/** How many objects (and bytes) of each bucket every active target owns on `smap`. */
export function bucketShares(smap: Smap, buckets: readonly BucketSpec[]): TargetShare[] {
  const out: TargetShare[] = [];
  for (const b of buckets) {
    const perTarget = new Map<string, number>(smap.activeTargets.map((t) => [t.id, 0]));
    for (const c of chunks(b)) {
      const table = PlacementTable.build(smap, { bucket: b.bucket, template: b.template, first: c.first, count: c.count, sizeBytes: b.sizeBytes });
      for (const [id, n] of table.countsByTarget()) perTarget.set(id, (perTarget.get(id) ?? 0) + n);
    }
    for (const [target, objects] of [...perTarget].sort((x, y) => compareNatural(x[0], y[0]))) out.push({ bucket: b.name, target, objects, bytes: objects * b.sizeBytes });
  }
  return out;
}

/** Movement of every bucket's objects from their owners on `before` to those on `after`. */
export function bucketMovement(before: Smap, after: Smap, buckets: readonly BucketSpec[]): Movement {
  const counter = new MovementCounter();
  for (const b of buckets) {
    for (const c of chunks(b)) {
      const table = PlacementTable.build(before, { bucket: b.bucket, template: b.template, first: c.first, count: c.count, sizeBytes: b.sizeBytes });
      counter.merge(table.movementTo(after));
    }
  }
  return counter.result();
}
