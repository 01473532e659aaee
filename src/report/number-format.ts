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

const IEC_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

/** A byte count as a magnitude below 1024 (up to PiB) and its binary unit: 1536 → { value: 1.5, unit: "KiB" }. */
export function binaryScaled(bytes: number): { value: number; unit: string; scaled: boolean } {
  let unit = 0;
  let v = Math.abs(bytes);
  while (v >= 1024 && unit < IEC_UNITS.length - 1) {
    v /= 1024;
    unit++;
  }
  return { value: bytes < 0 ? -v : v, unit: IEC_UNITS[unit], scaled: unit > 0 };
}

/** Bytes for people, in binary units with two decimals as `ais show` prints them: `512 B`, `62.50 GiB`; `–` if undefined. */
export function humanBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "–";
  const { value, unit, scaled } = binaryScaled(bytes);
  return scaled ? `${value.toFixed(2)} ${unit}` : `${value} ${unit}`;
}

/** Seconds for people, to a tenth: `30 s`, `51.2 s`; `–` if undefined. */
export function humanSeconds(seconds: number): string {
  return Number.isFinite(seconds) ? `${formatNumber(Number(seconds.toFixed(1)))} s` : "–";
}
