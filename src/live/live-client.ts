import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { pino, type Logger } from "pino";
import { isHedgingPolicy, type HedgingPolicy } from "../retry/libraries/hedging.js";
import { describeOutcome } from "../retry/outcome-rules.js";
import type { AttemptOutcome, HttpMethod, RetryPolicy, Uniform } from "../retry/contract.js";
import { exchange, isRedirect } from "./http-exchange.js";
import { responseOutcome } from "./response-outcome.js";

/**
 * The retry policies driving real HTTP: Node's fetch, real timers, the monotonic clock. One client is one client
 * host: it owns one policy instance, so budgets, limiters and breakers are shared by all its requests.
 *
 * AIStore's redirect rule: a proxy answers 301/307 with the target's URL. Redirects are followed by hand
 * (`redirect: "manual"`) within an attempt, and the last redirected URL is remembered: a retry whose route is
 * `same-url` goes straight to it (urllib3's inner layer), `origin` goes back to the original URL, the proxy,
 * to be redirected anew (the SDK's outer layer).
 *
 * Every attempt is logged through pino with its request id and attempt number; each hop carries the headers
 * `x-request-id` and `x-attempt` so servers can log them too.
 */

/** How a live client behaves. */
export interface LiveClientOptions {
  readonly policy: RetryPolicy;
  /** Where attempts, waits, retries and outcomes are logged (default: pino to stdout). */
  readonly logger?: Logger;
  /**
   * Milliseconds to get the request onto a connected socket. Default: the policy's own `timeouts.connectS`
   * when its preset documents one, else 3 s (the AIStore SDK's).
   */
  readonly connectTimeoutMs?: number;
  /**
   * Milliseconds from the request sent to the response headers, and between body chunks. Default: the
   * policy's `timeouts.readS`, else 20 s (the AIStore SDK's).
   */
  readonly readTimeoutMs?: number;
  /** Redirect hops followed within one attempt. */
  readonly maxRedirects?: number;
  /** Uniform draws for the policy's jitter (default Math.random). */
  readonly uniform?: Uniform;
}

/** What one logical request asks for. */
export interface LiveRequest {
  readonly method?: HttpMethod;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array | string;
}

/** A complete response. */
export interface LiveResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Uint8Array;
  /** The URL that answered (after redirects). */
  readonly url: string;
}

/** How a logical request ended. Network trouble never throws: it ends here, as `give-up` or `reject`. */
export interface LiveResult {
  readonly requestId: string;
  /** True when the policy called it done (a success). */
  readonly ok: boolean;
  readonly ending: "done" | "give-up" | "reject";
  readonly attempts: number;
  /** Why it gave up or was rejected. */
  readonly reason?: string;
  /** The last attempt's outcome. */
  readonly outcome?: AttemptOutcome;
  /** The last complete response, if the last attempt got one. */
  readonly response?: LiveResponse;
}

interface AttemptResult {
  readonly outcome: AttemptOutcome;
  readonly response?: LiveResponse;
}

function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A client host running one retry policy over real HTTP. */
export class LiveClient {
  private readonly logger: Logger;
  private readonly connectTimeoutMs: number;
  private readonly readTimeoutMs: number;
  private readonly maxRedirects: number;
  private readonly uniform: Uniform;
  private readonly epochMs = performance.now();

  constructor(private readonly options: LiveClientOptions) {
    this.logger = options.logger ?? pino({ name: "aisim-live" });
    const timeouts = options.policy.timeouts;
    this.connectTimeoutMs = options.connectTimeoutMs ?? (timeouts === undefined ? 3000 : timeouts.connectS * 1000);
    this.readTimeoutMs = options.readTimeoutMs ?? (timeouts === undefined ? 20_000 : timeouts.readS * 1000);
    this.maxRedirects = options.maxRedirects ?? 5;
    this.uniform = options.uniform ?? Math.random;
  }

  /** Seconds since the client was created: the policy's clock, also logged as `atS`. */
  nowS(): number {
    return (performance.now() - this.epochMs) / 1000;
  }

  /** Runs one logical request to its end under the policy (hedged, if the policy hedges). */
  async request(url: string, request: LiveRequest = {}): Promise<LiveResult> {
    const policy = this.options.policy;
    if (isHedgingPolicy(policy)) return this.hedged(policy, url, request);
    const method = request.method ?? "GET";
    const requestId = randomUUID();
    const log = this.logger.child({ requestId });
    const state = policy.start({ method, authority: new URL(url).host }, this.nowS());
    let redirectedUrl: string | undefined;
    let nextUrl = url;
    let last: AttemptResult | undefined;
    try {
      for (;;) {
        // The policy's send time is the logged one, so logs can be checked against rate limits exactly.
        const askedS = this.nowS();
        const send = state.beforeAttempt(askedS, this.uniform);
        if (send.action === "wait") {
          log.info({ event: "wait", attempt: state.attempts + 1, waitS: send.waitS, atS: askedS }, "waiting before attempt");
          await sleepMs(send.waitS * 1000);
          continue;
        }
        if (send.action === "reject") {
          log.warn({ event: "reject", attempt: state.attempts + 1, reason: send.reason, atS: askedS }, "rejected locally");
          return this.result(requestId, "reject", state.attempts, last, send.reason);
        }
        const attempt = state.attempts;
        const startedS = askedS;
        log.info({ event: "attempt", attempt, method, url: nextUrl, atS: startedS }, "attempt sent");
        const followed = await this.attempt(requestId, attempt, nextUrl, method, request);
        last = followed.result;
        if (followed.redirectedUrl !== undefined) redirectedUrl = followed.redirectedUrl;
        const endedS = this.nowS();
        log.info(
          { event: "outcome", attempt, url: followed.finalUrl, outcome: describeOutcome(last.outcome), elapsedMs: Math.round((endedS - startedS) * 1000), atS: endedS },
          "attempt ended",
        );
        const decision = state.afterAttempt(last.outcome, endedS, this.uniform);
        if (decision.action === "done") return this.result(requestId, "done", attempt, last);
        if (decision.action === "give-up") {
          log.warn({ event: "give-up", attempt, reason: decision.reason, atS: endedS }, "giving up");
          return this.result(requestId, "give-up", attempt, last, decision.reason);
        }
        nextUrl = decision.route === "same-url" && redirectedUrl !== undefined ? redirectedUrl : url;
        log.info({ event: "retry", attempt, delayS: decision.delayS, route: decision.route, url: nextUrl, atS: endedS }, "retrying");
        await sleepMs(decision.delayS * 1000);
      }
    } finally {
      state.end?.(this.nowS());
    }
  }

