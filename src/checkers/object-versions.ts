import { violation, type Violation } from "./violation.js";

/**
 * Facts about object versions, to check "a successful GET returns the object's current version".
 * Feed it each committed write (the moment a PUT's new version becomes the one a GET should see), each DELETE
 * (the moment the object stops existing) and each successful GET (the version it returned, and when it began
 * and ended). A GET is correct if the version it returned was current at some instant during the GET: not one
 * replaced (stale) or deleted before the GET began, not one committed after it ended, and a committed one.
 * A GET that overlaps the DELETE may still return the deleted version; one that began after the DELETE took
 * effect may return only a version a later PUT committed.
 */
export class ObjectVersionLedger {
  /** Per object, in time order: when each version became current; version 0 = deleted from then on. */
  private readonly commits = new Map<string, { times: number[]; versions: number[] }>();
  private readonly gets: Array<{ key: string; version: number; startNs: number; endNs: number; seq: number }> = [];

  /** Records that `version` of object `key` became current at `timeNs` (versions increase per object). */
  commit(key: string, version: number, timeNs: number): void {
    this.push(key, version, timeNs);
  }

  /** Records that object `key` was deleted at `timeNs`: no version is current until the next commit. */
  deleted(key: string, timeNs: number): void {
    this.push(key, 0, timeNs);
  }

  private push(key: string, version: number, timeNs: number): void {
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

  /** The version current at `timeNs` (0 = none committed yet, or deleted). */
  versionAt(key: string, timeNs: number): number {
    const h = this.commits.get(key);
    if (h === undefined) return 0;
    const k = lastAtOrBefore(h.times, timeNs);
    return k < 0 ? 0 : h.versions[k];
  }

  /** Every GET that returned a stale, deleted, future or never-committed version. */
  check(seed: string | number): Violation[] {
    const name = "get-current-version";
    const out: Violation[] = [];
    for (const g of this.gets) {
      const who = g.seq >= 0 ? `GET #${g.seq} of ${g.key}` : `GET of ${g.key}`;
      const h = this.commits.get(g.key);
      if (h === undefined || g.version <= 0 || !h.versions.includes(g.version)) {
        out.push(violation(name, `${who} returned version ${g.version}, which was never committed`, seed, g.endNs));
        continue;
      }
      // The states the object went through while the GET ran: the one at its start, then every change up to its end.
      const first = lastAtOrBefore(h.times, g.startNs);
      const atStart = first < 0 ? 0 : h.versions[first];
      let newest = atStart;
      let seen = atStart === g.version;
      for (let k = first + 1; k < h.times.length && h.times[k] <= g.endNs && !seen; k++) {
        seen = h.versions[k] === g.version;
        newest = Math.max(newest, h.versions[k]);
      }
      if (seen) continue;
      if (h.times[h.versions.indexOf(g.version)] > g.endNs) {
        out.push(violation(name, `${who} returned version ${g.version}, newer than ${newest}, the newest current while it ran`, seed, g.endNs));
      } else if (atStart === 0 && first >= 0) {
        const later = newest > 0 ? `; version ${newest} was committed while it ran` : "";
        out.push(violation(name, `${who} returned version ${g.version} of a deleted object (deleted at ${h.times[first]} ns, before it began)${later}`, seed, g.endNs));
      } else {
        out.push(violation(name, `${who} returned stale version ${g.version}; version ${atStart} was current when it began`, seed, g.endNs));
      }
    }
    return out;
  }
}

/** Index of the last time at or before `t` (times in order), -1 if none. */
function lastAtOrBefore(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
