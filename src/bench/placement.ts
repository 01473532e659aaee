import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { PlacementTable, TABLE_BYTES_PER_OBJECT } from "../placement/placement-table.js";
import { Smap } from "../placement/smap.js";
import { registerBench } from "./registry.js";

/*
 * `aisim bench placement [--json]`: full HRW rate over 10, 100 and 1000 targets (object digest from the uname
 * plus the owner, as AIStore's HrwTarget does per call; the best of three passes), and the incremental re-plan
 * of a 10M-object table over 100 targets when one target joins and when one leaves.
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

/** Seconds taken by `body`. */
function timeS(body: () => void): number {
  const t0 = performance.now();
  body();
  return (performance.now() - t0) / 1000;
}

/** Best of `reps` rates (objects/s) of a full pass over `table`. */
function fullRate(table: PlacementTable, reps: number, options: { digests: boolean; mountpaths: boolean }): number {
  let best = 0;
  for (let r = 0; r < reps; r++) best = Math.max(best, table.count / timeS(() => table.replaceAll(options)));
  return best;
}

registerBench("placement", async (log) => {
  const figures: Record<string, number> = {};
  // Wall-clock rates: a busy machine lowers them, so the load is printed alongside.
  log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  for (const [targets, count] of [[10, 2_000_000], [100, 1_000_000], [1000, 200_000]] as const) {
    const table = PlacementTable.build(cluster(targets, 8), { bucket: BUCKET, template: "obj-%08d", count, sizeBytes: 1 << 20 });
    const withDigest = fullRate(table, 3, { digests: true, mountpaths: false });
    const ownerOnly = fullRate(table, 3, { digests: false, mountpaths: false });
    const withMountpath = fullRate(table, 3, { digests: false, mountpaths: true });
    figures[`hrw_objects_per_s_${targets}`] = Math.round(withDigest);
    figures[`hrw_owner_only_objects_per_s_${targets}`] = Math.round(ownerOnly);
    figures[`hrw_owner_mountpath_objects_per_s_${targets}`] = Math.round(withMountpath);
    log(`full HRW, ${targets} targets: ${(withDigest / 1e6).toFixed(2)}M objects/s from the uname; ` +
      `${(ownerOnly / 1e6).toFixed(2)}M/s from stored digests; ${(withMountpath / 1e6).toFixed(2)}M/s with the mountpath (8 per target)`);
  }

  const count = 10_000_000;
  let table: PlacementTable | undefined;
  const buildS = timeS(() => {
    table = PlacementTable.build(cluster(100, 8), { bucket: BUCKET, template: "obj-%08d", count, sizeBytes: 1 << 20 });
  });
  const t = table as PlacementTable;
  const newcomer = { id: "t101", flags: [], mountpaths: Array.from({ length: 8 }, (_, m) => ({ path: `/ais/mp${m + 1}`, flags: [] })) };
  let joinMoved = 0;
  let leaveMoved = 0;
  const joinS = timeS(() => {
    joinMoved = t.applyJoin(newcomer).objectsMoved;
  });
  const leaveS = timeS(() => {
    leaveMoved = t.applyLeave("t50").objectsMoved;
  });
  figures.build_10m_s = Number(buildS.toFixed(3));
  figures.replan_join_10m_s = Number(joinS.toFixed(3));
  figures.replan_leave_10m_s = Number(leaveS.toFixed(3));
  figures.bytes_per_object = Number(t.bytesPerObject().toFixed(2));
  figures.table_bytes_per_object = TABLE_BYTES_PER_OBJECT;
  log(`10M objects over 100 targets: build ${buildS.toFixed(2)} s; join of t101 ${joinS.toFixed(3)} s (${joinMoved} moved); ` +
    `leave of t50 ${leaveS.toFixed(3)} s (${leaveMoved} moved); ${t.bytesPerObject().toFixed(2)} bytes/object of memory`);
  return figures;
});
