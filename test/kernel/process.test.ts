import { describe, expect, it } from "vitest";
import { Interrupt, Resource, Signal, Simulator, sleep, spawn, wait, type Process, type ProcessBody } from "../../src/kernel/index.js";

describe("generator processes", () => {
  it("sleep advances virtual time; a process starts at the time it is spawned", () => {
    const sim = new Simulator();
    const log: string[] = [];
    function* worker(name: string, stepNs: number): ProcessBody<string> {
      log.push(`${name} start@${sim.now}`);
      yield sleep(stepNs);
      log.push(`${name} woke@${sim.now}`);
      yield stepNs; // a bare number is a sleep too
      log.push(`${name} done@${sim.now}`);
      return `${name}-result`;
    }
    const a = spawn(sim, worker("a", 10), { name: "a" });
    sim.schedule(5, () => void spawn(sim, worker("b", 3), { name: "b" }));
    sim.run();
    expect(log).toEqual(["a start@0", "b start@5", "b woke@8", "a woke@10", "b done@11", "a done@20"]);
    expect(a.done).toBe(true);
    expect(a.result).toBe("a-result");
  });

  it("wait(signal) blocks until notify; notify wakes one waiter in FIFO order with the value", () => {
    const sim = new Simulator();
    const signal = new Signal<string>(sim, "queue/0/ready");
    const log: string[] = [];
    function* waiter(name: string): ProcessBody<void> {
      const value = yield wait(signal);
      log.push(`${name} got ${String(value)}@${sim.now}`);
    }
    for (const name of ["w1", "w2", "w3"]) spawn(sim, waiter(name), { name });
    sim.schedule(10, () => expect(signal.notify("x")).toBe(true));
    sim.schedule(20, () => expect(signal.notifyAll("y")).toBe(2));
    sim.schedule(30, () => expect(signal.notify("z")).toBe(false));
    sim.runUntil(15);
    expect(signal.waiting).toBe(2);
    sim.run();
    expect(log).toEqual(["w1 got x@10", "w2 got y@20", "w3 got y@20"]);
    expect(signal.value).toBe("z");
  });

  it("a notify before anyone waits is not remembered", () => {
    const sim = new Simulator();
    const signal = new Signal(sim);
    let woke = false;
    sim.schedule(1, () => signal.notify());
    spawn(sim, (function* () {
      yield 5;
      yield signal;
      woke = true;
    })());
    sim.run();
    expect(woke).toBe(false);
    expect(signal.waiting).toBe(1);
  });

  it("interrupt delivers to a sleeping process at the interrupt time and cancels its wake-up", () => {
    const sim = new Simulator();
    const log: string[] = [];
    const p = spawn(
      sim,
      (function* (): ProcessBody<void> {
        try {
          yield 100;
          log.push(`slept through@${sim.now}`);
        } catch (e) {
          expect(e).toBeInstanceOf(Interrupt);
          log.push(`interrupted by ${String((e as Interrupt).cause)}@${sim.now}`);
        }
        yield 200; // the old wake-up at t=100 must not cut this short
        log.push(`second sleep done@${sim.now}`);
      })(),
      { name: "sleeper" },
    );
    sim.schedule(30, () => expect(p.interrupt("target down")).toBe(true));
    sim.run();
    expect(log).toEqual(["interrupted by target down@30", "second sleep done@230"]);
    expect(sim.now).toBe(230);
  });

  it("an uncaught interrupt ends the process quietly; joiners wake; later interrupts are refused", () => {
    const sim = new Simulator();
    const victim = spawn(sim, (function* () {
      yield 1000;
      return "finished";
    })(), { name: "victim" });
    let joinedAt = -1;
    spawn(sim, (function* () {
      yield victim;
      joinedAt = sim.now;
    })());
    sim.schedule(40, () => victim.interrupt("killed"));
    sim.run();
    expect(victim.done).toBe(true);
    expect(victim.interrupted).toBe(true);
    expect(victim.interruptedBy).toBe("killed");
    expect(victim.result).toBeUndefined();
    expect(joinedAt).toBe(40);
    expect(victim.interrupt("again")).toBe(false);
    expect(sim.now).toBe(40);
  });

  it("interrupting a waiting process takes it out of the queue: the next notify goes to the next waiter", () => {
    const sim = new Simulator();
    const signal = new Signal<number>(sim);
    const got: string[] = [];
    const first = spawn(sim, (function* () {
      try {
        yield signal;
        got.push("first");
      } catch {
        got.push(`first interrupted@${sim.now}`);
      }
    })());
    spawn(sim, (function* () {
      const v = yield signal;
      got.push(`second ${String(v)}@${sim.now}`);
    })());
    sim.schedule(5, () => first.interrupt("cancel"));
    sim.schedule(9, () => signal.notify(99));
    sim.run();
    expect(got).toEqual(["first interrupted@5", "second 99@9"]);
  });

  it("a process joins another and receives its return value (also when it already ended)", () => {
    const sim = new Simulator();
    const child = spawn(sim, (function* () {
      yield 7;
      return 42;
    })());
    const results: Array<[unknown, number]> = [];
    spawn(sim, (function* () {
      results.push([yield child, sim.now]);
      yield 10;
      results.push([yield child, sim.now]);
    })());
    let callbackAt = -1;
    child.whenDone(() => (callbackAt = sim.now), undefined);
    sim.run();
    expect(results).toEqual([[42, 7], [42, 17]]);
    expect(callbackAt).toBe(7);
  });

  it("an interrupt for a runnable process arrives at its next yield, so a granted resource unit is not lost", () => {
    const sim = new Simulator();
    const disk = new Resource(sim, 1, "disk");
    const log: string[] = [];
    const holder = { second: null as Process<void> | null };
    spawn(sim, (function* () {
      yield disk.acquire();
      yield 10;
      disk.release(); // grants the unit to `second` and schedules its wake-up ...
      const second = holder.second!;
      log.push(`second is ${second.state}`);
      second.interrupt("abort"); // ... so the interrupt must wait for second's next yield
    })());
    holder.second = spawn(sim, (function* () {
      yield disk.acquire();
      log.push(`granted@${sim.now}, in use ${disk.inUse}`);
      try {
        yield 50;
      } catch (e) {
        log.push(`caught ${String((e as Interrupt).cause)}@${sim.now}`);
      } finally {
        disk.release();
      }
    })());
    sim.run();
    expect(log).toEqual(["second is woken", "granted@10, in use 1", "caught abort@10"]);
    expect(disk.inUse).toBe(0);
  });

  it("yielding an invalid command throws inside the body, where it can be caught", () => {
    const sim = new Simulator();
    const errors: string[] = [];
    spawn(sim, (function* (): ProcessBody<void> {
      try {
        yield 1.5;
      } catch (e) {
        errors.push((e as Error).message);
      }
      try {
        yield "soon" as unknown as number;
      } catch (e) {
        errors.push((e as Error).message);
      }
    })(), { name: "confused" });
    sim.run();
    expect(errors[0]).toMatch(/process "confused" yielded 1.5: a sleep must be a non-negative integer/);
    expect(errors[1]).toMatch(/yielded string soon/);
  });

  it("an uncaught error aborts the run with the process name, time and seed", () => {
    const sim = new Simulator({ seed: 9 });
    spawn(sim, (function* () {
      yield 3;
      throw new Error("boom");
    })(), { name: "client/7" });
    expect(() => sim.run()).toThrow(/process "client\/7" failed at t=3 ns \(seed=9\): boom/);
  });

  it("activeProcess names the running process inside its body only", () => {
    const sim = new Simulator();
    const seen: unknown[] = [];
    const p = spawn(sim, (function* () {
      seen.push(sim.activeProcess);
      yield 1;
      seen.push(sim.activeProcess);
    })());
    sim.schedule(0, () => seen.push(sim.activeProcess));
    sim.run();
    expect(seen).toEqual([p, null, p]);
  });
});

