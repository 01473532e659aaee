import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../experiment/run/runner-helpers.js";
import { readTree, runAisim } from "./run-helpers.js";

const SPEC = `name: cli-real
cluster: { proxies: 1, targets: 3, buckets: [{ name: ais://data, objects: 500, size: 16KiB }] }
duration: 12s
warmup: 1s
replications: 2
workload: { mode: open, rate: 100/s, arrival: poisson, objects: { bucket: ais://data } }
faults: [{ at: 4s, action: restart, node: t1, down: 4s, signal: kill }]
variants:
  - { name: old, policy: ais-sdk@1.13 }
  - { name: new, policy: ais-sdk@1.25 }
criteria: ["failed_404 == 0"]
`;

describe("aisim run with the cluster simulator", () => {
  it("gives the same bytes serially (traced) and in two worker threads, and checks criteria", () => {
    const dir = tempDir();
    const spec = path.join(dir, "spec.yaml");
    writeFileSync(spec, SPEC);
    const trace = path.join(dir, "trace.ndjson");
    const serial = runAisim(["run", spec, "--out", path.join(dir, "serial"), "--trace", trace], { simulator: null });
    expect(serial.status, serial.stderr).toBe(0);
    // A kill back before keepalive removal: refusals, never a 404 (the target never left the map).
    expect(serial.stdout).toMatch(/^pass +new: failed_404 = 0, expected == 0/m);
    const workers = runAisim(["run", spec, "--out", path.join(dir, "workers"), "--workers", "2"], { simulator: null });
    expect(workers.status, workers.stderr).toBe(0);
    const a = readTree(path.join(dir, "serial"));
    const b = readTree(path.join(dir, "workers"));
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, content] of a) expect(b.get(name), name).toBe(content);
    // The first run's trace tells each request's story.
    const story = runAisim(["trace", trace, "--request", "0"], { simulator: null });
    expect(story.status, story.stderr).toBe(0);
    expect(story.stdout).toMatch(/^request 0 \(GET \(client \d+\)\): attempt 1 → proxy p1 → /);
    const manifest = JSON.parse(a.get("manifest.json") ?? "{}");
    expect(manifest.runs.map((r: { fingerprint: string }) => r.fingerprint)).toHaveLength(4);
  });
});
