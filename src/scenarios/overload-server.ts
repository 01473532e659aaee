import { exponential, Simulator, type Uniform } from "../kernel/index.js";
import { NS_PER_S, sFromNs } from "../kernel/time.js";
import { requirePreset } from "../retry/presets/index.js";
import { policyDelayNs, policyNowS } from "../retry/policy-clock.js";
import type { AttemptOutcome, RequestRetryState, RetryPolicy } from "../retry/contract.js";
import { ScenarioRecorder } from "./scenario-recorder.js";
import type { OverloadWorkload, ScenarioConfig, ScenarioOutput } from "./scenario-types.js";

/**
 * The retry-storm experiment of the metastability papers (Bronson et al., HotOS 2021; Huang et al., OSDI 2022):
 * an open-loop load on one server whose capacity is enough in normal times. The server works through one FIFO
 * queue with `workers` in parallel, exponential service times of mean `serviceNs`; while the trigger lasts, work
 * started runs `1 / (1 − drop)` times slower. A client gives up on an attempt after its timeout — the server does
 * not know and still does the work, wasted — and asks its retry policy whether and when to resend. If resends
 * keep the offered load above capacity after the trigger ends, the queue never drains: a metastable failure.
 *
 * Figures: `goodput_end_per_s` (successes per second over the last tenth of the run), `metastable` (1 if the
 * success rate per second had not come back to ≥ 90% of the arrival rate for good by the end), `recovery_s`
 * (from the trigger's end until it had; NaN when metastable), `wasted_fraction` (server work spent on attempts
 * their client had already given up), `queue_max`, `rejected_locally` (attempts a client-side throttle refused),
 * `trigger_drop` and `trigger_s` (the trigger's size and length, for criteria).
 */

/** One-way network delay; small against service and timeout, so the queue alone decides latency. */
const NETWORK_NS = 100_000;
const READ_TIMEOUT: AttemptOutcome = { type: "error", error: "read-timeout" };
const OK: AttemptOutcome = { type: "response", status: 200 };

interface LogicalRequest {
  readonly startNs: number;
  readonly host: number;
  readonly retry: RequestRetryState;
  /** The attempt in flight (its number), or 0 between attempts. */
  live: number;
  timeoutEvent: number;
}

interface Job {
  readonly request: LogicalRequest;
  readonly attempt: number;
}

