import type { FuncSource, GlobalSource } from "./assembler.js";

/*
 * The placement kernel in WebAssembly text (linear form, see assembler.ts). WebAssembly has native 64-bit
 * integers, which XXH64 and the xoshiro256 mixer need on every step; doing the same with JavaScript numbers
 * costs several 16-bit limb multiplies per 64-bit product. The readable reference of the same arithmetic, in
 * BigInt, is reference-hash.ts; tests check one against the other.
 *
 * Memory layout, shared with hrw-kernel.ts: bytes 0..8 hold the last 64-bit result; bytes 64..128 hold the
 * addresses (i32) of a placement table's arrays, named CFG below. Arrays are indexed by object (`k`) or by
 * target slot (a table's own dense numbering of every target it has seen).
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

const P1 = "0x9E3779B185EBCA87";
const P2 = "0xC2B2AE3D27D4EB4F";
const P3 = "0x165667B19E3779F9";
const P4 = "0x85EBCA77C2B2AE63";
const P5 = "0x27D4EB2F165667C5";
/** AIStore's hash seed (a 32-bit LCG multiplier). */
const MLCG32 = "1103515245";
const GOLDEN = "0x9e3779b97f4a7c15";
const M1 = "0xbf58476d1ce4e5b9";
const M2 = "0x94d049bb133111eb";

/** Loads a configuration word. */
const cfg = (name: keyof typeof CFG): string => `i32.const 0\ni32.load offset=${CFG[name]}`;

/** Address of element `index` (a local) of the array named by `name`, elements of 2^shift bytes. */
const at = (name: keyof typeof CFG, index: string, shift: number): string =>
  `${cfg(name)}\nlocal.get ${index}\n${shift > 0 ? `i32.const ${shift}\ni32.shl\n` : ""}i32.add`;

/** The xoshiro256 mixer on the i64 at the top of the stack (scratch local `z`). */
const mixWith = (z: string): string => `
  i64.const ${GOLDEN}
  i64.add
  local.tee ${z}
  local.get ${z}
  i64.const 30
  i64.shr_u
  i64.xor
  i64.const ${M1}
  i64.mul
  local.tee ${z}
  local.get ${z}
  i64.const 27
  i64.shr_u
  i64.xor
  i64.const ${M2}
  i64.mul
  local.tee ${z}
  local.get ${z}
  i64.const 31
  i64.shr_u
  i64.xor
  i64.const ${GOLDEN}
  i64.add
  local.tee ${z}
  local.get ${z}
  i64.const 30
  i64.shr_u
  i64.xor
  i64.const ${M1}
  i64.mul
  local.tee ${z}
  local.get ${z}
  i64.const 27
  i64.shr_u
  i64.xor
  i64.const ${M2}
  i64.mul
  local.tee ${z}
  local.get ${z}
  i64.const 31
  i64.shr_u
  i64.xor
  i64.const 5
  i64.mul
  i64.const 7
  i64.rotl
  i64.const 9
  i64.mul`;

const MIX = mixWith("$z");

/** XXH64 accumulator round of lane `v` with the 8 bytes at $p + offset. */
const round = (v: string, offset: number): string => `
  local.get ${v}
  local.get $p
  i64.load offset=${offset}
  i64.const ${P2}
  i64.mul
  i64.add
  i64.const 31
  i64.rotl
  i64.const ${P1}
  i64.mul
  local.set ${v}`;

/** XXH64 merge of accumulator `v` into $h. */
const merge = (v: string): string => `
  local.get $h
  local.get ${v}
  i64.const ${P2}
  i64.mul
  i64.const 31
  i64.rotl
  i64.const ${P1}
  i64.mul
  i64.xor
  i64.const ${P1}
  i64.mul
  i64.const ${P4}
  i64.add
  local.set $h`;

