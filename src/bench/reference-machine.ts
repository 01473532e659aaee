import { performance } from "node:perf_hooks";
import { BareHeap } from "./bare-heap.js";

/*
 * How fast this machine is, measured on the workload the reference machine's figures were taken with: the
 * "callbacks + typed-array heap, 1e6 timeouts over 1000 processes" case of ../shared/bench/heap_limit.mjs
 * (exponential(1) delays in float seconds, one mulberry32 stream per process seeded with its index + 1, ties by
 * sequence). The reference machine (2 cores, Node 20) runs it at 9.2 M events/s. A shared machine is often
 * slower than that; dividing a figure by this machine's speed ratio gives what the reference machine would do,
 * which is what speed goals are stated against.
 */

/** Events per second of the reference workload on the reference machine. */
export const REFERENCE_MACHINE_EVENTS_PER_S = 9_200_000;
/** Order checksum of the reference workload (the same as heap_limit.mjs prints): proves it is the same work. */
export const REFERENCE_WORKLOAD_CHECKSUM = 200239318;

const TIMEOUTS = 1_000_000;
const PROCESSES = 1000;

/** A mulberry32 stream: 32-bit state, uniform draws in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function exponentialS(draw: () => number): number {
  return -Math.log(1 - draw());
}

/** One run of the reference workload: events executed and the order checksum of who ran when. */
export function referenceWorkload(total = TIMEOUTS, processes = PROCESSES): { events: number; checksum: number } {
  const heap = new BareHeap();
  const draws: Array<() => number> = [];
  const left = new Int32Array(processes);
  let seq = 0;
  for (let i = 0; i < processes; i++) {
    draws.push(mulberry32(i + 1));
    left[i] = total / processes;
    heap.push(exponentialS(draws[i]), seq++, i);
  }
  let events = 0;
  let checksum = 0;
  while (heap.size > 0) {
    const nowS = heap.times[0];
    const i = heap.pop();
    events++;
    checksum = (checksum * 31 + i) | 0;
    if (--left[i] > 0) heap.push(nowS + exponentialS(draws[i]), seq++, i);
  }
  return { events, checksum };
}

/** This machine's speed on the reference workload now: events/s, median of `repetitions` runs. */
export function referenceWorkloadEventsPerS(repetitions = 5): number {
  const rates: number[] = [];
  for (let r = 0; r < repetitions; r++) {
    const t0 = performance.now();
    const { events } = referenceWorkload();
    rates.push(events / ((performance.now() - t0) / 1000));
  }
  rates.sort((a, b) => a - b);
  return rates[rates.length >> 1];
}
