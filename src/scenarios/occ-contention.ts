import { normal, Simulator, type Label, type Uniform } from "../kernel/index.js";
import { sFromNs } from "../kernel/time.js";
import { requirePreset } from "../retry/presets/index.js";
import { policyDelayNs, policyNowS } from "../retry/policy-clock.js";
import type { AttemptOutcome, RequestRetryState } from "../retry/contract.js";
import { ScenarioRecorder } from "./scenario-recorder.js";
import type { ContentionWorkload, ScenarioConfig, ScenarioOutput } from "./scenario-types.js";

/**
 * Optimistic-concurrency contention, the benchmark of Brooker's "Exponential Backoff and Jitter" (AWS
 * Architecture Blog, 2015). One row with a version number lives on one server. Every client, all starting at
 * t = 0, reads the row (learning its version), then sends a write conditional on that version; the server
 * applies it only if nobody wrote in between, else answers a conflict. A client retries read-then-write with its
 * retry policy's backoff until a write succeeds. Each message takes |N(mean, sd)| of network delay; the server
 * answers instantly, so contention alone decides how much work there is.
 *
 * Figures: `calls` — conditional writes the server received, all clients; `completion_s` — when the last client
 * succeeded; `calls_per_client`; `clients`; `unfinished` — clients still trying when the run's duration ran out.
 */

interface ContentionClient {
  readonly index: number;
  readonly net: Uniform;
  readonly draws: Uniform;
  readonly retry: RequestRetryState;
  readVersion: number;
  done: boolean;
}

const OK: AttemptOutcome = { type: "response", status: 200 };

/** Runs the contention benchmark once under one retry preset. */
export function runContention(config: ScenarioConfig, workload: ContentionWorkload, cdfFractions: readonly number[]): ScenarioOutput {
  const sim = new Simulator({ seed: config.seed });
  const preset = requirePreset(config.policy.preset);
  const recorder = new ScenarioRecorder({ warmupNs: 0 });
  const conflict: AttemptOutcome = { type: "response", status: workload.conflictStatus, code: "ConditionalCheckFailed" };
  const labels = {
    attempt: sim.label("occ.attempt", "client"),
    read: sim.label("occ.read", "server"),
    readReply: sim.label("occ.read-reply", "client"),
    write: sim.label("occ.write", "server"),
    writeReply: sim.label("occ.write-reply", "client"),
  } satisfies Record<string, Label>;

  let version = 0;
  let calls = 0;
  let finished = 0;
  let lastSuccessNs = 0;
  const nowS = (): number => policyNowS(sim.now);
  const delayNs = (c: ContentionClient): number => Math.round(Math.abs(normal(c.net, workload.delayMeanNs, workload.delaySdNs)));

  const clients: ContentionClient[] = [];
  for (let i = 0; i < workload.clients; i++) {
    // One policy per client: each client is its own process, with its own shared retry state (quotas, limiters).
    const policy = preset.create(config.policy.set);
    clients.push({
      index: i,
      net: sim.rng.stream(`client/${i}/net`),
      draws: sim.rng.stream(`policy/client/${i}`),
      retry: policy.start({ method: "PUT" }, 0),
      readVersion: -1,
      done: false,
    });
  }

  const end = (c: ContentionClient, ok: boolean): void => {
    c.done = true;
    finished += 1;
    if (ok) lastSuccessNs = sim.now;
    recorder.requestEnded(0, sim.now, ok, c.retry.attempts);
  };

  const attempt = (c: ContentionClient): void => {
    const send = c.retry.beforeAttempt(nowS(), c.draws);
    if (send.action === "wait") {
      // At least 1 ns: a wait of 0 would ask the policy again at the same instant.
      sim.schedule(Math.max(1, policyDelayNs(send.waitS)), attempt as (a: unknown) => void, c, labels.attempt);
      return;
    }
    if (send.action === "reject") {
      end(c, false);
      return;
    }
    sim.schedule(delayNs(c), serverRead as (a: unknown) => void, c, labels.read);
  };
  const serverRead = (c: ContentionClient): void => {
    c.readVersion = version;
    sim.schedule(delayNs(c), clientRead as (a: unknown) => void, c, labels.readReply);
  };
  const clientRead = (c: ContentionClient): void => {
    sim.schedule(delayNs(c), serverWrite as (a: unknown) => void, c, labels.write);
  };
  // The write's result travels back in the client's `readVersion`: ≥ 0 conflict-free read, -1 after a conflict.
  const serverWrite = (c: ContentionClient): void => {
    calls += 1;
    recorder.attemptSent(sim.now);
    if (c.readVersion === version) version += 1;
    else c.readVersion = -1;
    sim.schedule(delayNs(c), clientWrite as (a: unknown) => void, c, labels.writeReply);
  };
  const clientWrite = (c: ContentionClient): void => {
    const outcome = c.readVersion >= 0 ? OK : conflict;
    const decision = c.retry.afterAttempt(outcome, nowS(), c.draws);
    if (decision.action === "done") end(c, true);
    else if (decision.action === "give-up") end(c, false);
    else sim.schedule(policyDelayNs(decision.delayS), attempt as (a: unknown) => void, c, labels.attempt);
  };

  for (const c of clients) {
    recorder.requestStarted(0);
    attempt(c);
  }
  sim.runUntil(config.durationNs);
  const unfinished = workload.clients - finished;
  for (const c of clients) if (!c.done) recorder.requestEnded(0, config.durationNs, false, c.retry.attempts);
  const endNs = unfinished > 0 ? config.durationNs : lastSuccessNs;

  // The client count is a figure too, so criteria can single out one sweep point ("clients != 100 or …").
  recorder.setMetric("clients", workload.clients);
  recorder.setMetric("calls", calls);
  recorder.setMetric("calls_per_client", calls / workload.clients);
  recorder.setMetric("completion_s", sFromNs(unfinished > 0 ? config.durationNs : lastSuccessNs));
  recorder.setMetric("unfinished", unfinished);
  return {
    metrics: recorder.metrics(),
    timeseries: recorder.timeseries(endNs),
    latencyCdf: recorder.latencyCdf(cdfFractions),
    rebalance: [],
    fingerprint: sim.fingerprint(),
    events: [],
  };
}
