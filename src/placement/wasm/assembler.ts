/*
 * A very small assembler for a linear subset of the WebAssembly text format: one instruction per line,
 * `;;` comments, named locals (`$x`), numeric immediates, `offset=N` on loads and stores, and `block`/`loop`/
 * `if` without result types. It exists so the placement kernel can be kept as readable text in this repository
 * and turned into bytes at load time, with no build step and no extra dependency.
 */

/** Value types the kernel uses. */
export type ValType = "i32" | "i64";

/** One function of the module. */
export interface FuncSource {
  readonly name: string;
  readonly params: readonly [string, ValType][];
  readonly result?: ValType;
  readonly locals: readonly [string, ValType][];
  /** Exported under `name` when true; internal helpers are called by name with `call $name`. */
  readonly exported: boolean;
  readonly body: string;
}

/** One mutable global (zero-initialised). */
export interface GlobalSource {
  readonly name: string;
  readonly type: ValType;
}

const VALTYPE: Record<ValType, number> = { i32: 0x7f, i64: 0x7e };

/** Instructions without immediates. */
const PLAIN: Record<string, number> = {
  "unreachable": 0x00, "nop": 0x01, "else": 0x05, "end": 0x0b, "return": 0x0f, "drop": 0x1a, "select": 0x1b,
  "i32.eqz": 0x45, "i32.eq": 0x46, "i32.ne": 0x47, "i32.lt_s": 0x48, "i32.lt_u": 0x49, "i32.gt_s": 0x4a,
  "i32.gt_u": 0x4b, "i32.le_u": 0x4d, "i32.ge_u": 0x4f,
  "i64.eqz": 0x50, "i64.eq": 0x51, "i64.ne": 0x52, "i64.lt_u": 0x54, "i64.gt_u": 0x56, "i64.le_u": 0x58, "i64.ge_u": 0x5a,
  "i32.add": 0x6a, "i32.sub": 0x6b, "i32.mul": 0x6c, "i32.and": 0x71, "i32.or": 0x72, "i32.xor": 0x73,
  "i32.shl": 0x74, "i32.shr_u": 0x76,
  "i64.add": 0x7c, "i64.sub": 0x7d, "i64.mul": 0x7e, "i64.and": 0x83, "i64.or": 0x84, "i64.xor": 0x85,
  "i64.shl": 0x86, "i64.shr_u": 0x88, "i64.rotl": 0x89,
  "i32.wrap_i64": 0xa7, "i64.extend_i32_u": 0xad,
};

/** Loads and stores: opcode and natural alignment (log2 bytes). */
const MEMORY: Record<string, [number, number]> = {
  "i32.load": [0x28, 2], "i64.load": [0x29, 3], "i32.load8_u": [0x2d, 0], "i32.load16_u": [0x2f, 1],
  "i64.load8_u": [0x31, 0], "i64.load32_u": [0x35, 2],
  "i32.store": [0x36, 2], "i64.store": [0x37, 3], "i32.store8": [0x3a, 0], "i32.store16": [0x3b, 1],
};

/** Unsigned LEB128 of a non-negative integer. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of a 64-bit value (given as a bigint, taken mod 2^64 as two's complement). */
export function sleb(value: bigint): number[] {
  const out: number[] = [];
  let v = BigInt.asIntN(64, value);
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    const signBit = (byte & 0x40) !== 0;
    if ((v === 0n && !signBit) || (v === -1n && signBit)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function utf8(name: string): number[] {
  const bytes = [...new TextEncoder().encode(name)];
  return [...uleb(bytes.length), ...bytes];
}

function section(id: number, payload: number[]): number[] {
  return [id, ...uleb(payload.length), ...payload];
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

/** Assembles one function body into its code-section entry. */
function assembleBody(fn: FuncSource, funcIndex: Map<string, number>, globalIndex: Map<string, number>): number[] {
  const localIndex = new Map<string, number>();
  fn.params.forEach(([n], i) => localIndex.set(n, i));
  fn.locals.forEach(([n], i) => localIndex.set(n, fn.params.length + i));
  const code: number[] = [];
  const lines = fn.body.split("\n");
  lines.forEach((raw, lineNo) => {
    const line = raw.replace(/;;.*$/, "").trim();
    if (line === "") return;
    const [op, ...args] = line.split(/\s+/);
    const fail = (why: string): never => {
      throw new Error(`wasm ${fn.name}:${lineNo + 1}: ${why}: ${line}`);
    };
    // Names may be written with or without the text format's `$` sigil.
    const arg = (): string => (args[0] ?? fail("missing immediate")).replace(/^\$/, "");
    if (op in PLAIN) code.push(PLAIN[op]);
    else if (op === "block" || op === "loop" || op === "if") code.push(op === "block" ? 0x02 : op === "loop" ? 0x03 : 0x04, 0x40);
    else if (op === "br" || op === "br_if") code.push(op === "br" ? 0x0c : 0x0d, ...uleb(Number(arg())));
    else if (op === "local.get" || op === "local.set" || op === "local.tee") {
      const idx = localIndex.get(arg()) ?? fail("unknown local");
      code.push(op === "local.get" ? 0x20 : op === "local.set" ? 0x21 : 0x22, ...uleb(idx));
    } else if (op === "global.get" || op === "global.set") {
      const idx = globalIndex.get(arg()) ?? fail("unknown global");
      code.push(op === "global.get" ? 0x23 : 0x24, ...uleb(idx));
    } else if (op === "call") code.push(0x10, ...uleb(funcIndex.get(arg()) ?? fail("unknown function")));
    else if (op === "i32.const") code.push(0x41, ...sleb(BigInt.asIntN(32, BigInt(arg()))));
    else if (op === "i64.const") code.push(0x42, ...sleb(BigInt(arg())));
    else if (op in MEMORY) {
      const [opcode, align] = MEMORY[op];
      const offset = args[0]?.startsWith("offset=") ? Number(args[0].slice(7)) : 0;
      code.push(opcode, ...uleb(align), ...uleb(offset));
    } else fail("unknown instruction");
  });
  code.push(0x0b);
  // Locals are declared one group per local: simple, and the kernel has few.
  const locals = vector(fn.locals.map(([, t]) => [1, VALTYPE[t]]));
  const entry = [...locals, ...code];
  return [...uleb(entry.length), ...entry];
}

/** Assembles a module with one exported memory (`memory`), the given globals and functions. */
export function assembleModule(funcs: readonly FuncSource[], globals: readonly GlobalSource[]): Uint8Array {
  const funcIndex = new Map(funcs.map((f, i) => [f.name, i]));
  const globalIndex = new Map(globals.map((g, i) => [g.name, i]));
  const types = funcs.map((f) => [0x60, ...vector(f.params.map(([, t]) => [VALTYPE[t]])), ...vector(f.result ? [[VALTYPE[f.result]]] : [])]);
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(types)),
    ...section(3, vector(funcs.map((_, i) => uleb(i)))),
    ...section(5, vector([[0x00, ...uleb(1)]])),
    ...section(6, vector(globals.map((g) => [VALTYPE[g.type], 0x01, g.type === "i32" ? 0x41 : 0x42, 0x00, 0x0b]))),
    ...section(7, vector([
      [...utf8("memory"), 0x02, 0x00],
      ...funcs.flatMap((f, i) => (f.exported ? [[...utf8(f.name), 0x00, ...uleb(i)]] : [])),
    ])),
    ...section(10, vector(funcs.map((f) => assembleBody(f, funcIndex, globalIndex)))),
  ];
  return Uint8Array.from(bytes);
}
