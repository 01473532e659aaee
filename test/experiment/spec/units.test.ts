import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatBandwidth, formatDuration, formatSize, parseBandwidth, parseDuration, parseRate, parseSize } from "../../../src/experiment/spec/units.js";

const ok = (r: { ok: boolean; value?: number }) => {
  if (!r.ok) throw new Error(`expected a value, got ${JSON.stringify(r)}`);
  return r.value;
};
const expected = (r: { ok: boolean; expected?: string }) => {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r)}`);
  return r.expected as string;
};

describe("parseDuration", () => {
  it.each([
    ["45s", 45e9],
    ["2m", 120e9],
    ["250ms", 250e6],
    ["1h", 3600e9],
    ["500us", 500e3],
    ["500µs", 500e3],
    ["10ns", 10],
    ["1m30s", 90e9],
    ["1.5s", 1.5e9],
    ["0.1s", 100_000_000],
    ["1.1s", 1_100_000_000],
    [".5ms", 500_000],
    ["2min", 120e9],
    ["1d", 86_400e9],
    ["0", 0],
    [" 3s ", 3e9],
  ])("%s is %d ns", (text, ns) => {
    expect(ok(parseDuration(text))).toBe(ns);
  });

  it("accepts the bare number 0 but no other unitless number", () => {
    expect(ok(parseDuration(0))).toBe(0);
    expect(expected(parseDuration(45))).toMatch(/with a unit/);
    expect(expected(parseDuration("45"))).toMatch(/duration such as 45s/);
  });

  it("rounds sub-nanosecond fractions to the nearest nanosecond", () => {
    expect(ok(parseDuration("1.4ns"))).toBe(1);
    expect(ok(parseDuration("1.5ns"))).toBe(2);
    expect(ok(parseDuration("0.0000000015s"))).toBe(2);
  });

  it("refuses negative and malformed durations, with an example", () => {
    expect(expected(parseDuration("-5s"))).toBe('a duration such as 45s, 250ms, 2m, 1h or 500us (not negative), got "-5s"');
    for (const bad of ["5", "5x", "s", "1.2.3s", "5 s s", "", "1e", "--1s", "5S"]) expect(parseDuration(bad).ok).toBe(false);
    expect(parseDuration(null).ok).toBe(false);
    expect(parseDuration(true).ok).toBe(false);
  });

  it("refuses durations beyond 2^53-1 ns", () => {
    expect(parseDuration("200d").ok).toBe(false);
    expect(ok(parseDuration("104d"))).toBe(104 * 86_400e9);
  });

  it("round-trips through formatDuration", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (ns) => {
        expect(ok(parseDuration(formatDuration(ns)))).toBe(ns);
      }),
    );
    expect(formatDuration(90e9)).toBe("90s");
    expect(formatDuration(120e9)).toBe("2m");
    expect(formatDuration(1500)).toBe("1500ns");
  });
});

describe("parseSize", () => {
  it.each([
    ["1MiB", 1_048_576],
    ["4KB", 4000],
    ["4kB", 4000],
    ["4KiB", 4096],
    ["1GB", 1e9],
    ["1GiB", 1024 ** 3],
    ["1TiB", 1024 ** 4],
    ["512B", 512],
    ["512", 512],
    ["1.5MiB", 1_572_864],
    ["1.1KB", 1100],
  ])("%s is %d bytes", (text, bytes) => {
    expect(ok(parseSize(text))).toBe(bytes);
  });

  it("takes bare non-negative integers as bytes", () => {
    expect(ok(parseSize(4096))).toBe(4096);
    expect(parseSize(1.5).ok).toBe(false);
    expect(expected(parseSize(-1))).toMatch(/not negative/);
  });

  it("refuses unknown units and negative sizes", () => {
    expect(expected(parseSize("4Kb"))).toBe('a size such as 1MiB, 4KiB, 4KB or 1GB, got "4Kb"');
    expect(expected(parseSize("-4KiB"))).toMatch(/\(not negative\), got "-4KiB"/);
    expect(parseSize("MiB").ok).toBe(false);
    expect(parseSize("1 MiBs").ok).toBe(false);
  });

  it("round-trips through formatSize", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (bytes) => {
        expect(ok(parseSize(formatSize(bytes)))).toBe(bytes);
      }),
    );
    expect(formatSize(1_048_576)).toBe("1MiB");
    expect(formatSize(4000)).toBe("4KB");
  });
});

describe("parseRate", () => {
  it.each([
    ["3500/s", 3500],
    ["2000/m", 2000 / 60],
    ["2000/min", 2000 / 60],
    ["36/h", 0.01],
    ["5/ms", 5000],
    ["0.5/s", 0.5],
    ["10 / s", 10],
  ])("%s is %d per second", (text, perS) => {
    expect(ok(parseRate(text))).toBeCloseTo(perS, 12);
  });

  it("refuses bare numbers, negative rates and unknown periods", () => {
    expect(expected(parseRate(3500))).toBe("a rate such as 3500/s or 2000/m, got 3500");
    expect(expected(parseRate("-5/s"))).toMatch(/not negative/);
    expect(parseRate("5/d").ok).toBe(false);
    expect(parseRate("5/").ok).toBe(false);
    expect(parseRate("5").ok).toBe(false);
  });

  it("round-trips per-second integers", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e12 }), (n) => {
        expect(ok(parseRate(`${n}/s`))).toBe(n);
      }),
    );
  });
});

describe("parseBandwidth", () => {
  it.each([
    ["100Gbit/s", 12.5e9],
    ["100Gbps", 12.5e9],
    ["10Gb/s", 1.25e9],
    ["1.25GB/s", 1.25e9],
    ["800MiB/s", 800 * 1024 ** 2],
    ["25Gbit/s", 3.125e9],
    ["1Tbit/s", 125e9],
    ["8bps", 1],
    ["100Mbps", 12.5e6],
    ["1KiB/s", 1024],
  ])("%s is %d bytes/s", (text, bytesPerS) => {
    expect(ok(parseBandwidth(text))).toBeCloseTo(bytesPerS, 6);
  });

  it("refuses bare numbers, negative bandwidths, rates and sizes without /s", () => {
    expect(expected(parseBandwidth("100"))).toBe('a bandwidth such as 100Gbit/s, 100Gbps, 1.25GB/s or 800MiB/s, got "100"');
    expect(expected(parseBandwidth("-1Gbps"))).toMatch(/not negative/);
    expect(parseBandwidth("1GB").ok).toBe(false);
    expect(parseBandwidth("100/s").ok).toBe(false);
    expect(parseBandwidth("1Gbit/m").ok).toBe(false);
  });

  it("round-trips through formatBandwidth", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.constantFrom(1e6, 1e9), (n, per) => {
        const bytesPerS = (n * per) / 8;
        expect(ok(parseBandwidth(formatBandwidth(bytesPerS)))).toBeCloseTo(bytesPerS, 3);
      }),
    );
    expect(formatBandwidth(12.5e9)).toBe("100Gbit/s");
  });
});
