// The placement module's public surface (see README.md).
export { objectDigest, nodeDigest, xxh64, xoshiro256Hash, halves, fromHalves, compareUtf8, MLCG32 } from "./digest.js";
export { uname, nsUname, parseObjectName, parseBucketRef, providerOf, GLOBAL_NAMESPACE } from "./uname.js";
export type { Provider, Namespace, ObjectName, BucketRef } from "./uname.js";
export { Smap, isActiveTarget } from "./smap.js";
export type { TargetNode, ProxyNode, Mountpath, TargetFlag, ProxyFlag, MountpathFlag, SmapInit } from "./smap.js";
export { ownerTarget, ownerInclMaintenance, rankedTargets, mountpathFor, eligibleMountpaths, nextPrimary } from "./hrw.js";
export { PlacementTable, TABLE_BYTES_PER_OBJECT } from "./placement-table.js";
export type { PopulationSpec } from "./placement-table.js";
export { MovementCounter } from "./movement.js";
export type { Movement, TargetMovement } from "./movement.js";
export { DEFAULT_TEMPLATE, parseTemplate, formatName } from "./name-pattern.js";
export { readClusterFile } from "./cluster-file.js";
export type { ClusterFile, BucketSpec } from "./cluster-file.js";
