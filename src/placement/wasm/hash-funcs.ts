import type { FuncSource } from "./assembler.js";

/*
 * The kernel's hashing in WebAssembly text: XXH64 (AIStore's digest of unames and node IDs) and the xoshiro256
 * mixer of HRW weights. WebAssembly has native 64-bit integers, which both need on every step; the readable
 * BigInt reference of the same arithmetic is ../reference-hash.ts, and tests check one against the other.
 */

export const P1 = "0x9E3779B185EBCA87";

export const P2 = "0xC2B2AE3D27D4EB4F";

export const P3 = "0x165667B19E3779F9";

export const P4 = "0x85EBCA77C2B2AE63";

export const P5 = "0x27D4EB2F165667C5";

/** AIStore's hash seed (a 32-bit LCG multiplier). */
export const MLCG32 = "1103515245";

export const GOLDEN = "0x9e3779b97f4a7c15";

export const M1 = "0xbf58476d1ce4e5b9";

export const M2 = "0x94d049bb133111eb";

/** The xoshiro256 mixer on the i64 at the top of the stack (scratch local `z`). */
export const mixWith = (z: string): string => `
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

export const MIX = mixWith("$z");

/** XXH64 accumulator round of lane `v` with the 8 bytes at $p + offset. */
export const round = (v: string, offset: number): string => `
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
export const merge = (v: string): string => `
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

export const xxh: FuncSource = {
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
export const JOIN_HALVES = `
  local.get $hi
  i64.extend_i32_u
  i64.const 32
  i64.shl
  local.get $lo
  i64.extend_i32_u
  i64.or`;

export const xxh64: FuncSource = {
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

export const mix64: FuncSource = {
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

/**
 * Digests of `count` consecutive names: the name at $p (length $n) ends its decimal counter at $digitEnd;
 * each next name increments that counter in place (the caller keeps the digit count constant).
 */
export const patternDigests: FuncSource = {
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
