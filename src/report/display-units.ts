/**
 * Numbers for people, on the terminal: a metric's unit follows from its name (the metric names are an
 * interface), so latencies read as `675.8 µs` or `1.52 s` instead of `0.000675839`, rates as percentages and
 * counts with thousands separators. Result files keep the exact machine form of number-format.ts.
 */

import { binaryScaled } from "./number-format.js";

/** What a metric measures, as far as display goes. */
export type DisplayUnit = "seconds" | "fraction" | "bytes" | "bytes-per-s" | "count";

/** The display unit of a metric, from its name. */
export function metricUnit(metric: string): DisplayUnit {
  if (metric === "success_rate") return "fraction";
  if (metric.endsWith("_bytes_per_s")) return "bytes-per-s";
  if (metric.endsWith("_bytes") || metric === "bytes") return "bytes";
  if (metric.startsWith("latency_") || metric.endsWith("_s")) return "seconds";
  return "count";
}

/** Four significant digits, without trailing zeros or exponent for the magnitudes met here. */
function sig4(value: number): string {
  if (value === 0) return "0";
  const abs = Math.abs(value);
  const decimals = Math.max(0, 3 - Math.floor(Math.log10(abs)));
  return value.toFixed(Math.min(decimals, 9)).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
}

/** An integer with thousands separators (`22,096`); other counts with four significant digits. */
function count(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  return Math.abs(value) >= 10_000 ? Math.round(value).toLocaleString("en-US") : sig4(value);
}

function seconds(value: number): string {
  const abs = Math.abs(value);
  if (abs === 0) return "0 s";
  if (abs < 1e-3) return `${sig4(value * 1e6)} µs`;
  if (abs < 1) return `${sig4(value * 1e3)} ms`;
  return `${sig4(value)} s`;
}

function bytes(value: number, suffix = ""): string {
  const scaled = binaryScaled(value);
  return `${scaled.scaled ? sig4(scaled.value) : count(scaled.value)} ${scaled.unit}${suffix}`;
}

/** A value in its metric's display unit; "-" for a missing value (NaN, ±Infinity). */
export function formatMetricValue(metric: string, value: number): string {
  if (!Number.isFinite(value)) return "-";
  switch (metricUnit(metric)) {
    case "seconds":
      return seconds(value);
    case "fraction":
      return `${sig4(value * 100)}%`;
    case "bytes":
      return bytes(value);
    case "bytes-per-s":
      return bytes(value, "/s");
    case "count":
      return count(value);
  }
}

/**
 * `mean ±half-width` in the metric's unit. A half-width that is float noise next to the mean (replications that
 * agree exactly) reads `±0`; a missing one (a single replication) is left out.
 */
export function formatMeanInterval(metric: string, mean: number, halfWidth: number): string {
  const m = formatMetricValue(metric, mean);
  if (m === "-" || !Number.isFinite(halfWidth)) return m;
  const noise = halfWidth <= 1e-9 * Math.abs(mean);
  return `${m} ±${noise ? "0" : formatMetricValue(metric, halfWidth)}`;
}
