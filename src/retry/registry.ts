import type { RetryPolicy } from "./contract.js";

/** One documented parameter of a preset. */
export interface PresetParam {
  /** Dotted key used by `--set` and experiment `set:` blocks, e.g. `outer.stop.after_attempt`. */
  readonly key: string;
  /** Default value in the preset. */
  readonly defaultValue: unknown;
  /** Unit and meaning, for `aisim policy show`. */
  readonly describe: string;
}

/** A named, documented policy preset whose every knob can be overridden. */
export interface PresetDefinition {
  readonly name: string;
  /** One line: where the behaviour comes from (library and version). */
  readonly summary: string;
  readonly params: readonly PresetParam[];
  /** Builds a fresh policy (fresh shared client state) with overrides applied on top of the defaults. */
  create(overrides: Readonly<Record<string, unknown>>): RetryPolicy;
}
