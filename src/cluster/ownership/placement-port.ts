import type { ClusterMap } from "./cluster-map.js";

/**
 * What the behaviour layer needs from placement: the owner target of an object on a map, the mountpath inside
 * a target, and the next primary. Objects are (bucket index, object index) pairs; their names are fixed by
 * `objectName`. Implementations must be pure functions of their inputs.
 */
export interface Placement {
  /** Owner target index of the object on `map`, or -1 when the map has no target. */
  owner(bucket: number, object: number, map: ClusterMap): number;
  /** Mountpath index of the object inside `target`. */
  mountpath(bucket: number, object: number, target: number): number;
  /** The proxy the map's proxies elect when the primary is lost (excluding `lost`). */
  nextPrimary(map: ClusterMap, lost: number): number;
}

/** The object name of index `i` in a population (`obj-00000042`). */
export function objectName(i: number): string {
  return `obj-${String(i).padStart(8, "0")}`;
}
