/**
 * The fair-share engine alone (no kernel, no topology), as SimGrid tests its max-min solver in maxmin_test.cpp:
 * capacities in bytes per ns (1 B/ns = 1 GB/s), shares and completion times computed by hand in the comments and
 * asserted exactly.
 */

import { describe, expect, it } from "vitest";
import { FairShare, NO_COMPLETION, NO_FLOW } from "../../../../src/cluster/resources/network/fair-share.js";

/** An engine over nodes 0, 1, … with [egress, ingress] capacities in bytes per ns. */
function engineOf(nics: Array<[number, number]>, flowCapacity = 8): FairShare {
  const engine = new FairShare(flowCapacity);
  nics.forEach(([egress, ingress], node) => engine.addNode(node, egress, ingress));
  return engine;
}

/** Attaches and starts `flow` (its start order is its number unless given). */
function startFlow(engine: FairShare, flow: number, sender: number, receiver: number, bytes: number, nowNs: number, order = flow): void {
  engine.attach(flow, sender, receiver, order);
  engine.start(flow, bytes, nowNs);
}

/** Completes every flow due at or before `untilNs`, as the network's completion event does; returns [flow, ns] in order. */
function completeUntil(engine: FairShare, untilNs: number): Array<[number, number]> {
  const completed: Array<[number, number]> = [];
  for (let at = engine.nextCompletionNs(); at !== NO_COMPLETION && at <= untilNs; at = engine.nextCompletionNs()) {
    for (let flow = engine.dueFlow(at); flow !== NO_FLOW; flow = engine.dueFlow(at)) {
      engine.detach(flow);
      engine.stop(flow, at);
      completed.push([flow, at]);
    }
  }
  return completed;
}

describe("fair share: rates", () => {
  it("a flow alone gets min(egress of its sender, ingress of its receiver)", () => {
    // Node 0 sends at 4 B/ns into node 1's 1 B/ns ingress: rate 1. The reverse pair: node 1's 3 B/ns egress into
    // node 0's 2 B/ns ingress: rate 2.
    const engine = engineOf([[4, 2], [3, 1]]);
    startFlow(engine, 0, 0, 1, 1000, 0);
    startFlow(engine, 1, 1, 0, 1000, 0);
    expect(engine.rateBytesPerNs(0)).toBe(1);
    expect(engine.rateBytesPerNs(1)).toBe(2);
    // 1000 B at 2 B/ns → 500 ns; 1000 B at 1 B/ns → 1000 ns.
    expect(completeUntil(engine, Infinity)).toEqual([[1, 500], [0, 1000]]);
  });

  it("two flows from one sender to two fast receivers split the sender's egress", () => {
    // Egress 2 B/ns shared by 2 flows: 1 B/ns each (the receivers' 100 B/ns never bind).
    const engine = engineOf([[2, 2], [100, 100], [100, 100]]);
    startFlow(engine, 0, 0, 1, 1000, 0);
    startFlow(engine, 1, 0, 2, 3000, 0);
    expect(engine.rateBytesPerNs(0)).toBe(1);
    expect(engine.rateBytesPerNs(1)).toBe(1);
    // Flow 0: 1000 B at 1 B/ns → t = 1000 (flow 1 has moved 1000 B too). Flow 1 then alone at 2 B/ns:
    // 2000 B left → 1000 ns more → t = 2000.
    expect(completeUntil(engine, 1000)).toEqual([[0, 1000]]);
    expect(engine.rateBytesPerNs(1)).toBe(2);
    expect(engine.remainingBytes(1, 1000)).toBe(2000);
    expect(completeUntil(engine, Infinity)).toEqual([[1, 2000]]);
  });

  it("a flow held back at a slow receiver keeps its sender's other flow at the equal split (first round of max-min only)", () => {
    // Sender egress 2 B/ns, 2 flows: 1 B/ns per flow. Flow 0 into a 0.5 B/ns ingress: min(1, 0.5) = 0.5. Flow 1
    // into a fast receiver: min(1, 100) = 1. Full max-min would give flow 1 the 0.5 B/ns flow 0 leaves (1.5 B/ns);
    // this engine does not (resources/README.md: the price of changing only the rates on the flow's own sides).
    const engine = engineOf([[2, 2], [100, 0.5], [100, 100]]);
    startFlow(engine, 0, 0, 1, 1000, 0);
    startFlow(engine, 1, 0, 2, 1000, 0);
    expect(engine.rateBytesPerNs(0)).toBe(0.5);
    expect(engine.rateBytesPerNs(1)).toBe(1);
    // Flow 1: 1000 B at 1 B/ns → t = 1000, when flow 0 has moved 500 B. Flow 0 alone: min(2, 0.5) = 0.5 B/ns,
    // 500 B → 1000 ns more → t = 2000.
    expect(completeUntil(engine, Infinity)).toEqual([[1, 1000], [0, 2000]]);
  });

  it("two senders into one receiver split its ingress", () => {
    // Ingress 1 B/ns, 2 flows: 0.5 B/ns each. Flow 0: 500 B → t = 1000 (flow 1 has moved 500 B).
    // Flow 1 alone at 1 B/ns: 1000 B left → t = 2000.
    const engine = engineOf([[100, 100], [100, 100], [100, 1]]);
    startFlow(engine, 0, 0, 2, 500, 0);
    startFlow(engine, 1, 1, 2, 1500, 0);
    expect(engine.rateBytesPerNs(0)).toBe(0.5);
    expect(engine.rateBytesPerNs(1)).toBe(0.5);
    expect(completeUntil(engine, Infinity)).toEqual([[0, 1000], [1, 2000]]);
  });

  it("an unlimited side never binds; two unlimited sides complete at once", () => {
    const engine = engineOf([[Infinity, Infinity], [Infinity, 2], [Infinity, Infinity]]);
    startFlow(engine, 0, 0, 1, 1000, 0); // min(∞, 2) = 2 B/ns → 500 ns
    startFlow(engine, 1, 0, 2, 1000, 0); // min(∞/2, ∞) = ∞ → done at its start
    expect(engine.rateBytesPerNs(0)).toBe(2);
    expect(engine.rateBytesPerNs(1)).toBe(Infinity);
    expect(completeUntil(engine, Infinity)).toEqual([[1, 0], [0, 500]]);
  });
});

