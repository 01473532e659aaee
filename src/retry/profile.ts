import type { PresetDefinition } from "./registry.js";
import type { AttemptOutcome, AttemptTimeouts, RetryRoute, Uniform } from "./contract.js";

/**
 * A policy's retry schedule when every attempt fails the same way, over many independent draws: per attempt,
 * how often it was followed by a retry, the delay's spread, where the retry went, and the time elapsed. Each
 * draw uses a fresh policy (fresh client state), so a quota or limiter starts full, as for a new client.
 */

/** One row: what followed failed attempt `attempt`. */
export interface ProfileRow {
  readonly attempt: number;
  /** Draws that reached this attempt. */
  readonly reached: number;
  /** Draws whose policy retried after it. */
  readonly retried: number;
  /** Delay before the next attempt was sent (back-off plus any limiter wait), seconds, over the draws that retried (null when none did). */
  readonly delayS: Quantiles | null;
  /** Routes of those retries, with counts. */
  readonly routes: Readonly<Partial<Record<RetryRoute, number>>>;
  /** Seconds from the first send to this attempt's send (limiter waits included). */
  readonly sentAtS: Quantiles;
}

/** min / median / p95 / max by the nearest-rank method. */
export interface Quantiles {
  readonly min: number;
  readonly median: number;
  readonly p95: number;
  readonly max: number;
}

/** A whole profile. */
export interface PolicyProfile {
  readonly preset: string;
  readonly outcome: AttemptOutcome;
  /** Seconds each attempt took before failing (a timeout's length for timeouts, else `instantAttemptS`). */
  readonly attemptS: number;
  readonly draws: number;
  readonly rows: readonly ProfileRow[];
  /** Give-up reasons with counts (draws still retrying after `maxAttempts` count as "still retrying"). */
  readonly endings: readonly { readonly reason: string; readonly count: number }[];
}

/** How to profile. */
export interface ProfileOptions {
  readonly overrides: Readonly<Record<string, unknown>>;
  readonly outcome: AttemptOutcome;
  readonly draws: number;
  /** Rows at most; draws still retrying then are cut off. */
  readonly maxAttempts: number;
  /** Seconds a failing attempt takes; default: the timeout for timeouts, 0 otherwise. */
  readonly attemptS?: number;
  /** The uniform source of all draws (one stream, consumed draw after draw). */
  readonly uniform: Uniform;
}

/** Nearest-rank quantiles of a non-empty list (sorted in place). */
export function quantiles(values: number[]): Quantiles {
  values.sort((a, b) => a - b);
  const rank = (q: number): number => values[Math.max(0, Math.ceil(q * values.length) - 1)];
  return { min: values[0], median: rank(0.5), p95: rank(0.95), max: values[values.length - 1] };
}

/** How long an attempt ending in `outcome` lasts: the matching timeout (0 if the policy has none), else 0. */
export function defaultAttemptS(outcome: AttemptOutcome, timeouts: AttemptTimeouts | undefined): number {
  if (outcome.type !== "error" || timeouts === undefined) return 0;
  const s = outcome.error === "connect-timeout" ? timeouts.connectS : outcome.error === "read-timeout" ? timeouts.readS : 0;
  return Number.isFinite(s) ? s : 0;
}

/** Profiles `definition` under `options`. */
export function profilePolicy(definition: PresetDefinition, options: ProfileOptions): PolicyProfile {
  const delays: number[][] = [];
  const sentAt: number[][] = [];
  const routes: Partial<Record<RetryRoute, number>>[] = [];
  const endings = new Map<string, number>();
  let attemptS = options.attemptS ?? 0;
  const end = (reason: string): void => {
    endings.set(reason, (endings.get(reason) ?? 0) + 1);
  };
  for (let draw = 0; draw < options.draws; draw++) {
    const policy = definition.create(options.overrides);
    if (options.attemptS === undefined) attemptS = defaultAttemptS(options.outcome, policy.timeouts);
    const state = policy.start({ method: "GET" }, 0);
    let nowS = 0;
    let ended = false;
    // When the previous attempt failed and the back-off it was given (the row's delay until the next send).
    let failedAtS = -1;
    let backoffS = 0;
    for (let attempt = 1; attempt <= options.maxAttempts && !ended; attempt++) {
      let send = state.beforeAttempt(nowS, options.uniform);
      for (let waits = 0; send.action === "wait" && waits < 1_000_000; waits++) {
        nowS += send.waitS;
        send = state.beforeAttempt(nowS, options.uniform);
      }
      if (send.action !== "send") {
        if (failedAtS >= 0) (delays[attempt - 2] ??= []).push(backoffS);
        end(send.action === "reject" ? `rejected locally: ${send.reason}` : "held back by the limiter");
        ended = true;
        break;
      }
      // The delay after the previous attempt runs to this send: its back-off plus any client-side limiter wait.
      if (failedAtS >= 0) (delays[attempt - 2] ??= []).push(nowS - failedAtS);
      (sentAt[attempt - 1] ??= []).push(nowS);
      nowS += attemptS;
      const decision = state.afterAttempt(options.outcome, nowS, options.uniform);
      failedAtS = -1;
      if (decision.action === "retry") {
        failedAtS = nowS;
        backoffS = decision.delayS;
        const byRoute = (routes[attempt - 1] ??= {});
        byRoute[decision.route] = (byRoute[decision.route] ?? 0) + 1;
        nowS += decision.delayS;
      } else {
        end(decision.action === "done" ? "succeeded" : decision.reason);
        ended = true;
      }
    }
    if (!ended) {
      // Cut off after the last row: its retry's delay is the back-off (no send follows to measure the wait).
      if (failedAtS >= 0) (delays[options.maxAttempts - 1] ??= []).push(backoffS);
      state.end?.(nowS);
      end(`still retrying after ${options.maxAttempts} attempts`);
    }
  }
  const rows: ProfileRow[] = sentAt.map((sends, i) => {
    const retried = delays[i]?.length ?? 0;
    return {
      attempt: i + 1,
      reached: sends.length,
      retried,
      delayS: retried > 0 ? quantiles(delays[i]) : null,
      routes: routes[i] ?? {},
      sentAtS: quantiles(sends),
    };
  });
  const endingList = [...endings].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
  return { preset: definition.name, outcome: options.outcome, attemptS, draws: options.draws, rows, endings: endingList };
}
