/**
 * The cluster map (Smap) as the behaviour layer uses it: an immutable snapshot with a version, the primary and
 * the member indices. Nodes are dense indices: proxies 0..P-1, targets 0..T-1 (separately numbered).
 * `targets` lists the targets HRW may choose (members without maintenance/decommission flags); `maintenance`
 * the members flagged maintenance or decommission: in the map (metasync reaches them), out of HRW and of the
 * primary's keepalive.
 */
export interface ClusterMap {
  readonly version: number;
  /** Proxy index of the primary. */
  readonly primary: number;
  /** Member proxies, ascending. */
  readonly proxies: readonly number[];
  /** Member targets HRW may choose, ascending. */
  readonly targets: readonly number[];
  /** Member targets flagged maintenance or decommission, ascending (absent: none). */
  readonly maintenance?: readonly number[];
}

/** Every member target, flagged or not. */
export function memberTargets(map: ClusterMap): readonly number[] {
  const m = map.maintenance;
  return m === undefined || m.length === 0 ? map.targets : [...map.targets, ...m].sort((a, b) => a - b);
}

/** True when the target is in the map, flagged or not. */
export function isMemberTarget(map: ClusterMap, target: number): boolean {
  return map.targets.includes(target) || (map.maintenance?.includes(target) ?? false);
}

/** A new map with `target` flagged maintenance/decommission: out of HRW, still a member (one version bump). */
export function withMaintenance(map: ClusterMap, target: number): ClusterMap {
  const flagged = map.maintenance ?? [];
  return {
    ...map,
    version: map.version + 1,
    targets: map.targets.filter((t) => t !== target),
    maintenance: flagged.includes(target) ? flagged : [...flagged, target].sort((a, b) => a - b),
  };
}

/** A new map with the flag of `target` cleared: back in HRW (one version bump). */
export function withoutMaintenance(map: ClusterMap, target: number): ClusterMap {
  return {
    ...map,
    version: map.version + 1,
    targets: map.targets.includes(target) ? map.targets : [...map.targets, target].sort((a, b) => a - b),
    maintenance: (map.maintenance ?? []).filter((t) => t !== target),
  };
}

/** A new map without the flagged `target` (a finished decommission; one version bump). */
export function withoutFlagged(map: ClusterMap, target: number): ClusterMap {
  return { ...map, version: map.version + 1, maintenance: (map.maintenance ?? []).filter((t) => t !== target) };
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
