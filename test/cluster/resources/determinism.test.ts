import { describe, expect, it } from "vitest";
import { Simulator } from "../../../src/kernel/index.js";
import { Disk, Network, diskSpec, NODE_PROCESS_DOWN, type TransferStatus } from "../../../src/cluster/resources/index.js";
import { KIND_OK, RunMetrics } from "../../../src/metrics/index.js";

/** A small closed-loop scenario over random latencies, transfers, disk IOs and a crash; returns what it saw. */
function scenario(seed: number) {
  const sim = new Simulator({ seed });
  const net = new Network(sim, { rng: sim.rng, defaultLatency: { kind: "exponential", meanNs: 80_000, minNs: 20_000 } });
  const metrics = new RunMetrics({ seed });
  const targets = [0, 1, 2, 3].map((i) => net.addNode(`t${i}`, { egressBytesPerS: 1.25e9, ingressBytesPerS: 1.25e9 }));
  const clients = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => net.addNode(`c${i}`, { egressBytesPerS: 1.25e9, ingressBytesPerS: 1.25e9 }));
  const disks = targets.map((t) => new Disk(sim, diskSpec("ssd", { latency: { kind: "exponential", meanNs: 100_000 } }), { name: `t${t}/mp0`, latencyDraws: sim.rng.stream(`t${t}/mp0/latency`) }));
  const pick = sim.rng.stream("test/pick");
  const size = sim.rng.stream("test/size");
  const GET = metrics.ops.intern("GET");
  const reset = metrics.kinds.intern("reset");
  const loop = (client: number): void => {
    if (sim.now > 200_000_000) return;
    const t = Math.floor(pick() * targets.length);
    const req = metrics.beginRequest(client, GET, sim.now);
    const att = metrics.beginAttempt(req, t, sim.now);
    sim.schedule(net.latencyNs(clients[client], targets[t]), () => {
      disks[t].read(1 + Math.floor(size() * 2_000_000), () => {
        net.transfer(targets[t], clients[client], 1 + Math.floor(size() * 4_000_000), (_: undefined, st: TransferStatus) => {
          const kind = st === 0 ? KIND_OK : reset;
          metrics.endAttempt(att, kind, sim.now);
          metrics.endRequest(req, kind, sim.now);
          loop(client);
        }, undefined, net.latencyNs(targets[t], clients[client]));
      }, undefined);
    });
  };
  clients.forEach((_, c) => loop(c));
  sim.scheduleAt(100_000_000, () => net.setNodeState(targets[2], NODE_PROCESS_DOWN));
  sim.run();
  return { fingerprint: sim.fingerprint(), summary: metrics.summary(), events: sim.eventsExecuted, facts: net.conservationFacts() };
}

describe("determinism", () => {
  it("the same seed gives the same fingerprint and figures; another seed differs", () => {
    const a = scenario(21);
    const b = scenario(21);
    const c = scenario(22);
    expect(b).toEqual(a);
    expect(c.fingerprint).not.toBe(a.fingerprint);
    expect(a.summary.requests).toBeGreaterThan(100);
    expect(a.facts.bytesSent).toBe(a.facts.bytesReceived);
  });
});
