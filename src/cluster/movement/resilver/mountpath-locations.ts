import type { Placement } from "../../ownership/placement-port.js";

/**
 * Which mountpath of a target holds an object. The baseline is HRW over all of the target's mountpaths (the
 * placement's answer); objects a resilver or a write put elsewhere (because mountpaths were disabled, detached
 * or failed) are kept in a sparse per-target override map, so a big population costs nothing until mountpaths
 * change.
 *
 * With mountpaths out, the new HRW mountpath is the baseline when it is still enabled, else the enabled
 * mountpath that ranks next in a per-object rotation: stable, uniform, and moving only the objects of the
 * removed mountpath (HRW's property), though not AIStore's exact second choice.
 */
export class MountpathLocations {
  private readonly enabled: Uint8Array[];
  private readonly overrides: Array<Map<number, number>>;

  constructor(
    private readonly placement: Placement,
    targets: number,
    readonly mountpaths: number,
  ) {
    this.enabled = Array.from({ length: targets }, () => new Uint8Array(mountpaths).fill(1));
    this.overrides = Array.from({ length: targets }, () => new Map<number, number>());
  }

  /** True when the mountpath takes part in HRW on the target. */
  isEnabled(target: number, mountpath: number): boolean {
    return this.enabled[target][mountpath] === 1;
  }

  /** Takes a mountpath out of (or back into) the target's HRW. */
  setEnabled(target: number, mountpath: number, on: boolean): void {
    this.enabled[target][mountpath] = on ? 1 : 0;
  }

  /** Enabled mountpaths of a target. */
  enabledCount(target: number): number {
    let n = 0;
    for (const e of this.enabled[target]) n += e;
    return n;
  }

  /** The object's HRW mountpath among the target's enabled mountpaths (-1: none enabled). */
  hrw(bucket: number, object: number, target: number): number {
    const base = this.placement.mountpath(bucket, object, target);
    const en = this.enabled[target];
    if (en[base] === 1) return base;
    const n = this.mountpaths;
    const start = (object * 2654435761) >>> 0;
    for (let k = 0; k < n; k++) {
      const m = (start + k) % n;
      if (en[m] === 1) return m;
    }
    return -1;
  }

  /** Where the target keeps its copy of the object now. */
  current(bucket: number, object: number, target: number): number {
    // Every GET asks; most targets have no moved copies, and an empty map needs no key.
    const overrides = this.overrides[target];
    const o = overrides.size > 0 ? overrides.get(key(bucket, object)) : undefined;
    return o ?? this.placement.mountpath(bucket, object, target);
  }

  /** Records that the target's copy now lives on `mountpath`. */
  set(bucket: number, object: number, target: number, mountpath: number): void {
    const k = key(bucket, object);
    if (mountpath === this.placement.mountpath(bucket, object, target)) this.overrides[target].delete(k);
    else this.overrides[target].set(k, mountpath);
  }

  /** A write lands on the HRW mountpath of the enabled ones; returns it (and records it). */
  placeWrite(bucket: number, object: number, target: number): number {
    const m = this.hrw(bucket, object, target);
    if (m >= 0) this.set(bucket, object, target, m);
    return m < 0 ? this.placement.mountpath(bucket, object, target) : m;
  }
}

/** Key of (bucket, object) in sparse maps. */
export function key(bucket: number, object: number): number {
  return bucket * 0x1_0000_0000 + object;
}
