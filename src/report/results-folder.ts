import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Writes a results folder all at once: the files go to a temporary sibling folder, which then replaces `outDir`
 * by rename — readers never see a half-written folder, and an interrupted write leaves the old one intact.
 */
export function writeFolderAtomically(outDir: string, files: ReadonlyMap<string, string>): void {
  const target = path.resolve(outDir);
  const parent = path.dirname(target);
  const base = path.basename(target);
  const staging = path.join(parent, `.${base}.tmp`);
  const previous = path.join(parent, `.${base}.old`);
  mkdirSync(parent, { recursive: true });
  rmSync(staging, { recursive: true, force: true });
  for (const [relative, content] of files) {
    const file = path.join(staging, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  rmSync(previous, { recursive: true, force: true });
  if (existsSync(target)) renameSync(target, previous);
  renameSync(staging, target);
  rmSync(previous, { recursive: true, force: true });
}

/** Why `outDir` cannot be a results folder (it is an existing file), or undefined when it can. */
export function outDirProblem(outDir: string): string | undefined {
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) return `--out ${outDir}: exists and is not a folder`;
  return undefined;
}
