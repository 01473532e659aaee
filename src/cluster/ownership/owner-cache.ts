import type { ClusterMap } from "./cluster-map.js";
import type { Placement } from "./placement-port.js";

/** What the cache keeps per map: owner tables per bucket and the map's membership as a bitmap. */
interface MapTables {
  readonly map: ClusterMap;
  readonly tables: Array<Int16Array | undefined>;
  readonly member: Uint8Array;
}

const UNKNOWN = -2;
/** Maps whose tables may lend owners to a new map (the last few; proxies lag the primary by one or two). */
const LENDERS = 4;

/**
 * Owners per (map, object), filled lazily: a proxy routing on its map asks `owner(map, …)`; the first ask of an
 * object computes HRW, later ones read a typed array. Tables hang off the (immutable, shared) map objects.
 *
 * HRW's property saves most computations after a membership change: if the owner of an object on map P is
 * still a member of map M and M's targets are a subset of P's, the owner on M is the same (the maximum over a
 * subset that still contains the maximum). So after a removal only the removed target's objects are re-ranked.
 */
export class OwnerCache {
  private readonly byMap = new WeakMap<ClusterMap, MapTables>();
  private readonly recent: MapTables[] = [];
  private lastMap: ClusterMap | null = null;
  private last: MapTables | null = null;

  constructor(
    private readonly placement: Placement,
    private readonly populations: readonly number[],
    private readonly targetCount = 1 << 15,
  ) {}

  /** The owner target of object `i` of `bucket` on `map` (-1: no target). */
  owner(map: ClusterMap, bucket: number, i: number): number {
    const mt = map === this.lastMap ? this.last! : this.tablesOf(map);
    let table = mt.tables[bucket];
    if (table === undefined) {
      table = new Int16Array(this.populations[bucket]).fill(UNKNOWN);
      mt.tables[bucket] = table;
    }
    let t = table[i];
    if (t === UNKNOWN) {
      t = this.borrow(mt, bucket, i);
      if (t === UNKNOWN) t = this.placement.owner(bucket, i, map);
      table[i] = t;
    }
    return t;
  }

  /** Installs precomputed owners of a whole bucket on `map` (a bulk HRW pass at set-up). */
  prefill(map: ClusterMap, bucket: number, owners: Int16Array): void {
    this.tablesOf(map).tables[bucket] = owners;
  }

  private tablesOf(map: ClusterMap): MapTables {
    let mt = this.byMap.get(map);
    if (mt === undefined) {
      const member = new Uint8Array(Math.min(this.targetCount, 1 + Math.max(0, ...map.targets)));
      for (const t of map.targets) member[t] = 1;
      mt = { map, tables: [], member };
      this.byMap.set(map, mt);
      this.recent.push(mt);
      if (this.recent.length > LENDERS) this.recent.shift();
    }
    this.lastMap = map;
    this.last = mt;
    return mt;
  }

  /** The owner of `i` on `mt.map` read from a recent superset map, or UNKNOWN. */
  private borrow(mt: MapTables, bucket: number, i: number): number {
    for (let k = this.recent.length - 1; k >= 0; k--) {
      const lender = this.recent[k];
      if (lender === mt) continue;
      const table = lender.tables[bucket];
      if (table === undefined) continue;
      const o = table[i];
      if (o < 0 || mt.member[o] !== 1) continue;
      if (isSubset(mt, lender)) return o;
    }
    return UNKNOWN;
  }
}

const subsetMemo = new WeakMap<MapTables, WeakMap<MapTables, boolean>>();

/** Whether `a`'s targets are a subset of `b`'s (memoised per pair). */
function isSubset(a: MapTables, b: MapTables): boolean {
  let m = subsetMemo.get(a);
  if (m === undefined) {
    m = new WeakMap();
    subsetMemo.set(a, m);
  }
  let r = m.get(b);
  if (r === undefined) {
    r = a.map.targets.every((t) => b.member[t] === 1);
    m.set(b, r);
  }
  return r;
}
