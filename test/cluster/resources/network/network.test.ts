import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Simulator } from "../../../../src/kernel/index.js";
import { NS_PER_S } from "../../../../src/kernel/time.js";
import {
  NODE_HOST_DOWN,
  NODE_HUNG,
  NODE_PROCESS_DOWN,
  NODE_UP,
  Network,
  REACH_ACCEPTED_NO_RESPONSE,
  REACH_NO_ANSWER,
  REACH_OK,
  REACH_REFUSED,
  TRANSFER_ABORTED,
  TRANSFER_OK,
  type TransferStatus,
} from "../../../../src/cluster/resources/index.js";
import { checkBytesConserved } from "../../../../src/checkers/index.js";

const GBPS = NS_PER_S; // 1 GB/s = 1 byte per ns: hand computations stay in bytes and ns
const FAST = 1e12;

interface Done {
  name: string;
  atNs: number;
  status: TransferStatus;
}

function setup(nodes: Array<[string, number, number]>) {
  const sim = new Simulator({ seed: 7 });
  const net = new Network(sim, { rng: sim.rng });
  const ids = new Map<string, number>();
  for (const [name, egress, ingress] of nodes) ids.set(name, net.addNode(name, { egressBytesPerS: egress, ingressBytesPerS: ingress }));
  const done: Done[] = [];
  const record = (name: string) => (status: TransferStatus) => done.push({ name, atNs: sim.now, status });
  const start = (name: string, from: string, to: string, bytes: number, atNs = 0, delayNs = 0) => {
    let handle = -1;
    sim.scheduleAt(atNs, () => {
      handle = net.transfer(ids.get(from)!, ids.get(to)!, bytes, (_: undefined, st: TransferStatus) => record(name)(st), undefined, delayNs);
    });
    return () => handle;
  };
  return { sim, net, ids, done, start };
}

const endOf = (done: Done[], name: string) => done.find((d) => d.name === name)!.atNs;

