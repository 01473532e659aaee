import { describe, expect, it } from "vitest";
import { formatMeanInterval, formatMetricValue, metricUnit } from "../../src/report/display-units.js";

describe("terminal display of metric values", () => {
  it("takes the unit from the metric's name", () => {
    expect(metricUnit("latency_p99")).toBe("seconds");
    expect(metricUnit("recovery_s")).toBe("seconds");
    expect(metricUnit("success_rate")).toBe("fraction");
    expect(metricUnit("rebalance_bytes")).toBe("bytes");
    expect(metricUnit("goodput_bytes_per_s")).toBe("bytes-per-s");
    expect(metricUnit("failed")).toBe("count");
    expect(metricUnit("client_rps_max_1s")).toBe("count");
  });

  it("writes latencies in µs, ms or s with four significant digits", () => {
    expect(formatMetricValue("latency_p50", 0.000675839)).toBe("675.8 µs");
    expect(formatMetricValue("latency_p99", 0.0123456)).toBe("12.35 ms");
    expect(formatMetricValue("latency_p99", 30.6)).toBe("30.6 s");
    expect(formatMetricValue("latency_max", 0)).toBe("0 s");
  });

  it("writes rates as percentages, counts with separators, sizes with binary prefixes", () => {
    expect(formatMetricValue("success_rate", 0.999655)).toBe("99.97%");
    expect(formatMetricValue("success_rate", 1)).toBe("100%");
    expect(formatMetricValue("requests", 22096)).toBe("22,096");
    expect(formatMetricValue("requests", 17229.333)).toBe("17,229");
    expect(formatMetricValue("attempts_mean", 1.02524)).toBe("1.025");
    expect(formatMetricValue("rebalance_bytes", 61 * 1024 ** 3)).toBe("61 GiB");
    expect(formatMetricValue("goodput_bytes_per_s", 1536)).toBe("1.5 KiB/s");
    expect(formatMetricValue("failed", NaN)).toBe("-");
  });

  it("shows float noise in a half-width as ±0 and leaves out a missing one", () => {
    expect(formatMeanInterval("latency_p99", 0.000688127, 3.29861e-19)).toBe("688.1 µs ±0");
    expect(formatMeanInterval("failed", 6, 6.57241)).toBe("6 ±6.572");
    expect(formatMeanInterval("failed", 6, NaN)).toBe("6");
  });
});
