/**
 * AIStore's quiescence wait (`xact.Base.Quiesce`, xact/base.go at 583e7729): probe a callback every
 * `probingFrequency(d)`; an idle probe adds to the idle time, an active one resets it and raises the idle time
 * required by one probe (up to 2 d), an "active, don't bump" one only resets it. Done once the idle time reaches
 * what is required. Rebalance uses it twice: the Fin stage (reb/qui.go `quicb`) and the data mover's close at
 * FinStreams (transport/bundle/dmover.go `quicb`).
 */

import { NS_PER_MS, NS_PER_S } from "../../../kernel/time.js";
import type { ProcessBody } from "../../../kernel/index.js";

/** What a probe found. */
export const QUI_INACTIVE = 0;
export const QUI_ACTIVE = 1;
export const QUI_ACTIVE_DONT_BUMP = 2;
export type QuiResult = typeof QUI_INACTIVE | typeof QUI_ACTIVE | typeof QUI_ACTIVE_DONT_BUMP;

/** cos.ProbingFrequency: d/8 capped at 1 s, at least d/64 and 100 ms (cmn/cos/common_durations.go). */
export function probingFrequencyNs(durationNs: number): number {
  const sleepNs = Math.max(Math.floor(durationNs / 64), Math.min(Math.floor(durationNs / 8), NS_PER_S));
  return Math.max(sleepNs, 100 * NS_PER_MS);
}

/**
 * Waits out the quiescence of `durationNs` in a process: `yield* quiesce(d, probe, check)`. `probe()` is asked
 * after each sleep; `check()` runs after each sleep first (it throws to abort the wait, e.g. the node died).
 */
export function* quiesce(durationNs: number, probe: () => QuiResult, check: () => void): ProcessBody<void> {
  const sleepNs = probingFrequencyNs(durationNs);
  let idleNs = 0;
  let requiredNs = durationNs;
  while (idleNs < requiredNs) {
    yield sleepNs;
    check();
    const found = probe();
    if (found === QUI_INACTIVE) idleNs += sleepNs;
    else {
      idleNs = 0;
      if (found === QUI_ACTIVE) requiredNs = Math.min(requiredNs + sleepNs, 2 * durationNs);
    }
  }
}
