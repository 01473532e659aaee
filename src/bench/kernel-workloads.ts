import { exponential } from "../kernel/distributions.js";
import { spawn, type ProcessBody } from "../kernel/process.js";
import { Resource } from "../kernel/resource.js";
import type { Uniform } from "../kernel/rng.js";
import { Simulator } from "../kernel/simulator.js";
import { nsFromS, sFromNs } from "../kernel/time.js";
import type { TimeoutsResult } from "./bare-heap.js";

/*
 * The benchmark workloads, written against the kernel the way model code is written. The timeouts workload:
 * `total` exponential(1 s) delays spread over `processes` independent chains, each with its own stream.
 * M/M/c: Poisson arrivals at rate 0.9·c, exponential(1 s) service, FIFO, c servers.
 */

/** Creates the per-chain streams (named as components would be) and the chain counters. */
function chains(sim: Simulator, total: number, processes: number): { streams: Uniform[]; left: Int32Array } {
  const streams: Uniform[] = [];
  for (let i = 0; i < processes; i++) streams.push(sim.rng.stream(`bench/p${i}/delay`));
  return { streams, left: new Int32Array(processes).fill(total / processes) };
}

/** Timeouts, callback style: one pre-bound handler, the chain index as its argument — no closure per event. */
export function timeoutsCallbacks(total: number, processes: number, seed: number): TimeoutsResult & { fingerprint: string } {
  const sim = new Simulator({ seed, initialCapacity: processes * 2 });
  const { streams, left } = chains(sim, total, processes);
  const label = sim.label("timeout", "bench");
  let checksum = 0;
  const tick = (i: number): void => {
    checksum = (checksum * 31 + i) | 0;
    if (--left[i] > 0) sim.schedule(nsFromS(exponential(streams[i], 1)), tick, i, label);
  };
  for (let i = 0; i < processes; i++) sim.schedule(nsFromS(exponential(streams[i], 1)), tick, i, label);
  sim.run();
  return { events: sim.eventsExecuted, checksum, fingerprint: sim.fingerprint() };
}

/** Timeouts, closure style: a fresh arrow function per event (the convenient, allocating way). */
export function timeoutsClosures(total: number, processes: number, seed: number): TimeoutsResult & { fingerprint: string } {
  const sim = new Simulator({ seed, initialCapacity: processes * 2 });
  const { streams, left } = chains(sim, total, processes);
  const label = sim.label("timeout", "bench");
  let checksum = 0;
  const tick = (i: number): void => {
    checksum = (checksum * 31 + i) | 0;
    if (--left[i] > 0) sim.schedule(nsFromS(exponential(streams[i], 1)), () => tick(i), undefined, label);
  };
  for (let i = 0; i < processes; i++) {
    const chain = i;
    sim.schedule(nsFromS(exponential(streams[i], 1)), () => tick(chain), undefined, label);
  }
  sim.run();
  return { events: sim.eventsExecuted, checksum, fingerprint: sim.fingerprint() };
}

/** Timeouts, generator-process style: each chain is a process that sleeps in a loop. */
export function timeoutsProcesses(total: number, processes: number, seed: number): TimeoutsResult & { fingerprint: string } {
  const sim = new Simulator({ seed, initialCapacity: processes * 2 });
  const { streams } = chains(sim, total, processes);
  const label = sim.label("timeout", "bench");
  const perProcess = total / processes;
  let checksum = 0;
  let timeouts = 0;
  function* chain(i: number, delay: Uniform): ProcessBody<void> {
    for (let k = 0; k < perProcess; k++) {
      yield nsFromS(exponential(delay, 1));
      checksum = (checksum * 31 + i) | 0;
      timeouts++;
    }
  }
  for (let i = 0; i < processes; i++) spawn(sim, chain(i, streams[i]), { label });
  sim.run();
  return { events: timeouts, checksum, fingerprint: sim.fingerprint() };
}

/** Result of an M/M/c run. */
export interface QueueResult {
  customers: number;
  events: number;
  meanSojournS: number;
  fingerprint: string;
}

/** M/M/c with generator processes and a FIFO Resource, as model code would write it. */
export function mmcProcesses(customers: number, servers: number, seed: number): QueueResult {
  const sim = new Simulator({ seed });
  const server = new Resource(sim, servers, "server");
  const interarrival = sim.rng.stream("source/0/interarrival");
  const service = sim.rng.stream("server/0/service");
  const meanInterarrivalS = 1 / (0.9 * servers);
  const customerLabel = sim.label("process", "customer");
  let done = 0;
  let sojournSumNs = 0;
  function* customer(): ProcessBody<void> {
    const arrivedNs = sim.now;
    yield server.acquire();
    yield nsFromS(exponential(service, 1));
    server.release();
    done++;
    sojournSumNs += sim.now - arrivedNs;
  }
  function* source(): ProcessBody<void> {
    for (let i = 0; i < customers; i++) {
      yield nsFromS(exponential(interarrival, meanInterarrivalS));
      spawn(sim, customer(), { label: customerLabel });
    }
  }
  spawn(sim, source(), { name: "source" });
  sim.run();
  return { customers: done, events: sim.eventsExecuted, meanSojournS: sFromNs(sojournSumNs / done), fingerprint: sim.fingerprint() };
}

/** M/M/c in callback style over the same Resource (tryAcquire / request), with pre-bound handlers. */
export function mmcCallbacks(customers: number, servers: number, seed: number): QueueResult {
  const sim = new Simulator({ seed });
  const server = new Resource(sim, servers, "server");
  const interarrival = sim.rng.stream("source/0/interarrival");
  const service = sim.rng.stream("server/0/service");
  const meanInterarrivalS = 1 / (0.9 * servers);
  const arriveLabel = sim.label("arrive", "source/0");
  const departLabel = sim.label("depart", "server/0");
  let arrived = 0;
  let done = 0;
  let sojournSumNs = 0;
  const depart = (arrivedNs: number): void => {
    server.release();
    done++;
    sojournSumNs += sim.now - arrivedNs;
  };
  const startService = (arrivedNs: number): void => {
    sim.schedule(nsFromS(exponential(service, 1)), depart, arrivedNs, departLabel);
  };
  const arrive = (): void => {
    if (server.tryAcquire()) startService(sim.now);
    else server.request(startService, sim.now);
    if (++arrived < customers) sim.schedule(nsFromS(exponential(interarrival, meanInterarrivalS)), arrive, undefined, arriveLabel);
  };
  sim.schedule(nsFromS(exponential(interarrival, meanInterarrivalS)), arrive, undefined, arriveLabel);
  sim.run();
  return { customers: done, events: sim.eventsExecuted, meanSojournS: sFromNs(sojournSumNs / done), fingerprint: sim.fingerprint() };
}

/** Mean time in system of M/M/c with arrival rate lambda and service rate mu (Erlang C). */
export function mmcTheoreticalSojourn(servers: number, lambda: number, mu: number): number {
  const offered = lambda / mu;
  const rho = offered / servers;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < servers; k++) {
    term *= offered / k;
    sum += term;
  }
  const last = (term * offered) / servers / (1 - rho);
  const waitProbability = last / (sum + last);
  return 1 / mu + waitProbability / (servers * mu - lambda);
}
