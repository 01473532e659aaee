import { describe, expect, it } from "vitest";
import { exponential, nsFromS, Resource, sFromNs, Simulator, spawn, type ProcessBody } from "../../src/kernel/index.js";

describe("Resource (FIFO, capacity c)", () => {
  it("grants up to capacity at once and serves the rest first come, first served", () => {
    const sim = new Simulator();
    const cpu = new Resource(sim, 2, "proxy/p1/cpu");
    const log: string[] = [];
    function* job(name: string, arriveNs: number, workNs: number): ProcessBody<void> {
      yield arriveNs;
      yield cpu.acquire();
      log.push(`${name} start@${sim.now}`);
      yield workNs;
      cpu.release();
    }
    spawn(sim, job("a", 0, 10));
    spawn(sim, job("b", 1, 10));
    spawn(sim, job("c", 2, 10));
    spawn(sim, job("d", 3, 1));
    spawn(sim, job("e", 4, 1));
    sim.runUntil(5);
    expect(cpu.inUse).toBe(2);
    expect(cpu.queueLength).toBe(3);
    sim.run();
    expect(log).toEqual(["a start@0", "b start@1", "c start@10", "d start@11", "e start@12"]);
    expect(cpu.inUse).toBe(0);
  });

  it("tracks unit-time in use and queue-time for utilisation and mean queue length", () => {
    const sim = new Simulator();
    const disk = new Resource(sim, 1);
    for (const start of [0, 0, 0]) {
      spawn(sim, (function* () {
        yield start;
        yield disk.acquire();
        yield 10;
        disk.release();
      })());
    }
    sim.run();
    expect(sim.now).toBe(30);
    expect(disk.busyTimeNs()).toBe(30); // busy the whole time
    expect(disk.queueTimeNs()).toBe(2 * 10 + 1 * 10); // two wait 10, then one waits 10 more
  });

  it("callback style: tryAcquire and request share the FIFO with processes", () => {
    const sim = new Simulator();
    const pool = new Resource(sim, 1, "pool");
    const log: string[] = [];
    expect(pool.tryAcquire()).toBe(true);
    expect(pool.tryAcquire()).toBe(false);
    pool.request((who: string) => log.push(`${who}@${sim.now}`), "cb1");
    spawn(sim, (function* () {
      yield pool.acquire();
      log.push(`proc@${sim.now}`);
      pool.release();
    })());
    pool.request((who: string) => {
      log.push(`${who}@${sim.now}`);
      pool.release();
    }, "cb2");
    sim.schedule(5, () => pool.release());
    sim.schedule(8, () => pool.release()); // cb1 holds its unit until someone releases it
    sim.run();
    // Arrival order: cb1, cb2 (requested now), then the process (it starts in an event at t=0).
    expect(log).toEqual(["cb1@5", "cb2@8", "proc@8"]);
    expect(pool.inUse).toBe(0);
  });

  it("rejects a release without a held unit and a bad capacity", () => {
    const sim = new Simulator();
    expect(() => new Resource(sim, 0)).toThrow(/capacity must be a positive integer/);
    expect(() => new Resource(sim, 1, "disk").release()).toThrow(/"disk": release\(\) without a unit held/);
  });

  it("an interrupted waiter leaves the queue and never receives a unit", () => {
    const sim = new Simulator();
    const res = new Resource(sim, 1);
    const got: string[] = [];
    spawn(sim, (function* () {
      yield res.acquire();
      yield 10;
      res.release();
    })());
    const impatient = spawn(sim, (function* () {
      yield res.acquire();
      got.push("impatient");
    })());
    spawn(sim, (function* () {
      yield res.acquire();
      got.push(`patient@${sim.now}`);
      res.release();
    })());
    sim.schedule(5, () => impatient.interrupt("timeout"));
    sim.run();
    expect(got).toEqual(["patient@10"]);
    expect(impatient.interrupted).toBe(true);
    expect(res.inUse).toBe(0);
  });

  it("M/M/1 at rho = 0.5 matches theory: mean sojourn 1/(mu - lambda) = 2 s within its replication CI", () => {
    const means: number[] = [];
    for (let seed = 1; seed <= 10; seed++) {
      const sim = new Simulator({ seed });
      const server = new Resource(sim, 1, "server");
      const arrivals = sim.rng.stream("source/0/interarrival");
      const service = sim.rng.stream("server/0/service");
      let done = 0;
      let sojournNs = 0;
      function* customer(): ProcessBody<void> {
        const arrivedNs = sim.now;
        yield server.acquire();
        yield nsFromS(exponential(service, 1));
        server.release();
        done++;
        sojournNs += sim.now - arrivedNs;
      }
      spawn(sim, (function* () {
        for (let i = 0; i < 20_000; i++) {
          yield nsFromS(exponential(arrivals, 2));
          spawn(sim, customer());
        }
      })());
      sim.run();
      expect(done).toBe(20_000);
      means.push(sFromNs(sojournNs / done));
    }
    const mean = means.reduce((a, b) => a + b, 0) / means.length;
    const sd = Math.sqrt(means.reduce((a, b) => a + (b - mean) ** 2, 0) / (means.length - 1));
    const halfWidth = 3.25 * (sd / Math.sqrt(means.length)); // t(0.995, 9)
    expect(Math.abs(mean - 2)).toBeLessThanOrEqual(halfWidth);
    expect(halfWidth).toBeLessThan(0.1); // and the interval is tight enough to mean something
  });
});
