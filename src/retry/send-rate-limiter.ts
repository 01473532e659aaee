import type { ClientGuard, RequestGuard } from "./client-guard.js";

/**
 * A per-client cap of `maxSends` attempts in any sliding window of `windowS` seconds, optionally only while the
 * client is failing (its latest outcome was a retryable failure), so that a healthy client is not slowed. It
 * keeps the send times of the last `maxSends` attempts (sent while engaged or not, so the cap holds from the
 * moment it engages) and answers "wait until the oldest of them leaves the window".
 */

/** Waits shorter than this are rounded to zero, so float residue never asks a caller to wait 1e-16 s. */
const EPSILON_S = 1e-9;

export class SendRateLimiter implements ClientGuard {
  private readonly sendTimesS: number[] = [];
  private oldest = 0;
  private lastFailureS = -Infinity;
  private lastSuccessS = -Infinity;

  constructor(
    readonly maxSends: number,
    readonly windowS: number,
    readonly onlyWhileFailing: boolean,
  ) {
    if (!Number.isInteger(maxSends) || maxSends < 1 || !(windowS > 0)) {
      throw new RangeError(`SendRateLimiter: need a whole maxSends ≥ 1 and windowS > 0, got ${maxSends}, ${windowS}`);
    }
  }

  /** True while the client's latest outcome was a retryable failure. */
  failing(): boolean {
    return this.lastFailureS > this.lastSuccessS;
  }

  /** Seconds an attempt must wait at `nowS` (0: send now). */
  waitS(nowS: number): number {
    if (this.onlyWhileFailing && !this.failing()) return 0;
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
    return {
      admit: (_attempt, nowS) => {
        const waitS = this.waitS(nowS);
        return waitS > 0 ? { action: "wait", waitS } : { action: "send" };
      },
      sent: (_attempt, nowS) => this.recordSend(nowS),
      observe: (outcomeClass, _outcome, nowS) => this.recordOutcome(outcomeClass === "retryable" || outcomeClass === "throttle", nowS),
    };
  }
}
