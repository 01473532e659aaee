import { describe, expect, it } from "vitest";
import { NS_PER_MS, Simulator } from "../../../src/kernel/index.js";
import { SLOT_SPAN } from "../../../src/kernel/slot-table.js";
import { Disk, IO_FAILED, IO_OK, diskSpec, type DiskSpec, type IoStatus } from "../../../src/cluster/resources/index.js";

const MB = 1_000_000;
const MS = NS_PER_MS;

function make(spec: Partial<DiskSpec> & { latencyNs?: number }) {
  const sim = new Simulator({ seed: 11 });
  const full = diskSpec("ssd", {
    readBytesPerS: 1e9,
    writeBytesPerS: 5e8,
    latency: { kind: "constant", ns: spec.latencyNs ?? 1 * MS },
    concurrency: spec.concurrency ?? 2,
    ...(spec.latency ? { latency: spec.latency } : {}),
  });
  const disk = new Disk(sim, full, { name: "t/mp0", latencyDraws: sim.rng.stream("t/mp0/latency") });
  return { sim, disk };
}

describe("disk service model", () => {
  it("k=2 closed loop of two clients: latencies overlap, data moves one IO at a time at full bandwidth", () => {
    const { sim, disk } = make({ concurrency: 2 });
    const ends: number[] = [];
    let issued = 0;
    const loop = (): void => {
      if (issued >= 10) return;
      issued++;
      disk.read(MB, (_: undefined, st: IoStatus) => {
        expect(st).toBe(IO_OK);
        ends.push(sim.now);
        loop();
      }, undefined);
    };
    loop();
    loop();
    sim.run();
    // IO1: ready 1 ms, data 1-2 ms. IO2: ready 1 ms, waits for the channel: 2-3 ms. Each later IO starts
    // when one ends (t), is ready at t+1 ms, exactly when the channel frees: one end per ms.
    expect(ends).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((x) => x * MS));
    expect(disk.stats().busyNs).toBe(11 * MS);
    sim.runUntil(20 * MS);
    expect(disk.utilisation(20 * MS)).toBeCloseTo(11 / 20, 12);
    expect(disk.stats().dataBusyNs).toBe(10 * MS);
    expect(disk.stats().bytesRead).toBe(10 * MB);
  });

  it("k=1 serves in FIFO order, each IO paying its own latency", () => {
    const { sim, disk } = make({ concurrency: 1 });
    const ends: Array<[string, number]> = [];
    for (const name of ["a", "b", "c"]) disk.read(MB, () => ends.push([name, sim.now]), undefined);
    expect(disk.queued).toBe(2);
    sim.run();
    expect(ends).toEqual([["a", 2 * MS], ["b", 4 * MS], ["c", 6 * MS]]);
  });

  it("small IOs are latency-bound: k per latency", () => {
    const { sim, disk } = make({ concurrency: 4, latencyNs: 100_000 });
    const ends: number[] = [];
    for (let i = 0; i < 8; i++) disk.read(0, () => ends.push(sim.now), undefined);
    sim.run();
    expect(ends).toEqual([100_000, 100_000, 100_000, 100_000, 200_000, 200_000, 200_000, 200_000]);
  });

  it("writes use the write bandwidth; the slow factor scales latency and data time", () => {
    const { sim, disk } = make({ concurrency: 1 });
    const ends: number[] = [];
    disk.write(MB, () => ends.push(sim.now), undefined); // 1 ms + 2 ms
    sim.run();
    disk.setSlowFactor(3);
    disk.read(MB, () => ends.push(sim.now), undefined); // 3 × (1 + 1) ms
    sim.run();
    expect(ends).toEqual([3 * MS, 9 * MS]);
  });

  it("fail() fails IOs in service and queued, new IOs fail until repair()", () => {
    const { sim, disk } = make({ concurrency: 1 });
    const log: Array<[string, number, IoStatus]> = [];
    const cb = (name: string) => (_: undefined, st: IoStatus) => log.push([name, sim.now, st]);
    disk.read(MB, cb("a"), undefined);
    disk.read(MB, cb("b"), undefined);
    sim.scheduleAt(MS / 2, () => {
      expect(disk.fail()).toBe(2);
      disk.read(MB, cb("c"), undefined);
    });
    sim.scheduleAt(5 * MS, () => {
      disk.repair();
      disk.read(MB, cb("d"), undefined);
    });
    sim.run();
    expect(log).toEqual([
      ["a", MS / 2, IO_FAILED],
      ["b", MS / 2, IO_FAILED],
      ["c", MS / 2, IO_FAILED],
      ["d", 7 * MS, IO_OK],
    ]);
    const s = disk.stats();
    expect(s.failed).toBe(3);
    expect(s.busyNs).toBe(MS / 2 + 2 * MS);
    expect(s.dataBusyNs).toBe(MS); // a never reached the channel; d moved 1 ms of data
  });

  it("abortAll drops IOs silently (a process crash) and the device keeps serving", () => {
    const { sim, disk } = make({ concurrency: 1 });
    const log: Array<[string, number]> = [];
    disk.read(MB, () => log.push(["a", sim.now]), undefined);
    disk.read(MB, () => log.push(["b", sim.now]), undefined);
    sim.scheduleAt(MS, () => {
      expect(disk.abortAll(false)).toBe(2);
      disk.read(MB, () => log.push(["c", sim.now]), undefined);
    });
    sim.run();
    expect(log).toEqual([["c", 3 * MS]]);
    expect(disk.failed).toBe(false);
    expect(disk.stats()).toMatchObject({ readsCompleted: 1, failed: 2, busyNs: 3 * MS });
  });

  it("IO handles: slots reused last-freed first with a new generation; past 32 IOs the table grows, queue order kept", () => {
    const { sim, disk } = make({ concurrency: 1, latencyNs: 1 });
    const done: number[] = [];
    const onDone = (i: number): void => void done.push(i);
    const handles = Array.from({ length: 40 }, (_, i) => disk.read(0, onDone, i));
    expect(handles).toEqual(Array.from({ length: 40 }, (_, i) => i));
    sim.run();
    expect(done).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // All 40 slots are free again, the last freed (39) on top.
    expect([disk.read(0, onDone, 40), disk.read(0, onDone, 41)]).toEqual([SLOT_SPAN + 39, SLOT_SPAN + 38]);
  });

  it("defaults per kind are ordered hdd < ssd < nvme in bandwidth and concurrency", () => {
    const [hdd, ssd, nvme] = (["hdd", "ssd", "nvme"] as const).map((k) => diskSpec(k));
    expect(hdd.readBytesPerS).toBeLessThan(ssd.readBytesPerS);
    expect(ssd.readBytesPerS).toBeLessThan(nvme.readBytesPerS);
    expect(hdd.concurrency).toBeLessThan(ssd.concurrency);
    expect(diskSpec("nvme", { concurrency: 32 }).concurrency).toBe(32);
  });

  it("M/M/1: Poisson arrivals, exponential service: mean response = 1/(mu - lambda)", () => {
    // rho = 0.5, mean service 1 ms → mean response 2 ms, mean wait in queue 1 ms.
    const { sim, disk } = make({ concurrency: 1, latency: { kind: "exponential", meanNs: MS } });
    const arrivals = sim.rng.stream("test/arrivals");
    const n = 100_000;
    let sum = 0;
    let done = 0;
    let t = 0;
    for (let i = 0; i < n; i++) {
      t += Math.round(-Math.log(1 - arrivals()) * 2 * MS);
      sim.scheduleAt(t, () => {
        const start = sim.now;
        disk.read(0, () => {
          sum += sim.now - start;
          done++;
        }, undefined);
      });
    }
    sim.run();
    expect(done).toBe(n);
    const mean = sum / n / MS;
    // Standard error of the mean response at rho = 0.5 with 1e5 customers is about 1%; allow 5%.
    expect(mean).toBeGreaterThan(2 * 0.95);
    expect(mean).toBeLessThan(2 * 1.05);
    expect(disk.utilisation(sim.now)).toBeGreaterThan(0.47);
    expect(disk.utilisation(sim.now)).toBeLessThan(0.53);
  });
});

