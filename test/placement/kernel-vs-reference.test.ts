import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { xoshiro256Hash, xxh64 } from "../../src/placement/digest.js";
import { xoshiro256Reference, xxh64Reference } from "../../src/placement/reference-hash.js";

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

describe("WebAssembly kernel against the BigInt reference", () => {
  it("XXH64 agrees on arbitrary bytes (every length class: <4, 4..7, 8..31, ≥32 with tails) and seeds", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), u64, (bytes, seed) => {
        expect(xxh64(bytes, seed)).toBe(xxh64Reference(bytes, seed));
      }),
      { numRuns: 400 },
    );
  });

  it("XXH64 of a string hashes its UTF-8 bytes", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), (s) => {
        expect(xxh64(s)).toBe(xxh64Reference(new TextEncoder().encode(s), 1103515245n));
      }),
      { numRuns: 200 },
    );
  });

  it("the xoshiro256 mixer agrees on arbitrary 64-bit values", () => {
    fc.assert(
      fc.property(u64, (x) => {
        expect(xoshiro256Hash(x)).toBe(xoshiro256Reference(x));
      }),
      { numRuns: 1000 },
    );
  });
});
