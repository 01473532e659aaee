/*
 * Object names generated from a template with one decimal counter: `obj-%08d` → obj-00000000, obj-00000001, …
 * (`%d`: no padding). A population is a template plus the first index and a count.
 */

/** A parsed template: text before and after the counter, and its minimum digit count. */
export interface NameTemplate {
  readonly prefix: string;
  readonly suffix: string;
  readonly minDigits: number;
}

/** The default template, matching the cluster model's object naming (`obj-00000042`). */
export const DEFAULT_TEMPLATE = "obj-%08d";

/** Parses a template with exactly one `%d` or `%0Nd`; throws an Error naming what is wrong. */
export function parseTemplate(template: string): NameTemplate {
  const m = /%(0?)(\d*)d/.exec(template);
  if (!m) throw new Error(`name template '${template}' has no counter (expected %d or %0Nd, e.g. obj-%08d)`);
  const rest = template.slice(m.index + m[0].length);
  if (template.slice(0, m.index).includes("%") || rest.includes("%")) throw new Error(`name template '${template}' must hold exactly one %d or %0Nd`);
  if (m[2] !== "" && m[1] === "") throw new Error(`name template '${template}': only zero padding is supported (%0Nd)`);
  return { prefix: template.slice(0, m.index), suffix: rest, minDigits: m[2] === "" ? 1 : Number(m[2]) };
}

/** The name of index `i`. */
export function formatName(t: NameTemplate, i: number): string {
  return t.prefix + String(i).padStart(t.minDigits, "0") + t.suffix;
}

/** Decimal digit count of `i` as the template prints it. */
export function digitCount(t: NameTemplate, i: number): number {
  return Math.max(t.minDigits, String(i).length);
}

/** Splits [first, first+count) into runs whose names have the same length (the counter's digit count is constant). */
export function sameLengthRuns(t: NameTemplate, first: number, count: number): { start: number; count: number }[] {
  const runs: { start: number; count: number }[] = [];
  let i = first;
  const end = first + count;
  while (i < end) {
    const digits = digitCount(t, i);
    const next = Math.min(end, 10 ** digits);
    runs.push({ start: i, count: next - i });
    i = next;
  }
  return runs;
}
