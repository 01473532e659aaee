import type { ClusterMap } from "./cluster-map.js";
import type { Placement } from "./placement-port.js";

/**
 * Owners per (map, object), filled lazily: a proxy routing on its map asks `owner(map, …)`; the first ask of an
 * object computes HRW, later ones read a typed array. Tables hang off the (immutable, shared) map objects, so a
 * map no node holds any more takes its tables with it.
 */
export class OwnerCache {
  private readonly tables = new WeakMap<ClusterMap, Int16Array[]>();
  private lastMap: ClusterMap | null = null;
  private lastTables: Int16Array[] = [];

  constructor(
    private readonly placement: Placement,
    private readonly populations: readonly number[],
  ) {}

  /** The owner target of object `i` of `bucket` on `map` (-1: no target). */
  owner(map: ClusterMap, bucket: number, i: number): number {
    let tables = this.lastTables;
    if (map !== this.lastMap) {
      tables = this.tables.get(map) ?? [];
      this.tables.set(map, tables);
      this.lastMap = map;
      this.lastTables = tables;
    }
    let table = tables[bucket];
    if (table === undefined) {
      table = new Int16Array(this.populations[bucket]).fill(-2);
      tables[bucket] = table;
    }
    let t = table[i];
    if (t === -2) {
      t = this.placement.owner(bucket, i, map);
      table[i] = t;
    }
    return t;
  }
}
