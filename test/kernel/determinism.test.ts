import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  exponential,
  nsFromMs,
  Resource,
  Signal,
  Simulator,
  spawn,
  uniformInt,
  type ProcessBody,
  type TraceOptions,
} from "../../src/kernel/index.js";

/**
 * A small model touching every kernel feature: processes, a shared resource, a signal, callbacks with
 * labels, cancelled timers, interrupts, per-component streams.
 */
function runModel(seed: number, options: { trace?: TraceOptions; extraComponent?: boolean; labelOrder?: "ab" | "ba" } = {}) {
  const sim = new Simulator({ seed, trace: options.trace });
  if (options.labelOrder === "ba") sim.label("timeout", "client");
  const disk = new Resource(sim, 2, "target/t1/disk/0");
  const ready = new Signal<number>(sim, "target/t1/ready");
  const timeoutLabel = sim.label("timeout", "client");
  let served = 0;
  let timedOut = 0;
  function* client(id: number): ProcessBody<void> {
    const think = sim.rng.stream(`client/${id}/think`);
    for (let i = 0; i < 20; i++) {
      yield nsFromMs(exponential(think, 5));
      const timer = sim.schedule(nsFromMs(1.5), () => void timedOut++, undefined, timeoutLabel);
      yield disk.acquire();
      yield nsFromMs(exponential(sim.rng.stream("target/t1/disk/0/service"), 1));
      disk.release();
      if (!sim.cancel(timer)) sim.note(`client/${id}`, "late", { i });
      served++;
      if (i % 5 === 4) ready.notify(id);
    }
  }
  const clients = [0, 1, 2, 3, 4].map((id) => spawn(sim, client(id), { name: `client/${id}` }));
  spawn(sim, (function* () {
    for (;;) {
      const from = yield ready;
      if (from === 4) clients[uniformInt(sim.rng.stream("chaos/0/victim"), 0, 3)].interrupt("chaos");
    }
  })(), { name: "watcher" });
  if (options.extraComponent) {
    // A new component with its own stream must not shift anyone else's draws.
    spawn(sim, (function* () {
      const u = sim.rng.stream("extra/0/noise");
      for (let i = 0; i < 5; i++) yield nsFromMs(exponential(u, 50));
    })(), { name: "extra" });
  }
  sim.run();
  sim.closeTrace();
  return { fingerprint: sim.fingerprint(), served, timedOut, events: sim.eventsExecuted, endNs: sim.now };
}

describe("determinism and fingerprints", () => {
  it("the same seed twice gives identical fingerprints and outcomes", () => {
    const a = runModel(11);
    const b = runModel(11);
    expect(a).toEqual(b);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(a.served).toBeGreaterThan(0);
  });

  it("summary() reports seed, events, end time and fingerprint for manifests", () => {
    const sim = new Simulator({ seed: "abc" });
    sim.schedule(5, () => undefined);
    sim.schedule(9, () => undefined);
    sim.run();
    expect(sim.summary()).toEqual({ seed: "abc", eventsExecuted: 2, endNs: 9, fingerprint: sim.fingerprint() });
  });

  it("different seeds give different fingerprints", () => {
    const fingerprints = new Set([1, 2, 3, 4, 5].map((seed) => runModel(seed).fingerprint));
    expect(fingerprints.size).toBe(5);
  });

  it("the fingerprint changes when only one event's time changes", () => {
    const run = (lastDelayNs: number): string => {
      const sim = new Simulator();
      for (let i = 1; i <= 100; i++) sim.schedule(i * 10, () => undefined);
      sim.schedule(lastDelayNs, () => undefined);
      sim.run();
      return sim.fingerprint();
    };
    expect(run(5000)).toBe(run(5000));
    expect(run(5000)).not.toBe(run(5001));
  });

  it("the fingerprint covers kind and component, and not the order labels were created in", () => {
    const run = (kind: string, component: string, warmUp: boolean): string => {
      const sim = new Simulator();
      if (warmUp) sim.label("other", "thing");
      sim.schedule(5, () => undefined, undefined, sim.label(kind, component));
      sim.run();
      return sim.fingerprint();
    };
    expect(run("disk.done", "t1", false)).toBe(run("disk.done", "t1", true));
    expect(run("disk.done", "t1", false)).not.toBe(run("disk.done", "t2", false));
    expect(run("disk.done", "t1", false)).not.toBe(run("net.done", "t1", false));
    expect(runModel(3, { labelOrder: "ba" }).fingerprint).toBe(runModel(3).fingerprint);
  });

  it("a new component with its own stream leaves the others' draws alone (same client outcomes)", () => {
    const base = runModel(21);
    const extended = runModel(21, { extraComponent: true });
    expect(extended.served).toBe(base.served);
    expect(extended.timedOut).toBe(base.timedOut);
    expect(extended.fingerprint).not.toBe(base.fingerprint); // its own events are in the fingerprint
  });

  it("turning the trace on does not change the fingerprint; lines carry virtual time in order", () => {
    expect(runModel(11).timedOut).toBeGreaterThan(0); // so the trace must contain fired timeouts
    const lines: string[] = [];
    const traced = runModel(11, { trace: { stream: { write: (line: string) => lines.push(line) } } });
    const plain = runModel(11);
    expect(traced.fingerprint).toBe(plain.fingerprint);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const events = records.filter((r) => r.kind !== undefined);
    expect(events.length).toBe(plain.events);
    let previous = -1;
    for (const r of records) {
      expect(Object.keys(r)[0]).toBe("t_ns");
      expect(typeof r.t_ns).toBe("number");
      expect(r.t_ns as number).toBeGreaterThanOrEqual(previous);
      expect(r).not.toHaveProperty("time");
      expect(r).not.toHaveProperty("pid");
      expect(r).not.toHaveProperty("hostname");
      previous = r.t_ns as number;
    }
    expect(previous).toBe(plain.endNs);
    expect(events.some((r) => r.kind === "timeout" && r.comp === "client")).toBe(plain.timedOut > 0);
    expect(events.some((r) => r.kind === "process" && r.comp === "client/3")).toBe(true);
  });

  it("the trace can go to a file, byte-identical across runs", () => {
    const dir = mkdtempSync(join(tmpdir(), "aisim-trace-"));
    try {
      const a = join(dir, "a.ndjson");
      const b = join(dir, "b.ndjson");
      runModel(5, { trace: { dest: a } });
      runModel(5, { trace: { dest: b } });
      runModel(5, { trace: { dest: b } }); // a second run truncates, it does not append
      const text = readFileSync(a, "utf8");
      expect(text.length).toBeGreaterThan(0);
      expect(readFileSync(b, "utf8")).toBe(text);
      expect(text.split("\n")[0]).toMatch(/^\{"t_ns":0,/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("notes-only traces skip per-event lines but keep model notes", () => {
    const lines: string[] = [];
    const sim = new Simulator({ trace: { events: false, stream: { write: (l: string) => lines.push(l) } } });
    sim.schedule(nsFromMs(1.5), () => sim.note("client/1", "attempt 1 -> proxy p1 -> 301", { attempt: 1 }));
    sim.schedule(nsFromMs(2), () => undefined);
    sim.run();
    expect(lines.map((l) => JSON.parse(l))).toEqual([{ t_ns: 1_500_000, comp: "client/1", attempt: 1, msg: "attempt 1 -> proxy p1 -> 301" }]);
  });
});
