import { describe, expect, it } from "vitest";
import { classifyOutcome, EMPTY_CLASSIFIER, classifierParams, classifierFromParams } from "../../../src/retry/classify.js";
import { resolveParams } from "../../../src/retry/params.js";

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