describe("network processor sharing", () => {
  it("n equal flows from one sender each finish at n·S/B", () => {
    for (const n of [1, 2, 3, 4, 7]) {
      const nodes: Array<[string, number, number]> = [["s", GBPS, GBPS]];
      for (let i = 0; i < n; i++) nodes.push([`r${i}`, FAST, FAST]);
      const { sim, done, start } = setup(nodes);
      for (let i = 0; i < n; i++) start(`f${i}`, "s", `r${i}`, 1_000_000);
      sim.run();
      expect(done.map((d) => d.atNs)).toEqual(new Array(n).fill(n * 1_000_000));
      expect(done.map((d) => d.name)).toEqual(Array.from({ length: n }, (_, i) => `f${i}`)); // ties: start order
    }
  });

  it("staggered starts end at hand-computed nanoseconds", () => {
    const { sim, done, start } = setup([["s", GBPS, GBPS], ["a", FAST, FAST], ["b", FAST, FAST]]);
    start("A", "s", "a", 1_000_000, 0);
    start("B", "s", "b", 1_000_000, 250_000);
    sim.run();
    // A alone for 250 µs (250 kB), then both at 0.5 B/ns: A's 750 kB take 1.5 ms; B's last 250 kB alone.
    expect(endOf(done, "A")).toBe(1_750_000);
    expect(endOf(done, "B")).toBe(2_000_000);
  });

  it("three flows with a one-third share round up to whole nanoseconds exactly", () => {
    const { sim, done, start } = setup([["s", GBPS, GBPS], ["a", FAST, FAST], ["b", FAST, FAST], ["c", FAST, FAST]]);
    start("A", "s", "a", 1_000_000, 0);
    start("B", "s", "b", 1_000_000, 0);
    start("C", "s", "c", 1_000_000, 300_000);
    sim.run();
    // 0..300 µs: A, B at 1/2 → 150 kB each. Then 1/3 each: A, B need 850 kB → 2.55 ms → t = 2.85 ms.
    // C moved 850 kB by then; its last 150 kB alone at 1 B/ns → 3.0 ms.
    expect(endOf(done, "A")).toBe(2_850_000);
    expect(endOf(done, "B")).toBe(2_850_000);
    expect(endOf(done, "C")).toBe(3_000_000);
  });

  it("a non-integer fluid finish rounds up to the next nanosecond", () => {
    const { sim, done, start } = setup([["s", 3 * GBPS, FAST], ["a", FAST, FAST]]);
    start("A", "s", "a", 10); // 10 bytes at 3 B/ns = 3.33 ns → 4 ns
    sim.run();
    expect(endOf(done, "A")).toBe(4);
  });

  it("a receiver-limited flow gets the ingress rate; the sender's other flow keeps its egress share", () => {
    const { sim, done, start } = setup([["s", GBPS, GBPS], ["slow", FAST, GBPS / 4], ["fast", FAST, FAST]]);
    start("toSlow", "s", "slow", 1_000_000);
    start("toFast", "s", "fast", 1_000_000);
    sim.run();
    // toFast: min(1/2, ∞) = 0.5 B/ns → 2 ms. toSlow: min(1/2, 1/4) = 0.25 → 500 kB by 2 ms, then min(1, 1/4): 2 ms more.
    expect(endOf(done, "toFast")).toBe(2_000_000);
    expect(endOf(done, "toSlow")).toBe(4_000_000);
  });

  it("a receiver shared by two senders splits its ingress", () => {
    const { sim, done, start } = setup([["s1", FAST, FAST], ["s2", FAST, FAST], ["r", FAST, GBPS]]);
    start("A", "s1", "r", 1_000_000);
    start("B", "s2", "r", 3_000_000);
    sim.run();
    expect(endOf(done, "A")).toBe(2_000_000);
    expect(endOf(done, "B")).toBe(4_000_000);
  });

  it("abort frees bandwidth for the others and counts the bytes moved on both sides", () => {
    const { sim, net, done, start, ids } = setup([["s", GBPS, GBPS], ["a", FAST, FAST], ["b", FAST, FAST]]);
    const handleA = start("A", "s", "a", 1_000_000);
    start("B", "s", "b", 1_000_000);
    sim.scheduleAt(1_000_000, () => expect(net.abort(handleA())).toBe(true));
    sim.run();
    expect(done.map((d) => d.name)).toEqual(["B"]); // silent abort
    expect(endOf(done, "B")).toBe(1_500_000);
    expect(net.nicCounters(ids.get("s")!).bytesSent).toBe(1_500_000);
    expect(net.nicCounters(ids.get("a")!).bytesReceived).toBe(500_000);
    expect(net.abort(handleA())).toBe(false);
    expect(checkBytesConserved(net.conservationFacts(), 7)).toEqual([]);
    expect(net.conservationFacts()).toMatchObject({ transfersStarted: 2, transfersCompleted: 1, transfersAborted: 1, transfersLive: 0 });
  });

  it("only one kernel event is pending for any number of active flows", () => {
    const nodes: Array<[string, number, number]> = [["s", GBPS, GBPS]];
    for (let i = 0; i < 50; i++) nodes.push([`r${i}`, FAST, FAST]);
    const { sim, start } = setup(nodes);
    for (let i = 0; i < 50; i++) start(`f${i}`, "s", `r${i}`, 1000 * (i + 1));
    sim.runUntil(0);
    expect(sim.pendingEvents).toBe(1);
    sim.run();
  });

  it("delivery delay is added after the last byte; zero-byte transfers take just the delay", () => {
    const { sim, done, start } = setup([["s", GBPS, GBPS], ["a", FAST, FAST]]);
    start("A", "s", "a", 1_000, 0, 200_000);
    start("Z", "s", "a", 0, 0, 50_000);
    sim.run();
    expect(endOf(done, "A")).toBe(201_000);
    expect(endOf(done, "Z")).toBe(50_000);
  });

  it("a crash aborts the node's transfers and tells each caller; a transfer to a down node aborts at once", () => {
    const { sim, net, done, start, ids } = setup([["s", GBPS, GBPS], ["a", FAST, FAST], ["b", FAST, FAST]]);
    start("A", "s", "a", 1_000_000);
    start("B", "s", "b", 1_000_000);
    sim.scheduleAt(400_000, () => net.setNodeState(ids.get("a")!, NODE_PROCESS_DOWN));
    start("late", "s", "a", 10, 500_000);
    sim.run();
    expect(done).toEqual([
      { name: "A", atNs: 400_000, status: TRANSFER_ABORTED },
      { name: "late", atNs: 500_000, status: TRANSFER_ABORTED },
      // B: 200 kB by 400 µs at 1/2, then 800 kB alone.
      { name: "B", atNs: 1_200_000, status: TRANSFER_OK },
    ]);
    expect(net.conservationFacts().bytesSent).toBe(1_200_000);
    expect(checkBytesConserved(net.conservationFacts(), 7)).toEqual([]);
  });

  it("a partition stalls crossing flows and heal resumes them (TCP survives a blip)", () => {
    const { sim, net, done, start, ids } = setup([["s", GBPS, GBPS], ["a", FAST, FAST], ["b", FAST, FAST]]);
    start("A", "s", "a", 1_000_000);
    start("B", "s", "b", 1_000_000);
    let cut = -1;
    sim.scheduleAt(500_000, () => {
      cut = net.partition([ids.get("a")!]);
      expect(net.reachability(ids.get("s")!, ids.get("a")!)).toBe(REACH_NO_ANSWER);
      expect(net.reachability(ids.get("s")!, ids.get("b")!)).toBe(REACH_OK);
    });
    sim.scheduleAt(1_500_000, () => expect(net.heal(cut)).toBe(true));
    sim.run();
    // 0..0.5 ms both at 1/2 (250 kB each). A stalls; B alone: 750 kB → ends 1.25 ms. A resumes at 1.5 ms: 750 kB.
    expect(endOf(done, "B")).toBe(1_250_000);
    expect(endOf(done, "A")).toBe(2_250_000);
  });

  it("an unlimited NIC (a backend's aggregate) is never the bottleneck; both unlimited means instant", () => {
    const { sim, done, start } = setup([["s3", Infinity, Infinity], ["t", GBPS, GBPS], ["x", Infinity, Infinity]]);
    start("get", "s3", "t", 1_000_000);
    start("inf", "s3", "x", 5_000_000, 10);
    sim.run();
    expect(endOf(done, "get")).toBe(1_000_000);
    expect(endOf(done, "inf")).toBe(10);
  });

  it("a crash during the delivery delay aborts the delivery; bytes stay counted once", () => {
    const { sim, net, done, start, ids } = setup([["s", GBPS, GBPS], ["a", FAST, FAST]]);
    start("A", "s", "a", 1_000, 0, 100_000);
    sim.scheduleAt(50_000, () => expect(net.abortNode(ids.get("a")!)).toBe(1));
    sim.run();
    expect(done).toEqual([{ name: "A", atNs: 50_000, status: TRANSFER_ABORTED }]);
    expect(net.conservationFacts()).toMatchObject({ bytesSent: 1_000, bytesReceived: 1_000, transfersAborted: 1, transfersCompleted: 0 });
  });

  it("a hung node stalls its flows until it is up again", () => {
    const { sim, net, done, start, ids } = setup([["s", GBPS, GBPS], ["a", FAST, FAST]]);
    start("A", "s", "a", 1_000_000);
    sim.scheduleAt(100_000, () => net.setNodeState(ids.get("a")!, NODE_HUNG));
    sim.scheduleAt(600_000, () => net.setNodeState(ids.get("a")!, NODE_UP));
    sim.run();
    expect(endOf(done, "A")).toBe(1_500_000);
  });
});

