import { compareUtf8 } from "./digest.js";
import { eligibleMountpaths } from "./hrw.js";
import { MovementCounter, type Movement } from "./movement.js";
import { DEFAULT_TEMPLATE, formatName, parseTemplate, sameLengthRuns, type NameTemplate } from "./name-pattern.js";
import { isActiveTarget, nodeKey, type Smap, type TargetNode } from "./smap.js";
import { uname, type BucketRef } from "./uname.js";
import { HrwKernel } from "./wasm/hrw-kernel.js";

/** A population of objects generated from a pattern: `bucket/template(first+i)` for i in [0, count). */
export interface PopulationSpec {
  readonly bucket: BucketRef;
  /** Name template with one counter, default `obj-%08d`. */
  readonly template?: string;
  readonly count: number;
  /** Index of the first name (default 0). */
  readonly first?: number;
  /** Size of every object, for byte counts. */
  readonly sizeBytes: number;
}

/** Bytes of table state per object: digest u64, best weight u64, owner u16, mountpath u8. */
export const TABLE_BYTES_PER_OBJECT = 19;

/** Most target slots a table can number (owners are u16). */
const MAX_SLOTS = 0xffff;
const NO_MOUNTPATH = 255;
/** Most objects per table: 19 bytes each must fit in a 4 GiB WebAssembly memory with room for the slot arrays. */
export const MAX_OBJECTS = 200_000_000;

interface Slot {
  readonly id: string;
  target: TargetNode;
  active: boolean;
}

/**
 * Where every object of a population lives, kept in compact typed arrays inside a WebAssembly memory:
 * 19 bytes per object. Built once with a full HRW pass, then updated incrementally: a join offers every object
 * to the newcomer alone (its weight against the stored best); a leave (or maintenance) re-places only the
 * leaver's objects. Both report the movement per target. Object `i` is the name of index `first + i`.
 */
export class PlacementTable {
  readonly spec: PopulationSpec;
  readonly count: number;
  private readonly template: NameTemplate;
  private readonly first: number;
  private readonly unamePrefix: string;
  private readonly kernel = new HrwKernel();
  private readonly slots: Slot[] = [];
  private readonly slotById = new Map<string, number>();
  private slotCapacity = 0;
  private mpCapacity = 0;
  private mpUsed = 0;
  private readonly addr = { dig: 0, wgt: 0, own: 0, mps: 0 };

  private constructor(spec: PopulationSpec) {
    this.spec = spec;
    this.count = spec.count;
    this.first = spec.first ?? 0;
    this.template = parseTemplate(spec.template ?? DEFAULT_TEMPLATE);
    this.unamePrefix = uname(spec.bucket.provider, spec.bucket.namespace, spec.bucket.bucket, "");
    if (!Number.isInteger(this.count) || this.count < 0) throw new Error(`object count must be a non-negative integer, got ${this.count}`);
    // One WebAssembly memory holds at most 4 GiB: larger populations are split into tables over `first`/`count`.
    if (this.count > MAX_OBJECTS) throw new Error(`a placement table holds at most ${MAX_OBJECTS} objects; split the population with 'first' and 'count'`);
  }

  /** Builds the table for `smap`'s active targets with a full HRW pass (throws when no target is active). */
  static build(smap: Smap, spec: PopulationSpec): PlacementTable {
    const table = new PlacementTable(spec);
    table.allocateObjects();
    table.allocateSlots(Math.max(16, smap.targets.length * 2), Math.max(64, smap.targets.reduce((n, t) => n + t.mountpaths.length, 0) * 2));
    for (const t of smap.targets) table.slots[table.slotFor(t)].active = isActiveTarget(t);
    table.writeSlots();
    table.computeDigests();
    table.kernel.fn.place(0, table.count, 1);
    return table;
  }

  /** Name of object `i`. */
  nameOf(i: number): string {
    return formatName(this.template, this.first + i);
  }

  /** Uname of object `i` (what its digest is computed from). */
  unameOf(i: number): string {
    return this.unamePrefix + this.nameOf(i);
  }

  /** Owner slot of object `i` (see `slotId`). */
  ownerSlotOf(i: number): number {
    return this.kernel.u8[this.addr.own + 2 * i] | (this.kernel.u8[this.addr.own + 2 * i + 1] << 8);
  }

  /** Target ID of a slot. */
  slotId(slot: number): string {
    return this.slots[slot].id;
  }

