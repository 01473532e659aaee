/**
 * Every retry-policy preset, in one explicit list: the library models' presets (src/retry/libraries/) and the
 * client presets built from them (this folder). Look presets up here; nothing registers itself on import.
 */

import { InputError } from "../../util/input-error.js";
import type { RetryPolicy } from "../contract.js";
import { AWS_BACKOFF_PRESETS } from "../libraries/aws-backoff.js";
import { circuitBreakerPreset } from "../libraries/circuit-breaker.js";
import { ENVOY_PRESET } from "../libraries/envoy.js";
import { FINAGLE_PRESET } from "../libraries/finagle.js";
import { GRPC_PRESET } from "../libraries/grpc.js";
import { HEDGING_PRESETS } from "../libraries/hedging.js";
import { POLLY_PRESET } from "../libraries/polly.js";
import { SRE_THROTTLE_PRESET } from "../libraries/sre-throttle.js";
import type { PresetDefinition } from "../registry.js";
import { AIS_GO_PRESET } from "./ais-go.js";
import { AIS_SDK_PRESETS } from "./ais-sdk.js";
import { BOTOCORE_PRESETS } from "./botocore.js";
import { DLS_PRESET } from "./dls.js";
import { TENACITY_PRESET } from "./tenacity.js";
import { URLLIB3_PRESET } from "./urllib3.js";

/** Every preset, sorted by name so listings are stable. */
export const PRESETS: readonly PresetDefinition[] = [
  ...AWS_BACKOFF_PRESETS,
  POLLY_PRESET,
  GRPC_PRESET,
  ENVOY_PRESET,
  FINAGLE_PRESET,
  SRE_THROTTLE_PRESET,
  circuitBreakerPreset(findPreset),
  ...HEDGING_PRESETS,
  DLS_PRESET,
  URLLIB3_PRESET,
  TENACITY_PRESET,
  ...BOTOCORE_PRESETS,
  ...AIS_SDK_PRESETS,
  AIS_GO_PRESET,
].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

const BY_NAME = new Map(PRESETS.map((p) => [p.name, p]));

/** The preset of that name, or undefined. */
export function findPreset(name: string): PresetDefinition | undefined {
  return BY_NAME.get(name);
}

/** All presets, sorted by name. */
export function listPresets(): readonly PresetDefinition[] {
  return PRESETS;
}

/** The preset of that name; an unknown name is bad input (InputError, exit 2) naming the valid ones. */
export function requirePreset(name: string): PresetDefinition {
  const preset = findPreset(name);
  if (preset === undefined) throw new InputError(`unknown retry preset "${name}" (valid: ${PRESETS.map((p) => p.name).join(", ")})`);
  return preset;
}

/** A fresh policy (fresh shared client state) of the named preset with `set` applied over its defaults. */
export function createPolicy(name: string, set: Readonly<Record<string, unknown>> = {}): RetryPolicy {
  return requirePreset(name).create(set);
}
