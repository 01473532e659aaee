import { deriveSeed } from "../kernel/index.js";

/**
 * The seed of replication `replication` of an experiment seeded `specSeed`: a 64-bit hex string derived by name,
 * so replications are independent of each other, and the same for every variant and sweep point (common random
 * numbers). The simulator derives every component's stream from it by name in turn.
 */
export function replicationSeed(specSeed: number | string, replication: number): string {
  return deriveSeed(String(specSeed), `replication/${replication}`);
}
