import type { RunOne } from "../../src/experiment/run/run-types.js";

/** The fake simulator's runOne (see fake-simulator.mjs). */
export declare const runOne: RunOne;
