/**
 * Where each object's copies are and which version each copy holds: the ground truth targets consult, and the
 * place rebalance / get-from-neighbor / resilver will move objects through. Compact for big populations: one
 * "home" copy per object in typed arrays (target, version), extra copies (written while the home was out of
 * the map, or moved by a future rebalance) in a sparse map.
 *
 * Versions: 0 = never written. `latest` is the version the last committed write produced (for a remote bucket
 * the backend's version); a copy can be older (stale) when a write went to another target.
 */
export class ObjectStore {
  /** Target holding the home copy (-1: none). */
  private readonly home: Int16Array;
  private readonly homeVersion: Int32Array;
  private readonly latestVersion: Int32Array;
  /** Extra copies: object → flat [target, version, target, version, …]. */
  private readonly extra = new Map<number, number[]>();

  constructor(readonly count: number) {
    this.home = new Int16Array(count).fill(-1);
    this.homeVersion = new Int32Array(count);
    this.latestVersion = new Int32Array(count);
  }

  /** Puts version 1 of object `i` on `target` at t=0 (population set-up); target -1 = only in the backend. */
  seed(i: number, target: number): void {
    this.latestVersion[i] = 1;
    if (target >= 0) {
      this.home[i] = target;
      this.homeVersion[i] = 1;
    }
  }

  /** The version of object `i` held by `target` (0: it holds none). */
  versionOn(i: number, target: number): number {
    if (this.home[i] === target) return this.homeVersion[i];
    const e = this.extra.get(i);
    if (e !== undefined) for (let k = 0; k < e.length; k += 2) if (e[k] === target) return e[k + 1];
    return 0;
  }

  /** The latest committed version of object `i` (0: never written or deleted). */
  latest(i: number): number {
    const v = this.latestVersion[i];
    return v > 0 ? v : 0;
  }

  /** A write of a new version of `i` lands on `target`; returns the version. */
  write(i: number, target: number): number {
    const v = Math.abs(this.latestVersion[i]) + 1;
    this.latestVersion[i] = v;
    this.store(i, target, v);
    return v;
  }

  /** `target` stores a copy of version `version` (a cold GET, a future rebalance or GFN). */
  store(i: number, target: number, version: number): void {
    if (this.home[i] === -1 || this.home[i] === target) {
      this.home[i] = target;
      this.homeVersion[i] = version;
      return;
    }
    const e = this.extra.get(i);
    if (e === undefined) {
      this.extra.set(i, [target, version]);
      return;
    }
    for (let k = 0; k < e.length; k += 2) {
      if (e[k] === target) {
        e[k + 1] = version;
        return;
      }
    }
    e.push(target, version);
  }

  /** `target` drops its copy of `i`. */
  remove(i: number, target: number): void {
    if (this.home[i] === target) {
      const e = this.extra.get(i);
      if (e !== undefined && e.length > 0) {
        this.home[i] = e[0];
        this.homeVersion[i] = e[1];
        e.splice(0, 2);
        if (e.length === 0) this.extra.delete(i);
      } else {
        this.home[i] = -1;
        this.homeVersion[i] = 0;
      }
      return;
    }
    const e = this.extra.get(i);
    if (e === undefined) return;
    for (let k = 0; k < e.length; k += 2) {
      if (e[k] === target) {
        e.splice(k, 2);
        if (e.length === 0) this.extra.delete(i);
        return;
      }
    }
  }

  /**
   * A DELETE served by `target`: its copy goes and the object is deleted (the next write starts after the
   * deleted version). Copies other targets hold stay where they are — AIStore deletes on the owner the proxy
   * redirected to and tells no one else — so a stale copy can come back (a rejoining target serving it, a
   * rebalance or get-from-neighbor moving it to the owner). Returns the version that was current (0: none).
   */
  deleteOn(i: number, target: number): number {
    const was = this.latest(i);
    this.remove(i, target);
    this.latestVersion[i] = -Math.abs(this.latestVersion[i]);
    return was;
  }

  /** Target holding the home copy of `i` (-1: none): with `hasExtraCopies`, lets population scans skip allocation. */
  homeOf(i: number): number {
    return this.home[i];
  }

  /** True when `i` has copies besides the home one. */
  hasExtraCopies(i: number): boolean {
    return this.extra.has(i);
  }

  /** Targets holding a copy of `i` (for rebalance and GFN). */
  holders(i: number): number[] {
    const out: number[] = [];
    if (this.home[i] >= 0) out.push(this.home[i]);
    const e = this.extra.get(i);
    if (e !== undefined) for (let k = 0; k < e.length; k += 2) out.push(e[k]);
    return out;
  }

  /** Bytes of memory held by the typed arrays (for the benchmark's memory figures). */
  get arrayBytes(): number {
    return this.home.byteLength + this.homeVersion.byteLength + this.latestVersion.byteLength;
  }
}
