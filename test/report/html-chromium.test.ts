import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { writeFolderAtomically } from "../../src/report/results-folder.js";
import { buildResultFiles } from "../../src/report/write-results.js";
import { tempDir } from "../experiment/run/runner-helpers.js";
import { fixtureRuns } from "./report-helpers.js";

/*
 * The report must load in a real browser. Debian's chromium is installed by .ci/run; under CI (CI=true) a
 * missing browser fails the test, elsewhere the test is skipped with a message.
 */
const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
const IN_CI = process.env.CI === "true";

/** Loads a page headless, returns the serialized DOM and the console messages chromium logged. */
function loadInChromium(file: string): { status: number | null; dom: string; console: string[] } {
  const r = spawnSync(
    CHROMIUM as string,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${tempDir("aisim-chromium-")}`,
      "--enable-logging=stderr",
      "--v=0",
      "--dump-dom",
      pathToFileURL(file).href,
    ],
    { encoding: "utf8", timeout: 90_000 },
  );
  return { status: r.status, dom: r.stdout, console: r.stderr.split("\n").filter((l) => /:CONSOLE[:(]/.test(l)) };
}

describe("report.html in headless Chromium", () => {
  if (CHROMIUM === undefined && IN_CI) {
    it("needs chromium under CI", () => {
      expect.fail("chromium is not installed (expected /usr/bin/chromium); .ci/run installs it with apt-get");
    });
    return;
  }
  if (CHROMIUM === undefined) {
    it.skip("skipped: chromium is not installed (apt-get install -y chromium); required when CI=true", () => {});
    return;
  }

  it("detects console errors (the check itself works)", () => {
    const bad = path.join(tempDir(), "bad.html");
    writeFileSync(bad, '<!DOCTYPE html><html><body><script>console.error("boom")</script></body></html>');
    expect(loadInChromium(bad).console.join("\n")).toMatch(/boom/);
  });

  it("loads without errors, with every chart present", async () => {
    const { plan, completed } = await fixtureRuns();
    const { files } = await buildResultFiles(plan, completed);
    const dir = path.join(tempDir(), "res");
    writeFolderAtomically(dir, files);
    const html = files.get("report.html") ?? "";
    // Self-contained: no script, no external resource.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html.replace(/xmlns(:xlink)?="http:\/\/www\.w3\.org\/[^"]*"/g, "")).not.toMatch(/https?:\/\//);

    const loaded = loadInChromium(path.join(dir, "report.html"));
    expect(loaded.status).toBe(0);
    expect(loaded.console).toEqual([]);
    const charts = [...files.keys()].filter((f) => f.startsWith("charts/"));
    expect(charts.length).toBeGreaterThanOrEqual(10);
    // Every chart file is drawn in the page: one figure per chart, each holding an SVG with marks.
    const figures = [...loaded.dom.matchAll(/<figure class="chart[^"]*" data-file="([^"]+)">\s*<svg[^>]*class="marks"/g)].map((m) => m[1]);
    expect(figures.sort()).toEqual(charts.sort());
    expect(loaded.dom).toMatch(/<h2>Criteria: <span class="pass">all pass<\/span><\/h2>/);
    for (const title of ["Success rate per second", "p99 latency of requests ending each second", "Attempts per second", "Latency CDF", "Rebalance progress per target"]) {
      expect(loaded.dom).toContain(title);
    }
  });
});