describe("callback waiters", () => {
  it("Signal.once callbacks queue FIFO with processes and read the notified value", () => {
    const sim = new Simulator();
    const signal = new Signal<string>(sim, "done");
    const log: string[] = [];
    signal.once((who: string) => log.push(`${who}:${signal.value}@${sim.now}`), "cb");
    spawn(sim, (function* () {
      log.push(`proc:${String(yield signal)}@${sim.now}`);
    })());
    sim.schedule(4, () => signal.notify("first"));
    sim.schedule(6, () => signal.notify("second"));
    sim.run();
    expect(log).toEqual(["cb:first@4", "proc:second@6"]);
  });
});

describe("cancelled process wake-ups", () => {
  it("interrupted sleepers leave no live wake-up behind: the clock never reaches their old wake time", () => {
    const sim = new Simulator();
    const sleepers = Array.from({ length: 5000 }, () =>
      spawn(sim, (function* () {
        yield 1_000_000;
      })()),
    );
    let pendingAfterInterrupts = -1;
    sim.schedule(1, () => {
      sleepers.forEach((p) => p.interrupt("stop"));
      pendingAfterInterrupts = sim.pendingEvents;
    });
    sim.run();
    expect(pendingAfterInterrupts).toBe(5000); // the deliveries, due now; the cancelled sleeps do not count
    expect(sleepers.every((p) => p.interrupted)).toBe(true);
    expect(sim.now).toBe(1);
    expect(sim.pendingEvents).toBe(0);
    expect(sim.nextEventTime()).toBeUndefined();
  });
});
