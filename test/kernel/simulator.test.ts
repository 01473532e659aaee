import { describe, expect, it } from "vitest";
import { MaxEventsError, NO_EVENT, Simulator } from "../../src/kernel/index.js";

describe("Simulator ordering", () => {
  it("runs events in time order, whatever order they were scheduled in", () => {
    const sim = new Simulator();
    const seen: number[] = [];
    for (const t of [50, 10, 40, 20, 30]) sim.schedule(t, (x: number) => seen.push(x), t);
    sim.run();
    expect(seen).toEqual([10, 20, 30, 40, 50]);
    expect(sim.now).toBe(50);
  });

  it("breaks ties at equal times by priority, then by scheduling order (FIFO)", () => {
    const sim = new Simulator();
    const seen: string[] = [];
    const log = (name: string): void => void seen.push(name);
    sim.schedule(5, log, "b1", 0, 1);
    sim.schedule(5, log, "a1", 0, 0);
    sim.schedule(5, log, "u1", 0, -3);
    sim.schedule(5, log, "a2", 0, 0);
    sim.schedule(5, log, "b2", 0, 1);
    sim.schedule(5, log, "u2", 0, -3);
    sim.schedule(4, log, "early", 0, 7);
    sim.run();
    expect(seen).toEqual(["early", "u1", "u2", "a1", "a2", "b1", "b2"]);
  });

  it("keeps FIFO order among many equal-time events (sequence numbers, not heap accident)", () => {
    const sim = new Simulator({ initialCapacity: 16 });
    const seen: number[] = [];
    for (let i = 0; i < 1000; i++) sim.schedule(7, (x: number) => seen.push(x), i);
    sim.run();
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it("cancel removes a pending event and reports whether it did", () => {
    const sim = new Simulator();
    const seen: string[] = [];
    const a = sim.schedule(10, () => seen.push("a"));
    sim.schedule(20, () => seen.push("b"));
    expect(sim.isPending(a)).toBe(true);
    expect(sim.pendingEvents).toBe(2);
    expect(sim.cancel(a)).toBe(true);
    expect(sim.cancel(a)).toBe(false);
    expect(sim.isPending(a)).toBe(false);
    expect(sim.pendingEvents).toBe(1);
    expect(sim.cancel(NO_EVENT)).toBe(false);
    sim.run();
    expect(seen).toEqual(["b"]);
    expect(sim.eventsExecuted).toBe(1);
  });

  it("an old event id cannot cancel a newer event that reuses its slot", () => {
    const sim = new Simulator();
    const first = sim.schedule(1, () => undefined);
    sim.run();
    let ran = false;
    const second = sim.schedule(1, () => (ran = true));
    expect(second).not.toBe(first);
    expect(sim.cancel(first)).toBe(false);
    sim.run();
    expect(ran).toBe(true);
  });

  it("handlers can schedule (also at the current time) and cancel other events", () => {
    const sim = new Simulator();
    const seen: string[] = [];
    let victim = NO_EVENT;
    sim.schedule(10, () => {
      seen.push(`outer@${sim.now}`);
      sim.schedule(0, () => seen.push(`same-time@${sim.now}`));
      sim.schedule(5, () => {
        seen.push(`nested@${sim.now}`);
        sim.schedule(1, () => seen.push(`deeper@${sim.now}`));
      });
      expect(sim.cancel(victim)).toBe(true);
    });
    sim.schedule(10, () => seen.push("queued-before-same-time"));
    victim = sim.schedule(12, () => seen.push("victim"));
    sim.run();
    expect(seen).toEqual(["outer@10", "queued-before-same-time", "same-time@10", "nested@15", "deeper@16"]);
  });

  it("runUntil executes events due at or before the limit, sets the clock, and leaves later ones", () => {
    const sim = new Simulator();
    const seen: number[] = [];
    for (const t of [5, 10, 11, 30]) sim.schedule(t, (x: number) => seen.push(x), t);
    sim.runUntil(10);
    expect(seen).toEqual([5, 10]);
    expect(sim.now).toBe(10);
    expect(sim.pendingEvents).toBe(2);
    expect(sim.nextEventTime()).toBe(11);
    sim.runUntil(20);
    expect(seen).toEqual([5, 10, 11]);
    expect(sim.now).toBe(20);
    sim.run();
    expect(seen).toEqual([5, 10, 11, 30]);
    expect(sim.nextEventTime()).toBeUndefined();
  });

  it("step executes exactly one event and stop() ends a run early", () => {
    const sim = new Simulator();
    const seen: number[] = [];
    sim.schedule(1, () => seen.push(1));
    sim.schedule(2, () => {
      seen.push(2);
      sim.stop();
    });
    sim.schedule(3, () => seen.push(3));
    expect(sim.step()).toBe(true);
    expect(seen).toEqual([1]);
    sim.run();
    expect(seen).toEqual([1, 2]);
    expect(sim.now).toBe(2);
    sim.run();
    expect(seen).toEqual([1, 2, 3]);
    expect(sim.step()).toBe(false);
  });

  it("the max-events guard throws a clear error before exceeding the limit", () => {
    const sim = new Simulator({ maxEvents: 100, seed: 42 });
    const label = sim.label("tick", "runaway/0");
    const tick = (): void => void sim.schedule(3, tick, undefined, label);
    sim.schedule(0, tick, undefined, label);
    let error: unknown;
    try {
      sim.run();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MaxEventsError);
    const message = (error as Error).message;
    expect(message).toContain("maxEvents=100");
    expect(message).toContain('"tick" of runaway/0');
    expect(message).toContain("seed=42");
    expect(sim.eventsExecuted).toBe(100);
    expect(sim.now).toBe(99 * 3);
  });

  it("rejects scheduling in the past, non-integer and non-finite times with clear errors", () => {
    const sim = new Simulator();
    sim.schedule(100, () => undefined);
    sim.run();
    expect(() => sim.schedule(-1, () => undefined)).toThrow(/non-negative integer.*past/);
    expect(() => sim.schedule(1.5, () => undefined)).toThrow(/integer number of nanoseconds, got 1.5/);
    expect(() => sim.schedule(Number.NaN, () => undefined)).toThrow(RangeError);
    expect(() => sim.schedule(Number.POSITIVE_INFINITY, () => undefined)).toThrow(RangeError);
    expect(() => sim.scheduleAt(99, () => undefined)).toThrow(/not before now=100.*in the past/);
    expect(() => sim.scheduleAt(100.25, () => undefined)).toThrow(RangeError);
    expect(() => sim.runUntil(50)).toThrow(/runUntil/);
    expect(() => sim.schedule(1, () => undefined, undefined, 0, 0.5)).toThrow(/priority/);
    expect(() => sim.schedule(1, () => undefined, undefined, 0, 10_000)).toThrow(/priority/);
    expect(() => sim.schedule(1, () => undefined, undefined, 999)).toThrow(/unknown label 999/);
    expect(() => sim.schedule(1, "nope" as unknown as () => void)).toThrow(/handler must be a function/);
    expect(sim.pendingEvents).toBe(0);
    sim.scheduleAt(100, () => undefined);
    expect(sim.pendingEvents).toBe(1);
  });

  it("refuses to run re-entrantly from inside a handler", () => {
    const sim = new Simulator();
    sim.schedule(1, () => sim.run());
    expect(() => sim.run()).toThrow(/inside an event handler/);
  });

  it("compacts cancelled events without disturbing the order of live ones", () => {
    const sim = new Simulator();
    const seen: number[] = [];
    const ids: number[] = [];
    for (let i = 0; i < 20_000; i++) ids.push(sim.schedule(1 + (i % 97), (x: number) => seen.push(x), i));
    for (let i = 0; i < 20_000; i++) if (i % 10 !== 0) sim.cancel(ids[i]);
    expect(sim.pendingEvents).toBe(2000);
    sim.run();
    const expected = Array.from({ length: 2000 }, (_, k) => k * 10).sort((a, b) => (1 + (a % 97)) - (1 + (b % 97)) || a - b);
    expect(seen).toEqual(expected);
  });

  it("interns labels: the same (kind, component) gives the same id", () => {
    const sim = new Simulator();
    const a = sim.label("disk.done", "target/t1/disk/0");
    expect(sim.label("disk.done", "target/t1/disk/0")).toBe(a);
    expect(sim.label("disk.done", "target/t1/disk/1")).not.toBe(a);
    expect(sim.labelKind(a)).toBe("disk.done");
    expect(sim.labelComponent(a)).toBe("target/t1/disk/0");
  });
});

describe("Simulator after a failing handler", () => {
  it("propagates the error and stays usable: later events still run in order", () => {
    const sim = new Simulator();
    const seen: number[] = [];
    sim.schedule(1, () => seen.push(1));
    sim.schedule(2, () => {
      throw new Error("model bug");
    });
    sim.schedule(3, () => seen.push(3));
    expect(() => sim.run()).toThrow("model bug");
    expect(sim.now).toBe(2);
    sim.run();
    expect(seen).toEqual([1, 3]);
  });
});
