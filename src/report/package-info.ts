import { readFileSync } from "node:fs";

/** aisim's version and its runtime dependencies' (pinned) versions, from the package.json next to the code. */
export interface PackageInfo {
  readonly version: string;
  readonly dependencies: Readonly<Record<string, string>>;
}

/** Reads package.json (two levels above this module, in src/ and in dist/ alike). */
export function packageInfo(): PackageInfo {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
    dependencies?: Record<string, string>;
  };
  const dependencies: Record<string, string> = {};
  for (const name of Object.keys(pkg.dependencies ?? {}).sort()) dependencies[name] = (pkg.dependencies ?? {})[name];
  return { version: pkg.version, dependencies };
}
