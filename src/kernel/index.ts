// The kernel's public API: import from "../kernel/index.js".
export * from "./time.js";
export { EventHeap } from "./event-heap.js";
export { NO_EVENT, DEFAULT_LABEL, type EventId, type Label, type Handler } from "./event.js";
export { Simulator, MaxEventsError, PRIORITY_MIN, PRIORITY_MAX, PRIORITY_NORMAL, type SimulatorOptions } from "./simulator.js";
export {
  Process,
  Interrupt,
  spawn,
  sleep,
  wait,
  interrupt,
  type Waitable,
  type Command,
  type ProcessBody,
  type ProcessOptions,
  type ProcessState,
} from "./process.js";
export { Signal } from "./signal.js";
export { waitFor, type WaitOutcome } from "./wait-for.js";
export { Resource } from "./resource.js";
export { WaiterQueue } from "./waiters.js";
export { RngRoot, replay, constant, deriveSeed, type Uniform, type RngStream, type ReplaySource } from "./rng.js";
export * from "./distributions.js";
export { RollingFingerprint, hashString32, hashString64Hex, combine32, avalanche32, hex32 } from "./fingerprint.js";
export { Tracer, type TraceOptions, type Clock } from "./trace.js";
