import { exponential, spawn, type ProcessBody, type Simulator } from "../../kernel/index.js";
import type { Cluster, NodeRef } from "../../cluster/cluster.js";
import type { NodeSet, StopSignal, TimedFault } from "../../model/faults.js";

/** A fault action that happened, for results and traces. */
export interface FaultEvent {
  readonly atNs: number;
  readonly action: string;
  readonly nodes: readonly string[];
}

/**
 * Runs a failure schedule against a cluster: each timed entry is a kernel process that acts at `atNs` and
 * undoes itself after its duration; stochastic entries draw up/down times per node from `faults/…` streams,
 * so fault timings are identical across policy variants of one seed.
 */
export class FaultSchedule {
  readonly log: FaultEvent[] = [];

  constructor(
    private readonly sim: Simulator,
    private readonly cluster: Cluster,
    private readonly faults: readonly TimedFault[],
    private readonly endNs: number,
  ) {}

  /** Starts every entry. */
  start(): void {
    this.faults.forEach((f, i) => spawn(this.sim, this.run(f, i), { name: `faults/${i}/${f.action}` }));
  }

  private record(action: string, nodes: readonly string[]): void {
    this.log.push({ atNs: this.sim.now, action, nodes });
    this.sim.note("faults", action, { nodes });
  }

  /** Stops a node for a restart: gracefully (`term`, logged "stop") or by a crash (`kill`, logged "crash"). */
  private stop(id: string, signal: StopSignal): void {
    if (signal === "term") this.cluster.stop(this.cluster.node(id));
    else this.cluster.crash(this.cluster.node(id));
    this.record(signal === "term" ? "stop" : "crash", [id]);
  }

  private refs(set: NodeSet, kind: "proxy" | "target" | "any"): { ids: string[]; refs: NodeRef[] } {
    const c = this.cluster;
    const ids = set === "all" ? (kind === "any" ? [...c.ids("proxy"), ...c.ids("target")] : c.ids(kind)) : [...set];
    return { ids, refs: ids.map((id) => c.node(id)) };
  }

  private *run(f: TimedFault, i: number): ProcessBody<void> {
    const c = this.cluster;
    if (f.atNs > this.sim.now) yield f.atNs - this.sim.now;
    switch (f.action) {
      case "crash":
      case "proxy-crash":
      case "power-off": {
        // power-off: the host is gone, not just the process (no answer instead of refused).
        c.crash(c.node(f.node), f.action === "power-off");
        this.record(f.action, [f.node]);
        if (f.forNs === undefined) return;
        yield f.forNs;
        c.restart(c.node(f.node));
        this.record("restart", [f.node]);
        return;
      }
      case "restart": {
        this.stop(f.node, f.signal);
        yield f.downNs;
        c.restart(c.node(f.node));
        this.record("restart", [f.node]);
        return;
      }
      case "rolling-restart": {
        const { ids } = this.refs(f.targets, "target");
        for (let k = 0; k < ids.length; k++) {
          if (k > 0) yield f.gapNs;
          this.stop(ids[k], f.signal);
          yield f.downNs;
          c.restart(c.node(ids[k]));
          this.record("restart", [ids[k]]);
        }
        return;
      }
      case "hang": {
        c.hang(c.node(f.node));
        this.record("hang", [f.node]);
        if (f.forNs === undefined) return;
        yield f.forNs;
        c.unhang(c.node(f.node));
        this.record("unhang", [f.node]);
        return;
      }
      case "slow": {
        c.slow(c.node(f.node), f.factor);
        this.record("slow", [f.node]);
        if (f.forNs === undefined) return;
        yield f.forNs;
        c.slow(c.node(f.node), 1);
        return;
      }
      case "partition": {
        const from = f.from === "all" ? "all" : this.refs(f.from, "any").refs;
        const cut = c.partition(f.nodes.map((id) => c.node(id)), from);
        this.record("partition", f.nodes);
        if (f.forNs === undefined) return;
        yield f.forNs;
        c.heal(cut);
        this.record("heal", f.nodes);
        return;
      }
      case "blip": {
        // Every server of the set unreachable from everyone for the duration; connections survive.
        const { ids, refs } = this.refs(f.nodes, "any");
        const cut = c.partition(refs, "all");
        this.record("blip", ids);
        yield f.durationNs;
        c.heal(cut);
        this.record("heal", ids);
        return;
      }
      case "latency-spike": {
        const { ids, refs } = this.refs(f.nodes, "any");
        c.latencySpike(refs, f.addNs);
        this.record("latency-spike", ids);
        if (f.forNs === undefined) return;
        yield f.forNs;
        c.latencySpike(refs, 0);
        return;
      }
      case "disk-fail": {
        const ref = c.node(f.node);
        if (ref.kind !== "target") throw new RangeError(`fault ${i}: disk-fail needs a target, got ${f.node}`);
        c.mountpathFault(ref.index, f.mountpath);
        this.record("disk-fail", [f.node]);
        return;
      }
      case "backend-throttle": {
        const b = c.bucketIndex(f.bucket);
        const spec = c.spec.buckets[b].backend!;
        c.backendLimits(b, f.ratePerS, f.ratePerS);
        this.record("backend-throttle", [f.bucket]);
        if (f.forNs === undefined) return;
        yield f.forNs;
        c.backendLimits(b, spec.getPerS, spec.putPerS);
        return;
      }
      case "backend-outage": {
        const b = c.bucketIndex(f.bucket);
        c.backendOutage(b, true);
        this.record("backend-outage", [f.bucket]);
        if (f.forNs === undefined) return;
        yield f.forNs;
        c.backendOutage(b, false);
        return;
      }
      case "stochastic": {
        const until = f.untilNs ?? this.endNs;
        if (f.class === "mountpath") {
          for (const t of c.targets) {
            for (let m = 0; m < t.disks.length; m++) spawn(this.sim, this.diskFailures(t.index, t.id, m, f.mtbfNs, until));
          }
          return;
        }
        for (const id of c.ids(f.class)) spawn(this.sim, this.nodeFailures(id, f.mtbfNs, f.mttrNs, until), { name: `faults/stochastic/${id}` });
        return;
      }
    }
  }

  /** Up for Exp(MTBF), down for Exp(MTTR), repeat, from the node's own stream. */
  private *nodeFailures(id: string, mtbfNs: number, mttrNs: number, untilNs: number): ProcessBody<void> {
    const u = this.sim.rng.stream(`faults/stochastic/${id}`);
    const c = this.cluster;
    for (;;) {
      const upNs = Math.max(1, Math.round(exponential(u, mtbfNs)));
      if (this.sim.now + upNs >= untilNs) return;
      yield upNs;
      c.crash(c.node(id));
      this.record("crash", [id]);
      yield Math.max(1, Math.round(exponential(u, mttrNs)));
      c.restart(c.node(id));
      this.record("restart", [id]);
    }
  }

  /** A mountpath fails after Exp(MTBF) (no repair: disks are replaced by operators, not modeled). */
  private *diskFailures(target: number, id: string, mp: number, mtbfNs: number, untilNs: number): ProcessBody<void> {
    const u = this.sim.rng.stream(`faults/stochastic/${id}/mp/${mp}`);
    const upNs = Math.max(1, Math.round(exponential(u, mtbfNs)));
    if (this.sim.now + upNs >= untilNs) return;
    yield upNs;
    this.cluster.mountpathFault(target, mp);
    this.record("disk-fail", [id]);
  }
}
