import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Simulator } from "../../../src/kernel/index.js";
import {
  BACKEND_ERROR,
  BACKEND_NO_ANSWER,
  BACKEND_OK,
  BACKEND_SLOW_DOWN,
  IntegerTokenBucket,
  RemoteBackend,
} from "../../../src/cluster/resources/index.js";

describe("integer token bucket", () => {
  it("starts full, then refills exactly rate tokens per second", () => {
    const b = new IntegerTokenBucket(3, 3);
    expect([b.tryTake(0), b.tryTake(0), b.tryTake(0), b.tryTake(0)]).toEqual([true, true, true, false]);
    // One token every 333,333,333.33 ns: not yet at 333,333,333 ns, yes at 333,333,334.
    expect(b.tryTake(333_333_333)).toBe(false);
    expect(b.tryTake(333_333_334)).toBe(true);
    expect(b.waitNs(333_333_334)).toBe(333_333_333);
  });

  it("fractional rates (up to three decimals) refill exactly: 0.5/s gives a token every 2 s", () => {
    const b = new IntegerTokenBucket(0.5, 1);
    expect(b.tryTake(0)).toBe(true);
    expect(b.tryTake(1_999_999_999)).toBe(false);
    expect(b.tryTake(2_000_000_000)).toBe(true);
    const c = new IntegerTokenBucket(2.125, 3);
    let taken = 0;
    for (let t = 0; t <= 100e9; t += 1e6) if (c.tryTake(t)) taken++;
    expect(taken).toBe(3 + Math.floor(2.125 * 100)); // full bucket + 212 tokens refilled in 100 s
    expect(() => new IntegerTokenBucket(0.0001, 1)).toThrow(/three decimals/);
    c.setRate(7, 10, 100e9); // coarser scale: level carried over
    expect(c.tokens(100e9)).toBe(0);
    expect(c.tokens(101e9)).toBe(7);
  });

  it("after any gaps, tokens taken never exceed capacity + floor(rate × elapsed)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 5_000 }),
        fc.array(fc.integer({ min: 0, max: 50_000_000 }), { minLength: 1, maxLength: 300 }),
        (rate, capacity, gaps) => {
          const b = new IntegerTokenBucket(rate, capacity);
          let t = 0;
          let taken = 0;
          for (const g of gaps) {
            t += g;
            if (b.tryTake(t)) taken++;
            expect(taken).toBeLessThanOrEqual(capacity + Math.floor((rate * t) / 1e9));
          }
        },
      ),
      { numRuns: 200, seed: 5 },
    );
  });
});

describe("remote backend", () => {
  it("3,500 PUT/s limit: 10 s of 5,000/s offered → burst + 3,500/s accepted, the rest 503 SlowDown", () => {
    const sim = new Simulator({ seed: 1 });
    const s3 = new RemoteBackend(sim, { latency: { kind: "constant", ns: 20_000_000 } });
    let ok = 0;
    let slow = 0;
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      sim.scheduleAt(i * 200_000, () => {
        const v = s3.admit("PUT", "bucket/dir/");
        if (v === BACKEND_OK) ok++;
        else if (v === BACKEND_SLOW_DOWN) slow++;
      });
    }
    sim.run();
    // Full bucket (3,500) + floor(3,500/s × 9.9998 s) = 3,500 + 34,999.
    expect(ok).toBe(38_499);
    expect(slow).toBe(n - 38_499);
    expect(s3.stats()).toMatchObject({ accepted: 38_499, slowDown: 11_501 });
  });

  it("limits each prefix and each op class separately", () => {
    const sim = new Simulator({ seed: 1 });
    const s3 = new RemoteBackend(sim, { readPerS: 2, writePerS: 1, latency: { kind: "constant", ns: 1 } });
    expect([s3.admit("GET", "a/"), s3.admit("HEAD", "a/"), s3.admit("GET", "a/")]).toEqual([BACKEND_OK, BACKEND_OK, BACKEND_SLOW_DOWN]);
    expect([s3.admit("DELETE", "a/"), s3.admit("PUT", "a/")]).toEqual([BACKEND_OK, BACKEND_SLOW_DOWN]);
    expect(s3.admit("GET", "b/")).toBe(BACKEND_OK);
    expect(s3.latencyNs()).toBe(1);
  });

  it("a throttle lowers the limit from its start, keeping tokens up to the new capacity, and lifts again", () => {
    const sim = new Simulator({ seed: 1 });
    const s3 = new RemoteBackend(sim, { readPerS: 100, latency: { kind: "constant", ns: 1 } });
    let ok = 0;
    for (let i = 0; i < 50; i++) if (s3.admit("GET", "p/") === 0) ok++;
    expect(ok).toBe(50); // 50 of 100 tokens left
    s3.setLimits(10, 3500); // capacity 10: 10 tokens kept
    ok = 0;
    for (let i = 0; i < 50; i++) if (s3.admit("GET", "p/") === 0) ok++;
    expect(ok).toBe(10);
    sim.runUntil(1_000_000_000); // 1 s at 10/s
    ok = 0;
    for (let i = 0; i < 50; i++) if (s3.admit("GET", "p/") === 0) ok++;
    expect(ok).toBe(10);
    s3.setLimits(5500, 3500);
    expect(s3.readPerS).toBe(5500);
  });

  it("outages answer errors or nothing, then recover", () => {
    const sim = new Simulator({ seed: 1 });
    const s3 = new RemoteBackend(sim, { latency: { kind: "constant", ns: 1 } });
    s3.startOutage("error");
    expect(s3.admit("GET", "p/")).toBe(BACKEND_ERROR);
    s3.startOutage("no-answer");
    expect(s3.admit("GET", "p/")).toBe(BACKEND_NO_ANSWER);
    s3.endOutage();
    expect(s3.admit("GET", "p/")).toBe(BACKEND_OK);
  });

  it("random first-byte latency follows its seeded stream", () => {
    const a = new Simulator({ seed: 9 });
    const b = new Simulator({ seed: 9 });
    const x = new RemoteBackend(a, {}, a.rng.stream("backend/s3/latency"));
    const y = new RemoteBackend(b, {}, b.rng.stream("backend/s3/latency"));
    const xs = Array.from({ length: 2000 }, () => x.latencyNs());
    const ys = Array.from({ length: 2000 }, () => y.latencyNs());
    expect(xs).toEqual(ys);
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(mean).toBeGreaterThan(28e6);
    expect(mean).toBeLessThan(32e6);
  });
});
