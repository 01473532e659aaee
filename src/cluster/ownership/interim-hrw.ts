import type { ClusterMap } from "./cluster-map.js";
import { objectName, type Placement } from "./placement-port.js";

/**
 * Highest-random-weight placement over 32-bit string hashes. It has HRW's properties (stable, ~1/N movement on
 * a join, owner = max weight over the map's targets, ties to the lower index) but not AIStore's exact digests;
 * it stands in wherever the bit-exact module (src/placement) is not wired yet, and for tests that must not
 * depend on particular names.
 */
export class InterimHrw implements Placement {
  private readonly targetDigests: Uint32Array;
  private readonly mountpathDigests: Uint32Array;
  private readonly proxyDigests: Uint32Array;
  private readonly mountpathCache: Array<Int8Array | undefined> = [];
  private readonly digestCache: Array<Uint32Array | undefined> = [];
  private readonly digestKnown: Array<Uint8Array | undefined> = [];

  constructor(
    private readonly bucketUnames: readonly string[],
    /** Objects per bucket (sizes the mountpath cache). */
    private readonly populations: readonly number[],
    targetIds: readonly string[],
    mountpathPaths: readonly string[],
    proxyIds: readonly string[],
  ) {
    this.targetDigests = Uint32Array.from(targetIds, (id) => hash32(id));
    this.mountpathDigests = Uint32Array.from(mountpathPaths, (p) => hash32(p));
    this.proxyDigests = Uint32Array.from(proxyIds, (id) => hash32(id));
  }

  /** The 32-bit digest of object `i` of `bucket` (hashed once, then cached: every new map asks again). */
  digest(bucket: number, i: number): number {
    let cache = this.digestCache[bucket];
    let known = this.digestKnown[bucket];
    if (cache === undefined || known === undefined) {
      cache = new Uint32Array(this.populations[bucket]);
      known = new Uint8Array(this.populations[bucket]);
      this.digestCache[bucket] = cache;
      this.digestKnown[bucket] = known;
    }
    if (known[i] === 1) return cache[i];
    const fresh = hash32(`${this.bucketUnames[bucket]}/${objectName(i)}`);
    cache[i] = fresh;
    known[i] = 1;
    return fresh;
  }

  owner(bucket: number, object: number, map: ClusterMap): number {
    const d = this.digest(bucket, object);
    let best = -1;
    let bestWeight = -1;
    for (const t of map.targets) {
      const w = mix32(d ^ this.targetDigests[t]);
      if (w > bestWeight) {
        bestWeight = w;
        best = t;
      }
    }
    return best;
  }

  mountpath(bucket: number, object: number, _target: number): number {
    const n = this.mountpathDigests.length;
    if (n <= 1) return 0;
    // Every target has the same mountpath paths, so an object's mountpath is the same on all of them: cache it.
    let cache = this.mountpathCache[bucket];
    if (cache === undefined) {
      cache = new Int8Array(this.populations[bucket]).fill(-1);
      this.mountpathCache[bucket] = cache;
    }
    if (cache[object] >= 0) return cache[object];
    const d = this.digest(bucket, object);
    let best = 0;
    let bestWeight = -1;
    for (let m = 0; m < n; m++) {
      const w = mix32(d ^ this.mountpathDigests[m]);
      if (w > bestWeight) {
        bestWeight = w;
        best = m;
      }
    }
    cache[object] = best;
    return best;
  }

  nextPrimary(map: ClusterMap, lost: number): number {
    let best = -1;
    let bestDigest = -1;
    for (const p of map.proxies) {
      if (p === lost) continue;
      if (this.proxyDigests[p] > bestDigest) {
        bestDigest = this.proxyDigests[p];
        best = p;
      }
    }
    return best;
  }
}

/** FNV-1a over UTF-16 code units, then a finaliser: a well-spread unsigned 32-bit hash. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/** A 32-bit avalanche mixer (murmur3 finaliser), unsigned result. */
export function mix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
