import type { ResourceClock } from "../clock.js";
import { compileDelay, type DelaySampler, type DelaySpec } from "../delay.js";
import { IntegerTokenBucket } from "./token-bucket.js";

/** Operations on the remote backend; S3 rate-limits two classes of them separately per prefix. */
export type BackendOp = "GET" | "HEAD" | "PUT" | "COPY" | "POST" | "DELETE";

/** The request is accepted and will be served after its latency. */
export const BACKEND_OK = 0;
/** 503 SlowDown: the prefix's request rate is over its limit. */
export const BACKEND_SLOW_DOWN = 1;
/** An outage answering errors (500 InternalError / 503 ServiceUnavailable). */
export const BACKEND_ERROR = 2;
/** An outage where nothing answers: the caller's connect timeout decides. */
export const BACKEND_NO_ANSWER = 3;
export type BackendVerdict = typeof BACKEND_OK | typeof BACKEND_SLOW_DOWN | typeof BACKEND_ERROR | typeof BACKEND_NO_ANSWER;

/** How an outage shows. */
export type OutageMode = "error" | "no-answer";

/** A remote backend's behaviour. */
export interface BackendSpec {
  /** GET/HEAD requests per second per prefix (S3: 5,500). */
  readPerS?: number;
  /** PUT/COPY/POST/DELETE requests per second per prefix (S3: 3,500). */
  writePerS?: number;
  /** Bucket capacity in seconds of rate (default 1 s: a fresh prefix may burst one second's worth). */
  burstS?: number;
  /** Time to first byte of an accepted request (default lognormal, mean 30 ms, sd 10 ms). */
  latency?: DelaySpec;
}

/** Counters of a backend. */
export interface BackendCounters {
  accepted: number;
  slowDown: number;
  outageErrors: number;
  outageNoAnswer: number;
}

const READ_OPS: ReadonlySet<string> = new Set(["GET", "HEAD"]);

/**
 * An S3-like remote backend: per-prefix request-rate limits (token buckets, one per prefix and op class,
 * created on first use, starting full), a time-to-first-byte distribution, and outages. Data bytes move over
 * the Network (give the backend a network node); this object only decides admission and latency.
 */
export class RemoteBackend {
  private readRate: number;
  private writeRate: number;
  readonly burstS: number;
  private readonly clock: Pick<ResourceClock, "now">;
  private readonly latency: DelaySampler;
  private readonly draws: () => number;
  private readonly readBuckets = new Map<string, IntegerTokenBucket>();
  private readonly writeBuckets = new Map<string, IntegerTokenBucket>();
  private outage: OutageMode | null = null;
  private readonly counters: BackendCounters = { accepted: 0, slowDown: 0, outageErrors: 0, outageNoAnswer: 0 };

  constructor(clock: Pick<ResourceClock, "now">, spec: BackendSpec = {}, latencyDraws?: () => number) {
    this.clock = clock;
    this.readRate = spec.readPerS ?? 5500;
    this.writeRate = spec.writePerS ?? 3500;
    this.burstS = spec.burstS ?? 1;
    if (!(this.burstS > 0)) throw new RangeError(`backend: burstS must be > 0, got ${this.burstS}`);
    this.latency = compileDelay(spec.latency ?? { kind: "lognormal", meanNs: 30e6, sdNs: 10e6 }, "backend latency");
    this.draws =
      latencyDraws ??
      (() => {
        throw new Error("backend: a random latency needs latencyDraws (e.g. rng.stream(\"backend/s3/latency\"))");
      });
    // Validate the rates now rather than on the first request.
    new IntegerTokenBucket(this.readPerS, Math.max(1, Math.round(this.readPerS * this.burstS)));
    new IntegerTokenBucket(this.writePerS, Math.max(1, Math.round(this.writePerS * this.burstS)));
  }

  /**
   * Decides a request at the current time: OK (a token was taken), SLOW_DOWN (503; no token), or the outage's
   * verdict. `prefix` is the rate-limiting key (S3 partitions by key prefix; e.g. "bucket/dir/").
   */
  admit(op: BackendOp, prefix: string): BackendVerdict {
    if (this.outage !== null) {
      if (this.outage === "error") {
        this.counters.outageErrors++;
        return BACKEND_ERROR;
      }
      this.counters.outageNoAnswer++;
      return BACKEND_NO_ANSWER;
    }
    const isRead = READ_OPS.has(op);
    const buckets = isRead ? this.readBuckets : this.writeBuckets;
    let bucket = buckets.get(prefix);
    if (bucket === undefined) {
      const rate = isRead ? this.readPerS : this.writePerS;
      bucket = new IntegerTokenBucket(rate, Math.max(1, Math.round(rate * this.burstS)), this.clock.now);
      buckets.set(prefix, bucket);
    }
    if (bucket.tryTake(this.clock.now)) {
      this.counters.accepted++;
      return BACKEND_OK;
    }
    this.counters.slowDown++;
    return BACKEND_SLOW_DOWN;
  }

  /** GET/HEAD limit per prefix, per second. */
  get readPerS(): number {
    return this.readRate;
  }

  /** PUT/COPY/POST/DELETE limit per prefix, per second. */
  get writePerS(): number {
    return this.writeRate;
  }

  /**
   * Changes the per-prefix limits from now on (a throttle fault, and its end): existing prefixes keep the
   * tokens they had, capped at the new burst capacity.
   */
  setLimits(readPerS: number, writePerS: number): void {
    const now = this.clock.now;
    const readCap = Math.max(1, Math.round(readPerS * this.burstS));
    const writeCap = Math.max(1, Math.round(writePerS * this.burstS));
    new IntegerTokenBucket(readPerS, readCap);
    new IntegerTokenBucket(writePerS, writeCap);
    this.readRate = readPerS;
    this.writeRate = writePerS;
    for (const key of [...this.readBuckets.keys()].sort()) this.readBuckets.get(key)!.setRate(readPerS, readCap, now);
    for (const key of [...this.writeBuckets.keys()].sort()) this.writeBuckets.get(key)!.setRate(writePerS, writeCap, now);
  }

  /** One sample of the time to first byte, in integer ns. */
  latencyNs(): number {
    return this.latency.sample(this.draws);
  }

  /** Starts an outage (until endOutage()). */
  startOutage(mode: OutageMode = "error"): void {
    this.outage = mode;
  }

  /** Ends the outage. */
  endOutage(): void {
    this.outage = null;
  }

  /** The current outage mode, or null. */
  get outageMode(): OutageMode | null {
    return this.outage;
  }

  /** Counters so far. */
  stats(): BackendCounters {
    return { ...this.counters };
  }
}
