import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir, TWO_VARIANTS } from "../experiment/run/runner-helpers.js";
import { runAisim } from "./run-helpers.js";

describe("aisim trace", () => {
  it("aisim run --trace writes the first run's trace; aisim trace --request tells that request's story", () => {
    const dir = tempDir();
    const trace = path.join(dir, "run.ndjson");
    expect(runAisim(["run", TWO_VARIANTS, "--out", path.join(dir, "res"), "--trace", trace]).status).toBe(0);
    expect(existsSync(trace)).toBe(true);
    const story = runAisim(["trace", trace, "--request", "1"], { simulator: null });
    expect(story.status, story.stderr).toBe(0);
    expect(story.stdout.split("\n")[0]).toBe(
      "request 1 (GET ais://data/obj-1 (client 0)): attempt 1 → proxy p1 → 301 → t3 refused → backoff 1.2 s → attempt 2 → proxy p1 → 301 → t2 200 → ok after 2 attempts, 1.25 s",
    );
    const list = runAisim(["trace", trace], { simulator: null });
    expect(list.stdout.trim().split("\n")).toHaveLength(1);
    const missing = runAisim(["trace", trace, "--request", "99"], { simulator: null });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/request 99 does not appear in the trace/);
  });
});
