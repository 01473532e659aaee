import { classifier, classifierFromParams, classifierParams } from "../classify.js";
import { GENERIC_HTTP_SPEC } from "../outcome-rules.js";
import { requireParam, resolveParams, type ParamValues, type TypedParam } from "../preset-params.js";
import type { PresetDefinition } from "../registry.js";
import { createRetryLoop, loopParams, type Backoff } from "../retry-loop.js";
import type { RetryRoute, Uniform } from "../contract.js";

/**
 * The backoff family of Marc Brooker's "Exponential Backoff and Jitter" (AWS Architecture Blog, 2015):
 * `expo(n) = min(cap, base·2^n)` where n is the 1-based number of the attempt that just failed, then
 * no backoff, plain exponential, full jitter, equal jitter, or decorrelated jitter. The post's contention
 * benchmark uses base 5 ms, cap 2 s (the defaults here) and retries until success (`max_attempts: unlimited`).
 */

/** `min(cap, base·2^n)`, the un-jittered exponential delay after failed attempt n. */
export function expoS(failedAttempt: number, baseS: number, capS: number): number {
  return Math.min(capS, baseS * 2 ** failedAttempt);
}

/** Full jitter: U(0, expo(n)). */
export function fullJitterS(failedAttempt: number, baseS: number, capS: number, u: number): number {
  return u * expoS(failedAttempt, baseS, capS);
}

/** Equal jitter: v/2 + U(0, v/2) with v = expo(n). */
export function equalJitterS(failedAttempt: number, baseS: number, capS: number, u: number): number {
  const half = expoS(failedAttempt, baseS, capS) / 2;
  return half + u * half;
}

/** Decorrelated jitter: min(cap, U(base, 3·prev)); the caller keeps prev (it starts at base). */
export function decorrelatedJitterS(previousS: number, baseS: number, capS: number, u: number): number {
  return Math.min(capS, baseS + u * (3 * previousS - baseS));
}

/** The five schedules of the family. */
export type AwsBackoffKind = "none" | "exponential" | "full-jitter" | "equal-jitter" | "decorrelated";

/** A fresh per-request schedule of that kind. */
export function awsBackoff(kind: AwsBackoffKind, baseS: number, capS: number): Backoff {
  switch (kind) {
    case "none":
      return { delayS: () => 0 };
    case "exponential":
      return { delayS: (n) => expoS(n, baseS, capS) };
    case "full-jitter":
      return { delayS: (n, uniform: Uniform) => fullJitterS(n, baseS, capS, uniform()) };
    case "equal-jitter":
      return { delayS: (n, uniform: Uniform) => equalJitterS(n, baseS, capS, uniform()) };
    case "decorrelated": {
      let previousS = baseS;
      return {
        delayS: (_n, uniform: Uniform) => {
          previousS = decorrelatedJitterS(previousS, baseS, capS, uniform());
          return previousS;
        },
      };
    }
  }
}

/** The kinds, for parameters that choose one. */
export const AWS_BACKOFF_KINDS: readonly AwsBackoffKind[] = ["none", "exponential", "full-jitter", "equal-jitter", "decorrelated"];

/** Parameters `backoff`, `backoff.base_s`, `backoff.cap_s` choosing a schedule of the family for another preset. */
export function backoffChoiceParams(defaults: { kind: AwsBackoffKind; baseS: number; capS: number }, note: string): TypedParam[] {
  return [
    { key: "backoff", kind: "string", choices: AWS_BACKOFF_KINDS, defaultValue: defaults.kind, describe: `backoff between attempts (${note})` },
    { key: "backoff.base_s", kind: "number", defaultValue: defaults.baseS, describe: "seconds, base of the backoff" },
    { key: "backoff.cap_s", kind: "number", defaultValue: defaults.capS, describe: "seconds, cap of the backoff" },
  ];
}

/** The schedule factory chosen by `backoffChoiceParams` values. */
export function backoffChoiceFromParams(preset: string, p: ParamValues): () => Backoff {
  const kind = p.str("backoff") as AwsBackoffKind;
  const baseS = p.num("backoff.base_s");
  const capS = p.num("backoff.cap_s");
  requireParam(preset, baseS >= 0 && capS >= baseS, `need 0 ≤ backoff.base_s ≤ backoff.cap_s, got ${baseS}, ${capS}`);
  return () => awsBackoff(kind, baseS, capS);
}

const SUMMARY: Record<AwsBackoffKind, string> = {
  none: "AWS backoff family (Brooker 2015): retry at once, no backoff",
  exponential: "AWS backoff family (Brooker 2015): min(cap, base·2^n), no jitter",
  "full-jitter": "AWS backoff family (Brooker 2015): full jitter U(0, min(cap, base·2^n))",
  "equal-jitter": "AWS backoff family (Brooker 2015): equal jitter v/2 + U(0, v/2)",
  decorrelated: "AWS backoff family (Brooker 2015): decorrelated jitter min(cap, U(base, 3·prev))",
};

function awsBackoffPreset(kind: AwsBackoffKind): PresetDefinition {
  const name = `aws-${kind}`;
  const params: TypedParam[] = [
    { key: "base_s", kind: "number", defaultValue: 0.005, describe: "seconds, base delay (the post's benchmark: 5 ms)" },
    { key: "cap_s", kind: "number", defaultValue: 2, describe: "seconds, the largest delay (the post's benchmark: 2 s)" },
    ...loopParams({ maxAttempts: 10, route: "origin" }),
    ...classifierParams("", GENERIC_HTTP_SPEC),
  ];
  return {
    name,
    summary: SUMMARY[kind],
    params,
    create(overrides) {
      const p = resolveParams(name, params, overrides);
      const baseS = p.num("base_s");
      const capS = p.num("cap_s");
      requireParam(name, baseS >= 0 && capS >= baseS, `need 0 ≤ base_s ≤ cap_s, got base_s ${baseS}, cap_s ${capS}`);
      const classify = classifier(classifierFromParams("", p, GENERIC_HTTP_SPEC));
      return createRetryLoop({
        preset: name,
        params: p.values,
        maxAttempts: p.attempts("max_attempts"),
        route: p.str("route") as RetryRoute,
        classify,
        newBackoff: () => awsBackoff(kind, baseS, capS),
      });
    },
  };
}

export const AWS_BACKOFF_PRESETS: readonly PresetDefinition[] = AWS_BACKOFF_KINDS.map(awsBackoffPreset);
