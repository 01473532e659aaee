import path from "node:path";
import { canonicalJson, specHash } from "./canonical-json.js";
import { criteriaAtPoint } from "../stats/criteria-eval.js";
import { checkModelFile, readSpecFile, type CheckedModel } from "./load-model.js";
import { registryCatalog, type PresetCatalog } from "./preset-catalog.js";
import { resolveExperiment, type Report } from "./resolve-experiment.js";
import { experimentSchema, WORKLOAD_MODE_KEYS } from "./schema-experiment.js";
import { inlineModelSchema } from "./schema-model.js";
import { formatKeyPath, sortSpecErrors, SpecErrors, type KeyPath, type SpecError } from "./spec-error.js";
import type { ClusterSpec } from "../../model/cluster.js";
import type { ExperimentSpec, LoadedExperiment, SweepPoint } from "./spec-types.js";
import { cloneValue, setAtKey, sweepCombinations } from "../run/sweep.js";
import { parseYamlSource, positionInString, positionOf, yamlValue, type YamlSource } from "./yaml-source.js";
import { shown, specErrorsFromZod } from "./zod-issues.js";

/** Options of loadExperiment / checkExperiment. */
export interface LoadOptions {
  /** Where `policy:` names are looked up (default: the built-in retry presets). */
  readonly presets?: PresetCatalog;
}

/** Most sweep points an experiment may declare (beyond that, a typo in a sweep is far likelier than intent). */
export const MAX_SWEEP_POINTS = 10_000;

