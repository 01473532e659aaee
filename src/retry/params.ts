import { requireParam, type ParamValues, type TypedParam } from "./preset-params.js";
import type { AttemptTimeouts } from "./contract.js";

/**
 * Helpers for presets built from layers (the AIStore SDK's inner urllib3 and outer tenacity), on top of the
 * override handling in preset-params.ts (`resolveParams`: dotted keys, unknown key → error naming the valid
 * ones, wrong type → error). A layer documents its parameters without a prefix; the preset mounts it under
 * `inner.` or `outer.`.
 */

export { resolveParams, requireParam, ParamValues, type TypedParam, type ParamKind } from "./preset-params.js";

/** The same parameters with every key under `prefix` (e.g. `inner.`). */
export function withPrefix(prefix: string, params: readonly TypedParam[]): TypedParam[] {
  return params.map((p) => ({ ...p, key: prefix + p.key }));
}

/** The same parameters with some defaults replaced (keys without prefix); an unknown key is a programming error. */
export function withDefaults(params: readonly TypedParam[], defaults: Readonly<Record<string, unknown>>): TypedParam[] {
  const keys = new Set(params.map((p) => p.key));
  for (const key of Object.keys(defaults)) if (!keys.has(key)) throw new Error(`withDefaults: no parameter ${key}`);
  return params.map((p) => (p.key in defaults ? { ...p, defaultValue: defaults[p.key] } : p));
}

/**
 * A whole-number counter that may be left unset (urllib3's `connect=None`): "unset" or an integer ≥ 0.
 * Stored as a `limit`; `counterValue` checks it is whole.
 */
export function counterParam(key: string, defaultValue: number | "unset", describe: string): TypedParam {
  return { key, kind: "limit", defaultValue: defaultValue === "unset" ? "unlimited" : defaultValue, describe: `${describe}; "unlimited": unset` };
}

/** The value of a `counterParam`: null when unset, else a whole number (InputError otherwise). */
export function counterValue(preset: string, values: ParamValues, key: string): number | null {
  const value = values.limit(key);
  if (value === Infinity) return null;
  requireParam(preset, Number.isInteger(value), `parameter ${key} must be a whole number or "unlimited", got ${value}`);
  return value;
}

/** The documented `timeouts.connect_s` / `timeouts.read_s` parameters ("unlimited" when the library sets none). */
export function timeoutParams(defaults: { connectS: number | "unlimited"; readS: number | "unlimited" }, source: string): TypedParam[] {
  return [
    { key: "timeouts.connect_s", kind: "limit", defaultValue: defaults.connectS, describe: `seconds to connect before a connect-timeout (${source})` },
    { key: "timeouts.read_s", kind: "limit", defaultValue: defaults.readS, describe: `seconds to wait for the response before a read-timeout (${source})` },
  ];
}

/** The timeouts chosen by `timeoutParams` values (Infinity when unlimited). */
export function timeoutsFromParams(preset: string, values: ParamValues): AttemptTimeouts {
  const connectS = values.limit("timeouts.connect_s");
  const readS = values.limit("timeouts.read_s");
  requireParam(preset, connectS > 0 && readS > 0, `timeouts must be positive, got connect_s ${connectS}, read_s ${readS}`);
  return { connectS, readS };
}