describe("reachability", () => {
  it("answers per the connection semantics of each node state", () => {
    const { net, ids } = setup([["c", GBPS, GBPS], ["t", GBPS, GBPS], ["u", GBPS, GBPS]]);
    const c = ids.get("c")!;
    const t = ids.get("t")!;
    const u = ids.get("u")!;
    expect(net.reachability(c, t)).toBe(REACH_OK);
    net.setNodeState(t, NODE_PROCESS_DOWN);
    expect(net.reachability(c, t)).toBe(REACH_REFUSED);
    net.setNodeState(t, NODE_HOST_DOWN);
    expect(net.reachability(c, t)).toBe(REACH_NO_ANSWER);
    net.setNodeState(t, NODE_HUNG);
    expect(net.reachability(c, t)).toBe(REACH_ACCEPTED_NO_RESPONSE);
    net.setNodeState(t, NODE_UP);
    const cut = net.partition([c], [t]);
    expect(net.reachability(c, t)).toBe(REACH_NO_ANSWER);
    expect(net.reachability(t, c)).toBe(REACH_NO_ANSWER);
    expect(net.reachability(c, u)).toBe(REACH_OK); // u is on neither side
    net.heal(cut);
    expect(net.reachability(c, t)).toBe(REACH_OK);
    expect(net.connectDelayNs(REACH_REFUSED, c, t, 3e9)).toBe(200_000); // one RTT of the default 100 µs hops
    expect(net.connectDelayNs(REACH_NO_ANSWER, c, t, 3e9)).toBe(3e9);
    net.setNodeState(c, NODE_HOST_DOWN);
    expect(net.reachability(c, u)).toBe(REACH_NO_ANSWER); // a down sender cannot connect
  });
});

