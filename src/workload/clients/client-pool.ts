import type { Simulator, Uniform } from "../../kernel/index.js";
import type { Cluster } from "../../cluster/cluster.js";
import type { ObjectPicker, ObjectSizes, OpPicker } from "../population.js";
import { isHedgingPolicy } from "../../retry/libraries/hedging.js";
import { HedgedRequest } from "./hedged-request.js";
import { Request, type ClientHost, type DriverContext, type LogicalRequest, type RequestListener } from "./request-driver.js";

/** What every client generator shares: the driver context, the hosts, the population and the stop time. */
export interface ClientPoolContext {
  readonly driver: DriverContext;
  readonly hosts: readonly ClientHost[];
  readonly bucket: number;
  /** Sizes of the population's objects. */
  readonly sizes: ObjectSizes;
  readonly objects: ObjectPicker;
  readonly ops: OpPicker;
  /** No request starts at or after this time. */
  readonly stopNs: number;
}

/** A workload generator: starts at t=0 and reports how many requests are open. */
export interface ClientGenerator extends RequestListener {
  start(): void;
  readonly open: number;
  /** Set by the runner: called once when a finite workload (bulk copy, trace) has ended its last request. */
  onFinished?: () => void;
}

/** Starts one request; the helper all generators use. */
export function startRequest(
  ctx: ClientPoolContext,
  listener: RequestListener,
  host: ClientHost,
  client: number,
  op: number,
  object: number,
  sizeBytes = ctx.sizes.sizeOf(object),
  bucket = ctx.bucket,
): LogicalRequest {
  const policy = host.policy;
  if (host.hedging && isHedgingPolicy(policy)) return new HedgedRequest(ctx.driver, host, client, op, bucket, object, sizeBytes, listener, policy);
  return new Request(ctx.driver, host, client, op, bucket, object, sizeBytes, listener);
}

/** Streams of one worker, named so that workload draws are the same across policy variants. */
export function workerStreams(sim: Simulator, who: string): { op: Uniform; object: Uniform; think: Uniform } {
  return {
    op: sim.rng.stream(`workload/${who}/op`),
    object: sim.rng.stream(`workload/${who}/object`),
    think: sim.rng.stream(`workload/${who}/think`),
  };
}

/** The cluster of a pool. */
export function clusterOf(ctx: ClientPoolContext): Cluster {
  return ctx.driver.cluster;
}
