import { lognormal, Simulator, type Uniform } from "../kernel/index.js";
import { nsFromS } from "../kernel/time.js";
import { isHedgingPolicy, type HedgedRequest, type HedgingPolicy } from "../retry/libraries/hedging.js";
import { requirePreset } from "../retry/presets/index.js";
import { policyDelayNs, policyNowS } from "../retry/policy-clock.js";
import type { AttemptOutcome, RequestRetryState, RetryPolicy } from "../retry/contract.js";
import { ScenarioRecorder } from "./scenario-recorder.js";
import type { KOfNWorkload, ScenarioConfig, ScenarioOutput } from "./scenario-types.js";

/**
 * A k-of-N erasure-coded download, after Tahoe-LAFS ticket #287 ("download should tolerate lost, hung and slow
 * servers"): one client downloads a file `downloads` times in a row; each download needs `k` shares, one from
 * each of k distinct servers out of N. The first `hung` servers accept a request and never answer; the next
 * `slow` take `slowFactor` times longer. Each share is fetched under the retry policy: a plain policy waits for
 * the attempt's timeout before asking an alternate server; a hedging policy (src/retry/hedging.ts) asks an
 * alternate once a fetch is overdue and takes whichever answers first. Servers are chosen at random, or
 * fastest-first: by the latencies this client has seen so far (Tahoe's "use the first servers to reply"), never
 * seen servers first.
 *
 * Figures: latency percentiles are whole-download completion times; `attempts_mean` is share fetches sent per
 * download (k without trouble); `hung_fetches` counts fetches sent to a hung server.
 */

const READ_TIMEOUT: AttemptOutcome = { type: "error", error: "read-timeout" };
const OK: AttemptOutcome = { type: "response", status: 200 };

interface Download {
  readonly startNs: number;
  /** Servers this download has used or is using (no two copies of any share go to one server). */
  readonly used: Set<number>;
  sharesDone: number;
  fetches: number;
  over: boolean;
}

/** One share slot of a download: its copies in flight, each on its own server. */
interface Slot {
  readonly download: Download;
  readonly plain?: RequestRetryState;
  readonly hedged?: HedgedRequest;
  done: boolean;
  hedgeTimer: number;
  /** Copies in flight: copy index → server, sent time, and its timeout/answer events. */
  readonly copies: Map<number, { server: number; sentNs: number; events: number[] }>;
}

