/**
 * What the "each request ends exactly once" checker needs to know about a run: ends of requests that were not
 * open, time going backwards between recording calls, and the requests still open. The metrics record these
 * misuses instead of throwing, so one bad call in a model does not hide everything after it; the checker in
 * src/checkers reports them with the seed.
 */

import type { RequestTable } from "./request-table.js";

/** Facts for the "each request ends exactly once" checker. */
export interface RequestLifecycleFacts {
  seed: string;
  begun: number;
  ended: number;
  /** endRequest on a handle that was already ended (seq known) or never issued (seq -1). */
  badEnds: Array<{ seq: number; handle: number; atNs: number }>;
  /** Requests still open: seq and begin time (at most `limit` listed; `stillOpen` counts all). */
  stillOpen: number;
  openSample: Array<{ seq: number; startNs: number }>;
  /** Recording calls whose time was earlier than a previous call's (time going backwards). */
  timeReversals: Array<{ atNs: number; previousNs: number; what: string }>;
}

/** Most bad ends, time reversals and open requests listed (all are counted). */
const MAX_LISTED = 100;

/** The misuses seen so far, for lifecycleFacts(). */
export class RequestLifecycleLog {
  private latestNs = 0;
  private readonly badEnds: RequestLifecycleFacts["badEnds"] = [];
  private badEndCount = 0;
  private readonly timeReversals: RequestLifecycleFacts["timeReversals"] = [];

  /** Tracks the latest time seen; false (and a recorded reversal) if `nowNs` is earlier. */
  tick(nowNs: number, what: string): boolean {
    if (nowNs < this.latestNs) {
      if (this.timeReversals.length < MAX_LISTED) this.timeReversals.push({ atNs: nowNs, previousNs: this.latestNs, what });
      return false;
    }
    this.latestNs = nowNs;
    return true;
  }

  /** Records endRequest(`handle`) at `atNs` on a request that was not open; `requests` tells an ended one's seq. */
  badEnd(requests: RequestTable, handle: number, atNs: number): void {
    this.badEndCount++;
    if (this.badEnds.length < MAX_LISTED) {
      const slot = requests.endedSlotOf(handle);
      this.badEnds.push({ seq: slot >= 0 ? requests.seq[slot] : -1, handle, atNs });
    }
  }

  /** The facts so far, for a run of `seed`. */
  facts(seed: string, requests: RequestTable): RequestLifecycleFacts {
    const openSample = requests.openSample(MAX_LISTED);
    openSample.sort((a, b) => a.seq - b.seq);
    return {
      seed,
      begun: requests.begun,
      ended: requests.ended + this.badEndCount,
      badEnds: this.badEnds.slice(),
      stillOpen: requests.openCount,
      openSample,
      timeReversals: this.timeReversals.slice(),
    };
  }
}
