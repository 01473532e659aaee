import { performance } from "node:perf_hooks";
import seedrandom from "seedrandom";
import { findPreset } from "../retry/presets/index.js";
import type { AttemptOutcome, Uniform } from "../retry/contract.js";
import { registerBench } from "./registry.js";

/*
 * `aisim bench retry [--json]`: the cost of the core retry policies on the simulator's hot path — requests
 * started and driven to their end per second, each attempt failing with a retryable outcome (503, or refused
 * for the presets that do not retry statuses) with probability 1/2, else succeeding. Median of three runs.
 * One policy instance serves all requests, so botocore-standard's quota drains and its later calls stop
 * retrying, as one such client's would.
 */

const PRESETS = ["urllib3", "tenacity", "ais-sdk@1.13", "ais-sdk@1.25", "ais-go", "botocore-legacy", "botocore-standard", "botocore-adaptive"];

const OK: AttemptOutcome = { type: "response", status: 200 };

function failureFor(preset: string): AttemptOutcome {
  if (preset === "tenacity" || preset === "ais-go") return { type: "error", error: "refused" };
  if (preset === "ais-sdk@1.13") return { type: "response", status: 500 };
  return { type: "response", status: 503, code: "SlowDown" };
}

/** Overrides so that each preset retries its failure: tenacity must stop somewhere, urllib3 must list 503. */
const OVERRIDES: Record<string, Record<string, unknown>> = { tenacity: { "stop.after_attempt": 5 }, urllib3: { status_forcelist: [503] } };

/** Drives `requests` requests through one policy instance; returns the attempts made. */
function drive(preset: string, requests: number, uniform: Uniform): number {
  const policy = findPreset(preset)!.create(OVERRIDES[preset] ?? {});
  const failure = failureFor(preset);
  let nowS = 0;
  let attempts = 0;
  for (let r = 0; r < requests; r++) {
    const state = policy.start({ method: "GET" }, nowS);
    for (;;) {
      const send = state.beforeAttempt(nowS, uniform);
      if (send.action === "wait") {
        nowS += send.waitS;
        continue;
      }
      if (send.action === "reject") break;
      attempts++;
      nowS += 0.01;
      const decision = state.afterAttempt(uniform() < 0.5 ? failure : OK, nowS, uniform);
      if (decision.action !== "retry") break;
      nowS += decision.delayS;
    }
  }
  return attempts;
}

registerBench("retry", async (log) => {
  const figures: Record<string, number> = {};
  for (const preset of PRESETS) {
    const uniform = seedrandom.alea("bench/retry") as unknown as Uniform;
    drive(preset, 20_000, uniform); // warm-up
    const rates: number[] = [];
    let attempts = 0;
    for (let rep = 0; rep < 3; rep++) {
      const t0 = performance.now();
      attempts = drive(preset, 200_000, uniform);
      rates.push(200_000 / ((performance.now() - t0) / 1000));
    }
    rates.sort((a, b) => a - b);
    figures[`${preset}_requests_per_s`] = Math.round(rates[1]);
    figures[`${preset}_attempts_per_request`] = Math.round((attempts / 200_000) * 1000) / 1000;
    log(`${preset.padEnd(18)} ${Math.round(rates[1]).toLocaleString("en-US").padStart(12)} requests/s  (${(attempts / 200_000).toFixed(3)} attempts each)`);
  }
  return figures;
});