  /**
   * A hedged request: copies to the original URL, a new one whenever the policy's hedge delay passes with no
   * answer (or at once after a non-fatal failure); the first success wins and the other copies are aborted.
   */
  private async hedged(policy: HedgingPolicy, url: string, request: LiveRequest): Promise<LiveResult> {
    const method = request.method ?? "GET";
    const requestId = randomUUID();
    const log = this.logger.child({ requestId });
    const hedge = policy.startHedged({ method, authority: new URL(url).host }, this.nowS());
    const controllers: AbortController[] = [];
    const finished: Array<{ copy: number; result: AttemptResult; startedS: number }> = [];
    let wake: (() => void) | undefined;
    const launch = (): void => {
      const startedS = this.nowS();
      const copy = hedge.copySent(startedS);
      const controller = new AbortController();
      controllers.push(controller);
      log.info({ event: "attempt", attempt: copy + 1, hedge: copy > 0, method, url, atS: startedS }, "attempt sent");
      void this.attempt(requestId, copy + 1, url, method, request, controller.signal).then((followed) => {
        if (controller.signal.aborted) return;
        finished.push({ copy, result: followed.result, startedS });
        wake?.();
      });
    };
    let last: AttemptResult | undefined;
    launch();
    for (;;) {
      if (finished.length === 0) {
        const delayS = hedge.hedgeDelayS(this.nowS());
        let timer: NodeJS.Timeout | undefined;
        const timedOut = await new Promise<boolean>((resolve) => {
          wake = () => resolve(false);
          if (delayS !== undefined) timer = setTimeout(() => resolve(true), delayS * 1000);
        });
        clearTimeout(timer);
        wake = undefined;
        if (timedOut) launch();
        continue;
      }
      const { copy, result, startedS } = finished.shift()!;
      last = result;
      const endedS = this.nowS();
      log.info({ event: "outcome", attempt: copy + 1, outcome: describeOutcome(result.outcome), elapsedMs: Math.round((endedS - startedS) * 1000), atS: endedS }, "attempt ended");
      const decision = hedge.copyFinished(copy, result.outcome, endedS);
      if (decision.action === "send-now") launch();
      if (decision.action === "win" || decision.action === "give-up") {
        controllers.forEach((c) => c.abort());
        if (decision.action === "win") return this.result(requestId, "done", hedge.copiesSent, last);
        log.warn({ event: "give-up", attempt: copy + 1, reason: decision.reason, atS: endedS }, "giving up");
        return this.result(requestId, "give-up", hedge.copiesSent, last, decision.reason);
      }
    }
  }

  /** One attempt: the exchange with `url`, following redirects by hand. */
  private async attempt(
    requestId: string,
    attempt: number,
    url: string,
    method: HttpMethod,
    request: LiveRequest,
    signal?: AbortSignal,
  ): Promise<{ result: AttemptResult; finalUrl: string; redirectedUrl?: string }> {
    let hopUrl = url;
    let hopMethod: string = method;
    let body = request.body;
    let redirectedUrl: string | undefined;
    for (let hop = 0; ; hop++) {
      const result = await exchange(
        {
          url: hopUrl,
          method: hopMethod,
          headers: { ...request.headers, "x-request-id": requestId, "x-attempt": String(attempt) },
          body,
          key: `${requestId}/${attempt}/${hop}`,
          signal,
        },
        { connectTimeoutMs: this.connectTimeoutMs, readTimeoutMs: this.readTimeoutMs },
      );
      if (result.kind === "error") return { result: { outcome: { type: "error", error: result.error } }, finalUrl: hopUrl, redirectedUrl };
      const location = result.headers.get("location");
      if (isRedirect(result.status) && location !== null) {
        const next = URL.canParse(location, hopUrl) ? new URL(location, hopUrl).toString() : undefined;
        // Too many hops, or a Location that is no URL: a broken exchange, as requests would raise.
        if (hop >= this.maxRedirects || next === undefined) return { result: { outcome: { type: "error", error: "protocol" } }, finalUrl: hopUrl, redirectedUrl };
        redirectedUrl = next;
        if (result.status === 303) {
          hopMethod = "GET";
          body = undefined;
        }
        hopUrl = redirectedUrl;
        continue;
      }
      const response: LiveResponse = { status: result.status, headers: result.headers, body: result.body, url: hopUrl };
      return { result: { outcome: responseOutcome(result.status, result.headers, result.body), response }, finalUrl: hopUrl, redirectedUrl };
    }
  }

  private result(requestId: string, ending: LiveResult["ending"], attempts: number, last: AttemptResult | undefined, reason?: string): LiveResult {
    return {
      requestId,
      ok: ending === "done",
      ending,
      attempts,
      ...(reason !== undefined && { reason }),
      ...(last !== undefined && { outcome: last.outcome }),
      ...(last?.response !== undefined && { response: last.response }),
    };
  }
}