  /** Owner target ID of object `i`. */
  ownerOf(i: number): string {
    return this.slots[this.ownerSlotOf(i)].id;
  }

  /** Mountpath path of object `i` in its owner, or undefined when the owner has no eligible mountpath. */
  mountpathOf(i: number): string | undefined {
    const m = this.kernel.u8[this.addr.mps + i];
    return m === NO_MOUNTPATH ? undefined : this.slots[this.ownerSlotOf(i)].target.mountpaths[m].path;
  }

  /** Objects per target ID (active targets with none are listed with 0). */
  countsByTarget(): Map<string, number> {
    const perSlot = new Float64Array(this.slots.length);
    const own = new Uint16Array(this.kernel.u8.buffer, this.addr.own, this.count);
    for (let i = 0; i < own.length; i++) perSlot[own[i]]++;
    const out = new Map<string, number>();
    this.slots.forEach((s, slot) => {
      if (s.active || perSlot[slot] > 0) out.set(s.id, perSlot[slot]);
    });
    return out;
  }

  /** A target joins (or returns from maintenance): it takes each object whose weight it beats. */
  applyJoin(target: TargetNode): Movement {
    const slot = this.slotFor(target);
    if (this.slots[slot].active) throw new Error(`target '${target.id}' is already active in the table`);
    this.slots[slot].active = true;
    this.slots[slot].target = target;
    this.writeSlots();
    this.zeroCounters();
    const moved = this.kernel.fn.join(slot);
    const counter = new MovementCounter();
    const leave = this.counters("LEAVE");
    this.slots.forEach((s, from) => {
      if (leave[from] > 0) counter.move(s.id, target.id, leave[from], leave[from] * this.spec.sizeBytes);
    });
    counter.addTotal(this.count - moved);
    return counter.result();
  }

  /** A target leaves (removed, maintenance or decommission): only its objects are re-placed. */
  applyLeave(targetId: string): Movement {
    const slot = this.slotById.get(targetId);
    if (slot === undefined || !this.slots[slot].active) throw new Error(`target '${targetId}' is not active in the table`);
    if (this.slots.filter((s) => s.active).length === 1) throw new Error(`target '${targetId}' is the last active target`);
    this.slots[slot].active = false;
    this.writeSlots();
    this.zeroCounters();
    const moved = this.kernel.fn.replaceOwnedBy(slot);
    const counter = new MovementCounter();
    const arrive = this.counters("ARRIVE");
    this.slots.forEach((s, to) => {
      if (arrive[to] > 0) counter.move(targetId, s.id, arrive[to], arrive[to] * this.spec.sizeBytes);
    });
    counter.addTotal(this.count - moved);
    return counter.result();
  }

  /**
   * A target's mountpaths changed (attach, detach, waitingDD): re-chooses the mountpath of each of its objects.
   * Returns how many objects change mountpath (what a resilver copies). Owners are unaffected.
   */
  applyMountpaths(target: TargetNode): number {
    const slot = this.slotById.get(target.id);
    if (slot === undefined) throw new Error(`target '${target.id}' is not in the table`);
    this.slotFor(target);
    return this.kernel.fn.remountOwnedBy(slot);
  }

  /** Brings the table to `smap`'s active targets incrementally (leaves first, then joins); the combined movement. */
  applySmap(smap: Smap): Movement {
    const wanted = new Map(smap.activeTargets.map((t) => [t.id, t]));
    const before = this.ownersSnapshot();
    for (const s of this.slots) if (s.active && !wanted.has(s.id)) this.applyLeave(s.id);
    for (const [id, t] of wanted) {
      const slot = this.slotById.get(id);
      if (slot === undefined || !this.slots[slot].active) this.applyJoin(t);
    }
    // Net movement: an object that moved twice (leave then join) counts once, from its first to its last owner.
    return this.movementFrom(before, this.slots.map((sl) => sl.id));
  }

  /** Movement from the current placement to a full placement on `smap`, without changing this table. */
  movementTo(smap: Smap): Movement {
    const other = PlacementTable.build(smap, this.spec);
    return other.movementFrom(this.ownersSnapshot(), this.slots.map((s) => s.id));
  }

  /**
   * Recomputes every object from scratch on the current active targets: digests again when `digests`, mountpaths
   * unless `mountpaths` is false (then they are left stale). For consistency checks and benchmarks.
   */
  replaceAll(options: { digests?: boolean; mountpaths?: boolean } = {}): void {
    if (options.digests === true) this.computeDigests();
    this.kernel.fn.place(0, this.count, options.mountpaths === false ? 0 : 1);
  }

