import { ALL_TRANSPORT_ERRORS, classifier, classifierFromParams, classifierParams, EMPTY_CLASSIFIER, type ClassifierSpec } from "../classify.js";
import { describeOutcome } from "../outcome-rules.js";
import { resolveParams, timeoutParams, timeoutsFromParams, withPrefix, type TypedParam } from "../params.js";
import type { PresetDefinition } from "../registry.js";
import { TenacityLoop, tenacityFromParams, tenacityParams, type TenacityDefaults } from "../libraries/tenacity-params.js";
import type { TenacityStop, TenacityWait } from "../libraries/tenacity.js";
import { DONE, SEND, type AttemptOutcome, type HttpMethod, type OutcomeClass, type RequestContext, type RequestRetryState, type RetryDecision, type RetryPolicy, type SendDecision, type Uniform } from "../contract.js";
import { URLLIB3_DEFAULTS, Urllib3Retry, type Urllib3Config } from "../libraries/urllib3.js";
import { urllib3ConfigFromParams, urllib3Params } from "./urllib3.js";
import { Urllib3Request } from "../libraries/urllib3-request.js";

/**
 * The AIStore Python SDK's two-layer `RetryConfig`. The inner layer is urllib3's `Retry` inside requests: it
 * retries the same URL — after the proxy's redirect, the same target (route `same-url`). When it gives up by
 * raising a connection-type error (its `connect=0, read=0` make every connect or read error do so at once),
 * the outer layer, a tenacity `Retrying`, re-sends the whole request to the proxy (route `origin`), which
 * redirects it anew; each outer attempt starts a fresh inner `Retry`.
 *
 * What the outer layer retries: requests' ConnectTimeout, ReadTimeout, ChunkedEncodingError and
 * ConnectionError (every transport error), and, in SDK 1.13, AISRetryableError — 404 object-not-found and
 * 409 GET-conflict — because 1.13 parsed the response inside the retried function; 1.25 parses it after the
 * loop, so those are final. 1.13's parser (response_handler.py `_parse_404`/`_parse_409` at the 1.13.x tags)
 * raises ErrObjNotFound only when the error body names an object — a HEAD answer has no body, so a HEAD 404 is
 * a plain AISError — and ErrGETConflict only for a GET. A status whose inner retries ran out raises requests'
 * RetryError, which the outer layer does not retry.
 */

interface SdkSettings {
  readonly inner: Urllib3Config;
  /** `Retry(inner)`, shared by every inner layer (Retry values are immutable). */
  readonly innerStart: Urllib3Retry;
  readonly wait: TenacityWait;
  readonly stop: TenacityStop;
  readonly classifyOuter: (outcome: AttemptOutcome) => OutcomeClass;
  /** Whether the SDK raises an error answer of `status` to `method` as a retryable error at all (see above). */
  readonly raisesRetryable: (status: number, method: HttpMethod) => boolean;
  /** The body is read as a stream, after the retried call returned (`stream=True`). */
  readonly stream: boolean;
}

class SdkRequest implements RequestRetryState {
  attempts = 0;
  private inner: Urllib3Request;
  /** The outer tenacity loop, made at the first failure it sees (most requests never fail). */
  private outer: TenacityLoop | null = null;
  private readonly startS: number;

  constructor(
    private readonly settings: SdkSettings,
    private readonly method: HttpMethod,
    startS: number,
  ) {
    this.inner = new Urllib3Request(settings.inner, method, settings.innerStart);
    this.startS = startS;
  }

  beforeAttempt(): SendDecision {
    this.attempts += 1;
    return SEND;
  }

  afterAttempt(outcome: AttemptOutcome, nowS: number, uniform: Uniform): RetryDecision {
    const answer = this.inner.onOutcome(outcome, uniform);
    if (answer.action === "retry") return { action: "retry", delayS: answer.delayS, route: "same-url" };
    if (answer.action === "return" && outcome.type === "response" && outcome.status < 400) return DONE;
    // A streaming reader reads the body after the retried call returned: a body broken there is the caller's.
    if (this.settings.stream && outcome.type === "error" && outcome.error === "protocol") {
      return { action: "give-up", reason: "body broken after the headers, raised outside the retry loop (stream=True)" };
    }
    // What reaches tenacity: a transport error (raised by requests), RetryError (statuses ran out), or an
    // error response that the SDK turns into an AISError.
    let outerRetries: boolean;
    let why: string;
    if (outcome.type === "error") {
      outerRetries = this.settings.classifyOuter(outcome) !== "fatal";
      why = answer.action === "raise" ? answer.reason : describeOutcome(outcome);
    } else if (answer.action === "raise") {
      outerRetries = false;
      why = `requests RetryError (${answer.reason})`;
    } else {
      outerRetries = this.settings.classifyOuter(outcome) !== "fatal" && this.settings.raisesRetryable(outcome.status, this.method);
      why = `AIStore error ${describeOutcome(outcome)}`;
    }
    if (!outerRetries) return { action: "give-up", reason: `not retried by the outer layer: ${why}` };
    this.outer ??= new TenacityLoop(this.settings.wait, this.settings.stop, this.startS);
    const step = this.outer.afterRetryableFailure(nowS, uniform);
    if (step.stop) return { action: "give-up", reason: `${step.reason} (last: ${why})` };
    this.inner = new Urllib3Request(this.settings.inner, this.method, this.settings.innerStart);
    return { action: "retry", delayS: step.sleepS, route: "origin" };
  }
}

