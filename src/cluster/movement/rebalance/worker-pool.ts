/** Workers per mountpath by disk kind (AIStore's traverse pool, xact/nwp.go: HDD 1, SSD 4, NVMe 8). */
export const WORKERS_PER_MOUNTPATH = { hdd: 1, ssd: 4, nvme: 8 } as const;

/** Worker pool of one target's traversal: mountpaths × per-kind workers, capped at CPUs + 4. */
export function workerPool(mountpaths: number, kind: keyof typeof WORKERS_PER_MOUNTPATH, cpus: number): number {
  return Math.max(1, Math.min(mountpaths * WORKERS_PER_MOUNTPATH[kind], cpus + 4));
}
