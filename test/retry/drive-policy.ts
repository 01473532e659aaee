import type { AttemptOutcome, RetryDecision, RetryPolicy, Uniform } from "../../src/retry/contract.js";

/**
 * A tiny discrete-event driver for retry policies in tests: requests start at given times, each attempt is
 * answered by `serve` after its latency, and the policy's decisions (send / wait / reject, done / retry /
 * give-up) are followed exactly. Times are seconds.
 */

export interface Served {
  readonly outcome: AttemptOutcome;
  readonly latencyS: number;
}

export interface RequestResult {
  readonly ok: boolean;
  readonly attempts: number;
  readonly endS: number;
  readonly reason?: string;
  /** Retry delays the policy chose, in order. */
  readonly delaysS: number[];
}

export interface DriveResult {
  /** Send time of every attempt of every request, in time order. */
  readonly sendsS: number[];
  readonly results: RequestResult[];
}

interface Event {
  readonly atS: number;
  readonly seq: number;
  readonly run: (nowS: number) => void;
}

/** Runs the requests to completion. `serve(nowS, request, attempt)` answers each attempt. */
export function drive(
  policy: RetryPolicy,
  startTimesS: readonly number[],
  serve: (nowS: number, request: number, attempt: number) => Served,
  uniform: Uniform,
  maxEvents = 1_000_000,
): DriveResult {
  const queue: Event[] = [];
  let seq = 0;
  const push = (atS: number, run: (nowS: number) => void): void => {
    queue.push({ atS, seq: seq++, run });
    let i = queue.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (before(queue[parent], queue[i])) break;
      [queue[parent], queue[i]] = [queue[i], queue[parent]];
      i = parent;
    }
  };
  const pop = (): Event => {
    const top = queue[0];
    const last = queue.pop() as Event;
    if (queue.length > 0) {
      queue[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < queue.length && before(queue[l], queue[m])) m = l;
        if (r < queue.length && before(queue[r], queue[m])) m = r;
        if (m === i) break;
        [queue[m], queue[i]] = [queue[i], queue[m]];
        i = m;
      }
    }
    return top;
  };

  const sendsS: number[] = [];
  const results: RequestResult[] = new Array(startTimesS.length);
  startTimesS.forEach((startS, request) => {
    push(startS, (nowS) => {
      const state = policy.start({ method: "GET" }, nowS);
      const delaysS: number[] = [];
      const finish = (ok: boolean, endS: number, reason?: string): void => {
        results[request] = { ok, attempts: state.attempts, endS, reason, delaysS };
      };
      const tryNow = (at: number): void => {
        const send = state.beforeAttempt(at, uniform);
        if (send.action === "wait") return push(at + send.waitS, tryNow);
        if (send.action === "reject") return finish(false, at, send.reason);
        sendsS.push(at);
        const served = serve(at, request, state.attempts);
        push(at + served.latencyS, (doneAt) => {
          const decision: RetryDecision = state.afterAttempt(served.outcome, doneAt, uniform);
          if (decision.action === "done") return finish(true, doneAt);
          if (decision.action === "give-up") return finish(false, doneAt, decision.reason);
          delaysS.push(decision.delayS);
          push(doneAt + decision.delayS, tryNow);
        });
      };
      tryNow(nowS);
    });
  });
  let events = 0;
  while (queue.length > 0) {
    if (++events > maxEvents) throw new Error("drive: too many events");
    const event = pop();
    event.run(event.atS);
  }
  sendsS.sort((a, b) => a - b);
  return { sendsS, results };
}

function before(a: Event, b: Event): boolean {
  return a.atS < b.atS || (a.atS === b.atS && a.seq < b.seq);
}

/** The most sends in any half-open window (t − windowS, t] ending at a send. */
export function maxSendsInWindow(sendsS: readonly number[], windowS: number): number {
  let most = 0;
  let lo = 0;
  for (let hi = 0; hi < sendsS.length; hi++) {
    while (sendsS[lo] <= sendsS[hi] - windowS) lo++;
    most = Math.max(most, hi - lo + 1);
  }
  return most;
}

export const OK: AttemptOutcome = { type: "response", status: 200 };
export const REFUSED: AttemptOutcome = { type: "error", error: "refused" };
export const UNAVAILABLE: AttemptOutcome = { type: "response", status: 503 };
