import { describe, expect, it } from "vitest";
import { assertTimeNs, formatDuration, msFromNs, nsFromMs, nsFromS, nsFromUs, sFromNs } from "../../src/kernel/time.js";

describe("time", () => {
  it("converts to integer nanoseconds, rounding", () => {
    expect(nsFromS(1.5)).toBe(1_500_000_000);
    expect(nsFromMs(0.0000004)).toBe(0);
    expect(nsFromMs(2.0000006)).toBe(2_000_001);
    expect(nsFromUs(3)).toBe(3000);
    expect(Number.isInteger(nsFromS(0.1 + 0.2))).toBe(true);
    expect(sFromNs(2_500_000_000)).toBe(2.5);
    expect(msFromNs(1_500_000)).toBe(1.5);
  });

  it("validates instants", () => {
    expect(assertTimeNs(5, "t")).toBe(5);
    expect(() => assertTimeNs(-1, "timeoutNs")).toThrow(/timeoutNs must be a non-negative integer/);
    expect(() => assertTimeNs(0.5, "t")).toThrow(RangeError);
    expect(() => assertTimeNs(2 ** 53, "t")).toThrow(RangeError);
  });

  it("formats durations for humans", () => {
    expect(formatDuration(0)).toBe("0 ns");
    expect(formatDuration(750)).toBe("750 ns");
    expect(formatDuration(12_500)).toBe("12.5 us");
    expect(formatDuration(nsFromMs(250))).toBe("250 ms");
    expect(formatDuration(nsFromS(1.2))).toBe("1.2 s");
    expect(formatDuration(nsFromS(185))).toBe("3m 05.000s");
    expect(formatDuration(nsFromS(2 * 3600 + 3 * 60 + 4.5))).toBe("2h 03m 04.500s");
  });
});