describe("fair share: completion times", () => {
  it("a start re-binds a flow to the side that became the smaller share", () => {
    // Sender egress 1 B/ns; receiver 1 ingress 0.75 B/ns, receiver 2 fast.
    // 0..400: flow 0 alone at min(1, 0.75) = 0.75 → 300 B moved, 700 B left.
    // From 400: the egress share halves to 0.5: flow 0 at min(0.5, 0.75) = 0.5, flow 1 (600 B) at 0.5.
    // Flow 1 ends at 400 + 600 / 0.5 = 1600; flow 0 has moved 300 + 0.5 × 1200 = 900 B by then, 100 B left.
    // Flow 0 alone again at 0.75: 100 / 0.75 = 133.33 ns → fluid finish 1733.33, rounded up to 1734.
    const engine = engineOf([[1, 1], [100, 0.75], [100, 100]]);
    startFlow(engine, 0, 0, 1, 1000, 0);
    expect(engine.rateBytesPerNs(0)).toBe(0.75);
    expect(engine.nextCompletionNs()).toBe(1334); // 1000 / 0.75 = 1333.33 → 1334, if nothing else started
    expect(completeUntil(engine, 400)).toEqual([]);
    startFlow(engine, 1, 0, 2, 600, 400);
    expect(engine.rateBytesPerNs(0)).toBe(0.5);
    expect(engine.rateBytesPerNs(1)).toBe(0.5);
    expect(engine.remainingBytes(0, 400)).toBe(700);
    expect(completeUntil(engine, Infinity)).toEqual([[1, 1600], [0, 1734]]);
  });

  it("three flows at a third of the egress finish at an exact nanosecond, not one late", () => {
    // Egress 0.7 B/ns, 3 flows of 700 000 B: 0.7/3 B/ns each, fluid finish 700 000 × 3 / 0.7 = 3 000 000 ns.
    // In floats 700 000 / (0.7 / 3) = 3 000 000.0000000005: the rounding guard keeps the finish at 3 000 000.
    const engine = engineOf([[0.7, 1], [100, 100], [100, 100], [100, 100]]);
    for (let flow = 0; flow < 3; flow++) startFlow(engine, flow, 0, flow + 1, 700_000, 0);
    expect(completeUntil(engine, Infinity)).toEqual([[0, 3_000_000], [1, 3_000_000], [2, 3_000_000]]);
  });

  it("a fractional fluid finish rounds up to the next nanosecond", () => {
    // 10 B at 3 B/ns = 3.33 ns → 4 ns.
    const engine = engineOf([[3, 3], [100, 100]]);
    startFlow(engine, 0, 0, 1, 10, 0);
    expect(engine.nextCompletionNs()).toBe(4);
    expect(engine.dueFlow(3)).toBe(NO_FLOW);
    expect(completeUntil(engine, Infinity)).toEqual([[0, 4]]);
  });

  it("flows due at the same nanosecond complete in start order, whatever their slots", () => {
    // Two equal flows on one egress, slot 5 started first (order 0), slot 2 second (order 1): both at 2000.
    const engine = engineOf([[1, 1], [100, 100], [100, 100]]);
    startFlow(engine, 5, 0, 1, 1000, 0, 0);
    startFlow(engine, 2, 0, 2, 1000, 0, 1);
    expect(completeUntil(engine, Infinity)).toEqual([[5, 2000], [2, 2000]]);
  });

  it("a stopped flow keeps its remaining bytes, frees its share, and resumes where it was", () => {
    // Egress 1 B/ns. 0..300: flows 0 and 1 at 0.5 → 150 B each. Flow 0 stopped at 300 with 850 B left;
    // flow 1 alone at 1 B/ns: 850 B → t = 1150. Flow 0 resumes at 2000 alone: 850 B → t = 2850.
    const engine = engineOf([[1, 1], [100, 100], [100, 100]]);
    startFlow(engine, 0, 0, 1, 1000, 0);
    startFlow(engine, 1, 0, 2, 1000, 0);
    expect(engine.stop(0, 300)).toBe(850);
    expect(engine.rateBytesPerNs(1)).toBe(1);
    expect(completeUntil(engine, 2000)).toEqual([[1, 1150]]);
    expect(engine.nextCompletionNs()).toBe(NO_COMPLETION);
    engine.start(0, 850, 2000);
    expect(completeUntil(engine, Infinity)).toEqual([[0, 2850]]);
  });

  it("lists attached flows newest first, running or not, until detached", () => {
    const engine = engineOf([[1, 1], [100, 100], [100, 100]]);
    startFlow(engine, 0, 0, 1, 1000, 0);
    engine.attach(1, 0, 2, 1); // attached, not running
    startFlow(engine, 2, 0, 1, 1000, 0);
    const outgoing: number[] = [];
    for (let flow = engine.firstOutgoing(0); flow !== NO_FLOW; flow = engine.nextOutgoing(flow)) outgoing.push(flow);
    const incoming: number[] = [];
    for (let flow = engine.firstIncoming(1); flow !== NO_FLOW; flow = engine.nextIncoming(flow)) incoming.push(flow);
    expect(outgoing).toEqual([2, 1, 0]);
    expect(incoming).toEqual([2, 0]);
    // The attached flow does not count: the two running flows split the egress.
    expect(engine.rateBytesPerNs(0)).toBe(0.5);
    engine.detach(1);
    expect(engine.firstOutgoing(0)).toBe(2);
    expect(engine.nextOutgoing(2)).toBe(0);
    expect(engine.firstIncoming(2)).toBe(NO_FLOW);
  });

  it("grows past its initial flow and node capacity", () => {
    // 40 receivers (past the 16 nodes it starts with), 40 flows in an engine sized for 2: each gets 1/40 of a
    // 4 B/ns egress = 0.1 B/ns; 100 B → 1000 ns, all at once, in start order.
    const nics: Array<[number, number]> = [[4, 4]];
    for (let node = 1; node <= 40; node++) nics.push([100, 100]);
    const engine = engineOf(nics, 2);
    for (let flow = 0; flow < 40; flow++) {
      if (flow === 2) engine.growFlows(64); // as the network's slot table does when it grows
      startFlow(engine, flow, 0, flow + 1, 100, 0);
    }
    const completed = completeUntil(engine, Infinity);
    expect(completed).toEqual(Array.from({ length: 40 }, (_, flow) => [flow, 1000]));
  });
});
