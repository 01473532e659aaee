/** One broken invariant, with what is needed to reproduce it. */
export interface Violation {
  /** The checker that found it, e.g. "request-ends-once". */
  checker: string;
  /** What is wrong, ending with "(reproduce with seed=S)". */
  message: string;
  /** Virtual time of the offending fact, when known. */
  atNs?: number;
}

/** Builds a violation whose message names the seed that reproduces it. */
export function violation(checker: string, what: string, seed: string | number, atNs?: number): Violation {
  const when = atNs === undefined ? "" : ` at t=${atNs} ns`;
  return { checker, message: `${checker}: ${what}${when} (reproduce with seed=${seed})`, atNs };
}

/** Throws one Error listing every violation (for tests and debug runs); does nothing when there are none. */
export function assertNoViolations(violations: readonly Violation[]): void {
  if (violations.length === 0) return;
  const shown = violations.slice(0, 20).map((v) => `  - ${v.message}`);
  const more = violations.length > 20 ? `\n  ... and ${violations.length - 20} more` : "";
  throw new Error(`${violations.length} invariant violation(s):\n${shown.join("\n")}${more}`);
}
