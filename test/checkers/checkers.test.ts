import { describe, expect, it } from "vitest";
import { Simulator } from "../../src/kernel/index.js";
import { Network } from "../../src/cluster/resources/index.js";
import type { NetworkConservationFacts } from "../../src/checkers/index.js";
import {
  ObjectVersionLedger,
  assertNoViolations,
  checkBytesConserved,
  checkMessageBytes,
  checkNoPendingInPast,
  checkRequestsEndOnce,
  checkTimesNonDecreasing,
} from "../../src/checkers/index.js";
import { KIND_OK, RunMetrics } from "../../src/metrics/index.js";

describe("request-ends-once checker", () => {
  it("passes a clean run and flags a request ended twice, naming it and the seed", () => {
    const m = new RunMetrics({ seed: 1234 });
    const a = m.beginRequest(0, 0, 0);
    const b = m.beginRequest(1, 0, 5);
    m.endRequest(a, KIND_OK, 10);
    m.endRequest(b, KIND_OK, 20);
    expect(checkRequestsEndOnce(m.lifecycleFacts(), { drained: true })).toEqual([]);
    m.endRequest(b, KIND_OK, 30); // the seeded bug
    const v = checkRequestsEndOnce(m.lifecycleFacts(), { drained: true });
    expect(v).toHaveLength(1);
    expect(v[0].message).toContain("request #1 ended a second time");
    expect(v[0].message).toContain("seed=1234");
    expect(v[0].atNs).toBe(30);
  });

  it("flags requests never ended only when the run drained", () => {
    const m = new RunMetrics({ seed: 9 });
    m.beginRequest(0, 0, 0);
    m.endRequest(m.beginRequest(0, 0, 1), KIND_OK, 2);
    m.beginRequest(0, 0, 3);
    expect(checkRequestsEndOnce(m.lifecycleFacts(), { drained: false })).toEqual([]);
    const v = checkRequestsEndOnce(m.lifecycleFacts(), { drained: true });
    expect(v).toHaveLength(1);
    expect(v[0].message).toMatch(/2 request\(s\) never ended.*#0.*#2/);
  });

  it("flags recording calls that go back in time", () => {
    const m = new RunMetrics({ seed: 2 });
    m.beginRequest(0, 0, 100);
    m.beginRequest(0, 1, 50);
    const v = checkRequestsEndOnce(m.lifecycleFacts(), { drained: false });
    expect(v.map((x) => x.checker)).toEqual(["time-monotonic"]);
  });
});

describe("get-current-version checker", () => {
  it("accepts any version current during the GET and flags stale, future and phantom versions", () => {
    const ledger = new ObjectVersionLedger();
    ledger.commit("bck/obj", 1, 0);
    ledger.commit("bck/obj", 2, 1000);
    ledger.getReturned("bck/obj", 1, 500, 900, 1); // ok
    ledger.getReturned("bck/obj", 1, 800, 1200, 2); // ok: v1 current at 800..1000
    ledger.getReturned("bck/obj", 2, 800, 1200, 3); // ok
    expect(ledger.check(77)).toEqual([]);
    ledger.getReturned("bck/obj", 1, 1100, 1300, 4); // stale: the seeded bug
    ledger.getReturned("bck/obj", 2, 100, 900, 5); // from the future
    ledger.getReturned("bck/obj", 9, 100, 900, 6); // never committed
    const v = ledger.check(77);
    expect(v.map((x) => x.message)).toEqual([
      expect.stringContaining("GET #4 of bck/obj returned stale version 1; version 2 was current"),
      expect.stringContaining("GET #5 of bck/obj returned version 2, newer than 1"),
      expect.stringContaining("GET #6 of bck/obj returned version 9, which was never committed"),
    ]);
    expect(v.every((x) => x.message.includes("seed=77"))).toBe(true);
  });

  it("knows DELETEs: a GET that began after the DELETE may not succeed unless a later PUT recreated the object", () => {
    const ledger = new ObjectVersionLedger();
    ledger.commit("bck/obj", 1, 0);
    ledger.deleted("bck/obj", 1000);
    ledger.commit("bck/obj", 2, 3000);
    ledger.deleted("bck/obj", 5000);
    ledger.getReturned("bck/obj", 1, 900, 1100, 1); // ok: overlaps the DELETE (v1 current at 900)
    ledger.getReturned("bck/obj", 2, 2500, 3500, 2); // ok: the PUT that recreated it landed while it ran
    ledger.getReturned("bck/obj", 2, 3100, 3200, 3); // ok
    ledger.getReturned("bck/obj", 2, 4000, 6000, 4); // ok: overlaps the second DELETE
    expect(ledger.check(5)).toEqual([]);
    // A DELETE-blind ledger (the same commits, no deletes) takes each of these for a current read.
    ledger.getReturned("bck/obj", 1, 1100, 1200, 5); // deleted at 1000, before it began: the seeded bug
    ledger.getReturned("bck/obj", 1, 2500, 3500, 6); // deleted, then v2: v1 was never current while it ran
    ledger.getReturned("bck/obj", 2, 5100, 5200, 7); // v2 deleted at 5000
    const v = ledger.check(5);
    expect(v.map((x) => x.message)).toEqual([
      expect.stringContaining("GET #5 of bck/obj returned version 1 of a deleted object (deleted at 1000 ns, before it began)"),
      expect.stringContaining("GET #6 of bck/obj returned version 1 of a deleted object (deleted at 1000 ns, before it began); version 2 was committed"),
      expect.stringContaining("GET #7 of bck/obj returned version 2 of a deleted object (deleted at 5000 ns"),
    ]);
    expect(ledger.versionAt("bck/obj", 1500)).toBe(0);
    expect(ledger.versionAt("bck/obj", 4000)).toBe(2);
  });
});

describe("bytes-conserved checker", () => {
  it("passes the network's own facts and flags a seeded mismatch", () => {
    const sim = new Simulator({ seed: 3 });
    const net = new Network(sim);
    const a = net.addNode("a", { egressBytesPerS: 1e9, ingressBytesPerS: 1e9 });
    const b = net.addNode("b", { egressBytesPerS: 1e9, ingressBytesPerS: 1e9 });
    net.transfer(a, b, 12345, () => undefined, undefined);
    sim.run();
    const facts = net.conservationFacts();
    expect(checkBytesConserved(facts, 3)).toEqual([]);
    const broken: NetworkConservationFacts = { ...facts, bytesReceived: facts.bytesReceived - 1, bytesReceivedByNodeSum: facts.bytesReceived - 1 };
    const v = checkBytesConserved(broken, 3);
    expect(v).toHaveLength(1);
    expect(v[0].message).toContain("bytes sent (12345) != bytes received (12344)");
    const lost: NetworkConservationFacts = { ...facts, transfersCompleted: 0 };
    expect(checkBytesConserved(lost, 3)[0].message).toContain("transfers started (1)");
    expect(checkMessageBytes(10, 7, 3, 1)).toEqual([]);
    expect(checkMessageBytes(10, 7, 2, 1)).toHaveLength(1);
  });
});

describe("time-monotonic checker and assertNoViolations", () => {
  it("flags a decreasing time and throws with every message", () => {
    expect(checkTimesNonDecreasing([1, 2, 2, 5], "events", 1)).toEqual([]);
    const v = checkTimesNonDecreasing([1, 5, 4], "events", 8);
    expect(v).toHaveLength(1);
    expect(() => assertNoViolations(v)).toThrow(/t=4 ns came after t=5 ns.*seed=8/);
    expect(() => assertNoViolations([])).not.toThrow();
  });

  it("the kernel refuses to schedule in the past, and no pending event lies before the clock", () => {
    const sim = new Simulator({ seed: 1 });
    sim.scheduleAt(500, () => undefined);
    sim.runUntil(100);
    expect(() => sim.scheduleAt(99, () => undefined)).toThrow(/past/);
    expect(checkNoPendingInPast(sim)).toEqual([]);
    const broken = { now: 600, seed: "5", nextEventTime: () => 500 };
    expect(checkNoPendingInPast(broken)[0].message).toBe(
      "no-past-events: an event is pending at t=500 ns, before the clock (now=600 ns) at t=500 ns (reproduce with seed=5)",
    );
  });
});
