import { findPreset, listPresets } from "../../retry/presets/index.js";
import { type PresetDefinition } from "../../retry/registry.js";

/** Where variants' `policy:` names are looked up; injectable so specs can be checked against any preset set. */
export interface PresetCatalog {
  find(name: string): PresetDefinition | undefined;
  names(): string[];
}

/** The retry-policy registry with every built-in preset registered. */
export const registryCatalog: PresetCatalog = {
  find: (name) => findPreset(name),
  names: () => listPresets().map((p) => p.name),
};
