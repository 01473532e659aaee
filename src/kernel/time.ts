/**
 * Virtual time. Every instant and duration in the simulator is an integer number of nanoseconds held in a JS
 * number: exact up to 2^53 ns (about 104 days), and free of the rounding drift that accumulating floating-point
 * seconds would bring (equal times must compare equal for the tie-breaking rule to mean anything).
 */
export type TimeNs = number;

/** Nanoseconds per microsecond, millisecond, second, minute and hour. */
export const NS_PER_US = 1_000;
export const NS_PER_MS = 1_000_000;
export const NS_PER_S = 1_000_000_000;
export const NS_PER_MIN = 60 * NS_PER_S;
export const NS_PER_HOUR = 60 * NS_PER_MIN;

/** The largest instant the clock can represent exactly. */
export const MAX_TIME_NS: TimeNs = Number.MAX_SAFE_INTEGER;

/** Microseconds to nanoseconds, rounded to the nearest integer. */
export function nsFromUs(us: number): TimeNs {
  return Math.round(us * NS_PER_US);
}

/** Milliseconds to nanoseconds, rounded to the nearest integer. */
export function nsFromMs(ms: number): TimeNs {
  return Math.round(ms * NS_PER_MS);
}

/** Seconds to nanoseconds, rounded to the nearest integer. */
export function nsFromS(s: number): TimeNs {
  return Math.round(s * NS_PER_S);
}

/** Nanoseconds to (fractional) microseconds. */
export function usFromNs(ns: TimeNs): number {
  return ns / NS_PER_US;
}

/** Nanoseconds to (fractional) milliseconds. */
export function msFromNs(ns: TimeNs): number {
  return ns / NS_PER_MS;
}

/** Nanoseconds to (fractional) seconds. */
export function sFromNs(ns: TimeNs): number {
  return ns / NS_PER_S;
}

/** True if `x` is a valid instant or duration: a non-negative integer no larger than MAX_TIME_NS. */
export function isTimeNs(x: number): boolean {
  return Number.isSafeInteger(x) && x >= 0;
}

/** Throws a RangeError naming `what` unless `x` is a valid instant or duration in nanoseconds. */
export function assertTimeNs(x: number, what: string): TimeNs {
  if (!isTimeNs(x)) {
    throw new RangeError(`${what} must be a non-negative integer number of nanoseconds (at most 2^53-1), got ${String(x)}`);
  }
  return x;
}

/**
 * A short human-readable duration: "0 ns", "750 ns", "12.5 us", "250 ms", "1.2 s", "3m 05.000s", "2h 03m 04.500s".
 * Meant for logs and traces; sub-second units keep up to 3 significant decimals.
 */
export function formatDuration(ns: TimeNs): string {
  if (!Number.isFinite(ns)) return String(ns);
  const sign = ns < 0 ? "-" : "";
  const abs = Math.abs(ns);
  if (abs < NS_PER_US) return `${sign}${abs} ns`;
  if (abs < NS_PER_MS) return `${sign}${trim(abs / NS_PER_US)} us`;
  if (abs < NS_PER_S) return `${sign}${trim(abs / NS_PER_MS)} ms`;
  if (abs < NS_PER_MIN) return `${sign}${trim(abs / NS_PER_S)} s`;
  const hours = Math.floor(abs / NS_PER_HOUR);
  const minutes = Math.floor((abs % NS_PER_HOUR) / NS_PER_MIN);
  const seconds = (abs % NS_PER_MIN) / NS_PER_S;
  const secText = seconds.toFixed(3).padStart(6, "0");
  if (hours === 0) return `${sign}${minutes}m ${secText}s`;
  return `${sign}${hours}h ${String(minutes).padStart(2, "0")}m ${secText}s`;
}

/** Up to three decimals, without trailing zeros. */
function trim(x: number): string {
  return String(Math.round(x * 1000) / 1000);
}