const xxh: FuncSource = {
  name: "xxh",
  params: [["p", "i32"], ["n", "i32"], ["seed", "i64"]],
  result: "i64",
  locals: [["end", "i32"], ["limit", "i32"], ["v1", "i64"], ["v2", "i64"], ["v3", "i64"], ["v4", "i64"], ["h", "i64"]],
  exported: false,
  body: `
  local.get $p
  local.get $n
  i32.add
  local.set $end
  local.get $n
  i32.const 32
  i32.ge_u
  if
    local.get $seed
    i64.const ${P1}
    i64.add
    i64.const ${P2}
    i64.add
    local.set $v1
    local.get $seed
    i64.const ${P2}
    i64.add
    local.set $v2
    local.get $seed
    local.set $v3
    local.get $seed
    i64.const ${P1}
    i64.sub
    local.set $v4
    local.get $end
    i32.const 32
    i32.sub
    local.set $limit
    loop
      ${round("$v1", 0)}
      ${round("$v2", 8)}
      ${round("$v3", 16)}
      ${round("$v4", 24)}
      local.get $p
      i32.const 32
      i32.add
      local.tee $p
      local.get $limit
      i32.le_u
      br_if 0
    end
    local.get $v1
    i64.const 1
    i64.rotl
    local.get $v2
    i64.const 7
    i64.rotl
    i64.add
    local.get $v3
    i64.const 12
    i64.rotl
    i64.add
    local.get $v4
    i64.const 18
    i64.rotl
    i64.add
    local.set $h
    ${merge("$v1")}
    ${merge("$v2")}
    ${merge("$v3")}
    ${merge("$v4")}
  else
    local.get $seed
    i64.const ${P5}
    i64.add
    local.set $h
  end
  local.get $h
  local.get $n
  i64.extend_i32_u
  i64.add
  local.set $h
  block ;; 8-byte lanes
    loop
      local.get $p
      i32.const 8
      i32.add
      local.get $end
      i32.gt_u
      br_if 1
      local.get $h
      local.get $p
      i64.load
      i64.const ${P2}
      i64.mul
      i64.const 31
      i64.rotl
      i64.const ${P1}
      i64.mul
      i64.xor
      i64.const 27
      i64.rotl
      i64.const ${P1}
      i64.mul
      i64.const ${P4}
      i64.add
      local.set $h
      local.get $p
      i32.const 8
      i32.add
      local.set $p
      br 0
    end
  end
  local.get $p ;; one 4-byte lane
  i32.const 4
  i32.add
  local.get $end
  i32.le_u
  if
    local.get $h
    local.get $p
    i64.load32_u
    i64.const ${P1}
    i64.mul
    i64.xor
    i64.const 23
    i64.rotl
    i64.const ${P2}
    i64.mul
    i64.const ${P3}
    i64.add
    local.set $h
    local.get $p
    i32.const 4
    i32.add
    local.set $p
  end
  block ;; single bytes
    loop
      local.get $p
      local.get $end
      i32.ge_u
      br_if 1
      local.get $h
      local.get $p
      i64.load8_u
      i64.const ${P5}
      i64.mul
      i64.xor
      i64.const 11
      i64.rotl
      i64.const ${P1}
      i64.mul
      local.set $h
      local.get $p
      i32.const 1
      i32.add
      local.set $p
      br 0
    end
  end
  local.get $h ;; avalanche
  local.get $h
  i64.const 33
  i64.shr_u
  i64.xor
  i64.const ${P2}
  i64.mul
  local.tee $h
  local.get $h
  i64.const 29
  i64.shr_u
  i64.xor
  i64.const ${P3}
  i64.mul
  local.tee $h
  local.get $h
  i64.const 32
  i64.shr_u
  i64.xor`,
};

/** i64 from two i32 halves (locals $lo, $hi), on the stack. */
const JOIN_HALVES = `
  local.get $hi
  i64.extend_i32_u
  i64.const 32
  i64.shl
  local.get $lo
  i64.extend_i32_u
  i64.or`;

const xxh64: FuncSource = {
  name: "xxh64",
  params: [["p", "i32"], ["n", "i32"], ["lo", "i32"], ["hi", "i32"]],
  locals: [],
  exported: true,
  body: `
  i32.const 0
  local.get $p
  local.get $n
  ${JOIN_HALVES}
  call $xxh
  i64.store`,
};

