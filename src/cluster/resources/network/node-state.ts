/**
 * Liveness of a simulated node, as the network sees it, and the answer a connection attempt gets.
 * The behaviour layer maps these to client-visible errors: REFUSED after one RTT (process down: the host's
 * TCP stack answers RST), NO_ANSWER = the connect timeout fires (host down or partitioned: SYNs vanish),
 * ACCEPTED_NO_RESPONSE = the read timeout fires (hung process: the kernel accepts, the process never answers).
 */
export const NODE_UP = 0;
/** The host runs but the server process is not listening (crashed, restarting). */
export const NODE_PROCESS_DOWN = 1;
/** The whole host is unreachable (powered off, kernel panic). */
export const NODE_HOST_DOWN = 2;
/** The process accepts connections but never responds (deadlock, GC stall, disk hang). */
export const NODE_HUNG = 3;
/**
 * The process runs but does not listen yet: it starts its HTTP listeners only after it joined the cluster
 * (AIStore target.Run: joinCluster, then htrun.run). It can connect out; connections to it are refused.
 */
export const NODE_STARTING = 4;
export type NodeState = typeof NODE_UP | typeof NODE_PROCESS_DOWN | typeof NODE_HOST_DOWN | typeof NODE_HUNG | typeof NODE_STARTING;

/** A connection from→to would be accepted and served. */
export const REACH_OK = 0;
/** Refused: the answer (RST) arrives after one round trip. */
export const REACH_REFUSED = 1;
/** Nothing answers: the caller's connect timeout decides. */
export const REACH_NO_ANSWER = 2;
/** Accepted, but no response ever comes: the caller's read timeout decides. */
export const REACH_ACCEPTED_NO_RESPONSE = 3;
export type Reachability =
  | typeof REACH_OK
  | typeof REACH_REFUSED
  | typeof REACH_NO_ANSWER
  | typeof REACH_ACCEPTED_NO_RESPONSE;

const STATE_NAMES = ["up", "process-down", "host-down", "hung", "starting"] as const;
const REACH_NAMES = ["ok", "refused", "no-answer", "accepted-no-response"] as const;

/** Name of a node state, for traces and reports. */
export function nodeStateName(state: NodeState): string {
  return STATE_NAMES[state];
}

/** Name of a reachability answer, for traces and reports. */
export function reachabilityName(r: Reachability): string {
  return REACH_NAMES[r];
}

/**
 * The answer a connection from `fromState` to `toState` gets, given whether a partition separates them.
 * A sender that is itself down or hung cannot connect at all: NO_ANSWER (the caller should not be sending).
 */
export function reachabilityOf(fromState: NodeState, toState: NodeState, partitioned: boolean): Reachability {
  if (fromState !== NODE_UP && fromState !== NODE_STARTING) return REACH_NO_ANSWER;
  if (partitioned || toState === NODE_HOST_DOWN) return REACH_NO_ANSWER;
  if (toState === NODE_PROCESS_DOWN || toState === NODE_STARTING) return REACH_REFUSED;
  if (toState === NODE_HUNG) return REACH_ACCEPTED_NO_RESPONSE;
  return REACH_OK;
}
