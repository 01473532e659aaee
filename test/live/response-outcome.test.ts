import { describe, expect, it } from "vitest";
import { errorCodeOf, transportErrorOf } from "../../src/live/transport-error.js";
import { errorCodeInBody, responseOutcome, retryAfterSeconds } from "../../src/live/response-outcome.js";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("a real response as an attempt outcome", () => {
  it("reads the S3 error code, Retry-After and gRPC pushback", () => {
    const headers = new Headers({ "content-type": "application/xml", "retry-after": "3", "grpc-retry-pushback-ms": "250" });
    expect(responseOutcome(503, headers, bytes("<Error><Code>SlowDown</Code><Message>x</Message></Error>"))).toEqual({
      type: "response",
      status: 503,
      code: "SlowDown",
      retryAfterS: 3,
      pushbackMs: 250,
    });
    expect(responseOutcome(200, new Headers(), bytes("<Code>NotAnError</Code>"))).toEqual({ type: "response", status: 200 });
    expect(errorCodeInBody(bytes('{"code":"ErrNotFound"}'), "application/json")).toBe("ErrNotFound");
    // An unparseable pushback means "do not retry" (A6).
    expect(responseOutcome(503, new Headers({ "grpc-retry-pushback-ms": "soon" }), bytes(""))).toEqual({ type: "response", status: 503, pushbackMs: -1 });
  });

  it("Retry-After as an HTTP date counts from now", () => {
    const nowMs = Date.parse("Sun, 22 Nov 2026 10:00:00 GMT");
    expect(retryAfterSeconds("Sun, 22 Nov 2026 10:00:30 GMT", nowMs)).toBe(30);
    expect(retryAfterSeconds("Sun, 22 Nov 2026 09:00:00 GMT", nowMs)).toBe(0);
    expect(retryAfterSeconds("later", nowMs)).toBeUndefined();
  });

  it("finds the code behind fetch's wrappers, including AggregateError", () => {
    const refused = new TypeError("fetch failed", { cause: new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })]) });
    expect(errorCodeOf(refused)).toBe("ECONNREFUSED");
    expect(transportErrorOf(refused, "headers")).toBe("refused");
    const socket = new TypeError("terminated", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) });
    expect(transportErrorOf(socket, "headers")).toBe("reset");
    expect(transportErrorOf(socket, "body")).toBe("protocol");
    expect(transportErrorOf(new TypeError("fetch failed", { cause: Object.assign(new Error(), { code: "UND_ERR_HEADERS_TIMEOUT" }) }), "headers")).toBe("read-timeout");
    expect(transportErrorOf(new Error("weird"), "headers")).toBe("protocol");
  });
});
