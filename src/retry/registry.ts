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

const presets = new Map<string, PresetDefinition>();

/** Registers a preset; each preset module calls this once. */
export function registerPreset(definition: PresetDefinition): void {
  if (presets.has(definition.name)) throw new Error(`retry preset ${definition.name} registered twice`);
  presets.set(definition.name, definition);
}

/** The preset of that name, or undefined. */
export function findPreset(name: string): PresetDefinition | undefined {
  return presets.get(name);
}

/** All registered presets, sorted by name so listings are stable. */
export function listPresets(): PresetDefinition[] {
  return [...presets.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
