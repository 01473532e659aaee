import type { FuncSource } from "./assembler.js";
import { JOIN_HALVES, MIX, mixWith } from "./hash-funcs.js";
import { at, cfg } from "./layout.js";

/*
 * The kernel's placement functions in WebAssembly text: the HRW winner over the active targets, the weights of
 * every target for an object, the mountpath choice inside a target, and placing a whole table.
 */

/** Index of the highest weight mix(node ^ d) over `count` (≥ 1) node digests; the weight goes to $bestW. */
export const best: FuncSource = {
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

export const bestOf: FuncSource = {
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

export const weightsOf: FuncSource = {
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
export const mpChoice: FuncSource = {
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
export const placeOne: FuncSource = {
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

export const place: FuncSource = {
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