/** Runs the overload scenario once under one retry preset. */
export function runOverload(config: ScenarioConfig, workload: OverloadWorkload, cdfFractions: readonly number[]): ScenarioOutput {
  const sim = new Simulator({ seed: config.seed });
  const preset = requirePreset(config.policy.preset);
  const recorder = new ScenarioRecorder({ warmupNs: config.warmupNs });
  const policies: RetryPolicy[] = [];
  const draws: Uniform[] = [];
  for (let h = 0; h < workload.hosts; h++) {
    policies.push(preset.create(config.policy.set));
    draws.push(sim.rng.stream(`policy/host/${h}`));
  }
  const arrivals = sim.rng.stream("workload/arrivals");
  const service = sim.rng.stream("server/service");
  const labels = {
    arrival: sim.label("overload.arrival", "client"),
    attempt: sim.label("overload.attempt", "client"),
    enqueue: sim.label("overload.enqueue", "server"),
    done: sim.label("overload.done", "server"),
    reply: sim.label("overload.reply", "client"),
    timeout: sim.label("overload.timeout", "client"),
  };
  const trigger = workload.trigger;
  const triggerEndNs = trigger.atNs + trigger.forNs;
  const nowS = (): number => policyNowS(sim.now);

  const queue: Job[] = [];
  let queueHead = 0;
  let busy = 0;
  let queueMax = 0;
  let workNs = 0;
  let wastedNs = 0;
  let rejected = 0;
  let nextHost = 0;

  const end = (r: LogicalRequest, ok: boolean): void => {
    r.live = 0;
    recorder.requestEnded(r.startNs, sim.now, ok, r.retry.attempts);
  };
  const decide = (r: LogicalRequest, outcome: AttemptOutcome): void => {
    const decision = r.retry.afterAttempt(outcome, nowS(), draws[r.host]);
    if (decision.action === "done") end(r, true);
    else if (decision.action === "give-up") end(r, false);
    else {
      r.live = 0;
      sim.schedule(policyDelayNs(decision.delayS), attempt as (a: unknown) => void, r, labels.attempt);
    }
  };

  const attempt = (r: LogicalRequest): void => {
    const send = r.retry.beforeAttempt(nowS(), draws[r.host]);
    if (send.action === "wait") {
      // At least 1 ns: a wait of 0 would ask the policy again at the same instant.
      sim.schedule(Math.max(1, policyDelayNs(send.waitS)), attempt as (a: unknown) => void, r, labels.attempt);
      return;
    }
    if (send.action === "reject") {
      rejected += 1;
      end(r, false);
      return;
    }
    recorder.attemptSent(sim.now);
    r.live = r.retry.attempts;
    sim.schedule(NETWORK_NS, enqueue as (a: unknown) => void, { request: r, attempt: r.live } satisfies Job, labels.enqueue);
    r.timeoutEvent = sim.schedule(workload.timeoutNs, timedOut as (a: unknown) => void, { request: r, attempt: r.live } satisfies Job, labels.timeout);
  };
  const timedOut = (job: Job): void => {
    if (job.request.live !== job.attempt) return;
    decide(job.request, READ_TIMEOUT);
  };

  const startNext = (): void => {
    while (busy < workload.workers && queueHead < queue.length) {
      const job = queue[queueHead];
      queue[queueHead++] = undefined as unknown as Job;
      busy += 1;
      const slowdown = sim.now >= trigger.atNs && sim.now < triggerEndNs ? 1 / (1 - trigger.drop) : 1;
      const takesNs = Math.max(1, Math.round(exponential(service, workload.serviceNs) * slowdown));
      workNs += takesNs;
      // Work on an attempt whose client already gave up on it is wasted; that is the sustaining effect.
      if (job.request.live !== job.attempt) wastedNs += takesNs;
      sim.schedule(takesNs, served as (a: unknown) => void, job, labels.done);
    }
    if (queueHead > 4096 && queueHead * 2 > queue.length) {
      queue.splice(0, queueHead);
      queueHead = 0;
    }
  };
  const enqueue = (job: Job): void => {
    queue.push(job);
    const length = queue.length - queueHead;
    if (length > queueMax) queueMax = length;
    startNext();
  };
  const served = (job: Job): void => {
    busy -= 1;
    sim.schedule(NETWORK_NS, replied as (a: unknown) => void, job, labels.reply);
    startNext();
  };
  const replied = (job: Job): void => {
    const r = job.request;
    if (r.live !== job.attempt) return;
    sim.cancel(r.timeoutEvent);
    decide(r, OK);
  };

  const meanGapNs = NS_PER_S / workload.ratePerS;
  const arrive = (): void => {
    if (sim.now >= config.durationNs) return;
    const host = nextHost;
    nextHost = (nextHost + 1) % workload.hosts;
    const r: LogicalRequest = { startNs: sim.now, host, retry: policies[host].start({ method: "PUT" }, nowS()), live: 0, timeoutEvent: -1 };
    recorder.requestStarted(sim.now);
    attempt(r);
    const gapNs = workload.arrival === "constant" ? meanGapNs : exponential(arrivals, meanGapNs);
    sim.schedule(Math.max(1, Math.round(gapNs)), arrive, undefined, labels.arrival);
  };
  sim.schedule(0, arrive, undefined, labels.arrival);
  sim.runUntil(config.durationNs);

  const series = recorder.timeseries(config.durationNs);
  const succeeded = series.columns.succeeded;
  const seconds = Math.floor(config.durationNs / NS_PER_S);
  const healthy = (s: number): boolean => (succeeded[s] ?? 0) >= 0.9 * workload.ratePerS;
  let firstHealthyForGood = seconds;
  for (let s = seconds - 1; s >= Math.ceil(sFromNs(triggerEndNs)) && healthy(s); s--) firstHealthyForGood = s;
  const metastable = firstHealthyForGood >= seconds;
  const tail = Math.max(1, Math.floor(seconds / 10));
  let tailOk = 0;
  for (let s = seconds - tail; s < seconds; s++) tailOk += succeeded[s] ?? 0;

  recorder.setMetric("goodput_end_per_s", tailOk / tail);
  recorder.setMetric("metastable", metastable ? 1 : 0);
  recorder.setMetric("recovery_s", metastable ? Number.NaN : Math.max(0, firstHealthyForGood - sFromNs(triggerEndNs)));
  recorder.setMetric("wasted_fraction", workNs > 0 ? wastedNs / workNs : 0);
  recorder.setMetric("queue_max", queueMax);
  recorder.setMetric("rejected_locally", rejected);
  // The trigger is a figure too, so criteria can single out sweep points ("trigger_drop < 0.8 or …").
  recorder.setMetric("trigger_drop", trigger.drop);
  recorder.setMetric("trigger_s", sFromNs(trigger.forNs));
  return {
    metrics: recorder.metrics(),
    timeseries: series,
    latencyCdf: recorder.latencyCdf(cdfFractions),
    rebalance: [],
    fingerprint: sim.fingerprint(),
    events: [{ startS: sFromNs(trigger.atNs), endS: sFromNs(triggerEndNs), kind: "capacity-drop", label: `capacity −${Math.round(trigger.drop * 100)}%` }],
  };
}
