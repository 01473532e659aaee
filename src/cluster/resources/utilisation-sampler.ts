import type { Disk } from "./disk/disk.js";
import type { Network } from "./network/network.js";
import { NO_TIMER, type ResourceClock } from "./clock.js";
import { NS_PER_S, sFromNs } from "../../kernel/time.js";

/** Per-interval utilisation series, each value a fraction of capacity used in that interval. */
export interface UtilisationSeries {
  intervalNs: number;
  intervals: number;
  /** Per network node name: bytes sent / (egress bandwidth × interval). */
  egress: Record<string, Float64Array>;
  /** Per network node name: bytes received / (ingress bandwidth × interval). */
  ingress: Record<string, Float64Array>;
  /** Per disk name: time with at least one IO in service / interval. */
  disk: Record<string, Float64Array>;
}

/**
 * Samples NIC and disk utilisation at fixed intervals of virtual time (default 1 s) into per-interval series —
 * the "per node load and utilisation over time" of a run. It schedules one event per interval until the time
 * given to start(), so a run that ends by draining its event queue still ends.
 */
export class UtilisationSampler {
  readonly intervalNs: number;
  private readonly clock: ResourceClock;
  private network: Network | null = null;
  private readonly disks: Disk[] = [];
  private readonly label: number;
  private readonly egressPrev: number[] = [];
  private readonly ingressPrev: number[] = [];
  private readonly diskPrev: number[] = [];
  private readonly egressCols: number[][] = [];
  private readonly ingressCols: number[][] = [];
  private readonly diskCols: number[][] = [];
  private untilNs = 0;
  private timer = NO_TIMER;
  private samples = 0;
  private readonly onTickBound = (): void => this.onTick();

  constructor(clock: ResourceClock, intervalNs = NS_PER_S) {
    if (!(intervalNs > 0 && Number.isSafeInteger(intervalNs))) throw new RangeError(`sampler: intervalNs must be a positive integer, got ${intervalNs}`);
    this.clock = clock;
    this.intervalNs = intervalNs;
    this.label = clock.label("sample.utilisation", "resources");
  }

  /** Samples every node of the network (nodes added before start()). */
  watchNetwork(network: Network): void {
    this.network = network;
  }

  /** Samples a disk. */
  watchDisk(disk: Disk): void {
    this.disks.push(disk);
  }

  /** Takes a baseline now and samples at every interval boundary up to `untilNs`. */
  start(untilNs: number): void {
    const net = this.network;
    if (net !== null) {
      for (let n = 0; n < net.nodeCount; n++) {
        this.egressPrev[n] = net.bytesSentNow(n);
        this.ingressPrev[n] = net.bytesReceivedNow(n);
        this.egressCols[n] = [];
        this.ingressCols[n] = [];
      }
    }
    this.disks.forEach((d, i) => {
      this.diskPrev[i] = d.stats().busyNs;
      this.diskCols[i] = [];
    });
    this.untilNs = untilNs;
    this.scheduleNext();
  }

  /** Stops sampling (a partial interval is dropped). */
  stop(): void {
    if (this.timer !== NO_TIMER) this.clock.cancel(this.timer);
    this.timer = NO_TIMER;
  }

  /** The series so far. */
  series(): UtilisationSeries {
    const egress: Record<string, Float64Array> = {};
    const ingress: Record<string, Float64Array> = {};
    const disk: Record<string, Float64Array> = {};
    const net = this.network;
    if (net !== null) {
      this.egressCols.forEach((col, n) => (egress[net.nodeName(n)] = Float64Array.from(col)));
      this.ingressCols.forEach((col, n) => (ingress[net.nodeName(n)] = Float64Array.from(col)));
    }
    this.diskCols.forEach((col, i) => (disk[this.disks[i].name] = Float64Array.from(col)));
    return { intervalNs: this.intervalNs, intervals: this.samples, egress, ingress, disk };
  }

  /**
   * The series as named per-interval columns, `seconds` long (padded with NaN): `egress_util_<node>`,
   * `ingress_util_<node>`, `disk_util_<disk>` — ready to merge into a run's per-second columns.
   * `include` picks the nodes/disks by name (default: all).
   */
  columns(seconds: number, include: (name: string) => boolean = () => true): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    const pad = (xs: Float64Array): number[] => Array.from({ length: seconds }, (_, i) => (i < xs.length ? xs[i] : NaN));
    const s = this.series();
    for (const [name, xs] of Object.entries(s.egress)) if (include(name)) out[`egress_util_${name}`] = pad(xs);
    for (const [name, xs] of Object.entries(s.ingress)) if (include(name)) out[`ingress_util_${name}`] = pad(xs);
    for (const [name, xs] of Object.entries(s.disk)) if (include(name)) out[`disk_util_${name}`] = pad(xs);
    return out;
  }

  private scheduleNext(): void {
    const next = (Math.floor(this.clock.now / this.intervalNs) + 1) * this.intervalNs;
    this.timer = next <= this.untilNs ? this.clock.scheduleAt(next, this.onTickBound, undefined, this.label) : NO_TIMER;
  }

  private onTick(): void {
    const seconds = sFromNs(this.intervalNs);
    const net = this.network;
    if (net !== null) {
      for (let n = 0; n < this.egressCols.length; n++) {
        const sent = net.bytesSentNow(n);
        const received = net.bytesReceivedNow(n);
        this.egressCols[n].push((sent - this.egressPrev[n]) / (net.egressBytesPerS(n) * seconds));
        this.ingressCols[n].push((received - this.ingressPrev[n]) / (net.ingressBytesPerS(n) * seconds));
        this.egressPrev[n] = sent;
        this.ingressPrev[n] = received;
      }
    }
    this.disks.forEach((d, i) => {
      const busy = d.stats().busyNs;
      this.diskCols[i].push((busy - this.diskPrev[i]) / this.intervalNs);
      this.diskPrev[i] = busy;
    });
    this.samples++;
    this.scheduleNext();
  }
}
