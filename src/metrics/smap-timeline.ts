import { NS_PER_S } from "../kernel/time.js";
import { GrowableColumn } from "./growable-column.js";

/** One observation: at `timeNs`, `node` installed cluster-map version `version`. */
export interface SmapObservation {
  timeNs: number;
  node: number;
  version: number;
}

/** Cluster-map (Smap) versions over time, per node: when each node installed which version. */
export class SmapTimeline {
  private readonly times = new GrowableColumn(16);
  private readonly nodes = new GrowableColumn(16);
  private readonly versions = new GrowableColumn(16);
  private count = 0;

  /** Records that `node` installed `version` at `timeNs`. */
  observe(node: number, version: number, timeNs: number): void {
    this.times.set(this.count, timeNs);
    this.nodes.set(this.count, node);
    this.versions.set(this.count, version);
    this.count++;
  }

  /** Number of observations. */
  get size(): number {
    return this.count;
  }

  /** All observations in recording order. */
  observations(): SmapObservation[] {
    const out: SmapObservation[] = [];
    for (let i = 0; i < this.count; i++) out.push({ timeNs: this.times.get(i), node: this.nodes.get(i), version: this.versions.get(i) });
    return out;
  }

  /** The version `node` had at `timeNs` (the last installed at or before it), or 0 if none yet. */
  versionAt(node: number, timeNs: number): number {
    let v = 0;
    for (let i = 0; i < this.count; i++) {
      if (this.times.get(i) > timeNs) break;
      if (this.nodes.get(i) === node) v = this.versions.get(i);
    }
    return v;
  }

  /**
   * Per second 0..seconds-1, the highest version installed by the end of that second (0 before any), and the
   * lowest version any observed node held then (a lagging node shows as a gap between the two).
   */
  perSecond(seconds: number): { max: number[]; min: number[] } {
    const max = new Array<number>(seconds).fill(0);
    const min = new Array<number>(seconds).fill(0);
    const current = new Map<number, number>();
    let highest = 0;
    let i = 0;
    for (let s = 0; s < seconds; s++) {
      const endNs = (s + 1) * NS_PER_S;
      while (i < this.count && this.times.get(i) < endNs) {
        const v = this.versions.get(i);
        current.set(this.nodes.get(i), v);
        if (v > highest) highest = v;
        i++;
      }
      max[s] = highest;
      let lowest = current.size > 0 ? Infinity : 0;
      for (const v of current.values()) if (v < lowest) lowest = v;
      min[s] = lowest;
    }
    return { max, min };
  }

  /** The highest version any node held at `timeNs`. */
  maxVersionAt(timeNs: number): number {
    let v = 0;
    for (let i = 0; i < this.count; i++) {
      if (this.times.get(i) > timeNs) break;
      if (this.versions.get(i) > v) v = this.versions.get(i);
    }
    return v;
  }
}
