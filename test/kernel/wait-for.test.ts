import { describe, expect, it } from "vitest";
import { Resource, Signal, Simulator, spawn, waitFor, type WaitOutcome } from "../../src/kernel/index.js";

describe("waitFor (wait with a timeout)", () => {
  it("returns the value when the wait is satisfied first, and the timer never fires", () => {
    const sim = new Simulator();
    const reply = new Signal<string>(sim);
    let outcome: WaitOutcome<string> | undefined;
    spawn(sim, (function* () {
      outcome = yield* waitFor<string>(sim, reply, 100);
      yield 500; // an un-cancelled timer would interrupt this sleep at t=100
    })());
    sim.schedule(30, () => reply.notify("200 OK"));
    sim.run();
    expect(outcome).toEqual({ timedOut: false, value: "200 OK" });
    expect(sim.now).toBe(530);
  });

  it("reports a timeout at the deadline and leaves the wait queue", () => {
    const sim = new Simulator();
    const reply = new Signal<string>(sim);
    const log: string[] = [];
    spawn(sim, (function* () {
      const r = yield* waitFor(sim, reply, 100);
      log.push(`${r.timedOut ? "timeout" : "reply"}@${sim.now}`);
    })());
    sim.run();
    expect(log).toEqual(["timeout@100"]);
    expect(reply.waiting).toBe(0);
  });

  it("a queued resource request that times out is withdrawn: the unit goes to the next in line", () => {
    const sim = new Simulator();
    const disk = new Resource(sim, 1);
    const log: string[] = [];
    spawn(sim, (function* () {
      yield disk.acquire();
      yield 50;
      disk.release();
    })());
    spawn(sim, (function* () {
      const r = yield* waitFor(sim, disk.acquire(), 20);
      log.push(`impatient timedOut=${r.timedOut}@${sim.now}`);
    })());
    spawn(sim, (function* () {
      yield disk.acquire();
      log.push(`patient@${sim.now}`);
      disk.release();
    })());
    sim.run();
    expect(log).toEqual(["impatient timedOut=true@20", "patient@50"]);
    expect(disk.inUse).toBe(0);
  });

  it("when the wait and the deadline coincide, the wait wins and no stray interrupt follows", () => {
    const sim = new Simulator();
    const reply = new Signal<number>(sim);
    let outcome: WaitOutcome<number> | undefined;
    let finishedAt = -1;
    spawn(sim, (function* () {
      outcome = yield* waitFor<number>(sim, reply, 100);
      yield 10;
      finishedAt = sim.now;
    })());
    sim.schedule(100, () => reply.notify(7), undefined, 0, -1); // runs before the timer at t=100
    sim.run();
    expect(outcome).toEqual({ timedOut: false, value: 7 });
    expect(finishedAt).toBe(110);
  });

  it("other interrupts pass through", () => {
    const sim = new Simulator();
    const reply = new Signal(sim);
    const caught: unknown[] = [];
    const p = spawn(sim, (function* () {
      try {
        yield* waitFor(sim, reply, 100);
      } catch (e) {
        caught.push((e as Error).cause);
      }
      yield 200;
    })());
    sim.schedule(10, () => p.interrupt("shutdown"));
    sim.run();
    expect(caught).toEqual(["shutdown"]);
    expect(sim.now).toBe(210); // the cancelled timer did not cut the 200 ns sleep short
  });
});
