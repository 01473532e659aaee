/**
 * Quantities with units, as written in models and experiment specs. Pure functions: each parser returns the
 * value in the simulator's unit or a message saying what was expected, with an example.
 *
 * - durations `45s`, `2m`, `250ms`, `1h`, `500us`, `10ns`, compound `1m30s` → integer nanoseconds
 * - sizes `1MiB`, `4KB`, `4KiB`, `1GB`, bare integers → integer bytes (KB = 1000, KiB = 1024)
 * - rates `3500/s`, `2000/m`, `10/h` → events per second
 * - bandwidths `100Gbit/s`, `100Gbps`, `1.25GB/s`, `800MiB/s` → bytes per second
 *
 * Decimal fractions are computed exactly (no binary floating-point drift), then rounded to the nearest whole
 * nanosecond or byte.
 */

/** A parse result: the value, or what was expected. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly expected: string };

const NS_PER_UNIT: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  "µs": 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  min: 60_000_000_000n,
  h: 3_600_000_000_000n,
  d: 86_400_000_000_000n,
};

const BYTES_PER_UNIT: Readonly<Record<string, bigint>> = {
  B: 1n,
  KB: 1000n,
  kB: 1000n,
  MB: 1000n ** 2n,
  GB: 1000n ** 3n,
  TB: 1000n ** 4n,
  PB: 1000n ** 5n,
  KiB: 1024n,
  MiB: 1024n ** 2n,
  GiB: 1024n ** 3n,
  TiB: 1024n ** 4n,
  PiB: 1024n ** 5n,
};

/** Bits per second per unit; `bps`-style and `bit/s`-style spellings, lowercase `b` meaning bits. */
const BITS_PER_S_PER_UNIT: Readonly<Record<string, number>> = {
  "bit/s": 1,
  bps: 1,
  "Kbit/s": 1e3,
  "kbit/s": 1e3,
  Kbps: 1e3,
  kbps: 1e3,
  "Kb/s": 1e3,
  "kb/s": 1e3,
  "Mbit/s": 1e6,
  Mbps: 1e6,
  "Mb/s": 1e6,
  "Gbit/s": 1e9,
  Gbps: 1e9,
  "Gb/s": 1e9,
  "Tbit/s": 1e12,
  Tbps: 1e12,
  "Tb/s": 1e12,
};

const SECONDS_PER_RATE_UNIT: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, min: 60, h: 3600 };

const DURATION_EXAMPLE = "a duration such as 45s, 250ms, 2m, 1h or 500us";
const SIZE_EXAMPLE = "a size such as 1MiB, 4KiB, 4KB or 1GB";
const RATE_EXAMPLE = "a rate such as 3500/s or 2000/m";
const BANDWIDTH_EXAMPLE = "a bandwidth such as 100Gbit/s, 100Gbps, 1.25GB/s or 800MiB/s";

/** A non-negative decimal number held exactly as digits / 10^scale. */
interface Decimal {
  readonly digits: bigint;
  readonly scale: number;
}

const DECIMAL = /^(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?/;

/** Reads a leading non-negative decimal (optionally with exponent) from `text`. */
function readDecimal(text: string): { decimal: Decimal; rest: string } | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const [whole, frac = ""] = m[1].split(".");
  let digits = BigInt((whole || "0") + frac);
  let scale = frac.length - (m[2] ? Number(m[2]) : 0);
  if (Math.abs(scale) > 400) return undefined;
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { decimal: { digits, scale }, rest: text.slice(m[0].length) };
}

/** digits / 10^scale × factor, rounded half up to an integer. */
function scaleRound(d: Decimal, factor: bigint): bigint {
  const num = d.digits * factor;
  const den = 10n ** BigInt(d.scale);
  return (2n * num + den) / (2n * den);
}

/** The decimal as a float. */
function toNumber(d: Decimal): number {
  return Number(d.digits) / 10 ** d.scale;
}

/** Message for a negative or malformed quantity. */
function describeBad(input: unknown, example: string): string {
  if (input === undefined) return example;
  const shown = typeof input === "string" ? JSON.stringify(input) : String(input);
  const negative = typeof input === "number" ? input < 0 : typeof input === "string" && input.trim().startsWith("-");
  return negative ? `${example} (not negative), got ${shown}` : `${example}, got ${shown}`;
}

/** Integer result, if it fits exactly in a JS number. */
function safe(value: bigint, example: string, input: unknown): Parsed<number> {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, expected: `${example} no larger than 2^53-1 units, got ${JSON.stringify(input)}` };
  return { ok: true, value: Number(value) };
}

/**
 * Parses a duration into integer nanoseconds: `45s`, `2m`, `250ms`, `1h`, `500us`, `10ns`, `1.5s`, `1m30s`;
 * the bare number 0 is also accepted. Other bare numbers are refused (unit unknown).
 */
