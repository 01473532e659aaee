import type { TransportError } from "../../retry/contract.js";
import type { EventId } from "../../kernel/index.js";
import type { InflightList } from "./inflight-list.js";
import type { HeaderWatch } from "./header-watch.js";

/** Whoever sent an attempt; told once when it ended. */
export interface AttemptOwner {
  attemptDone(attempt: Attempt): void;
}

/** The logical request an attempt belongs to: what each of its attempts asks for. */
export interface AttemptRequest {
  /** Operation id (ops.ts). */
  readonly op: number;
  readonly bucket: number;
  readonly object: number;
  readonly sizeBytes: number;
}

/** The client host that sends an attempt: the same for every attempt of that host. */
export interface AttemptClient {
  /** Network node of the client host. */
  readonly net: number;
  /** Proxy the client talks to (its endpoint). */
  readonly proxy: number;
  readonly connectTimeoutNs: number;
  readonly readTimeoutNs: number;
}

/**
 * One HTTP attempt of a client request as it moves through the cluster: to the proxy (unless it goes straight to
 * a target it was redirected to before), the redirect, the target, the response. Ends exactly once, with a
 * status or a transport error; stale callbacks of an ended attempt see `live === false` and do nothing.
 */
export class Attempt {
  live = true;
  /** Kernel timer of the current connect/read timeout or body watchdog. */
  timer: EventId = -1;
  /** When the read timeout of the response headers expires. */
  deadlineNs = 0;
  /** The client's header watch, which times the headers instead of `timer` when it is free (null: none). */
  watch: HeaderWatch<Attempt> | null = null;
  /** Network transfer in progress (-1: none). */
  transfer = -1;
  /** Target serving it right now (-1: none), for crash handling. */
  servingTarget = -1;
  /** Target the proxy redirected to (-1: no redirect in this attempt). */
  redirectTo = -1;
  /** When the proxy sent the redirect (valid when redirectTo ≥ 0). */
  redirectNs = 0;
  /** HTTP status of the final response (0 when it ended with a transport error). */
  status = 0;
  /** Service error code of the response (e.g. `SlowDown`). */
  code: string | undefined = undefined;
  error: TransportError | null = null;
  /** Object version returned by a successful GET (0 otherwise). */
  version = 0;
  /** Cold-GET lock: next back-off sleep and total slept, while it waits to upgrade. */
  coldSleepNs = 0;
  coldSleptNs = 0;
  /** Node the metrics count it at (proxy or target, in metrics numbering). */
  metricsNode = 0;
  /** Metrics handle of this attempt. */
  handle = 0;
  /** The serving target's in-flight list it is on (null: none), and its neighbours there. */
  inflightOf: InflightList<Attempt> | null = null;
  inflightPrev: Attempt | null = null;
  inflightNext: Attempt | null = null;

  // Copied from the request and the client at construction: the data path reads them on every step, so they sit
  // on the attempt itself rather than one pointer away. Both sources exist already: nothing is allocated for them.
  readonly op: number;
  readonly bucket: number;
  readonly object: number;
  readonly sizeBytes: number;
  /** Network node of the client host. */
  readonly hostNet: number;
  /** Proxy the client talks to (its endpoint). */
  readonly proxy: number;
  readonly connectTimeoutNs: number;
  readonly readTimeoutNs: number;

  constructor(
    /** The logical request sending it, told when it ends. */
    readonly owner: AttemptOwner & AttemptRequest,
    client: AttemptClient,
    /** Target to go to directly (a same-url retry), or -1 to go through the proxy. */
    readonly directTarget: number,
  ) {
    this.op = owner.op;
    this.bucket = owner.bucket;
    this.object = owner.object;
    this.sizeBytes = owner.sizeBytes;
    this.hostNet = client.net;
    this.proxy = client.proxy;
    this.connectTimeoutNs = client.connectTimeoutNs;
    this.readTimeoutNs = client.readTimeoutNs;
  }
}
