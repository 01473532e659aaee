/**
 * Handles (event ids, transfer handles, metrics handles) pack generation × span + slot into one integer, with
 * span a power of two, so a stale handle no longer matches its reused slot.
 */

/**
 * The slot of a non-negative integer handle. Equal to `handle % span`, but `%` on a number above 2^31 is a
 * floating-point remainder (a library call, about 20 ns here) while this is a few instructions; exact because
 * dividing by a power of two is exact below 2^53.
 */
export function slotOf(handle: number, span: number): number {
  return handle - Math.floor(handle / span) * span;
}