describe("hop latency", () => {
  it("draws from one stream per ordered pair, unaffected by other pairs' traffic", () => {
    const make = () => {
      const sim = new Simulator({ seed: 3 });
      const net = new Network(sim, { rng: sim.rng, defaultLatency: { kind: "lognormal", meanNs: 100_000, sdNs: 30_000, minNs: 10_000 } });
      const a = net.addNode("a", { egressBytesPerS: GBPS, ingressBytesPerS: GBPS });
      const b = net.addNode("b", { egressBytesPerS: GBPS, ingressBytesPerS: GBPS });
      const c = net.addNode("c", { egressBytesPerS: GBPS, ingressBytesPerS: GBPS });
      return { net, a, b, c };
    };
    const x = make();
    const plain = [x.net.latencyNs(x.a, x.b), x.net.latencyNs(x.a, x.b), x.net.latencyNs(x.a, x.b)];
    const y = make();
    const mixed = [y.net.latencyNs(y.a, y.b), y.net.latencyNs(y.a, y.c), y.net.latencyNs(y.a, y.b), y.net.latencyNs(y.b, y.a), y.net.latencyNs(y.a, y.b)];
    expect([mixed[0], mixed[2], mixed[4]]).toEqual(plain);
    for (const v of plain) {
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(10_000);
    }
    expect(new Set(plain).size).toBe(3);
  });

  it("per-link overrides win over the default; constants need no rng", () => {
    const sim = new Simulator({ seed: 1 });
    const net = new Network(sim);
    const a = net.addNode("a", { egressBytesPerS: GBPS, ingressBytesPerS: GBPS });
    const b = net.addNode("b", { egressBytesPerS: GBPS, ingressBytesPerS: GBPS });
    net.setLinkLatency(a, b, { kind: "constant", ns: 5_000 });
    expect(net.latencyNs(a, b)).toBe(5_000);
    expect(net.latencyNs(b, a)).toBe(100_000);
    expect(net.rttNs(a, b)).toBe(105_000);
  });

  it("a latency spike adds to every hop from or to the node until removed", () => {
    const sim = new Simulator({ seed: 1 });
    const net = new Network(sim, { defaultLatency: { kind: "constant", ns: 1_000 } });
    const a = net.addNode("a", { egressBytesPerS: GBPS, ingressBytesPerS: GBPS });
    const b = net.addNode("b", { egressBytesPerS: GBPS, ingressBytesPerS: GBPS });
    const c = net.addNode("c", { egressBytesPerS: GBPS, ingressBytesPerS: GBPS });
    net.setExtraLatency(b, 50_000);
    expect([net.latencyNs(a, b), net.latencyNs(b, a), net.latencyNs(a, c)]).toEqual([51_000, 51_000, 1_000]);
    net.setExtraLatency(a, 7);
    expect(net.latencyNs(a, b)).toBe(51_007);
    net.setExtraLatency(b, 0);
    net.setExtraLatency(a, 0);
    expect(net.latencyNs(a, b)).toBe(1_000);
  });
});

/** Reference: recompute every rate from scratch at every event (same sharing rule), in continuous time. */
function referenceFinishes(
  flows: Array<{ startNs: number; from: number; to: number; bytes: number }>,
  egress: number[],
  ingress: number[],
): number[] {
  const finish = new Array<number>(flows.length).fill(NaN);
  const remaining = flows.map((f) => f.bytes);
  const active = new Set<number>();
  const order = flows.map((_, i) => i).sort((a, b) => flows[a].startNs - flows[b].startNs || a - b);
  let next = 0;
  let t = 0;
  while (next < order.length || active.size > 0) {
    const nOut = new Map<number, number>();
    const nIn = new Map<number, number>();
    for (const i of active) {
      nOut.set(flows[i].from, (nOut.get(flows[i].from) ?? 0) + 1);
      nIn.set(flows[i].to, (nIn.get(flows[i].to) ?? 0) + 1);
    }
    const rate = new Map<number, number>();
    for (const i of active) rate.set(i, Math.min(egress[flows[i].from] / nOut.get(flows[i].from)!, ingress[flows[i].to] / nIn.get(flows[i].to)!));
    let tNext = next < order.length ? flows[order[next]].startNs : Infinity;
    for (const i of active) tNext = Math.min(tNext, t + remaining[i] / rate.get(i)!);
    for (const i of active) remaining[i] -= rate.get(i)! * (tNext - t);
    t = tNext;
    for (const i of [...active]) {
      if (remaining[i] <= 1e-6) {
        active.delete(i);
        finish[i] = t;
      }
    }
    while (next < order.length && flows[order[next]].startNs === t) active.add(order[next++]);
  }
  return finish;
}

