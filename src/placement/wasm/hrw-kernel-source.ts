import type { FuncSource, GlobalSource } from "./assembler.js";
import { mix64, patternDigests, xxh, xxh64 } from "./hash-funcs.js";
import { join, remountOwnedBy, replaceOwnedBy } from "./movement-funcs.js";
import { best, bestOf, mpChoice, place, placeOne, weightsOf } from "./placement-funcs.js";

/*
 * The placement kernel in WebAssembly text (linear form, see assembler.ts), assembled at load by hrw-kernel.ts.
 * Its functions are by concept: hashing (hash-funcs.ts), placement (placement-funcs.ts) and map changes
 * (movement-funcs.ts), over the memory layout in layout.ts.
 */

export { CFG, HEAP_BASE } from "./layout.js";

/** Every function of the kernel, in module order. */
export const KERNEL_FUNCS: readonly FuncSource[] = [xxh, xxh64, mix64, best, bestOf, weightsOf, mpChoice, placeOne, place, replaceOwnedBy, join, remountOwnedBy, patternDigests];

/** The kernel's globals. */
export const KERNEL_GLOBALS: readonly GlobalSource[] = [{ name: "bestW", type: "i64" }];
