// The cluster's physical resources: network (NICs, hop latency, liveness, partitions), mountpath disks and the
// S3-like remote backend. See README.md beside this file for the models and their rules.
export type { ResourceClock, ResourceRng } from "./clock.js";
export { NO_TIMER } from "./clock.js";
export { UtilisationSampler, type UtilisationSeries } from "./utilisation-sampler.js";
export { compileDelay, constantDelay, type DelaySpec, type DelaySampler } from "./delay.js";
export {
  Network,
  TRANSFER_OK,
  TRANSFER_ABORTED,
  type TransferStatus,
  type TransferDone,
  type TransferHandle,
  type NetNodeId,
  type NicSpec,
  type NetworkOptions,
  type NicCounters,
} from "./network/network.js";
export {
  NODE_UP,
  NODE_PROCESS_DOWN,
  NODE_HOST_DOWN,
  NODE_HUNG,
  NODE_STARTING,
  REACH_OK,
  REACH_REFUSED,
  REACH_NO_ANSWER,
  REACH_ACCEPTED_NO_RESPONSE,
  nodeStateName,
  reachabilityName,
  reachabilityOf,
  type NodeState,
  type Reachability,
} from "./network/node-state.js";
export type { CutId } from "./network/partitions.js";
export { payloadBytesPerS } from "./network/framing.js";
export { Disk, IO_OK, IO_FAILED, type IoStatus, type IoDone, type IoHandle, type DiskOptions, type DiskCounters } from "./disk/disk.js";
export { diskSpec, DISK_KINDS, type DiskKind, type DiskSpec } from "./disk/disk-kinds.js";
export { IntegerTokenBucket } from "./backend/token-bucket.js";
export {
  RemoteBackend,
  BACKEND_OK,
  BACKEND_SLOW_DOWN,
  BACKEND_ERROR,
  BACKEND_NO_ANSWER,
  type BackendOp,
  type BackendVerdict,
  type BackendSpec,
  type BackendCounters,
  type OutageMode,
} from "./backend/remote-backend.js";