describe("utilisation sampler", () => {
  it("reports per-second NIC and disk utilisation, counting transfers in progress", async () => {
    const { Network, UtilisationSampler } = await import("../../../src/cluster/resources/index.js");
    const { sim, disk } = make({ concurrency: 1 });
    const net = new Network(sim);
    const a = net.addNode("a", { egressBytesPerS: 1e9, ingressBytesPerS: 1e9 });
    const b = net.addNode("b", { egressBytesPerS: 1e9, ingressBytesPerS: 4e9 });
    const sampler = new UtilisationSampler(sim);
    sampler.watchNetwork(net);
    sampler.watchDisk(disk);
    sampler.start(3_000_000_000);
    net.transfer(a, b, 1_500_000_000, () => undefined, undefined); // 1.5 s at 1 GB/s
    disk.read(500 * MB, () => undefined, undefined); // 1 ms + 0.5 s
    sim.run();
    const s = sampler.series();
    expect(s.intervals).toBe(3);
    expect(Array.from(s.egress.a)).toEqual([1, 0.5, 0]);
    expect(Array.from(s.ingress.b)).toEqual([0.25, 0.125, 0]);
    expect(s.disk["t/mp0"][0]).toBeCloseTo(0.501, 12);
    expect(Array.from(s.disk["t/mp0"].slice(1))).toEqual([0, 0]);
    const cols = sampler.columns(4, (name) => name !== "b");
    expect(Object.keys(cols)).toEqual(["egress_util_a", "ingress_util_a", "disk_util_t/mp0"]);
    expect(cols.egress_util_a).toEqual([1, 0.5, 0, NaN]);
  });
});