const mix64: FuncSource = {
  name: "mix64",
  params: [["lo", "i32"], ["hi", "i32"]],
  locals: [["z", "i64"]],
  exported: true,
  body: `
  i32.const 0
  ${JOIN_HALVES}
  ${MIX}
  i64.store`,
};

/** Index of the highest weight mix(node ^ d) over `count` (≥ 1) node digests; the weight goes to $bestW. */
const best: FuncSource = {
  name: "best",
  params: [["d", "i64"], ["nodes", "i32"], ["count", "i32"]],
  result: "i32",
  locals: [["i", "i32"], ["bi", "i32"], ["w", "i64"], ["w2", "i64"], ["bw", "i64"], ["z", "i64"], ["z2", "i64"], ["pairsEnd", "i32"], ["addr", "i32"]],
  exported: false,
  body: `
  local.get $nodes
  i64.load
  local.get $d
  i64.xor
  ${MIX}
  local.set $bw
  i32.const 1
  local.set $i
  ;; Two candidates per iteration: independent mixer chains overlap in the CPU.
  local.get $count
  i32.const 1
  i32.sub
  i32.const -2
  i32.and
  i32.const 1
  i32.add
  local.set $pairsEnd
  block
    loop
      local.get $i
      local.get $pairsEnd
      i32.ge_u
      br_if 1
      local.get $nodes
      local.get $i
      i32.const 3
      i32.shl
      i32.add
      local.tee $addr
      i64.load
      local.get $d
      i64.xor
      ${mixWith("$z")}
      local.set $w
      local.get $addr
      i64.load offset=8
      local.get $d
      i64.xor
      ${mixWith("$z2")}
      local.set $w2
      local.get $w
      local.get $bw
      i64.gt_u
      if ;; strictly greater: on a tie the earlier node (tie-rule order) keeps it
        local.get $w
        local.set $bw
        local.get $i
        local.set $bi
      end
      local.get $w2
      local.get $bw
      i64.gt_u
      if
        local.get $w2
        local.set $bw
        local.get $i
        i32.const 1
        i32.add
        local.set $bi
      end
      local.get $i
      i32.const 2
      i32.add
      local.set $i
      br 0
    end
  end
  local.get $i
  local.get $count
  i32.lt_u
  if ;; the odd one out
    local.get $nodes
    local.get $i
    i32.const 3
    i32.shl
    i32.add
    i64.load
    local.get $d
    i64.xor
    ${MIX}
    local.tee $w
    local.get $bw
    i64.gt_u
    if
      local.get $w
      local.set $bw
      local.get $i
      local.set $bi
    end
  end
  local.get $bw
  global.set $bestW
  local.get $bi`,
};

const bestOf: FuncSource = {
  name: "bestOf",
  params: [["lo", "i32"], ["hi", "i32"], ["nodes", "i32"], ["count", "i32"]],
  result: "i32",
  locals: [["b", "i32"]],
  exported: true,
  body: `
  ${JOIN_HALVES}
  local.get $nodes
  local.get $count
  call $best
  local.set $b
  i32.const 0
  global.get $bestW
  i64.store
  local.get $b`,
};

const weightsOf: FuncSource = {
  name: "weightsOf",
  params: [["lo", "i32"], ["hi", "i32"], ["nodes", "i32"], ["count", "i32"], ["out", "i32"]],
  locals: [["d", "i64"], ["i", "i32"], ["z", "i64"]],
  exported: true,
  body: `
  ${JOIN_HALVES}
  local.set $d
  block
    loop
      local.get $i
      local.get $count
      i32.ge_u
      br_if 1
      local.get $out
      local.get $i
      i32.const 3
      i32.shl
      i32.add
      local.get $nodes
      local.get $i
      i32.const 3
      i32.shl
      i32.add
      i64.load
      local.get $d
      i64.xor
      ${MIX}
      i64.store
      local.get $i
      i32.const 1
      i32.add
      local.set $i
      br 0
    end
  end`,
};

