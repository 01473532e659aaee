/** The data-movement inputs of a run: standby targets, timed membership and mountpath actions, EC and mirrored buckets. */

import type { MembershipAction } from "./faults.js";
import type { MovementKnobs } from "./knobs.js";

/** A timed data-movement action: a membership change, an admin command or a mountpath event. */
export type MovementAction =
  /**
   * `retryNs`: sent again this often while the primary refuses it (ErrBusy: a rebalance is running).
   * `rebalance: false`: the map changes without a rebalance (maintenance and stop-maintenance `--no-rebalance`).
   */
  | { readonly atNs: number; readonly action: MembershipAction; readonly node: string; readonly retryNs?: number; readonly rebalance?: boolean }
  | { readonly atNs: number; readonly action: "start-rebalance" }
  /** The admin's cleanup (`ais start rebalance --cleanup`; `force`: remove diverged copies too). */
  | { readonly atNs: number; readonly action: "cleanup"; readonly force: boolean }
  | {
      readonly atNs: number;
      readonly action: "mountpath-disable" | "mountpath-detach" | "mountpath-fail" | "mountpath-enable" | "mountpath-attach";
      readonly node: string;
      readonly mountpath: number;
    };

/** Data-movement inputs of simulate() (all optional). */
export interface MovementSpec {
  /** Targets that exist but are outside the cluster map at t=0 (they join by a "join" action). */
  readonly standby?: readonly string[];
  readonly actions?: readonly MovementAction[];
  /** Erasure-coded buckets (URL form); every ais bucket when `config.ec.enabled`. */
  readonly ecBuckets?: readonly string[];
  /** Mirrored buckets (URL form, `config.mirror.copies` copies); every bucket when `config.mirror.enabled`. */
  readonly mirrorBuckets?: readonly string[];
  /** Overrides of the data-movement knobs (knobs.ts). */
  readonly knobs?: Partial<MovementKnobs>;
}
