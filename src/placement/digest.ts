import { MLCG32 } from "./reference-hash.js";
import { sharedKernel } from "./wasm/hrw-kernel.js";

/*
 * 64-bit digests as bigints at the public surface (readable, exact); the kernel works on two u32 halves.
 */

const encoder = new TextEncoder();
const MLCG32_LO = Number(MLCG32);

/** Splits a 64-bit digest into [low, high] unsigned 32-bit halves. */
export function halves(digest: bigint): [number, number] {
  return [Number(digest & 0xffffffffn), Number((digest >> 32n) & 0xffffffffn)];
}

/** Joins [low, high] halves into a 64-bit digest. */
export function fromHalves(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** XXH64 of a string's UTF-8 bytes (or of raw bytes) with a 64-bit seed, AIStore's MLCG32 by default. */
export function xxh64(input: string | Uint8Array, seed: bigint = MLCG32): bigint {
  if (typeof input === "string" && seed === MLCG32) return sharedKernel().xxh64String(input, MLCG32_LO, 0);
  const bytes = typeof input === "string" ? encoder.encode(input) : input;
  const [seedLo, seedHi] = halves(BigInt.asUintN(64, seed));
  const [lo, hi] = sharedKernel().xxh64Bytes(bytes, seedLo, seedHi);
  return fromHalves(lo, hi);
}

/** AIStore's xoshiro256 mixer of a 64-bit value (the HRW weight of nodeDigest XOR objectDigest). */
export function xoshiro256Hash(value: bigint): bigint {
  const [lo, hi] = halves(BigInt.asUintN(64, value));
  const kernel = sharedKernel();
  kernel.fn.mix64(lo, hi);
  const [rlo, rhi] = kernel.result();
  return fromHalves(rlo, rhi);
}

/** The placement digest of an object: XXH64(uname, MLCG32). */
export function objectDigest(uname: string): bigint {
  return xxh64(uname);
}

/** The digest of a node ID or a mountpath path: XXH64(id, MLCG32). */
export function nodeDigest(id: string): bigint {
  return xxh64(id);
}

/** Bytewise (UTF-8) comparison of two strings: the order of the tie rule. */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

export { MLCG32 };
