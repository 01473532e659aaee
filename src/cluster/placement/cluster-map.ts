/**
 * The cluster map (Smap) as the behaviour layer uses it: an immutable snapshot with a version, the primary and
 * the member indices. Nodes are dense indices: proxies 0..P-1, targets 0..T-1 (separately numbered).
 * `targets` lists the targets HRW may choose (members without maintenance/decommission flags).
 */
export interface ClusterMap {
  readonly version: number;
  /** Proxy index of the primary. */
  readonly primary: number;
  /** Member proxies, ascending. */
  readonly proxies: readonly number[];
  /** Member targets, ascending. */
  readonly targets: readonly number[];
}

/** A new map with `targets` removed (one version bump for the whole batch). */
export function withoutTargets(map: ClusterMap, removed: readonly number[]): ClusterMap {
  return { ...map, version: map.version + 1, targets: map.targets.filter((t) => !removed.includes(t)) };
}

/** A new map with `target` added (one version bump). */
export function withTarget(map: ClusterMap, target: number): ClusterMap {
  if (map.targets.includes(target)) return map;
  return { ...map, version: map.version + 1, targets: [...map.targets, target].sort((a, b) => a - b) };
}

/** A new map with proxies removed (one version bump). */
export function withoutProxies(map: ClusterMap, removed: readonly number[]): ClusterMap {
  return { ...map, version: map.version + 1, proxies: map.proxies.filter((p) => !removed.includes(p)) };
}

/** A new map with `proxy` added (one version bump). */
export function withProxy(map: ClusterMap, proxy: number): ClusterMap {
  if (map.proxies.includes(proxy)) return map;
  return { ...map, version: map.version + 1, proxies: [...map.proxies, proxy].sort((a, b) => a - b) };
}

/** A new map naming `primary` the primary, the old primary dropped (what an election installs). */
export function withPrimary(map: ClusterMap, primary: number): ClusterMap {
  return { ...map, version: map.version + 1, primary, proxies: map.proxies.filter((p) => p !== map.primary || p === primary) };
}
