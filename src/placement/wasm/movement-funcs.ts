import type { FuncSource } from "./assembler.js";
import { MIX } from "./hash-funcs.js";
import { at, cfg } from "./layout.js";

/*
 * The kernel's map-change functions in WebAssembly text: re-placing the objects a leaving target owned, the
 * objects a joining target wins, and the objects of a target whose mountpaths changed.
 */

/** Re-places the objects owned by $slot (already removed from the active list); counts arrivals. */
export const replaceOwnedBy: FuncSource = {
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
export const join: FuncSource = {
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
export const remountOwnedBy: FuncSource = {
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
