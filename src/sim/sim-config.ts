/**
 * The typed input of `simulate(config)`: a cluster, a workload, a fault schedule and a client retry policy, with
 * the run's options. The vocabulary itself (ClusterSpec, ClusterWorkload, TimedFault, MovementSpec, knobs) is
 * defined once in src/model/; a loaded experiment's parts are passed as they are.
 */

import type { RecordsOption } from "../metrics/index.js";
import type { ClusterSpec } from "../model/cluster.js";
import type { TimedFault } from "../model/faults.js";
import type { ClusterKnobs } from "../model/knobs.js";
import type { MovementSpec } from "../model/movement.js";
import type { ClusterWorkload } from "../model/workload.js";

/** The client retry policy: a preset of src/retry and overrides of its params. */
export interface PolicySpec {
  readonly preset: string;
  readonly set?: Readonly<Record<string, unknown>>;
}

/** The input of simulate(). */
export interface SimConfig {
  readonly seed: number;
  readonly durationNs: number;
  readonly warmupNs?: number;
  readonly cluster: ClusterSpec;
  readonly workload: ClusterWorkload;
  readonly faults?: readonly TimedFault[];
  readonly policy: PolicySpec;
  /** Overrides of the cluster knobs (src/model/knobs.ts). */
  readonly knobs?: Partial<ClusterKnobs>;
  /** Per-request records to keep (default none). */
  readonly records?: RecordsOption;
  /**
   * After `durationNs` clients stop starting requests and the run continues until every request ended
   * (default true; the lifecycle checker then demands that nothing is left open).
   */
  readonly drain?: boolean;
  /** Track object versions for the "GET returns the current version" checker (costs memory; tests). */
  readonly checkVersions?: boolean;
  /** Guard against runaway runs. */
  readonly maxEvents?: number;
  /** Sample NIC and disk utilisation every second into `result.utilisation` (adds one event per second). */
  readonly utilisation?: boolean;
  /**
   * Placement: "aistore" (default) = AIStore's HRW, bit-exact, objects named `obj-%08d`; "interim" = a 32-bit
   * HRW with the same rules and other owners (cheaper set-up for huge populations).
   */
  readonly placement?: "aistore" | "interim";
  /** Data movement: standby targets, joins, maintenance, decommission, mountpath events, EC and mirroring. */
  readonly movement?: MovementSpec;
}
