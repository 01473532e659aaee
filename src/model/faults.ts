/**
 * The failure-schedule vocabulary, written once: each fault action's shape (`FaultSpec`) and one table of what
 * each action takes and what ends it (`FAULT_ACTIONS`), which the schema, the resolver, the schedule, the
 * membership split and the reports' fault windows all read.
 */

/** A node set: every node of the kind, or an explicit list of IDs. */
export type NodeSet = "all" | readonly string[];

/** Fields of every scheduled fault: `atNs` is measured from the start of the run (warmup included). */
interface FaultAt {
  readonly atNs: number;
}

/**
 * How a restart stops the process: `term` is a graceful stop (SIGTERM, what Kubernetes rollouts and systemd send:
 * the target leaves the map at once, serves a 0.5 s grace, exits, and joins as a new node when it starts again);
 * `kill` is a crash (SIGKILL, OOM, power loss: it stays in the map until keepalive removes it, and rejoins as
 * "restarted").
 */
export type StopSignal = "term" | "kill";

/** The membership changes: carried out by the data-movement model (join: the target is outside the map until then). */
export type MembershipAction = "join" | "maintenance" | "decommission" | "stop-maintenance";

/** One entry of the failure schedule. `forNs` absent means "until the end of the run". */
export type FaultSpec =
  | (FaultAt & { readonly action: "crash"; readonly node: string; readonly forNs?: number })
  /** The host goes away (power, kernel panic): nothing answers, so clients wait out their connect timeouts. */
  | (FaultAt & { readonly action: "power-off"; readonly node: string; readonly forNs?: number })
  | (FaultAt & { readonly action: "restart"; readonly node: string; readonly downNs: number; readonly signal: StopSignal })
  | (FaultAt & { readonly action: "rolling-restart"; readonly targets: NodeSet; readonly downNs: number; readonly gapNs: number; readonly signal: StopSignal })
  | (FaultAt & { readonly action: "hang"; readonly node: string; readonly forNs?: number })
  | (FaultAt & { readonly action: "slow"; readonly node: string; readonly factor: number; readonly forNs?: number })
  | (FaultAt & { readonly action: "partition"; readonly nodes: readonly string[]; readonly from: NodeSet; readonly forNs?: number })
  | (FaultAt & { readonly action: "blip"; readonly durationNs: number; readonly nodes: NodeSet })
  | (FaultAt & { readonly action: "latency-spike"; readonly addNs: number; readonly nodes: NodeSet; readonly forNs?: number })
  | (FaultAt & { readonly action: "disk-fail"; readonly node: string; readonly mountpath: number })
  | (FaultAt & { readonly action: "backend-throttle"; readonly bucket: string; readonly ratePerS: number; readonly forNs?: number })
  | (FaultAt & { readonly action: "backend-outage"; readonly bucket: string; readonly forNs?: number })
  | (FaultAt & { readonly action: "proxy-crash"; readonly node: string; readonly forNs?: number })
  /**
   * `retryNs`: an admin command the primary refuses (ErrBusy while a rebalance runs) is sent again this often.
   * `rebalance: false` (maintenance, stop-maintenance; `--no-rebalance`): the map changes, no rebalance runs.
   */
  | (FaultAt & { readonly action: MembershipAction; readonly node: string | readonly string[]; readonly retryNs?: number; readonly rebalance?: boolean })
  /** The admin's rebalance cleanup (`reb/cleanup.go`): removes misplaced copies the owner holds identically. */
  | (FaultAt & { readonly action: "cleanup"; readonly force: boolean })
  | (FaultAt & {
      readonly action: "stochastic";
      /** Which component fails: target and proxy processes crash; a mountpath's disk fails. */
      readonly class: "target" | "proxy" | "mountpath";
      readonly mtbfNs: number;
      readonly mttrNs: number;
      /** End of the window in which failures are drawn (absent: end of run). */
      readonly untilNs?: number;
    });

/** Every fault action name. */
export type FaultAction = FaultSpec["action"];

/** The faults the fault schedule carries out: every action but those of the data-movement model. */
export type TimedFault = Exclude<FaultSpec, { readonly action: MembershipAction | "cleanup" }>;

/** What one fault action takes and how its window ends. */
export interface FaultActionInfo {
  /** What its node fields name: a target, a proxy (or "primary"), any server, a bucket, a class of components, or none. */
  readonly nodeKind: "target" | "proxy" | "server" | "bucket" | "class" | "none";
  /**
   * The fault-log action that ends its window for the same nodes, when the schedule logs the end (the log writes
   * `crash` for restarts and stochastic crashes too, so `crash` closes those).
   */
  readonly closedBy?: "restart" | "unhang" | "heal";
  /** Its window lasts the spec's `for`: the schedule logs no end. */
  readonly timedBySpec?: true;
  /** A membership change, carried out by the data-movement model rather than the fault schedule. */
  readonly membership?: true;
  /** Carried out by the data-movement model (the membership changes and the admin's cleanup). */
  readonly dataMovement?: true;
}

/** Every fault action: what its nodes are and what ends it. */
export const FAULT_ACTIONS: { readonly [A in FaultAction]: FaultActionInfo } = {
  crash: { nodeKind: "server", closedBy: "restart" },
  "power-off": { nodeKind: "server", closedBy: "restart" },
  restart: { nodeKind: "server" },
  "rolling-restart": { nodeKind: "target" },
  hang: { nodeKind: "server", closedBy: "unhang" },
  slow: { nodeKind: "server", timedBySpec: true },
  partition: { nodeKind: "server", closedBy: "heal" },
  blip: { nodeKind: "server", closedBy: "heal" },
  "latency-spike": { nodeKind: "server", timedBySpec: true },
  "disk-fail": { nodeKind: "target" },
  "backend-throttle": { nodeKind: "bucket", timedBySpec: true },
  "backend-outage": { nodeKind: "bucket", timedBySpec: true },
  "proxy-crash": { nodeKind: "proxy", closedBy: "restart" },
  join: { nodeKind: "target", membership: true, dataMovement: true },
  maintenance: { nodeKind: "target", membership: true, dataMovement: true },
  decommission: { nodeKind: "target", membership: true, dataMovement: true },
  "stop-maintenance": { nodeKind: "target", membership: true, dataMovement: true },
  cleanup: { nodeKind: "none", dataMovement: true },
  stochastic: { nodeKind: "class" },
};

/** Fault-log entries that are not fault actions but open a window: a graceful stop, ended by the restart. */
export const FAULT_LOG_ACTIONS: { readonly [name: string]: FaultActionInfo } = {
  stop: { nodeKind: "server", closedBy: "restart" },
};

/** The action's table row (fault actions and window-opening log entries); undefined for others (`heal`…). */
export function faultActionInfo(action: string): FaultActionInfo | undefined {
  if (Object.hasOwn(FAULT_ACTIONS, action)) return FAULT_ACTIONS[action as FaultAction];
  return Object.hasOwn(FAULT_LOG_ACTIONS, action) ? FAULT_LOG_ACTIONS[action] : undefined;
}

/** True for the membership changes (join, maintenance, decommission, stop-maintenance). */
export function isMembershipFault(fault: FaultSpec): fault is Extract<FaultSpec, { readonly action: MembershipAction }> {
  return FAULT_ACTIONS[fault.action].membership === true;
}

/** True for what the data-movement model carries out: the membership changes and the cleanup. */
export function isDataMovementFault(fault: FaultSpec): fault is Extract<FaultSpec, { readonly action: MembershipAction | "cleanup" }> {
  return FAULT_ACTIONS[fault.action].dataMovement === true;
}
