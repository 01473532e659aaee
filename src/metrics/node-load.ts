/**
 * The load each node received: attempts sent to it, in total and per second. Nodes are dense model indices, so
 * both are columns indexed by node (and second) that grow as higher indices appear.
 */

import { GrowableColumn } from "./growable-column.js";

/** Attempts received per node, overall and per second. */
export class NodeLoad {
  private readonly total = new GrowableColumn(64);
  private readonly perSecond: GrowableColumn[] = [];

  /** Counts one attempt sent to `node` in `second`. */
  add(node: number, second: number): void {
    this.total.add(node, 1);
    while (this.perSecond.length <= node) this.perSecond.push(new GrowableColumn(16));
    this.perSecond[node].add(second, 1);
  }

  /** Attempts `node` received so far. */
  attempts(node: number): number {
    return this.total.get(node);
  }

  /** Attempts `node` received in each second, `seconds` long (default: up to the last second it received one). */
  attemptsPerSecond(node: number, seconds?: number): Float64Array {
    const column = this.perSecond[node];
    return column === undefined ? new Float64Array(seconds ?? 0) : column.toArray(seconds ?? column.length);
  }
}
