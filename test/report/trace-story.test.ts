import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatDelay, readRequestRecords, tellStory, type TraceRecord } from "../../src/report/trace-story.js";
import { InputError } from "../../src/util/input-error.js";
import { tempDir } from "../experiment/run/runner-helpers.js";

const S = 1_000_000_000;

describe("trace story", () => {
  it("tells a redirected, refused and retried request as one arrow line and timed steps", () => {
    const records: TraceRecord[] = [
      { t_ns: 5 * S, ev: "request.begin", req: 1234, op: "GET", object: "ais://data/a", client: 3 },
      { t_ns: 5 * S, ev: "attempt.begin", req: 1234, attempt: 1, node: "p1" },
      { t_ns: 5 * S + 100_000, ev: "attempt.end", req: 1234, attempt: 1, node: "p1", status: 301, redirect: "t3" },
      { t_ns: 5 * S + 300_000, ev: "attempt.end", req: 1234, attempt: 1, node: "t3", status: "refused" },
      { t_ns: 5 * S + 300_000, ev: "backoff", req: 1234, attempt: 1, delay_ns: 1.2 * S },
      { t_ns: 6.2 * S + 300_000, ev: "attempt.begin", req: 1234, attempt: 2, node: "p1" },
      { t_ns: 6.2 * S + 400_000, ev: "attempt.end", req: 1234, attempt: 2, node: "p1", status: 301, redirect: "t2" },
      { t_ns: 6.25 * S, ev: "attempt.end", req: 1234, attempt: 2, node: "t2", status: 200 },
      { t_ns: 6.25 * S, ev: "request.end", req: 1234, outcome: "ok", attempts: 2 },
    ];
    const lines = tellStory("1234", records);
    expect(lines[0]).toBe(
      "request 1234 (GET ais://data/a (client 3)): attempt 1 → proxy p1 → 301 → t3 refused → backoff 1.2 s → attempt 2 → proxy p1 → 301 → t2 200 → ok after 2 attempts, 1.25 s",
    );
    expect(lines).toHaveLength(9);
    expect(lines[1]).toBe("  5.000000 s  attempt 1 sent to proxy p1");
    expect(lines[4]).toBe("  5.000300 s  backoff 1.2 s");
  });

  it("says why a request gave up, and when the trace has no end", () => {
    const failed = tellStory("7", [
      { t_ns: 0, ev: "attempt.begin", req: 7, attempt: 1, node: "t1", role: "target" },
      { t_ns: 20 * S, ev: "attempt.end", req: 7, attempt: 1, node: "t1", status: "timeout" },
      { t_ns: 20 * S, ev: "request.end", req: 7, outcome: "timeout", attempts: 1, reason: "stop after 1 attempt" },
    ]);
    expect(failed[0]).toBe("request 7: attempt 1 → target t1 → t1 timeout → timeout after 1 attempt (stop after 1 attempt)");
    const open = tellStory("8", [{ t_ns: 0, ev: "attempt.begin", req: 8, attempt: 1, node: "p2" }]);
    expect(open[0]).toBe("request 8: attempt 1 → proxy p2 → (no end in the trace)");
  });

  it("formats delays with units", () => {
    expect(formatDelay(1_234_000_000)).toBe("1.23 s");
    expect(formatDelay(250_000_000)).toBe("250 ms");
    expect(formatDelay(40_000)).toBe("40 µs");
    expect(formatDelay(12)).toBe("12 ns");
  });

  it("reads only story records of the asked request, and rejects a non-JSON line with its line number", async () => {
    const file = path.join(tempDir(), "t.ndjson");
    writeFileSync(
      file,
      [
        '{"t_ns":0,"kind":"timer","comp":"kernel"}',
        '{"t_ns":1,"ev":"attempt.begin","req":1,"attempt":1,"node":"p1"}',
        '{"t_ns":2,"ev":"attempt.begin","req":2,"attempt":1,"node":"p1"}',
        '{"t_ns":3,"ev":"request.end","req":"1","outcome":"ok"}',
      ].join("\n") + "\n",
    );
    const all = await readRequestRecords(file);
    expect([...all.keys()]).toEqual(["1", "2"]);
    expect((await readRequestRecords(file, "1")).get("1")?.map((r) => r.t_ns)).toEqual([1, 3]);
    writeFileSync(file, '{"t_ns":0}\nnot json\n');
    const error = await readRequestRecords(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).describe()).toBe(`${file}:2:1: not a JSON line (expected an NDJSON trace written by aisim run --trace)`);
  });
});
