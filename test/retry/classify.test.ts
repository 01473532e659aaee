import { describe, expect, it } from "vitest";
import { classifyOutcome, EMPTY_CLASSIFIER, classifierParams, classifierFromParams } from "../../src/retry/classify.js";
import { resolveParams } from "../../src/retry/params.js";

describe("classifyOutcome", () => {
  const spec = {
    ...EMPTY_CLASSIFIER,
    retryStatuses: [500, 503],
    throttleStatuses: [429],
    transientStatuses: [404],
    throttleCodes: ["400:Throttling", "SlowDown"],
    retryCodes: ["RequestTimeout"],
    retryErrors: ["refused" as const],
  };

  it("matches codes with and without a status, before statuses", () => {
    expect(classifyOutcome({ type: "response", status: 400, code: "Throttling" }, spec)).toBe("throttle");
    expect(classifyOutcome({ type: "response", status: 403, code: "Throttling" }, spec)).toBe("fatal");
    expect(classifyOutcome({ type: "response", status: 503, code: "SlowDown" }, spec)).toBe("throttle");
    expect(classifyOutcome({ type: "response", status: 400, code: "RequestTimeout" }, spec)).toBe("retryable");
  });

  it("classifies statuses and transport errors by their lists", () => {
    expect(classifyOutcome({ type: "response", status: 503 }, spec)).toBe("retryable");
    expect(classifyOutcome({ type: "response", status: 429 }, spec)).toBe("throttle");
    expect(classifyOutcome({ type: "response", status: 404 }, spec)).toBe("transient");
    expect(classifyOutcome({ type: "response", status: 409 }, spec)).toBe("fatal");
    expect(classifyOutcome({ type: "response", status: 301 }, spec)).toBe("success");
    expect(classifyOutcome({ type: "error", error: "refused" }, spec)).toBe("retryable");
    expect(classifyOutcome({ type: "error", error: "reset" }, spec)).toBe("fatal");
  });

  it("round-trips through documented parameters under a prefix", () => {
    const params = classifierParams("outer.", spec);
    const values = resolveParams("test", params, { "outer.transient_statuses": [404, 409] });
    const chosen = classifierFromParams("outer.", values, spec);
    expect(classifyOutcome({ type: "response", status: 409 }, chosen)).toBe("transient");
    expect(() => resolveParams("test", params, { "outer.retry_errors": ["hung"] })).toThrow(/retry_errors/);
  });
});

describe("classifier (compiled)", () => {
  it("answers exactly as classifyOutcome on every combination", async () => {
    const { classifier, classifyOutcome: plain } = await import("../../src/retry/classify.js");
    const spec = {
      ...EMPTY_CLASSIFIER,
      retryStatuses: [500, 503],
      throttleStatuses: [429],
      transientStatuses: [404, 409],
      throttleCodes: ["400:Throttling", "SlowDown"],
      transientCodes: ["409:Conflict"],
      retryCodes: ["RequestTimeout", "400:BadDigest"],
      retryErrors: ["refused" as const, "read-timeout" as const],
    };
    const compiled = classifier(spec);
    for (const status of [200, 301, 400, 403, 404, 409, 429, 500, 503, 504]) {
      for (const code of [undefined, "Throttling", "SlowDown", "Conflict", "RequestTimeout", "BadDigest", "Other"]) {
        const outcome = { type: "response" as const, status, ...(code !== undefined ? { code } : {}) };
        expect(compiled(outcome), `${status} ${code}`).toBe(plain(outcome, spec));
      }
    }
    for (const error of ["connect-timeout", "read-timeout", "refused", "reset", "protocol"] as const) {
      expect(compiled({ type: "error", error })).toBe(plain({ type: "error", error }, spec));
    }
  });
});