/** Mountpath index for digest $d inside target $slot (255 when it has no eligible mountpath). */
const mpChoice: FuncSource = {
  name: "mpChoice",
  params: [["d", "i64"], ["slot", "i32"]],
  result: "i32",
  locals: [["base", "i32"], ["cnt", "i32"]],
  exported: false,
  body: `
  ${at("MPCNT", "$slot", 2)}
  i32.load
  local.tee $cnt
  i32.eqz
  if
    i32.const 255
    return
  end
  ${at("MPBASE", "$slot", 2)}
  i32.load
  local.set $base
  ${at("MPIDX", "$base", 0)}
  local.get $d
  ${at("MPDIG", "$base", 3)}
  local.get $cnt
  call $best
  i32.add
  i32.load8_u`,
};

/** Full placement of object $k over the active targets; returns the owner slot. */
const placeOne: FuncSource = {
  name: "placeOne",
  params: [["k", "i32"], ["withMp", "i32"]],
  result: "i32",
  locals: [["d", "i64"], ["b", "i32"], ["slot", "i32"]],
  exported: false,
  body: `
  ${at("DIG", "$k", 3)}
  i64.load
  local.tee $d
  ${cfg("NODES")}
  ${cfg("NACT")}
  call $best
  local.set $b
  ${at("SLOTS", "$b", 1)}
  i32.load16_u
  local.set $slot
  ${at("OWN", "$k", 1)}
  local.get $slot
  i32.store16
  ${at("WGT", "$k", 3)}
  global.get $bestW
  i64.store
  local.get $withMp
  if
    ${at("MPS", "$k", 0)}
    local.get $d
    local.get $slot
    call $mpChoice
    i32.store8
  end
  local.get $slot`,
};

const place: FuncSource = {
  name: "place",
  params: [["from", "i32"], ["to", "i32"], ["withMp", "i32"]],
  locals: [],
  exported: true,
  body: `
  block
    loop
      local.get $from
      local.get $to
      i32.ge_u
      br_if 1
      local.get $from
      local.get $withMp
      call $placeOne
      drop
      local.get $from
      i32.const 1
      i32.add
      local.set $from
      br 0
    end
  end`,
};

/** Re-places the objects owned by $slot (already removed from the active list); counts arrivals. */
const replaceOwnedBy: FuncSource = {
  name: "replaceOwnedBy",
  params: [["slot", "i32"]],
  result: "i32",
  locals: [["k", "i32"], ["n", "i32"], ["moved", "i32"], ["to", "i32"]],
  exported: true,
  body: `
  ${cfg("N")}
  local.set $n
  block
    loop
      local.get $k
      local.get $n
      i32.ge_u
      br_if 1
      ${at("OWN", "$k", 1)}
      i32.load16_u
      local.get $slot
      i32.eq
      if
        local.get $k
        i32.const 1
        call $placeOne
        local.set $to
        ${at("ARRIVE", "$to", 2)}
        ${at("ARRIVE", "$to", 2)}
        i32.load
        i32.const 1
        i32.add
        i32.store
        local.get $moved
        i32.const 1
        i32.add
        local.set $moved
      end
      local.get $k
      i32.const 1
      i32.add
      local.set $k
      br 0
    end
  end
  local.get $moved`,
};

