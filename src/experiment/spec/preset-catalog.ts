import { findPreset, listPresets } from "../../retry/presets/index.js";
import { type PresetDefinition } from "../../retry/registry.js";

/** Where variants' `policy:` names are looked up; injectable so specs can be checked against any preset set. */
export interface PresetCatalog {
  find(name: string): PresetDefinition | undefined;
  names(): string[];
}

/** Every built-in preset (the explicit list in src/retry/presets/index.ts). */
export const registryCatalog: PresetCatalog = {
  find: (name) => findPreset(name),
  names: () => listPresets().map((p) => p.name),
};
