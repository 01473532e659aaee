import { assembleModule } from "./assembler.js";
import { CFG, HEAP_BASE, KERNEL_FUNCS, KERNEL_GLOBALS } from "./hrw-kernel-source.js";

/** The parts of the WebAssembly API used here (the project's TypeScript lib has no WebAssembly types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The exported functions of one kernel instance. */
interface KernelExports {
  memory: WasmMemory;
  xxh64(p: number, n: number, seedLo: number, seedHi: number): void;
  mix64(lo: number, hi: number): void;
  bestOf(lo: number, hi: number, nodes: number, count: number): number;
  weightsOf(lo: number, hi: number, nodes: number, count: number, out: number): void;
  place(from: number, to: number, withMountpaths: number): void;
  replaceOwnedBy(slot: number): number;
  join(slot: number): number;
  remountOwnedBy(slot: number): number;
  patternDigests(p: number, n: number, digitEnd: number, count: number, out: number): void;
}

const PAGE_BYTES = 65536;
const encoder = new TextEncoder();
let compiled: object | undefined;

/** The kernel module, assembled and compiled once per process (synchronously: it is a few KiB). */
function kernelModule(): object {
  compiled ??= new WebAssemblyApi.Module(assembleModule(KERNEL_FUNCS, KERNEL_GLOBALS));
  return compiled;
}

/**
 * One instance of the placement kernel with its own linear memory, and a bump allocator over it. Views of the
 * memory are re-created after it grows (growing detaches the old buffer).
 */
export class HrwKernel {
  readonly fn: KernelExports;
  private top = HEAP_BASE;
  private buffer: ArrayBuffer;
  private u8View: Uint8Array;
  private u32View: Uint32Array;
  private big64View: BigUint64Array;
  /** Scratch area for one string's bytes (grown on demand). */
  private scratchAt = 0;
  private scratchBytes = 0;
  private scratchView: Uint8Array | undefined;

  constructor() {
    this.fn = new WebAssemblyApi.Instance(kernelModule(), {}).exports as unknown as KernelExports;
    this.buffer = this.fn.memory.buffer;
    this.u8View = new Uint8Array(this.buffer);
    this.u32View = new Uint32Array(this.buffer);
    this.big64View = new BigUint64Array(this.buffer);
  }

  /** Reserves `bytes` (8-byte aligned) and returns their address; contents are zero only if never used before. */
  alloc(bytes: number): number {
    const address = (this.top + 7) & ~7;
    this.top = address + bytes;
    this.ensure(this.top);
    return address;
  }

  /** Current top of the allocator, for `release`. */
  mark(): number {
    return this.top;
  }

  /** Frees everything allocated after `mark`. */
  release(mark: number): void {
    this.top = mark;
  }

  /** Grows memory to hold at least `bytes`. */
  private ensure(bytes: number): void {
    const have = this.fn.memory.buffer.byteLength;
    if (bytes > have) this.fn.memory.grow(Math.ceil((bytes - have) / PAGE_BYTES));
  }

  /** Byte view of the whole memory (valid until the next allocation). */
  get u8(): Uint8Array {
    this.refresh();
    return this.u8View;
  }

  /** 32-bit view of the whole memory (valid until the next allocation). */
  get u32(): Uint32Array {
    this.refresh();
    return this.u32View;
  }

  private refresh(): void {
    if (this.buffer !== this.fn.memory.buffer) {
      this.buffer = this.fn.memory.buffer;
      this.u8View = new Uint8Array(this.buffer);
      this.u32View = new Uint32Array(this.buffer);
      this.big64View = new BigUint64Array(this.buffer);
    }
  }

  /** The 64-bit result the last scalar call left at address 0, as a bigint. */
  resultBig(): bigint {
    this.refresh();
    return this.big64View[0];
  }

  /**
   * XXH64 of a string's UTF-8 bytes, encoded straight into a scratch area of the memory (no intermediate
   * array). The scratch area lives at the allocator's top, so callers must not hold allocations above it.
   */
  xxh64String(text: string, seedLo: number, seedHi: number): bigint {
    const need = 3 * text.length;
    if (need > this.scratchBytes || this.scratchAt !== ((this.top + 7) & ~7) || this.buffer !== this.fn.memory.buffer) {
      const mark = this.top;
      this.scratchBytes = Math.max(256, need);
      this.scratchAt = this.alloc(this.scratchBytes);
      this.top = mark;
      this.scratchView = this.u8.subarray(this.scratchAt, this.scratchAt + this.scratchBytes);
    }
    const { written } = encoder.encodeInto(text, this.scratchView!);
    this.fn.xxh64(this.scratchAt, written, seedLo, seedHi);
    return this.resultBig();
  }

  /** Sets a configuration word (see CFG). */
  setCfg(name: keyof typeof CFG, value: number): void {
    this.u32[CFG[name] >> 2] = value >>> 0;
  }

  /** Reads a configuration word. */
  cfg(name: keyof typeof CFG): number {
    return this.u32[CFG[name] >> 2];
  }

  /** The 64-bit result the last scalar call left at address 0, as [lo, hi]. */
  result(): [number, number] {
    const u32 = this.u32;
    return [u32[0], u32[1]];
  }

  /** XXH64 of `bytes` with the 64-bit seed given in halves; returns [lo, hi]. */
  xxh64Bytes(bytes: Uint8Array, seedLo: number, seedHi: number): [number, number] {
    const mark = this.top;
    const p = this.alloc(bytes.length);
    this.u8.set(bytes, p);
    this.fn.xxh64(p, bytes.length, seedLo, seedHi);
    this.top = mark;
    return this.result();
  }
}

let shared: HrwKernel | undefined;

/** A process-wide kernel for scalar questions (one digest, one owner); not for tables. */
export function sharedKernel(): HrwKernel {
  shared ??= new HrwKernel();
  return shared;
}