describe("network against a recompute-everything reference", () => {
  it("finish times agree within rounding and bytes are conserved", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            startNs: fc.integer({ min: 0, max: 2_000_000 }),
            from: fc.integer({ min: 0, max: 3 }),
            to: fc.integer({ min: 0, max: 3 }),
            bytes: fc.integer({ min: 1, max: 2_000_000 }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        fc.array(fc.constantFrom(0.5, 1, 2, 3), { minLength: 8, maxLength: 8 }),
        (flows, speeds) => {
          const egress = speeds.slice(0, 4); // bytes per ns
          const ingress = speeds.slice(4);
          const sim = new Simulator({ seed: 1 });
          const net = new Network(sim);
          for (let n = 0; n < 4; n++) net.addNode(`n${n}`, { egressBytesPerS: egress[n] * NS_PER_S, ingressBytesPerS: ingress[n] * NS_PER_S });
          const got = new Array<number>(flows.length).fill(NaN);
          flows.forEach((f, i) => {
            sim.scheduleAt(f.startNs, () => {
              net.transfer(f.from, f.to, f.bytes, (idx: number) => (got[idx] = sim.now), i);
            });
          });
          sim.run();
          const want = referenceFinishes(flows, egress, ingress);
          for (let i = 0; i < flows.length; i++) {
            // Each rounding delays a flow by < 1 ns and may shift the others by as much again.
            expect(got[i]).toBeGreaterThanOrEqual(want[i] - flows.length);
            expect(got[i]).toBeLessThanOrEqual(want[i] + flows.length + 1);
          }
          const facts = net.conservationFacts();
          expect(facts.bytesSent).toBe(flows.reduce((s, f) => s + f.bytes, 0));
          expect(checkBytesConserved(facts, 1)).toEqual([]);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });
});

describe("network under random faults", () => {
  it("every transfer ends exactly once, none is left live, and bytes are conserved", () => {
    type Op =
      | { kind: "start"; at: number; from: number; to: number; bytes: number; delay: number }
      | { kind: "abort"; at: number; which: number; notify: boolean }
      | { kind: "state"; at: number; node: number; state: 0 | 1 | 2 | 3 }
      | { kind: "cut"; at: number; node: number; forNs: number };
    const at = fc.integer({ min: 0, max: 3_000_000 });
    const node = fc.integer({ min: 0, max: 3 });
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant("start" as const), at, from: node, to: node, bytes: fc.integer({ min: 0, max: 1_000_000 }), delay: fc.integer({ min: 0, max: 50_000 }) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant("abort" as const), at, which: fc.nat(), notify: fc.boolean() }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant("state" as const), at, node, state: fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("cut" as const), at, node, forNs: fc.integer({ min: 1, max: 1_000_000 }) }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const sim = new Simulator({ seed: 1 });
        const net = new Network(sim);
        for (let n = 0; n < 4; n++) net.addNode(`n${n}`, { egressBytesPerS: (n + 1) * 1e8, ingressBytesPerS: (4 - n) * 1e8 });
        const handles: number[] = [];
        const calls: number[] = [];
        const silent = new Set<number>();
        for (const o of ops) {
          sim.scheduleAt(o.at, () => {
            if (o.kind === "start") {
              const i = handles.length;
              calls.push(0);
              handles.push(net.transfer(o.from, o.to, o.bytes, (idx: number) => calls[idx]++, i, o.delay));
            } else if (o.kind === "abort" && handles.length > 0) {
              const i = o.which % handles.length;
              if (net.abort(handles[i], o.notify) && !o.notify) silent.add(i);
            } else if (o.kind === "state") {
              net.setNodeState(o.node, o.state);
            } else if (o.kind === "cut") {
              const cut = net.partition([o.node]);
              sim.schedule(o.forNs, () => net.heal(cut));
            }
          });
        }
        sim.scheduleAt(4_000_000, () => {
          for (let n = 0; n < 4; n++) net.setNodeState(n, 0);
          net.healAll();
        });
        sim.run();
        calls.forEach((c, i) => expect(c).toBe(silent.has(i) ? 0 : 1));
        expect(net.liveTransfers).toBe(0);
        const facts = net.conservationFacts();
        expect(facts.transfersLive).toBe(0);
        expect(checkBytesConserved(facts, 1)).toEqual([]);
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
