import { existsSync, mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { decodeRunResult, encodeRunResult } from "./run-one-codec.js";
import type { RunResult } from "./run-types.js";

/**
 * Finished runs kept as files, so an interrupted sweep run again picks up where it stopped. Files live in a
 * folder keyed by the spec hash and the aisim version — a changed spec or simulator never reuses a stale run —
 * and are named by run id. Each file is written to a temporary name and renamed: a run is either there whole
 * or not at all.
 */
export class RunStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** The store for an output folder: `<parent>/.<name>.work/<spec hash prefix>-<version>/`, next to the output. */
  static forOutput(outDir: string, specHash: string, version: string): RunStore {
    const abs = path.resolve(outDir);
    return new RunStore(path.join(path.dirname(abs), `.${path.basename(abs)}.work`, `${specHash.slice(0, 16)}-${version}`));
  }

  /** The finished run, or undefined when absent or unreadable (then it simply runs again). */
  load(runId: string): RunResult | undefined {
    const file = this.fileOf(runId);
    if (!existsSync(file)) return undefined;
    try {
      return decodeRunResult(readFileSync(file, "utf8"));
    } catch {
      return undefined;
    }
  }

  /** Keeps a finished run. */
  save(runId: string, result: RunResult): void {
    this.saveText(runId, encodeRunResult(result));
  }

  /** Keeps a finished run already encoded by encodeRunResult. */
  saveText(runId: string, text: string): void {
    mkdirSync(this.dir, { recursive: true });
    const file = this.fileOf(runId);
    const partial = `${file}.partial`;
    writeFileSync(partial, text);
    renameSync(partial, file);
  }

  /** Deletes the store (and its parent when no other spec's runs are left there). */
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
    const parent = path.dirname(this.dir);
    try {
      rmdirSync(parent);
    } catch {
      // Not empty (another spec's runs) or already gone: leave it.
    }
  }

  private fileOf(runId: string): string {
    return path.join(this.dir, `${runId}.json`);
  }
}
