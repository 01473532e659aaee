import { sFromNs } from "../../../kernel/time.js";
import type { ClusterMap } from "../../ownership/cluster-map.js";
import type { MovementContext } from "./context.js";
import { RebalanceRun } from "./global-rebalance.js";
import type { MovementRow, RebRunSummary } from "./report.js";

/**
 * The cluster's global rebalance as the primary drives it: each trigger bumps the RMD version and starts a run
 * (preempting an older one); a run aborted by a lost peer leaves the cluster "interrupted" — targets keep
 * asking neighbours for missing objects — until a rejoin, restart or admin start runs it again.
 */
export class RebalanceEngine {
  private rmdVersion = 0;
  current: RebalanceRun | null = null;
  /** The last run aborted and none completed since: GFN stays on. */
  interrupted = false;
  /** The map before the latest run's map (GFN asks the object's owner on it first). */
  previousMap: ClusterMap | null = null;
  readonly runs: RebRunSummary[] = [];
  readonly rows: MovementRow[] = [];
  /** Per target (index), objects it received or sent in each whole second of the run (the chart's progress). */
  readonly movedPerSecond: number[][] = [];

  /** Counts a delivered batch for its sender and its receiver, in the second it arrived. */
  countBatch(src: number, dest: number, objects: number, nowNs: number): void {
    const second = Math.floor(sFromNs(nowNs));
    for (const t of [src, dest]) {
      const series = (this.movedPerSecond[t] ??= []);
      series[second] = (series[second] ?? 0) + objects;
    }
  }
  private readonly doneHooks: Array<(run: RebalanceRun) => void> = [];

  private readonly onBatch = (src: number, dest: number, objects: number, nowNs: number): void => this.countBatch(src, dest, objects, nowNs);

  constructor(private readonly ctx: MovementContext) {}

  /** Called when a run completes or aborts. */
  onRunEnd(hook: (run: RebalanceRun) => void): void {
    this.doneHooks.push(hook);
  }

  /** True while a run is in progress. */
  get running(): boolean {
    return this.current !== null && this.current.running;
  }

  /** Starts a rebalance over `map` (the primary's current map); `before` is the map objects were placed on. */
  start(reason: string, map: ClusterMap, before: ClusterMap | null): RebalanceRun | null {
    if (!this.ctx.cluster.spec.config.rebalance.enabled) return null;
    const older = this.current;
    const preempted = older !== null && older.running;
    if (preempted) older!.abort(`preempted by a newer run (${reason})`);
    if (before !== null) this.previousMap = before;
    const run = new RebalanceRun(this.ctx, ++this.rmdVersion, map, reason, preempted, (r) => this.ended(r), this.onBatch);
    this.current = run;
    this.runs.push(run.summary);
    this.ctx.sim.note("rebalance", `g${run.rebId} start (${reason}) on Smap v${map.version}`);
    run.start();
    for (const row of run.rows.values()) this.rows.push(row);
    return run;
  }

  /** A peer left the map (keepalive removal): a running run aborts; no new run starts. */
  peerRemoved(targets: readonly number[]): void {
    const run = this.current;
    if (run === null || !run.running) return;
    if (targets.some((t) => run.participants.includes(t))) run.abort(`peer removed from the map`);
  }

  private ended(run: RebalanceRun): void {
    if (run === this.current) this.interrupted = run.summary.state === "aborted";
    for (const h of this.doneHooks) h(run);
  }

  /** GFN is on cluster-wide: a run in progress or an interrupted one. */
  get gfnOn(): boolean {
    return this.running || this.interrupted;
  }
}
