import type { Simulator } from "../../../kernel/index.js";
import type { Cluster } from "../../cluster.js";
import type { MountpathLocations } from "../resilver/mountpath-locations.js";
import type { MovementKnobs } from "../../../model/knobs.js";

/** What the data-movement modules share: the cluster, the simulator, mountpath locations and their knobs. */
export interface MovementContext {
  readonly sim: Simulator;
  readonly cluster: Cluster;
  readonly locations: MountpathLocations;
  readonly knobs: MovementKnobs;
  /** Targets flagged for maintenance or decommission: out of HRW, still holding data (they drain). */
  readonly draining: Set<number>;
  /** Object size of a bucket (the model keeps one size per bucket). */
  sizeOf(bucket: number): number;
}