/** State shared by the resolutions of one file (the base spec and every sweep point). */
interface Context {
  readonly file: string;
  readonly source: YamlSource;
  readonly presets: PresetCatalog;
  /** Model files read so far, by resolved path. */
  readonly models: Map<string, CheckedModel>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The reporter that pins errors to the experiment file's YAML. */
function reporter(ctx: Context, errors: SpecError[], warnings?: SpecError[]): Report {
  return (keyPath, message, options = {}) => {
    const pos = options.index !== undefined ? positionInString(ctx.source, keyPath, options.index) : positionOf(ctx.source, keyPath, options.at ?? "value");
    const entry = { file: ctx.file, line: pos.line, column: pos.column, path: keyPath, message };
    if (!options.warning) errors.push(entry);
    else warnings?.push(entry);
  };
}

/** The model file a `cluster:` path names, read once per file. */
function modelFile(ctx: Context, relative: string): CheckedModel {
  const file = path.isAbsolute(relative) ? relative : path.join(path.dirname(ctx.file), relative);
  let checked = ctx.models.get(file);
  if (!checked) {
    checked = checkModelFile(file);
    ctx.models.set(file, checked);
  }
  return checked;
}

/** Resolves `cluster:` — a model file path (relative to the spec) or an inline model. */
function resolveCluster(ctx: Context, written: unknown, errors: SpecError[]): ClusterSpec | undefined {
  const report = reporter(ctx, errors);
  if (typeof written === "string") {
    const checked = modelFile(ctx, written);
    if (checked.model) return checked.model;
    const unreadable = checked.errors.length === 1 && checked.errors[0].message.startsWith("cannot read");
    if (unreadable) report(["cluster"], `cannot read the model file ${checked.file}: ${checked.errors[0].message.replace(/^cannot read the file: /, "")}`);
    else errors.push(...checked.errors);
    return undefined;
  }
  if (isRecord(written)) {
    const parsed = inlineModelSchema.safeParse(written, { reportInput: true });
    if (parsed.success) return parsed.data;
    errors.push(...specErrorsFromZod(parsed.error.issues, ctx.source, written, ["cluster"]));
    return undefined;
  }
  report(["cluster"], written === undefined ? 'missing required key "cluster": expected a model file path such as ../models/ais-16.yaml or an inline model' : `expected a model file path such as ../models/ais-16.yaml or an inline model, got ${shown(written)}`);
  return undefined;
}

/** Validates and resolves one experiment value (the file as written, or a sweep point of it). */
function resolveWritten(ctx: Context, written: unknown, errors: SpecError[], warnings?: SpecError[]): ExperimentSpec | undefined {
  const parsed = experimentSchema.safeParse(written, { reportInput: true });
  const cluster = resolveCluster(ctx, isRecord(written) ? written.cluster : undefined, errors);
  if (!parsed.success) {
    errors.push(...specErrorsFromZod(parsed.error.issues, ctx.source, written, [], workloadModeHint));
    return undefined;
  }
  if (!cluster) return undefined;
  return resolveExperiment(parsed.data, cluster, ctx.presets, reporter(ctx, errors, warnings));
}

/** `; "rate" belongs to mode: open` for a workload key of another mode. */
function workloadModeHint(keyPath: KeyPath, key: string): string {
  const mode = keyPath.length === 1 && keyPath[0] === "workload" ? WORKLOAD_MODE_KEYS[key] : undefined;
  return mode === undefined ? "" : ` ("${key}" belongs to mode: ${mode})`;
}

/** The written experiment with sweep assignments applied, or an error message if a key cannot be followed. */
function applyAssignments(ctx: Context, written: Record<string, unknown>, assignments: Readonly<Record<string, unknown>>): Record<string, unknown> | string {
  const copy = cloneValue(written);
  for (const [key, value] of Object.entries(assignments)) {
    const problem = setAtKey(copy, key, value, () => (typeof written.cluster === "string" ? modelFile(ctx, written.cluster).written : undefined));
    if (problem) return problem;
  }
  return copy;
}

/** True for errors that mean "no such key" rather than "bad value". */
function isUnknownKey(error: SpecError): boolean {
  return /^unknown (key|param) /.test(error.message);
}

/** Checks each sweep value on its own against the base spec, reporting at the sweep key or value. */
function checkSweep(ctx: Context, written: Record<string, unknown>, base: ExperimentSpec, errors: SpecError[]): void {
  const report = reporter(ctx, errors);
  let points = 1;
  for (const axis of base.sweep) {
    points *= axis.values.length;
    const keyPath: KeyPath = ["sweep", axis.key];
    if (axis.key === "name" || axis.key === "sweep" || axis.key.startsWith("sweep.") || axis.key === "") {
      report(keyPath, `cannot sweep over "${axis.key}"`, { at: "key" });
      continue;
    }
    for (let i = 0; i < axis.values.length; i++) {
      const applied = applyAssignments(ctx, written, { [axis.key]: axis.values[i] });
      if (typeof applied === "string") {
        report(keyPath, `sweep over unknown key "${axis.key}": ${applied}`, { at: "key" });
        break;
      }
      const pointErrors: SpecError[] = [];
      resolveWritten(ctx, applied, pointErrors);
      const first = pointErrors[0];
      if (!first) continue;
      if (isUnknownKey(first)) {
        report(keyPath, `sweep over unknown key "${axis.key}": ${formatKeyPath(first.path)}: ${first.message}`, { at: "key" });
        break;
      }
      report([...keyPath, i], `sweep value ${shown(axis.values[i])} of "${axis.key}" is invalid: ${formatKeyPath(first.path)}: ${first.message}`);
    }
  }
  if (points > MAX_SWEEP_POINTS) report(["sweep"], `expected at most ${MAX_SWEEP_POINTS} sweep points, got ${points}`, { at: "key" });
}

/** Every sweep point's spec; a combination that fails although each value passed alone is reported at `sweep`. */
function expandPoints(ctx: Context, written: Record<string, unknown>, base: ExperimentSpec, errors: SpecError[]): SweepPoint[] {
  if (base.sweep.length === 0) return [{ index: 0, assignments: {}, spec: base }];
  const points: SweepPoint[] = [];
  for (const assignments of sweepCombinations(base.sweep)) {
    const applied = applyAssignments(ctx, written, assignments);
    const pointErrors: SpecError[] = [];
    const spec = typeof applied === "string" ? undefined : resolveWritten(ctx, applied, pointErrors);
    if (!spec) {
      const why = typeof applied === "string" ? applied : pointErrors[0] ? `${formatKeyPath(pointErrors[0].path)}: ${pointErrors[0].message}` : "invalid";
      reporter(ctx, errors)(["sweep"], `sweep point ${shown(assignments)} is invalid: ${why}`, { at: "key" });
      return [];
    }
    // A point keeps only the criteria that apply there, so its results are checked against those alone.
    points.push({ index: points.length, assignments, spec: { ...spec, sweep: base.sweep, criteria: criteriaAtPoint(spec.criteria, assignments) } });
  }
  return points;
}

/** Result of checking an experiment file: the loaded experiment when valid, else every error found. */
export interface CheckedExperiment {
  readonly loaded?: LoadedExperiment;
  readonly errors: readonly SpecError[];
  /** Likely mistakes that are not errors (e.g. a criterion metric one letter off a standard metric). */
  readonly warnings: readonly SpecError[];
}

/** Checks experiment YAML text; `file` names it in errors and anchors relative paths (model files). */
export function checkExperimentText(file: string, text: string, options: LoadOptions = {}): CheckedExperiment {
  const { source, errors } = parseYamlSource(file, text);
  const warnings: SpecError[] = [];
  if (errors.length > 0) return { errors, warnings };
  const ctx: Context = { file, source, presets: options.presets ?? registryCatalog, models: new Map() };
  const written = yamlValue(source);
  const base = resolveWritten(ctx, written, errors, warnings);
  const failed = (): CheckedExperiment => ({ errors: sortSpecErrors(errors), warnings: sortSpecErrors(warnings) });
  if (!base || !isRecord(written)) return failed();
  checkSweep(ctx, written, base, errors);
  if (errors.length > 0) return failed();
  const points = expandPoints(ctx, written, base, errors);
  if (errors.length > 0) return failed();
  const specDir = path.dirname(path.resolve(file));
  const sortedWarnings = sortSpecErrors(warnings);
  return {
    errors: [],
    warnings: sortedWarnings,
    loaded: { file, spec: base, hash: specHash(base), points, warnings: sortedWarnings, resolvePath: (relative) => path.resolve(specDir, relative) },
  };
}

/** Reads and checks an experiment file. */
export function checkExperimentFile(file: string, options: LoadOptions = {}): CheckedExperiment {
  const read = readSpecFile(file);
  if ("error" in read) return { errors: [read.error], warnings: [] };
  return checkExperimentText(file, read.text, options);
}

/** Loads an experiment spec; throws SpecErrors (an InputError, exit code 2) listing every problem found. */
export function loadExperiment(file: string, options: LoadOptions = {}): LoadedExperiment {
  const checked = checkExperimentFile(file, options);
  if (!checked.loaded) throw new SpecErrors(checked.errors);
  return checked.loaded;
}

/** The canonical JSON of a resolved spec (what its hash is computed over). */
export function canonicalSpecJson(spec: ExperimentSpec): string {
  return canonicalJson(spec);
}
