import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { constant } from "../../src/kernel/rng.js";
import { guardPolicy } from "../../src/retry/client-guard.js";
import { CircuitBreaker } from "../../src/retry/libraries/circuit-breaker.js";
import { EnvoyRetryBudget, envoyBackoff } from "../../src/retry/libraries/envoy.js";
import { classifier } from "../../src/retry/classify.js";
import { GENERIC_HTTP_SPEC } from "../../src/retry/outcome-rules.js";
import { createRetryLoop } from "../../src/retry/retry-loop.js";
import type { AttemptOutcome, RequestRetryState } from "../../src/retry/contract.js";

/**
 * Shared client state must balance however requests interleave and end: after every request has ended (done,
 * given up, rejected, or dropped by the caller mid-attempt or mid-backoff), Envoy's counters are back to zero
 * and the breaker holds no probe slot. A leak here would silently throttle a long simulation.
 */

const classify = classifier(GENERIC_HTTP_SPEC);
const OUTCOMES: AttemptOutcome[] = [{ type: "response", status: 200 }, { type: "response", status: 503 }, { type: "error", error: "refused" }];

type Op = { kind: "start" } | { kind: "step"; pick: number; outcome: number } | { kind: "drop"; pick: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant<Op>({ kind: "start" }),
  fc.record({ kind: fc.constant("step" as const), pick: fc.nat(), outcome: fc.nat({ max: 2 }) }),
  fc.record({ kind: fc.constant("drop" as const), pick: fc.nat() }),
);

describe("guard accounting under any interleaving", () => {
  it("Envoy's budget and the breaker's probes return to zero, and active retries never exceed the cap", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const budget = new EnvoyRetryBudget(20, 2);
        const breaker = new CircuitBreaker({
          consecutiveFailures: 3, failureRatio: 0, windowS: 10, minAttempts: 1, openS: 0.05, halfOpenProbes: 2, closeAfterSuccesses: 1,
        });
        const loop = createRetryLoop({ preset: "t", params: {}, maxAttempts: 4, route: "origin", classify, newBackoff: () => envoyBackoff(25, 250) });
        const policy = guardPolicy({ preset: "t", params: {} }, loop, [breaker, budget], classify);
        type Live = { state: RequestRetryState; inFlight: boolean };
        const live: Live[] = [];
        const uniform = constant(0.5);
        let nowS = 0;
        for (const o of ops) {
          nowS += 0.01;
          if (o.kind === "start") {
            live.push({ state: policy.start({ method: "GET" }, nowS), inFlight: false });
            continue;
          }
          if (live.length === 0) continue;
          const index = o.pick % live.length;
          const request = live[index];
          if (o.kind === "drop") {
            request.state.end?.(nowS);
            live.splice(index, 1);
          } else if (!request.inFlight) {
            const send = request.state.beforeAttempt(nowS, uniform);
            if (send.action === "send") request.inFlight = true;
            else if (send.action === "reject") live.splice(index, 1);
          } else {
            request.inFlight = false;
            const decision = request.state.afterAttempt(OUTCOMES[o.outcome], nowS, uniform);
            if (decision.action !== "retry") live.splice(index, 1);
            // A retry is granted only below the cap of that moment.
            else if (budget.activeRetries > budget.maxActiveRetries()) return false;
          }
          if (budget.attemptsInFlight < 0 || budget.activeRetries < 0) return false;
        }
        for (const request of live) request.state.end?.(nowS);
        expect(budget.attemptsInFlight).toBe(0);
        expect(budget.activeRetries).toBe(0);
        // With no probe held, a half-open breaker admits a probe again.
        const probe = breaker.startRequest();
        const state = breaker.state(nowS + 1);
        if (state === "half-open") expect(probe.admit?.(1, nowS + 1, uniform)).toEqual({ action: "send" });
        return true;
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});