interface SdkVersion {
  readonly name: string;
  readonly summary: string;
  readonly inner: Urllib3Config;
  readonly outer: TenacityDefaults;
  readonly outerRules: ClassifierSpec;
  readonly raisesRetryable: (status: number, method: HttpMethod) => boolean;
}

/** SDK 1.13's response parser: a 404 is ErrObjNotFound only with a body naming the object (not HEAD); a 409 is ErrGETConflict only for GET. */
function sdk113RaisesRetryable(status: number, method: HttpMethod): boolean {
  if (status === 404) return method !== "HEAD";
  if (status === 409) return method === "GET";
  return true;
}

const VERSIONS: readonly SdkVersion[] = [
  {
    name: "ais-sdk@1.13",
    // retry_config.py at the 1.13.0 (0538a8409) and 1.13.8 (4e0f35668) tags: Retry(total=3, backoff_factor=0.5,
    // status_forcelist=[429, 500, 502, 503, 504], connect=0, read=0); the 2025 blog post's [500, 502, 504] was
    // never released.
    summary: "AIStore Python SDK 1.13: urllib3 Retry(total=3, backoff 0.5, 429/5xx) per target; tenacity wait_exponential(1, 1..10 s), 60 s, retries 404 (with a body) and GET 409",
    inner: { ...URLLIB3_DEFAULTS, total: 3, backoffFactor: 0.5, statusForcelist: [429, 500, 502, 503, 504], connect: 0, read: 0 },
    outer: { waitKind: "exponential", multiplier: 1, min: 1, max: 10, afterDelayS: 60 },
    outerRules: { ...EMPTY_CLASSIFIER, transientStatuses: [404, 409], retryErrors: ALL_TRANSPORT_ERRORS },
    raisesRetryable: sdk113RaisesRetryable,
  },
  {
    name: "ais-sdk@1.25",
    summary: "AIStore Python SDK 1.25: urllib3 Retry(total=5, backoff 3, 429/5xx) per target; tenacity wait_random_exponential(1, 1..30 s), 7 attempts",
    inner: { ...URLLIB3_DEFAULTS, total: 5, backoffFactor: 3, statusForcelist: [429, 500, 502, 503, 504], connect: 0, read: 0 },
    outer: { waitKind: "random_exponential", multiplier: 1, min: 1, max: 30, afterAttempt: 7 },
    outerRules: { ...EMPTY_CLASSIFIER, retryErrors: ALL_TRANSPORT_ERRORS },
    raisesRetryable: () => true,
  },
];

function sdkPreset(version: SdkVersion): PresetDefinition {
  const params: TypedParam[] = [
    ...withPrefix("inner.", urllib3Params(version.inner)),
    ...tenacityParams("outer.", version.outer),
    ...classifierParams("outer.", version.outerRules, ["transientStatuses", "retryErrors"]).map((p) =>
      p.key === "outer.transient_statuses" ? { ...p, describe: "statuses the SDK raises as AISRetryableError inside the outer loop (404, 409 in 1.13)" } : p,
    ),
    {
      key: "stream",
      kind: "boolean",
      defaultValue: false,
      describe: "read the object as a stream (ObjectReader iter_content/raw, stream=True): a body broken after the headers is raised outside the retry loop",
    },
    ...timeoutParams({ connectS: 3, readS: 20 }, "SDK default"),
  ];
  return {
    name: version.name,
    summary: version.summary,
    params,
    create(overrides): RetryPolicy {
      const values = resolveParams(version.name, params, overrides);
      const { wait, stop } = tenacityFromParams(version.name, values, "outer.");
      const inner = urllib3ConfigFromParams(version.name, values, "inner.");
      const settings: SdkSettings = {
        inner,
        innerStart: new Urllib3Retry(inner),
        wait,
        stop,
        classifyOuter: classifier(classifierFromParams("outer.", values, version.outerRules)),
        raisesRetryable: version.raisesRetryable,
        stream: values.bool("stream"),
      };
      return {
        preset: version.name,
        params: values.values,
        timeouts: timeoutsFromParams(version.name, values),
        start: (context: RequestContext, nowS: number) => new SdkRequest(settings, context.method, nowS),
      };
    },
  };
}

export const AIS_SDK_PRESETS: readonly PresetDefinition[] = VERSIONS.map(sdkPreset);
