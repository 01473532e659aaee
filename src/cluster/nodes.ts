import type { Disk } from "./resources/index.js";
import type { ClusterMap } from "./ownership/cluster-map.js";
import type { CpuQueue } from "./resources/cpu-queue.js";
import type { Attempt } from "./http/attempt.js";
import type { InflightList } from "./http/inflight-list.js";

/** A node's process as the behaviour layer sees it. */
export const PROC_UP = 0;
export const PROC_DOWN = 1;
export const PROC_HUNG = 2;
export type ProcState = typeof PROC_UP | typeof PROC_DOWN | typeof PROC_HUNG;

/** State common to proxies and targets. */
export interface NodeBase {
  readonly kind: "proxy" | "target";
  readonly id: string;
  /** Index among its kind (proxies 0.., targets 0..). */
  readonly index: number;
  readonly net: number;
  /** Index in metrics numbering: proxies 0..P-1, then targets P..P+T-1. */
  readonly metricsNode: number;
  proc: ProcState;
  /**
   * False while starting after a restart: a proxy answers 503; a target has not joined and its listeners are not
   * up yet (connections are refused). Neither sends keepalives then.
   */
  ready: boolean;
  /** Bumped on every crash: work started before it is void. */
  epoch: number;
  /** This node's view of the cluster map. */
  smap: ClusterMap;
  readonly cpu: CpuQueue;
  /** Service-time multiplier (slow fault). */
  slowFactor: number;
  /** Steps of requests that stopped because the node hangs; they continue when it resumes. */
  parked: Array<{ readonly attempt: Attempt; readonly resume: () => void }>;
}

/** A proxy: routes by its own map, never checks targets' liveness. */
export interface ProxyNode extends NodeBase {
  readonly kind: "proxy";
}

/** Lock state of one object's cold GET on a target (see http/cold-get.ts). */
export interface ColdLock {
  /** Attempts holding a read lock and trying to upgrade. */
  readers: number;
  /** True while one attempt holds the write lock and fetches from the backend. */
  writing: boolean;
  /** Late arrivals blocked behind the write lock. */
  waiters: Attempt[];
}

/** A storage target. */
export interface TargetNode extends NodeBase {
  readonly kind: "target";
  /**
   * AIStore's `node_restarted` marker: set while the process runs, removed on a graceful stop (target.go). A
   * target that starts with it rejoins as "restarted"; one stopped gracefully joins as a new node.
   */
  restartMarker: boolean;
  /** The process started with the marker present (AIStore's NodeRestarted): its join is a "restarted" rejoin. */
  restarted: boolean;
  readonly disks: Disk[];
  /** Mountpaths failed by a disk fault. */
  readonly diskFailed: boolean[];
  /** Attempts it is serving (failed with "reset" if it crashes). */
  readonly inflight: InflightList<Attempt>;
  /** Cold GETs in progress, by bucket·population + object. */
  coldLocks: Map<number, ColdLock>;
}
