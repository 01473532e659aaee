import { compareUtf8, halves } from "./digest.js";
import { isActiveTarget, nodeKey, type Mountpath, type NodeKey, type ProxyNode, type Smap, type TargetNode } from "./smap.js";
import { sharedKernel } from "./wasm/hrw-kernel.js";

/*
 * Single-object HRW questions on a cluster map. Weight of node n for digest d: xoshiro256Hash(digest(n) XOR d),
 * compared as unsigned 64-bit integers. Tie rule (AIStore leaves exact ties to Go map order): the node whose ID
 * (mountpath: path) sorts first bytewise in UTF-8 wins. Candidates are always passed in that order, and the
 * kernel only replaces its best on a strictly greater weight.
 */

let loadedList: readonly unknown[] | undefined;
let loadedAt = 0;
let baseMark = -1;

/** Writes the digests of `keys` into the shared kernel (cached by list identity); returns their address. */
function loadDigests(list: readonly unknown[], keys: () => readonly NodeKey[]): number {
  if (list === loadedList) return loadedAt;
  const kernel = sharedKernel();
  if (baseMark < 0) baseMark = kernel.mark();
  kernel.release(baseMark);
  const ks = keys();
  loadedAt = kernel.alloc(8 * Math.max(1, ks.length));
  const u32 = kernel.u32;
  ks.forEach((k, i) => {
    u32[(loadedAt >> 2) + 2 * i] = k.lo;
    u32[(loadedAt >> 2) + 2 * i + 1] = k.hi;
  });
  loadedList = list;
  return loadedAt;
}

/** Index of the highest-weight candidate (candidates in tie-rule order), or -1 when there is none. */
function argmax<T>(list: readonly T[], keyOf: (x: T) => NodeKey, digest: bigint): number {
  if (list.length === 0) return -1;
  const at = loadDigests(list, () => list.map(keyOf));
  const [lo, hi] = halves(digest);
  return sharedKernel().fn.bestOf(lo, hi, at, list.length);
}

const targetKey = (t: TargetNode): NodeKey => nodeKey(t.id);

/** The owner of an object: the highest-weight target not in maintenance or decommission (undefined: none). */
export function ownerTarget(smap: Smap, digest: bigint): TargetNode | undefined {
  const active = smap.activeTargets;
  return active[argmax(active, targetKey, digest)];
}

const allSorted = new WeakMap<Smap, readonly TargetNode[]>();

/** The owner counting targets in maintenance or decommission too (what GET recovery asks). */
export function ownerInclMaintenance(smap: Smap, digest: bigint): TargetNode | undefined {
  let all = allSorted.get(smap);
  if (all === undefined) {
    all = [...smap.targets].sort((a, b) => compareUtf8(a.id, b.id));
    allSorted.set(smap, all);
  }
  return all[argmax(all, targetKey, digest)];
}

/** Weights of `list` for `digest` as [lo, hi] pairs, in list order. */
function weights<T>(list: readonly T[], keyOf: (x: T) => NodeKey, digest: bigint): Uint32Array {
  const kernel = sharedKernel();
  const at = loadDigests(list, () => list.map(keyOf));
  const mark = kernel.mark();
  const out = kernel.alloc(8 * list.length);
  const [lo, hi] = halves(digest);
  kernel.fn.weightsOf(lo, hi, at, list.length, out);
  const w = kernel.u32.slice(out >> 2, (out >> 2) + 2 * list.length);
  kernel.release(mark);
  return w;
}

/**
 * The first `n` active targets by weight, descending (erasure coding: [0] holds the object, the next ones its
 * slices or replicas). Throws when fewer than `n` targets are active, as AIStore does.
 */
export function rankedTargets(smap: Smap, digest: bigint, n: number): TargetNode[] {
  const active = smap.activeTargets;
  if (n > active.length) throw new Error(`need ${n} targets, the map has ${active.length} active`);
  const w = weights(active, targetKey, digest);
  const order = active.map((_, i) => i);
  // Descending weight; equal weights keep tie-rule order (the sort is stable).
  order.sort((a, b) => w[2 * b + 1] - w[2 * a + 1] || w[2 * b] - w[2 * a]);
  return order.slice(0, n).map((i) => active[i]);
}

const eligibleCache = new WeakMap<TargetNode, readonly Mountpath[]>();

/** A target's mountpaths that take part in HRW (not waitingDD), in tie-rule order (paths bytewise). */
export function eligibleMountpaths(target: TargetNode): readonly Mountpath[] {
  let list = eligibleCache.get(target);
  if (list === undefined) {
    list = target.mountpaths.filter((m) => !m.flags.includes("waitingDD")).sort((a, b) => compareUtf8(a.path, b.path));
    eligibleCache.set(target, list);
  }
  return list;
}

/** The mountpath holding the object inside `target` (undefined when it has no eligible mountpath). */
export function mountpathFor(target: TargetNode, digest: bigint): Mountpath | undefined {
  const list = eligibleMountpaths(target);
  return list[argmax(list, (m) => nodeKey(m.path), digest)];
}

/**
 * The proxy an election picks: electable, not in maintenance, not `skipId`, with the largest raw ID digest (no
 * mixer). Undefined when none qualifies.
 */
export function nextPrimary(smap: Smap, skipId = ""): ProxyNode | undefined {
  let best: ProxyNode | undefined;
  let bestDigest = -1n;
  for (const p of smap.proxies) {
    if (p.id === skipId || p.flags.includes("nonElectable") || p.flags.includes("maintenance")) continue;
    const d = nodeKey(p.id).digest;
    if (d > bestDigest || (d === bestDigest && best !== undefined && compareUtf8(p.id, best.id) < 0)) {
      bestDigest = d;
      best = p;
    }
  }
  return best;
}

export { isActiveTarget };