export function parseDuration(input: unknown): Parsed<number> {
  if (input === 0) return { ok: true, value: 0 };
  if (typeof input !== "string") return { ok: false, expected: describeBad(input, `${DURATION_EXAMPLE} (with a unit)`) };
  let rest = input.trim();
  if (rest === "0") return { ok: true, value: 0 };
  if (rest === "") return { ok: false, expected: describeBad(input, DURATION_EXAMPLE) };
  let total = 0n;
  while (rest.length > 0) {
    const read = readDecimal(rest);
    if (!read) return { ok: false, expected: describeBad(input, DURATION_EXAMPLE) };
    const unit = /^(ns|us|µs|ms|min|s|m|h|d)/.exec(read.rest);
    if (!unit) return { ok: false, expected: describeBad(input, DURATION_EXAMPLE) };
    total += scaleRound(read.decimal, NS_PER_UNIT[unit[1]]);
    rest = read.rest.slice(unit[1].length);
  }
  return safe(total, DURATION_EXAMPLE, input);
}

/** Parses a size into integer bytes: `1MiB`, `4KB`, `4KiB`, `1GB`, `512B`, or a bare non-negative integer. */
export function parseSize(input: unknown): Parsed<number> {
  if (typeof input === "number") {
    return Number.isSafeInteger(input) && input >= 0 ? { ok: true, value: input } : { ok: false, expected: describeBad(input, SIZE_EXAMPLE) };
  }
  if (typeof input !== "string") return { ok: false, expected: describeBad(input, SIZE_EXAMPLE) };
  const text = input.trim();
  const read = readDecimal(text);
  if (!read) return { ok: false, expected: describeBad(input, SIZE_EXAMPLE) };
  const unit = read.rest.trim();
  const factor = unit === "" ? 1n : BYTES_PER_UNIT[unit];
  if (factor === undefined) return { ok: false, expected: describeBad(input, SIZE_EXAMPLE) };
  return safe(scaleRound(read.decimal, factor), SIZE_EXAMPLE, input);
}

/** Parses a rate into events per second: `3500/s`, `2000/m`, `10/h`, `5/ms`. */
export function parseRate(input: unknown): Parsed<number> {
  if (typeof input !== "string") return { ok: false, expected: describeBad(input, RATE_EXAMPLE) };
  const read = readDecimal(input.trim());
  if (!read) return { ok: false, expected: describeBad(input, RATE_EXAMPLE) };
  const m = /^\s*\/\s*(ms|s|min|m|h)$/.exec(read.rest);
  if (!m) return { ok: false, expected: describeBad(input, RATE_EXAMPLE) };
  return { ok: true, value: toNumber(read.decimal) / SECONDS_PER_RATE_UNIT[m[1]] };
}

/** Parses a bandwidth into bytes per second: `100Gbit/s`, `100Gbps`, `10Gb/s`, `1.25GB/s`, `800MiB/s`. */
export function parseBandwidth(input: unknown): Parsed<number> {
  if (typeof input !== "string") return { ok: false, expected: describeBad(input, BANDWIDTH_EXAMPLE) };
  const read = readDecimal(input.trim());
  if (!read) return { ok: false, expected: describeBad(input, BANDWIDTH_EXAMPLE) };
  const unit = read.rest.trim();
  const bits = BITS_PER_S_PER_UNIT[unit];
  if (bits !== undefined) return { ok: true, value: (toNumber(read.decimal) * bits) / 8 };
  const bytesUnit = /^([A-Za-z]+)\/s$/.exec(unit);
  const factor = bytesUnit ? BYTES_PER_UNIT[bytesUnit[1]] : undefined;
  if (factor === undefined) return { ok: false, expected: describeBad(input, BANDWIDTH_EXAMPLE) };
  return { ok: true, value: toNumber(read.decimal) * Number(factor) };
}

/** Formats nanoseconds as the shortest exact duration in one unit (`45s`, `2m`, `250ms`, `1500ns`). */
export function formatDuration(ns: number): string {
  if (ns === 0) return "0s";
  for (const unit of ["d", "h", "m", "s", "ms", "us"] as const) {
    const per = Number(NS_PER_UNIT[unit]);
    if (ns % per === 0) return `${ns / per}${unit}`;
  }
  return `${ns}ns`;
}

/** Formats bytes exactly, in the largest binary or decimal unit that divides it (`1MiB`, `4KB`, `1000B`→`1KB`). */
export function formatSize(bytes: number): string {
  if (bytes === 0) return "0B";
  for (const unit of ["PiB", "PB", "TiB", "TB", "GiB", "GB", "MiB", "MB", "KiB", "KB"] as const) {
    const per = Number(BYTES_PER_UNIT[unit]);
    if (bytes % per === 0) return `${bytes / per}${unit}`;
  }
  return `${bytes}B`;
}

/** Formats events per second (`3500/s`). */
export function formatRate(perS: number): string {
  return `${perS}/s`;
}

/** Formats bytes per second, in Gbit/s when that is a whole number of bits, else in B/s units. */
export function formatBandwidth(bytesPerS: number): string {
  const bits = bytesPerS * 8;
  for (const [unit, per] of [["Tbit/s", 1e12], ["Gbit/s", 1e9], ["Mbit/s", 1e6]] as const) {
    if (bits >= per && Number.isInteger(bits / per)) return `${bits / per}${unit}`;
  }
  return Number.isSafeInteger(bytesPerS) ? `${formatSize(bytesPerS)}/s` : `${bytesPerS}B/s`;
}