/** Runs the k-of-N download scenario once under one retry (or hedging) preset. */
export function runKOfN(config: ScenarioConfig, workload: KOfNWorkload, cdfFractions: readonly number[]): ScenarioOutput {
  const sim = new Simulator({ seed: config.seed });
  const preset = requirePreset(config.policy.preset);
  const policy: RetryPolicy = preset.create(config.policy.set);
  const hedging: HedgingPolicy | undefined = isHedgingPolicy(policy) ? policy : undefined;
  const readS = policy.timeouts?.readS;
  const timeoutNs = readS !== undefined && Number.isFinite(readS) ? nsFromS(readS) : workload.timeoutNs;
  const recorder = new ScenarioRecorder({ warmupNs: 0 });
  const draws: Uniform = sim.rng.stream("policy/client/0");
  const pick: Uniform = sim.rng.stream("client/0/selection");
  const fetchDraws: Uniform[] = Array.from({ length: workload.servers }, (_, s) => sim.rng.stream(`server/${s}/fetch`));
  const labels = {
    answer: sim.label("k-of-n.answer", "server"),
    timeout: sim.label("k-of-n.timeout", "client"),
    hedge: sim.label("k-of-n.hedge", "client"),
    retry: sim.label("k-of-n.retry", "client"),
    next: sim.label("k-of-n.next-download", "client"),
  };
  const isHung = (s: number): boolean => s < workload.hung;
  const isSlow = (s: number): boolean => s >= workload.hung && s < workload.hung + workload.slow;
  const mu = Math.log(workload.fetchNs);
  const nowS = (): number => policyNowS(sim.now);

  // What this client has seen of each server: an exponentially weighted mean latency (NaN: never asked).
  const seenNs = new Float64Array(workload.servers).fill(Number.NaN);
  const observe = (server: number, latencyNs: number): void => {
    seenNs[server] = Number.isNaN(seenNs[server]) ? latencyNs : 0.7 * seenNs[server] + 0.3 * latencyNs;
  };
  let hungFetches = 0;
  let downloadsStarted = 0;

  /** The next server for a download: random among the unused, or the fastest seen (unseen first, ties random). */
  const chooseServer = (d: Download): number | undefined => {
    const free: number[] = [];
    for (let s = 0; s < workload.servers; s++) if (!d.used.has(s)) free.push(s);
    if (free.length === 0) return undefined;
    // A random order first: it breaks ties in fastest-first and is the whole choice otherwise.
    for (let i = free.length - 1; i > 0; i--) {
      const j = Math.floor(pick() * (i + 1));
      [free[i], free[j]] = [free[j], free[i]];
    }
    if (workload.selection === "random") return free[0];
    const rank = (s: number): number => (Number.isNaN(seenNs[s]) ? -1 : seenNs[s]);
    let best = free[0];
    for (const s of free) if (rank(s) < rank(best)) best = s;
    return best;
  };

  const finishSlot = (slot: Slot, ok: boolean): void => {
    if (slot.done) return;
    slot.done = true;
    if (slot.hedgeTimer >= 0) sim.cancel(slot.hedgeTimer);
    for (const copy of slot.copies.values()) {
      for (const e of copy.events) sim.cancel(e);
      // An abandoned copy was at least this slow: remembering it keeps a hung server from looking unseen.
      observe(copy.server, sim.now - copy.sentNs);
    }
    slot.copies.clear();
    const d = slot.download;
    if (d.over) return;
    if (ok) d.sharesDone += 1;
    if (!ok || d.sharesDone === workload.k) {
      d.over = true;
      recorder.requestEnded(d.startNs, sim.now, ok, d.fetches);
      sim.schedule(0, startDownload, undefined, labels.next);
    }
  };

  /** Sends one copy of a slot's share to a fresh server; false when no server is left. */
  const sendCopy = (slot: Slot, copy: number): boolean => {
    const d = slot.download;
    const server = chooseServer(d);
    if (server === undefined) return false;
    d.used.add(server);
    d.fetches += 1;
    recorder.attemptSent(sim.now);
    const events: number[] = [];
    if (isHung(server)) hungFetches += 1;
    else {
      const takesNs = Math.max(1, Math.round(lognormal(fetchDraws[server], mu, workload.fetchSigma) * (isSlow(server) ? workload.slowFactor : 1)));
      if (takesNs < timeoutNs) events.push(sim.schedule(takesNs, copyAnswered as (a: unknown) => void, { slot, copy, outcome: OK }, labels.answer));
    }
    events.push(sim.schedule(timeoutNs, copyAnswered as (a: unknown) => void, { slot, copy, outcome: READ_TIMEOUT }, labels.timeout));
    slot.copies.set(copy, { server, sentNs: sim.now, events });
    return true;
  };

  const armHedge = (slot: Slot): void => {
    if (slot.hedgeTimer >= 0) sim.cancel(slot.hedgeTimer);
    slot.hedgeTimer = -1;
    const delayS = slot.hedged!.hedgeDelayS(nowS());
    if (delayS === undefined) return;
    slot.hedgeTimer = sim.schedule(policyDelayNs(delayS), hedgeDue as (a: unknown) => void, slot, labels.hedge);
  };
  const hedgeDue = (slot: Slot): void => {
    slot.hedgeTimer = -1;
    if (slot.done) return;
    const copy = slot.hedged!.copySent(nowS());
    // No alternate left: the copy is counted by the policy but goes nowhere; the ones in flight decide.
    if (!sendCopy(slot, copy)) return;
    armHedge(slot);
  };

  const copyAnswered = ({ slot, copy, outcome }: { slot: Slot; copy: number; outcome: AttemptOutcome }): void => {
    const sent = slot.copies.get(copy);
    if (slot.done || sent === undefined) return;
    for (const e of sent.events) sim.cancel(e);
    slot.copies.delete(copy);
    observe(sent.server, sim.now - sent.sentNs);
    if (slot.hedged !== undefined) {
      const decision = slot.hedged.copyFinished(copy, outcome, nowS());
      if (decision.action === "win") finishSlot(slot, true);
      else if (decision.action === "give-up") finishSlot(slot, false);
      else if (decision.action === "send-now") {
        const next = slot.hedged.copySent(nowS());
        if (!sendCopy(slot, next) && slot.copies.size === 0) finishSlot(slot, false);
        else armHedge(slot);
      } else armHedge(slot);
      return;
    }
    const decision = slot.plain!.afterAttempt(outcome, nowS(), draws);
    if (decision.action === "done") finishSlot(slot, true);
    else if (decision.action === "give-up") finishSlot(slot, false);
    else sim.schedule(policyDelayNs(decision.delayS), retryPlain as (a: unknown) => void, slot, labels.retry);
  };
  const retryPlain = (slot: Slot): void => {
    if (slot.done) return;
    const send = slot.plain!.beforeAttempt(nowS(), draws);
    if (send.action === "wait") {
      // At least 1 ns: a wait of 0 would ask the policy again at the same instant.
      sim.schedule(Math.max(1, policyDelayNs(send.waitS)), retryPlain as (a: unknown) => void, slot, labels.retry);
      return;
    }
    if (send.action === "reject" || !sendCopy(slot, slot.plain!.attempts)) finishSlot(slot, false);
  };

  function startDownload(): void {
    if (downloadsStarted >= workload.downloads || sim.now >= config.durationNs) return;
    downloadsStarted += 1;
    const d: Download = { startNs: sim.now, used: new Set(), sharesDone: 0, fetches: 0, over: false };
    recorder.requestStarted(sim.now);
    for (let i = 0; i < workload.k; i++) {
      if (hedging !== undefined) {
        const slot: Slot = { download: d, hedged: hedging.startHedged({ method: "GET" }, nowS()), done: false, hedgeTimer: -1, copies: new Map() };
        const copy = slot.hedged!.copySent(nowS());
        if (!sendCopy(slot, copy)) finishSlot(slot, false);
        else armHedge(slot);
      } else {
        const slot: Slot = { download: d, plain: policy.start({ method: "GET" }, nowS()), done: false, hedgeTimer: -1, copies: new Map() };
        const send = slot.plain!.beforeAttempt(nowS(), draws);
        if (send.action !== "send" || !sendCopy(slot, 1)) finishSlot(slot, false);
      }
      if (d.over) break;
    }
  }

  sim.schedule(0, startDownload, undefined, labels.next);
  sim.runUntil(config.durationNs);

  recorder.setMetric("downloads", downloadsStarted);
  recorder.setMetric("hung_fetches", hungFetches);
  const output = recorder.metrics();
  return {
    metrics: output,
    timeseries: recorder.timeseries(sim.now),
    latencyCdf: recorder.latencyCdf(cdfFractions),
    rebalance: [],
    fingerprint: sim.fingerprint(),
    events: [],
  };
}
