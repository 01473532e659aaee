import { exponential } from "../kernel/distributions.js";
import { RngRoot, type Uniform } from "../kernel/rng.js";
import { nsFromS } from "../kernel/time.js";

/**
 * The reference the kernel is measured against: the least a JS event loop can do for the timeouts workload —
 * a struct-of-arrays binary heap keyed by (time, sequence), an integer payload, per-process state in typed
 * arrays, no labels, no fingerprint, no validation. Same random streams and integer-ns rounding as the kernel
 * workloads, so the ratio isolates the kernel's own overhead.
 */
export class BareHeap {
  times = new Float64Array(1024);
  seqs = new Float64Array(1024);
  payloads = new Int32Array(1024);
  size = 0;

  push(time: number, seq: number, payload: number): void {
    if (this.size === this.times.length) this.grow();
    const times = this.times;
    const seqs = this.seqs;
    const payloads = this.payloads;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (times[parent] < time || (times[parent] === time && seqs[parent] < seq)) break;
      times[i] = times[parent];
      seqs[i] = seqs[parent];
      payloads[i] = payloads[parent];
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    payloads[i] = payload;
  }

  /** Removes the top; returns its payload (read times[0] before calling for its time). */
  pop(): number {
    const times = this.times;
    const seqs = this.seqs;
    const payloads = this.payloads;
    const top = payloads[0];
    const n = --this.size;
    const time = times[n];
    const seq = seqs[n];
    const payload = payloads[n];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && (times[right] < times[child] || (times[right] === times[child] && seqs[right] < seqs[child]))) child = right;
      if (time < times[child] || (time === times[child] && seq < seqs[child])) break;
      times[i] = times[child];
      seqs[i] = seqs[child];
      payloads[i] = payloads[child];
      i = child;
    }
    times[i] = time;
    seqs[i] = seq;
    payloads[i] = payload;
    return top;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    const seqs = new Float64Array(capacity);
    seqs.set(this.seqs);
    const payloads = new Int32Array(capacity);
    payloads.set(this.payloads);
    this.times = times;
    this.seqs = seqs;
    this.payloads = payloads;
  }
}

/** Result of a timeouts run: events executed and an order-sensitive checksum of who ran when. */
export interface TimeoutsResult {
  events: number;
  checksum: number;
}

/** The bare reference: `total` exponential(1 s) timeouts spread over `processes` chains. */
export function bareHeapTimeouts(total: number, processes: number, seed: number): TimeoutsResult {
  const rng = new RngRoot(seed);
  const streams: Uniform[] = [];
  const left = new Int32Array(processes);
  const heap = new BareHeap();
  let seq = 0;
  for (let i = 0; i < processes; i++) {
    streams.push(rng.stream(`bench/p${i}/delay`));
    left[i] = total / processes;
    heap.push(nsFromS(exponential(streams[i], 1)), seq++, i);
  }
  let events = 0;
  let checksum = 0;
  while (heap.size > 0) {
    const now = heap.times[0];
    const i = heap.pop();
    events++;
    checksum = (checksum * 31 + i) | 0;
    if (--left[i] > 0) heap.push(now + nsFromS(exponential(streams[i], 1)), seq++, i);
  }
  return { events, checksum };
}
