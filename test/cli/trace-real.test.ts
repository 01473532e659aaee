import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../experiment/run/runner-helpers.js";
import { runAisim } from "./run-helpers.js";

/**
 * The real simulator's trace tells both hops of an attempt through the proxy: during a rolling restart a GET's
 * attempt goes to the proxy, which answers 301 naming the HRW owner, and the owner (down) refuses — the story
 * must blame the target, not the proxy, and the lines must be the pino tracer's (virtual time first).
 */
describe("aisim trace on a real run", () => {
  it("shows the proxy's 301 and the target that refused, in virtual time", () => {
    const dir = tempDir();
    const trace = path.join(dir, "run.ndjson");
    // The default experiment with its targets killed instead of stopped (and without its criteria, which are about
    // the graceful stop): killed targets stay in the map, so attempts meet refused connections.
    const spec = path.join(dir, "killed.yaml");
    const text = readFileSync("experiments/rolling-upgrade-small.yaml", "utf8").replace("signal: term", "signal: kill").replace("cluster: ../models/", `cluster: ${path.resolve("models")}/`).replace(/\ncriteria:[\s\S]*$/, "\n");
    writeFileSync(spec, text);
    const run = runAisim(["run", spec, "--out", path.join(dir, "res"), "--replications", "1", "--trace", trace], { simulator: null });
    expect(run.status, run.stderr).toBe(0);
    const lines = readFileSync(trace, "utf8").trimEnd().split("\n");
    for (const l of lines.slice(0, 50)) expect(l).toMatch(/^\{"t_ns":\d+,"ev":"[a-z.]+"/);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const refused = records.find((r) => r.ev === "attempt.end" && r.status === "refused");
    expect(refused, "a rolling restart refuses some attempts").toBeDefined();
    expect(String(refused!.node)).toMatch(/^t\d+$/);
    const hops = records.filter((r) => r.req === refused!.req && r.attempt === refused!.attempt && r.ev === "attempt.end");
    expect(hops.map((h) => [h.node, h.status, h.redirect])).toEqual([
      ["p1", 301, refused!.node],
      [refused!.node, "refused", undefined],
    ]);
    const story = runAisim(["trace", trace, "--request", String(refused!.req)], { simulator: null });
    expect(story.status, story.stderr).toBe(0);
    expect(story.stdout.split("\n")[0]).toContain(`proxy p1 → 301 → ${String(refused!.node)} refused`);
  });
});
