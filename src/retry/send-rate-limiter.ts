import type { ClientGuard, RequestGuard } from "./client-guard.js";
import { SEND } from "./contract.js";

/**
 * A per-client cap of `maxSends` attempts in any sliding window of `windowS` seconds, optionally only while the
 * client is failing, so that a healthy client is not slowed. "Failing" lasts from a retryable failure until a
 * whole window has passed without one and no attempt is still held back: when the server comes back, the
 * attempts that queued up during the outage still go out at the capped rate instead of all at once. It keeps the send times of the last `maxSends` attempts (sent while engaged or not, so the
 * cap holds from the moment it engages) and answers "wait until the oldest of them leaves the window".
 */

/** Waits shorter than this are rounded to zero, so float residue never asks a caller to wait 1e-16 s. */
const EPSILON_S = 1e-9;

export class SendRateLimiter implements ClientGuard {
  private readonly sendTimesS: number[] = [];
  private oldest = 0;
  private lastFailureS = -Infinity;
  private lastSuccessS = -Infinity;
  /** Requests whose next attempt this limiter told to wait and that have not sent it (or ended) since. */
  private held = 0;

  constructor(
    readonly maxSends: number,
    readonly windowS: number,
    readonly onlyWhileFailing: boolean,
  ) {
    if (!Number.isInteger(maxSends) || maxSends < 1 || !(windowS > 0)) {
      throw new RangeError(`SendRateLimiter: need a whole maxSends ≥ 1 and windowS > 0, got ${maxSends}, ${windowS}`);
    }
  }

  /**
   * True while the client's latest outcome was a retryable failure, one came less than a window ago, or attempts
   * it held back are still waiting (released together, they would be the burst the cap exists to prevent).
   */
  failing(nowS: number): boolean {
    return this.lastFailureS > this.lastSuccessS || nowS - this.lastFailureS < this.windowS || this.held > 0;
  }

  /** Seconds an attempt must wait at `nowS` (0: send now). */
  waitS(nowS: number): number {
    if (this.onlyWhileFailing && !this.failing(nowS)) return 0;
    if (this.sendTimesS.length < this.maxSends) return 0;
    const waitS = this.sendTimesS[this.oldest] + this.windowS - nowS;
    return waitS > EPSILON_S ? waitS : 0;
  }

  /** Records a send at `nowS`. */
  recordSend(nowS: number): void {
    if (this.sendTimesS.length < this.maxSends) {
      this.sendTimesS.push(nowS);
      return;
    }
    this.sendTimesS[this.oldest] = nowS;
    this.oldest = (this.oldest + 1) % this.maxSends;
  }

  /** Records whether an attempt failed (retryably) or not. */
  recordOutcome(failed: boolean, nowS: number): void {
    if (failed) this.lastFailureS = nowS;
    else this.lastSuccessS = nowS;
  }

  startRequest(): RequestGuard {
    let heldHere = false;
    const release = (): void => {
      if (heldHere) this.held--;
      heldHere = false;
    };
    return {
      admit: (_attempt, nowS) => {
        const waitS = this.waitS(nowS);
        if (waitS <= 0) return SEND;
        if (!heldHere) this.held++;
        heldHere = true;
        return { action: "wait", waitS };
      },
      sent: (_attempt, nowS) => {
        release();
        this.recordSend(nowS);
      },
      observe: (outcomeClass, _outcome, nowS) => this.recordOutcome(outcomeClass === "retryable" || outcomeClass === "throttle", nowS),
      ended: () => release(),
    };
  }
}
