import { deriveSeed } from "../../kernel/index.js";

/**
 * The seed of replication `replication` of an experiment seeded `specSeed`: the first 52 bits of a 64-bit hash
 * derived by name (a safe integer), so replications are independent of each other, and the same for every
 * variant and sweep point (common random numbers). The simulator derives every component's stream from it by
 * name in turn.
 */
export function replicationSeed(specSeed: number | string, replication: number): number {
  return Number.parseInt(deriveSeed(String(specSeed), `replication/${replication}`).slice(0, 13), 16);
}
