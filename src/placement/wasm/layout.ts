/*
 * Memory layout of the placement kernel, shared by its WebAssembly functions and hrw-kernel.ts: bytes 0..8 hold
 * the last 64-bit result; bytes 64..128 hold the addresses (i32) of a placement table's arrays, named CFG below.
 * Arrays are indexed by object (`k`) or by target slot (a table's own dense numbering of every target it has seen).
 */

/** Byte offsets of the configuration words. */
export const CFG = {
  /** Number of objects in the table. */
  N: 64,
  /** u64 per object: the object's digest. */
  DIG: 68,
  /** u64 per object: the winning weight. */
  WGT: 72,
  /** u16 per object: owner slot. */
  OWN: 76,
  /** u8 per object: mountpath index inside the owner (255: the owner has none). */
  MPS: 80,
  /** u64 per active target, in tie-rule order: node digests. */
  NODES: 84,
  /** u16 per active target: its slot. */
  SLOTS: 88,
  /** Number of active targets. */
  NACT: 92,
  /** u64 per slot: node digest. */
  SLOTDIG: 96,
  /** u16 per slot: rank in tie-rule order (lower wins a tie). */
  RANK: 100,
  /** u32 per slot: first entry of the slot's eligible mountpaths in MPDIG/MPIDX. */
  MPBASE: 104,
  /** u32 per slot: number of eligible mountpaths. */
  MPCNT: 108,
  /** u64 per eligible mountpath: path digest, each target's run in tie-rule order. */
  MPDIG: 112,
  /** u8 per eligible mountpath: its index in the target's mountpath list. */
  MPIDX: 116,
  /** u32 per slot: objects that left the slot in the last operation. */
  LEAVE: 120,
  /** u32 per slot: objects that arrived at the slot in the last operation. */
  ARRIVE: 124,
} as const;

/** First byte free for the JavaScript side's allocations. */
export const HEAP_BASE = 256;

/** Loads a configuration word. */
export const cfg = (name: keyof typeof CFG): string => `i32.const 0\ni32.load offset=${CFG[name]}`;

/** Address of element `index` (a local) of the array named by `name`, elements of 2^shift bytes. */
export const at = (name: keyof typeof CFG, index: string, shift: number): string =>
  `${cfg(name)}\nlocal.get ${index}\n${shift > 0 ? `i32.const ${shift}\ni32.shl\n` : ""}i32.add`;
