/**
 * Hashing for run fingerprints and stream seeds. A run's fingerprint is a rolling 64-bit hash (two independent
 * 32-bit lanes, Math.imul arithmetic) over (time, kind, component) of every executed event: two runs that
 * execute the same events at the same times in the same order get the same fingerprint, and almost any
 * divergence changes it. Tracing never feeds it, so turning the trace on cannot change it.
 */

const LANE_A_SEED = 0x243f6a88;
const LANE_B_SEED = 0x85a308d3;

/** A 32-bit hash of a string (FNV-1a over UTF-16 code units, then an avalanche step). */
export function hashString32(text: string, seed = 0x811c9dc5): number {
  let h = seed | 0;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return avalanche32(h);
}

/** A 64-bit hash of a string as 16 hex digits (two lanes with different seeds). */
export function hashString64Hex(text: string): string {
  return hex32(hashString32(text, LANE_A_SEED)) + hex32(hashString32(text, LANE_B_SEED));
}

/** Combines two 32-bit hashes into one, order-sensitively. */
export function combine32(a: number, b: number): number {
  return avalanche32(Math.imul(a ^ 0x9e3779b9, 0x01000193) ^ b);
}

/** The murmur3 finaliser: every input bit affects every output bit. */
export function avalanche32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Eight lowercase hex digits of the unsigned value of x. */
export function hex32(x: number): string {
  return (x >>> 0).toString(16).padStart(8, "0");
}

/** The rolling hash behind `Simulator.fingerprint()`. */
export class RollingFingerprint {
  private laneA = LANE_A_SEED;
  private laneB = LANE_B_SEED;

  /** Folds one executed event in: its time and the precomputed hash of its (kind, component) label. */
  add(timeNs: number, labelHash: number): void {
    const lo = timeNs >>> 0;
    const hi = (timeNs / 4294967296) >>> 0;
    let a = this.laneA;
    a = Math.imul(a ^ lo, 0x01000193);
    a = Math.imul(a ^ hi, 0x01000193);
    a = Math.imul(a ^ labelHash, 0x01000193);
    this.laneA = (a << 7) | (a >>> 25);
    let b = this.laneB;
    b = Math.imul(b + lo, 0x5bd1e995);
    b ^= b >>> 15;
    b = Math.imul(b + hi, 0x5bd1e995);
    b ^= b >>> 15;
    b = Math.imul(b + labelHash, 0x5bd1e995);
    this.laneB = b ^ (b >>> 13);
  }

  /** The current value: 16 hex digits. */
  hex(): string {
    return hex32(avalanche32(this.laneA)) + hex32(avalanche32(this.laneB ^ 0x27d4eb2f));
  }
}
