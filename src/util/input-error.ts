/**
 * An error in what the user gave us (a file, a flag, an object name). The CLI turns it into exit code 2
 * with a message of the form `file:line:col: what was wrong (expected …)`.
 */
export class InputError extends Error {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(message: string, where: { file?: string; line?: number; column?: number } = {}) {
    super(message);
    this.name = "InputError";
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
  }

  /** `file:line:col: message`, omitting the parts that are unknown. */
  describe(): string {
    const parts: string[] = [];
    if (this.file !== undefined) parts.push(this.file);
    if (this.line !== undefined) parts.push(String(this.line));
    if (this.line !== undefined && this.column !== undefined) parts.push(String(this.column));
    return parts.length > 0 ? `${parts.join(":")}: ${this.message}` : this.message;
  }
}

/** Exit codes of the `aisim` command, as documented in the README. */
export const EXIT_OK = 0;
export const EXIT_CRITERIA_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
