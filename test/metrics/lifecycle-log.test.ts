import { describe, expect, it } from "vitest";
import { SLOT_SPAN } from "../../src/kernel/slot-table.js";
import { NS_PER_MS } from "../../src/kernel/time.js";
import { KIND_OK, RunMetrics } from "../../src/metrics/index.js";

describe("request lifecycle facts", () => {
  it("records bad ends with the request's seq while its slot is unreused, -1 once reused or never issued", () => {
    const m = new RunMetrics({ seed: 3 });
    const r0 = m.beginRequest(0, 0, 0);
    const r1 = m.beginRequest(0, 0, 0);
    m.endRequest(r0, KIND_OK, 1);
    m.endRequest(r0, KIND_OK, 2); // slot 0 is free: r0's seq is still known
    const r2 = m.beginRequest(0, 0, 3); // reuses slot 0
    m.endRequest(r0, KIND_OK, 4); // slot 0 holds r2 now
    m.endRequest(12345, KIND_OK, 5); // never issued
    m.endRequest(-1, KIND_OK, 6);
    const f = m.lifecycleFacts();
    expect(f).toMatchObject({ seed: "3", begun: 3, ended: 5, stillOpen: 2 });
    expect(f.badEnds).toEqual([
      { seq: 0, handle: r0, atNs: 2 },
      { seq: -1, handle: r0, atNs: 4 },
      { seq: -1, handle: 12345, atNs: 5 },
      { seq: -1, handle: -1, atNs: 6 },
    ]);
    expect(f.openSample).toEqual([
      { seq: 1, startNs: 0 },
      { seq: 2, startNs: 3 },
    ]);
    expect([r0, r1, r2]).toEqual([0, 1, SLOT_SPAN]);
  });

  it("records time going backwards and does not count such calls in the sliding-window maxima", () => {
    const m = new RunMetrics();
    const r = m.beginRequest(0, 0, 10 * NS_PER_MS);
    const a = m.beginAttempt(r, 1, 5 * NS_PER_MS);
    m.endAttempt(a, KIND_OK, 11 * NS_PER_MS);
    m.endRequest(r, KIND_OK, 11 * NS_PER_MS);
    expect(m.lifecycleFacts().timeReversals).toEqual([{ atNs: 5 * NS_PER_MS, previousNs: 10 * NS_PER_MS, what: "beginAttempt" }]);
    expect(m.clientRequestsMax(0)).toBe(1);
    expect(m.clientAttemptsMax(0)).toBe(0);
  });

  it("hands out attempt handles last-freed first, a hedge outliving its request included", () => {
    const m = new RunMetrics({ records: { mode: "all" } });
    const r = m.beginRequest(0, 0, 0);
    const a0 = m.beginAttempt(r, 1, 0);
    const a1 = m.beginAttempt(r, 2, 0);
    m.endAttempt(a1, KIND_OK, 1);
    m.endRequest(r, KIND_OK, 1); // frees a1's slot; a0 (open) keeps its slot
    const r2 = m.beginRequest(0, 0, 2);
    const a2 = m.beginAttempt(r2, 1, 2);
    m.endAttempt(a0, KIND_OK, 3); // the hedge ends: its slot is freed now
    const a3 = m.beginAttempt(r2, 1, 3);
    expect([a0, a1, a2, a3]).toEqual([0, 1, SLOT_SPAN + 1, SLOT_SPAN]);
    expect(() => m.endAttempt(a1, KIND_OK, 4)).toThrow(/not open/);
  });
});
