#!/usr/bin/env node
// Regenerates the canonical experiments' committed results: `npm run experiments [-- NAME…]`.
// Each experiments/<name>.yaml is run with `aisim run` into results/<name>/ (build first: npm run build).
// Same code and specs → byte-identical files; test/experiment/canonical-regenerate.test.ts checks a fast subset.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The canonical experiments, fastest first. */
export const CANONICAL = [
  "tahoe-hung-server",
  "dls-blip",
  "ais-target-loss",
  "ais-rolling-upgrade",
  "backoff-jitter-contention",
  "retry-storm-metastability",
  "s3-bulk-copy-slowdown",
  "ais-rebalance-maintenance",
  "ais-rebalance-capacity",
];

function main(argv) {
  const unknown = argv.filter((name) => !CANONICAL.includes(name));
  if (unknown.length > 0) {
    console.error(`unknown experiment(s): ${unknown.join(", ")}; canonical: ${CANONICAL.join(", ")}`);
    return 2;
  }
  const names = argv.length > 0 ? argv : CANONICAL;
  const failed = [];
  for (const name of names) {
    const spec = path.join("experiments", `${name}.yaml`);
    const out = path.join("results", name);
    console.log(`== ${name}: aisim run ${spec} --out ${out}`);
    const startedMs = Date.now();
    const run = spawnSync(process.execPath, ["dist/cli.js", "run", spec, "--out", out], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
    console.log(`   ${run.status === 0 ? "ok" : `exit ${run.status}`} in ${((Date.now() - startedMs) / 1000).toFixed(1)} s (wall)`);
    if (run.status !== 0) failed.push(`${name} (exit ${run.status})`);
  }
  if (failed.length > 0) {
    console.error(`failed: ${failed.join(", ")}`);
    return 1;
  }
  console.log(`regenerated ${names.length} experiment(s) under results/`);
  return 0;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