/** Offers every object to the newly active $slot: it wins where its weight beats the stored best. */
const join: FuncSource = {
  name: "join",
  params: [["slot", "i32"]],
  result: "i32",
  locals: [["k", "i32"], ["n", "i32"], ["moved", "i32"], ["nd", "i64"], ["rk", "i32"], ["d", "i64"], ["w", "i64"], ["cur", "i64"], ["own", "i32"], ["z", "i64"]],
  exported: true,
  body: `
  ${cfg("N")}
  local.set $n
  ${at("SLOTDIG", "$slot", 3)}
  i64.load
  local.set $nd
  ${at("RANK", "$slot", 1)}
  i32.load16_u
  local.set $rk
  block
    loop
      local.get $k
      local.get $n
      i32.ge_u
      br_if 1
      block ;; skip unless the newcomer wins
        ${at("DIG", "$k", 3)}
        i64.load
        local.tee $d
        local.get $nd
        i64.xor
        ${MIX}
        local.tee $w
        ${at("WGT", "$k", 3)}
        i64.load
        local.tee $cur
        i64.lt_u
        br_if 0
        ${at("OWN", "$k", 1)}
        i32.load16_u
        local.set $own
        local.get $w
        local.get $cur
        i64.eq
        if ;; exact tie: the lower rank keeps or takes the object
          local.get $rk
          ${at("RANK", "$own", 1)}
          i32.load16_u
          i32.ge_u
          br_if 1
        end
        ${at("LEAVE", "$own", 2)}
        ${at("LEAVE", "$own", 2)}
        i32.load
        i32.const 1
        i32.add
        i32.store
        ${at("OWN", "$k", 1)}
        local.get $slot
        i32.store16
        ${at("WGT", "$k", 3)}
        local.get $w
        i64.store
        ${at("MPS", "$k", 0)}
        local.get $d
        local.get $slot
        call $mpChoice
        i32.store8
        local.get $moved
        i32.const 1
        i32.add
        local.set $moved
      end
      local.get $k
      i32.const 1
      i32.add
      local.set $k
      br 0
    end
  end
  local.get $moved`,
};

/** Re-chooses the mountpath of every object owned by $slot (after its mountpaths changed); returns how many changed. */
const remountOwnedBy: FuncSource = {
  name: "remountOwnedBy",
  params: [["slot", "i32"]],
  result: "i32",
  locals: [["k", "i32"], ["n", "i32"], ["changed", "i32"], ["m", "i32"]],
  exported: true,
  body: `
  ${cfg("N")}
  local.set $n
  block
    loop
      local.get $k
      local.get $n
      i32.ge_u
      br_if 1
      ${at("OWN", "$k", 1)}
      i32.load16_u
      local.get $slot
      i32.eq
      if
        ${at("DIG", "$k", 3)}
        i64.load
        local.get $slot
        call $mpChoice
        local.tee $m
        ${at("MPS", "$k", 0)}
        i32.load8_u
        i32.ne
        if
          ${at("MPS", "$k", 0)}
          local.get $m
          i32.store8
          local.get $changed
          i32.const 1
          i32.add
          local.set $changed
        end
      end
      local.get $k
      i32.const 1
      i32.add
      local.set $k
      br 0
    end
  end
  local.get $changed`,
};

/**
 * Digests of `count` consecutive names: the name at $p (length $n) ends its decimal counter at $digitEnd;
 * each next name increments that counter in place (the caller keeps the digit count constant).
 */
const patternDigests: FuncSource = {
  name: "patternDigests",
  params: [["p", "i32"], ["n", "i32"], ["digitEnd", "i32"], ["count", "i32"], ["out", "i32"]],
  locals: [["k", "i32"], ["q", "i32"], ["c", "i32"]],
  exported: true,
  body: `
  block
    loop
      local.get $k
      local.get $count
      i32.ge_u
      br_if 1
      local.get $k
      if ;; increment the decimal counter, carrying leftwards
        local.get $digitEnd
        local.set $q
        block
          loop
            local.get $q
            i32.const 1
            i32.sub
            local.tee $q
            i32.load8_u
            local.tee $c
            i32.const 57
            i32.eq
            if
              local.get $q
              i32.const 48
              i32.store8
              br 1
            end
            local.get $q
            local.get $c
            i32.const 1
            i32.add
            i32.store8
          end
        end
      end
      local.get $out
      local.get $k
      i32.const 3
      i32.shl
      i32.add
      local.get $p
      local.get $n
      i64.const ${MLCG32}
      call $xxh
      i64.store
      local.get $k
      i32.const 1
      i32.add
      local.set $k
      br 0
    end
  end`,
};

/** Every function of the kernel, in module order. */
export const KERNEL_FUNCS: readonly FuncSource[] = [xxh, xxh64, mix64, best, bestOf, weightsOf, mpChoice, placeOne, place, replaceOwnedBy, join, remountOwnedBy, patternDigests];

/** The kernel's globals. */
export const KERNEL_GLOBALS: readonly GlobalSource[] = [{ name: "bestW", type: "i64" }];
