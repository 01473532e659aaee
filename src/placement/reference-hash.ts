/*
 * Readable BigInt versions of AIStore's two hash functions: XXH64 (as the OneOfOne package computes it) and the
 * xoshiro256 mixer used as the HRW weight. They are the specification the fast WebAssembly kernel is checked
 * against; they are too slow for placing millions of objects.
 */

const MASK64 = (1n << 64n) - 1n;
const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;

/** AIStore's seed for every placement digest: the 32-bit LCG multiplier 1103515245. */
export const MLCG32 = 1103515245n;

function rotl(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (64n - r))) & MASK64;
}

function mul(a: bigint, b: bigint): bigint {
  return (a * b) & MASK64;
}

function lane(bytes: Uint8Array, at: number, width: number): bigint {
  let v = 0n;
  for (let i = width - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[at + i]);
  return v;
}

function round(acc: bigint, input: bigint): bigint {
  return mul(rotl((acc + mul(input, P2)) & MASK64, 31n), P1);
}

/** XXH64 of `bytes` (UTF-8 of a string when given one) with a 64-bit seed. */
export function xxh64Reference(input: Uint8Array | string, seed: bigint): bigint {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const n = bytes.length;
  let p = 0;
  let h: bigint;
  if (n >= 32) {
    let v1 = (seed + P1 + P2) & MASK64;
    let v2 = (seed + P2) & MASK64;
    let v3 = seed & MASK64;
    let v4 = (seed - P1) & MASK64;
    for (; p + 32 <= n; p += 32) {
      v1 = round(v1, lane(bytes, p, 8));
      v2 = round(v2, lane(bytes, p + 8, 8));
      v3 = round(v3, lane(bytes, p + 16, 8));
      v4 = round(v4, lane(bytes, p + 24, 8));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & MASK64;
    for (const v of [v1, v2, v3, v4]) h = (mul(h ^ round(0n, v), P1) + P4) & MASK64;
  } else {
    h = (seed + P5) & MASK64;
  }
  h = (h + BigInt(n)) & MASK64;
  for (; p + 8 <= n; p += 8) h = (mul(rotl(h ^ round(0n, lane(bytes, p, 8)), 27n), P1) + P4) & MASK64;
  if (p + 4 <= n) {
    h = (mul(rotl(h ^ mul(lane(bytes, p, 4), P1), 23n), P2) + P3) & MASK64;
    p += 4;
  }
  for (; p < n; p++) h = mul(rotl(h ^ mul(BigInt(bytes[p]), P5), 11n), P1);
  h = mul(h ^ (h >> 33n), P2);
  h = mul(h ^ (h >> 29n), P3);
  return h ^ (h >> 32n);
}

/** AIStore's xoshiro256 mixer: the HRW weight of `nodeDigest ^ objectDigest`. */
export function xoshiro256Reference(seed: bigint): bigint {
  const GOLDEN = 0x9e3779b97f4a7c15n;
  let z = (seed + GOLDEN) & MASK64;
  z = mul(z ^ (z >> 30n), 0xbf58476d1ce4e5b9n);
  z = mul(z ^ (z >> 27n), 0x94d049bb133111ebn);
  z = ((z ^ (z >> 31n)) + GOLDEN) & MASK64;
  z = mul(z ^ (z >> 30n), 0xbf58476d1ce4e5b9n);
  z = mul(z ^ (z >> 27n), 0x94d049bb133111ebn);
  z = mul(z ^ (z >> 31n), 5n);
  return mul(rotl(z, 7n), 9n);
}
