/**
 * A k-server FIFO queue with given service times, solved at arrival: each job goes to the core that frees up
 * first, so its end time is known at once and costs one kernel event. Deterministic (ties to the lower core).
 */
export class CpuQueue {
  private readonly freeAt: Float64Array;

  constructor(cores: number) {
    this.freeAt = new Float64Array(Math.max(1, cores));
  }

  /** Admits a job of `costNs` at `nowNs`; returns its end time. */
  admit(nowNs: number, costNs: number): number {
    const f = this.freeAt;
    let best = 0;
    for (let i = 1; i < f.length; i++) if (f[i] < f[best]) best = i;
    const end = Math.max(nowNs, f[best]) + costNs;
    f[best] = end;
    return end;
  }

  /** Forgets queued work (a crash). */
  reset(nowNs: number): void {
    this.freeAt.fill(nowNs);
  }
}
