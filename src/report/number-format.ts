/**
 * How every number in aisim's result files is written, so equal values give equal bytes on every machine:
 * integers (up to 2^53) exactly; other finite numbers with at most 6 significant digits, shortest form
 * (`0.123457`, `1.5e-7`); NaN and ±Infinity as an empty field.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return "";
  if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) return value === 0 ? "0" : String(value);
  return String(Number(value.toPrecision(6)));
}

/** A sweep value or other cell: numbers by formatNumber, strings as they are, anything else as JSON. */
export function formatCell(value: unknown): string {
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  return JSON.stringify(value);
}

/** A number rounded as in the result files (for chart data and JSON output); NaN stays NaN. */
export function roundNumber(value: number): number {
  const text = formatNumber(value);
  return text === "" ? NaN : Number(text);
}
