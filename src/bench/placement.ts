import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { objectDigest } from "../placement/digest.js";
import { ownerTarget } from "../placement/hrw.js";
import { PlacementTable, TABLE_BYTES_PER_OBJECT } from "../placement/placement-table.js";
import { Smap } from "../placement/smap.js";
import { registerBench } from "./registry.js";

/*
 * `aisim bench placement [--json]`: full HRW rate over 10, 100 and 1000 targets (object digest from the uname
 * plus the owner, as AIStore's HrwTarget does per call; the best of three passes), and the incremental re-plan
 * of a 10M-object table over 100 targets when one target joins and when one leaves. The work is single-threaded,
 * so rates and durations are measured in process CPU time (on a busy shared machine wall time mostly measures the
 * wait for a core); the wall-clock figures are reported too, with the suffix `_wall`.
 */

const BUCKET = { provider: "ais" as const, namespace: { uuid: "", name: "" }, bucket: "bench" };

function cluster(targets: number, mountpaths: number): Smap {
  return Smap.create({
    targets: Array.from({ length: targets }, (_, i) => ({
      id: `t${i + 1}`,
      mountpaths: Array.from({ length: mountpaths }, (_, m) => `/ais/mp${m + 1}`),
    })),
  });
}

let lastWallS = 0;

/** CPU seconds taken by `body` (the wall-clock seconds go to `lastWallS`). */
function timeS(body: () => void): number {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  body();
  const c = process.cpuUsage(c0);
  lastWallS = (performance.now() - t0) / 1000;
  return (c.user + c.system) / 1e6;
}

/** Best of `reps` rates (objects/s) of a full pass over `table`: [CPU time, wall clock]. */
function fullRate(table: PlacementTable, reps: number, options: { digests: boolean; mountpaths: boolean }): [number, number] {
  let best = 0;
  let bestWall = 0;
  for (let r = 0; r < reps; r++) {
    best = Math.max(best, table.count / timeS(() => table.replaceAll(options)));
    bestWall = Math.max(bestWall, table.count / lastWallS);
  }
  return [best, bestWall];
}

registerBench("placement", async (log) => {
  const figures: Record<string, number> = {};
  // Wall-clock rates: a busy machine lowers them, so the load is printed alongside.
  log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  for (const [targets, count] of [[10, 2_000_000], [100, 1_000_000], [1000, 200_000]] as const) {
    const table = PlacementTable.build(cluster(targets, 8), { bucket: BUCKET, template: "obj-%08d", count, sizeBytes: 1 << 20 });
    const [withDigest, withDigestWall] = fullRate(table, 3, { digests: true, mountpaths: false });
    const [ownerOnly] = fullRate(table, 3, { digests: false, mountpaths: false });
    const [withMountpath] = fullRate(table, 3, { digests: false, mountpaths: true });
    figures[`hrw_objects_per_s_${targets}`] = Math.round(withDigest);
    figures[`hrw_objects_per_s_${targets}_wall`] = Math.round(withDigestWall);
    figures[`hrw_owner_only_objects_per_s_${targets}`] = Math.round(ownerOnly);
    figures[`hrw_owner_mountpath_objects_per_s_${targets}`] = Math.round(withMountpath);
    log(`full HRW, ${targets} targets (CPU time): ${(withDigest / 1e6).toFixed(2)}M objects/s from the uname (wall ${(withDigestWall / 1e6).toFixed(2)}M/s); ` +
      `${(ownerOnly / 1e6).toFixed(2)}M/s from stored digests; ${(withMountpath / 1e6).toFixed(2)}M/s with the mountpath (8 per target)`);
  }

  // Single-object calls (what a modeled proxy asks per request): digest of a uname, then the owner on 16 targets.
  const names = Array.from({ length: 500_000 }, (_, i) => `ais/@#/bench/obj-${String(i).padStart(8, "0")}`);
  const digests: bigint[] = [];
  const digestS = timeS(() => {
    for (const n of names) digests.push(objectDigest(n));
  });
  const smap16 = cluster(16, 0);
  let sink = 0;
  const ownerS = timeS(() => {
    for (const d of digests) sink += ownerTarget(smap16, d)!.id.length;
  });
  figures.xxh64_scalar_per_s = Math.round(names.length / digestS);
  figures.owner_scalar_per_s_16 = Math.round(digests.length / ownerS);
  log(`single calls: objectDigest ${(names.length / digestS / 1e6).toFixed(2)}M/s; ownerTarget over 16 targets ${(digests.length / ownerS / 1e6).toFixed(2)}M/s (${sink > 0 ? "ok" : "?"}; CPU time)`);

  const count = 10_000_000;
  let table: PlacementTable | undefined;
  const buildS = timeS(() => {
    table = PlacementTable.build(cluster(100, 8), { bucket: BUCKET, template: "obj-%08d", count, sizeBytes: 1 << 20 });
  });
  const t = table as PlacementTable;
  const newcomer = { id: "t101", flags: [], mountpaths: Array.from({ length: 8 }, (_, m) => ({ path: `/ais/mp${m + 1}`, flags: [] })) };
  let joinMoved = 0;
  let leaveMoved = 0;
  const buildWallS = lastWallS;
  const joinS = timeS(() => {
    joinMoved = t.applyJoin(newcomer).objectsMoved;
  });
  const joinWallS = lastWallS;
  const leaveS = timeS(() => {
    leaveMoved = t.applyLeave("t50").objectsMoved;
  });
  const leaveWallS = lastWallS;
  figures.build_10m_s = Number(buildS.toFixed(3));
  figures.replan_join_10m_s = Number(joinS.toFixed(3));
  figures.replan_leave_10m_s = Number(leaveS.toFixed(3));
  figures.build_10m_s_wall = Number(buildWallS.toFixed(3));
  figures.replan_join_10m_s_wall = Number(joinWallS.toFixed(3));
  figures.replan_leave_10m_s_wall = Number(leaveWallS.toFixed(3));
  figures.bytes_per_object = Number(t.bytesPerObject().toFixed(2));
  figures.table_bytes_per_object = TABLE_BYTES_PER_OBJECT;
  log(`10M objects over 100 targets (CPU time): build ${buildS.toFixed(2)} s; join of t101 ${joinS.toFixed(3)} s (${joinMoved} moved); ` +
    `leave of t50 ${leaveS.toFixed(3)} s (${leaveMoved} moved); ${t.bytesPerObject().toFixed(2)} bytes/object of memory`);
  return figures;
});