  /** Memory this table holds per object, in bytes (typed arrays only). */
  bytesPerObject(): number {
    return this.count === 0 ? 0 : this.kernel.fn.memory.buffer.byteLength / this.count;
  }

  /** Owner slots as a copy. */
  private ownersSnapshot(): Uint16Array {
    return new Uint16Array(this.kernel.u8.buffer, this.addr.own, this.count).slice();
  }

  /** Movement from earlier owners (slot numbers into `beforeIds`, the slot IDs of the table they came from). */
  private movementFrom(before: Uint16Array, beforeIds: readonly string[]): Movement {
    const own = new Uint16Array(this.kernel.u8.buffer, this.addr.own, this.count);
    const same = Int32Array.from(beforeIds, (id) => this.slotById.get(id) ?? -1);
    const width = this.slots.length;
    const pairs = new Map<number, number>();
    let stayed = 0;
    for (let i = 0; i < own.length; i++) {
      const from = before[i];
      const to = own[i];
      if (same[from] === to) stayed++;
      else {
        const key = from * width + to;
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
    }
    const counter = new MovementCounter();
    counter.addTotal(stayed);
    for (const [key, n] of pairs) counter.move(beforeIds[Math.floor(key / width)], this.slots[key % width].id, n, n * this.spec.sizeBytes);
    return counter.result();
  }

  private counters(name: "LEAVE" | "ARRIVE"): Uint32Array {
    const at = this.kernel.cfg(name);
    return this.kernel.u32.slice(at >> 2, (at >> 2) + this.slots.length);
  }

  private zeroCounters(): void {
    const u32 = this.kernel.u32;
    for (const name of ["LEAVE", "ARRIVE"] as const) u32.fill(0, this.kernel.cfg(name) >> 2, (this.kernel.cfg(name) >> 2) + this.slotCapacity);
  }

  private allocateObjects(): void {
    const n = this.count;
    // Largest arrays first: every address stays 8-byte aligned.
    this.addr.dig = this.kernel.alloc(8 * n);
    this.addr.wgt = this.kernel.alloc(8 * n);
    this.addr.own = this.kernel.alloc(2 * n);
    this.addr.mps = this.kernel.alloc(n);
    this.kernel.setCfg("N", n);
    this.kernel.setCfg("DIG", this.addr.dig);
    this.kernel.setCfg("WGT", this.addr.wgt);
    this.kernel.setCfg("OWN", this.addr.own);
    this.kernel.setCfg("MPS", this.addr.mps);
  }

  /** (Re)allocates the per-slot and mountpath arrays with room for `slots` slots and `mountpaths` entries. */
  private allocateSlots(slots: number, mountpaths: number): void {
    const k = this.kernel;
    const oldMpDig = this.slotCapacity > 0 ? k.cfg("MPDIG") : 0;
    const oldMpIdx = this.slotCapacity > 0 ? k.cfg("MPIDX") : 0;
    const oldMpBase = this.slotCapacity > 0 ? k.cfg("MPBASE") : 0;
    const oldMpCnt = this.slotCapacity > 0 ? k.cfg("MPCNT") : 0;
    const oldSlotDig = this.slotCapacity > 0 ? k.cfg("SLOTDIG") : 0;
    const oldSlots = this.slotCapacity;
    const layout = {
      SLOTDIG: k.alloc(8 * slots), NODES: k.alloc(8 * slots), MPDIG: k.alloc(8 * mountpaths),
      MPBASE: k.alloc(4 * slots), MPCNT: k.alloc(4 * slots), LEAVE: k.alloc(4 * slots), ARRIVE: k.alloc(4 * slots),
      RANK: k.alloc(2 * slots), SLOTS: k.alloc(2 * slots), MPIDX: k.alloc(mountpaths),
    };
    const u8 = k.u8;
    if (oldSlots > 0) {
      // Mountpath runs are referenced by base index: copy them over as they are.
      u8.copyWithin(layout.MPDIG, oldMpDig, oldMpDig + 8 * this.mpUsed);
      u8.copyWithin(layout.MPIDX, oldMpIdx, oldMpIdx + this.mpUsed);
      u8.copyWithin(layout.MPBASE, oldMpBase, oldMpBase + 4 * oldSlots);
      u8.copyWithin(layout.MPCNT, oldMpCnt, oldMpCnt + 4 * oldSlots);
      // Ranks and the active list are rewritten by writeSlots; counters are zeroed per operation.
      u8.copyWithin(layout.SLOTDIG, oldSlotDig, oldSlotDig + 8 * oldSlots);
    }
    for (const [name, at] of Object.entries(layout)) k.setCfg(name as keyof typeof layout, at);
    this.slotCapacity = slots;
    this.mpCapacity = mountpaths;
  }

  /** The slot of a target, created on first sight; records its digest and eligible mountpaths. */
  private slotFor(target: TargetNode): number {
    let slot = this.slotById.get(target.id);
    const eligible = eligibleMountpaths(target);
    if (target.mountpaths.length >= NO_MOUNTPATH) throw new Error(`target '${target.id}' has ${target.mountpaths.length} mountpaths; a table supports at most ${NO_MOUNTPATH - 1}`);
    if (slot === undefined) {
      slot = this.slots.length;
      if (slot >= MAX_SLOTS) throw new Error(`a placement table numbers at most ${MAX_SLOTS} targets`);
      this.slots.push({ id: target.id, target, active: false });
      this.slotById.set(target.id, slot);
    } else {
      this.slots[slot].target = target;
    }
    if (slot >= this.slotCapacity || this.mpUsed + eligible.length > this.mpCapacity) {
      this.allocateSlots(Math.max(this.slotCapacity, slot + 1) * 2, (this.mpUsed + eligible.length) * 2 + 64);
    }
    const k = this.kernel;
    const u32 = k.u32;
    const key = nodeKey(target.id);
    u32[(k.cfg("SLOTDIG") >> 2) + 2 * slot] = key.lo;
    u32[(k.cfg("SLOTDIG") >> 2) + 2 * slot + 1] = key.hi;
    // Mountpath runs are appended; a changed target gets a fresh run (the old one is left unused).
    u32[(k.cfg("MPBASE") >> 2) + slot] = this.mpUsed;
    u32[(k.cfg("MPCNT") >> 2) + slot] = eligible.length;
    const u8 = k.u8;
    eligible.forEach((m, j) => {
      const mk = nodeKey(m.path);
      const e = this.mpUsed + j;
      u32[(k.cfg("MPDIG") >> 2) + 2 * e] = mk.lo;
      u32[(k.cfg("MPDIG") >> 2) + 2 * e + 1] = mk.hi;
      u8[k.cfg("MPIDX") + e] = target.mountpaths.indexOf(m);
    });
    this.mpUsed += eligible.length;
    return slot;
  }

  /** Writes ranks (tie-rule order over every slot) and the active list (digests and slots in that order). */
  private writeSlots(): void {
    const k = this.kernel;
    const order = this.slots.map((_, i) => i).sort((a, b) => compareUtf8(this.slots[a].id, this.slots[b].id));
    const u32 = k.u32;
    const rank = new Uint16Array(k.u8.buffer, k.cfg("RANK"), this.slotCapacity);
    const activeSlots = new Uint16Array(k.u8.buffer, k.cfg("SLOTS"), this.slotCapacity);
    let n = 0;
    order.forEach((slot, r) => {
      rank[slot] = r;
      if (!this.slots[slot].active) return;
      const key = nodeKey(this.slots[slot].id);
      u32[(k.cfg("NODES") >> 2) + 2 * n] = key.lo;
      u32[(k.cfg("NODES") >> 2) + 2 * n + 1] = key.hi;
      activeSlots[n] = slot;
      n++;
    });
    if (n === 0) throw new Error("no active target to place objects on");
    k.setCfg("NACT", n);
  }

  /** Digests of every name, computed in the kernel one same-length run at a time. */
  private computeDigests(): void {
    const k = this.kernel;
    const encoder = new TextEncoder();
    const mark = k.mark();
    for (const run of sameLengthRuns(this.template, this.first, this.count)) {
      const name = this.unamePrefix + formatName(this.template, run.start);
      const bytes = encoder.encode(name);
      const p = k.alloc(bytes.length);
      k.u8.set(bytes, p);
      const digitEnd = p + bytes.length - encoder.encode(this.template.suffix).length;
      k.fn.patternDigests(p, bytes.length, digitEnd, run.count, this.addr.dig + 8 * (run.start - this.first));
      k.release(mark);
    }
  }
}
