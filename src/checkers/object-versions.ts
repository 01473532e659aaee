import { violation, type Violation } from "./violation.js";

/**
 * Facts about object versions, to check "a successful GET returns the object's current version".
 * Feed it each committed write (the moment a PUT's new version becomes the one a GET should see) and each
 * successful GET (the version it returned, and when it began and ended). A GET is correct if the version it
 * returned was current at some instant during the GET: at least the version current when it began (no stale
 * read) and at most the version current when it ended (no version from the future), and it was committed.
 */
export class ObjectVersionLedger {
  private readonly commits = new Map<string, { times: number[]; versions: number[] }>();
  private readonly gets: Array<{ key: string; version: number; startNs: number; endNs: number; seq: number }> = [];

  /** Records that `version` of object `key` became current at `timeNs` (versions increase per object). */
  commit(key: string, version: number, timeNs: number): void {
    let h = this.commits.get(key);
    if (h === undefined) {
      h = { times: [], versions: [] };
      this.commits.set(key, h);
    }
    h.times.push(timeNs);
    h.versions.push(version);
  }

  /** Records a successful GET of `key` that returned `version`. */
  getReturned(key: string, version: number, startNs: number, endNs: number, seq = -1): void {
    this.gets.push({ key, version, startNs, endNs, seq });
  }

  /** The version current at `timeNs` (0 = none committed yet). */
  versionAt(key: string, timeNs: number): number {
    const h = this.commits.get(key);
    if (h === undefined) return 0;
    // Last commit at or before timeNs (commits are recorded in time order).
    let lo = 0;
    let hi = h.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (h.times[mid] <= timeNs) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : h.versions[lo - 1];
  }

  /** Every GET that returned a stale, future or never-committed version. */
  check(seed: string | number): Violation[] {
    const name = "get-current-version";
    const out: Violation[] = [];
    for (const g of this.gets) {
      const who = g.seq >= 0 ? `GET #${g.seq} of ${g.key}` : `GET of ${g.key}`;
      const h = this.commits.get(g.key);
      if (h === undefined || !h.versions.includes(g.version)) {
        out.push(violation(name, `${who} returned version ${g.version}, which was never committed`, seed, g.endNs));
        continue;
      }
      const atStart = this.versionAt(g.key, g.startNs);
      const atEnd = this.versionAt(g.key, g.endNs);
      if (g.version < atStart) {
        out.push(violation(name, `${who} returned stale version ${g.version}; version ${atStart} was current when it began`, seed, g.endNs));
      } else if (g.version > atEnd) {
        out.push(violation(name, `${who} returned version ${g.version}, newer than ${atEnd} current when it ended`, seed, g.endNs));
      }
    }
    return out;
  }
}
