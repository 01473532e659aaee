import type { Argv, CommandModule } from "yargs";
import { parse as parseYaml } from "yaml";
import { RngRoot } from "../kernel/rng.js";
import { ALL_TRANSPORT_ERRORS } from "../retry/classify.js";
import { profilePolicy, type PolicyProfile, type Quantiles } from "../retry/profile.js";
import { findPreset, listPresets } from "../retry/presets/index.js";
import { type PresetDefinition } from "../retry/registry.js";
import type { AttemptOutcome, TransportError } from "../retry/contract.js";
import { didYouMean } from "../experiment/spec/did-you-mean.js";
import { InputError } from "../util/input-error.js";

/**
 * `aisim policy list` and `aisim policy show PRESET`: a preset's parameters and its retry schedule when every
 * attempt fails the same way, over many draws from a fixed-seed stream (so the table is the same every run).
 */

const TRANSPORT: readonly TransportError[] = ALL_TRANSPORT_ERRORS;

/** Parses `503`, `503:SlowDown`, `503,retry-after=2`, `refused`, `read-timeout`, `hung` (= read-timeout). */
export function parseOutcome(text: string): AttemptOutcome {
  const t = text.trim();
  if (t === "hung") return { type: "error", error: "read-timeout" };
  if ((TRANSPORT as readonly string[]).includes(t)) return { type: "error", error: t as TransportError };
  const m = /^(\d{3})(?::([A-Za-z0-9_.-]+))?(?:,retry-after=(\d+(?:\.\d+)?))?$/.exec(t);
  if (m === null) {
    throw new InputError(`--outcome "${text}": expected a status (503), status:code (503:SlowDown), status,retry-after=S, or one of ${[...TRANSPORT, "hung"].join(", ")}`);
  }
  return {
    type: "response",
    status: Number(m[1]),
    ...(m[2] !== undefined ? { code: m[2] } : {}),
    ...(m[3] !== undefined ? { retryAfterS: Number(m[3]) } : {}),
  };
}

/** Parses `--set key=value` pairs; values are YAML scalars or flow lists (`3`, `true`, `[404, 409]`, `unlimited`). */
export function parseSets(sets: readonly string[]): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  for (const set of sets) {
    const eq = set.indexOf("=");
    if (eq <= 0) throw new InputError(`--set "${set}": expected key=value`);
    const raw = set.slice(eq + 1);
    let value: unknown;
    try {
      value = parseYaml(raw);
    } catch {
      value = raw;
    }
    overrides[set.slice(0, eq).trim()] = value ?? raw;
  }
  return overrides;
}

function presetOrError(name: string): PresetDefinition {
  const definition = findPreset(name);
  if (definition !== undefined) return definition;
  const names = listPresets().map((p) => p.name);
  throw new InputError(`unknown retry-policy preset "${name}"${didYouMean(name, names)} (valid: ${names.join(", ")})`);
}

/** The first of a few typical failures that the preset retries, so `show` has something to show. */
function typicalOutcome(definition: PresetDefinition, overrides: Record<string, unknown>): AttemptOutcome {
  const candidates: AttemptOutcome[] = [
    { type: "response", status: 503 },
    { type: "response", status: 500 },
    { type: "response", status: 503, code: "SlowDown" },
    { type: "error", error: "refused" },
  ];
  for (const outcome of candidates) {
    const state = definition.create(overrides).start({ method: "GET" }, 0);
    if (state.beforeAttempt(0, () => 0.5).action !== "send") continue;
    if (state.afterAttempt(outcome, 0, () => 0.5).action === "retry") return outcome;
  }
  return candidates[0];
}

/** An outcome in `--outcome` syntax. */
function outcomeSyntax(outcome: AttemptOutcome): string {
  if (outcome.type === "error") return outcome.error;
  const code = outcome.code === undefined ? "" : `:${outcome.code}`;
  const retryAfter = outcome.retryAfterS === undefined ? "" : `,retry-after=${outcome.retryAfterS}`;
  return `${outcome.status}${code}${retryAfter}`;
}

function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? "[]" : value.join(",");
  if (typeof value === "string") return value === "" ? '""' : value;
  return String(value);
}

/** Splits a long comma-separated value into lines of about 40 characters, so the table stays readable. */
function wrapValue(text: string, width = 40): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  let line = "";
  for (const part of text.split(",")) {
    const next = line === "" ? part : `${line},${part}`;
    if (next.length > width && line !== "") {
      lines.push(line + ",");
      line = part;
    } else {
      line = next;
    }
  }
  lines.push(line);
  return lines;
}

const seconds = (s: number): string => s.toFixed(3);

/** Right-aligned numeric columns, left-aligned text columns. */
function table(header: readonly string[], rows: readonly (readonly string[])[], leftAligned: ReadonlySet<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (leftAligned.has(i) ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function quantileCells(q: Quantiles | null): string[] {
  return q === null ? ["-", "-", "-", "-"] : [seconds(q.min), seconds(q.median), seconds(q.p95), seconds(q.max)];
}

/** Distinct endings printed before the rest are summed up in one line. */
const MAX_ENDINGS_SHOWN = 6;

/** The text form of `policy show`. */
export function renderShow(definition: PresetDefinition, values: Readonly<Record<string, unknown>>, profile: PolicyProfile): string {
  const params = table(
    ["parameter", "value", "meaning"],
    definition.params.flatMap((p) => wrapValue(formatValue(values[p.key])).map((line, i) => (i === 0 ? [p.key, line, p.describe] : ["", line, ""]))),
    new Set([0, 1, 2]),
  );
  const rows = profile.rows.map((r) => {
    const routes = Object.entries(r.routes)
      .map(([route, n]) => (n === r.retried ? route : `${route} ${((100 * n) / r.retried).toFixed(0)}%`))
      .join(", ");
    return [
      String(r.attempt),
      `${((100 * r.reached) / profile.draws).toFixed(1)}%`,
      `${((100 * r.retried) / profile.draws).toFixed(1)}%`,
      ...quantileCells(r.delayS),
      routes === "" ? "-" : routes,
      seconds(r.sentAtS.median),
      seconds(r.sentAtS.max),
    ];
  });
  const schedule = table(
    ["attempt", "reached", "retried", "delay min", "median", "p95", "max", "retry goes to", "sent at (median)", "sent at (max)"],
    rows,
    new Set([7]),
  );
  const percent = (count: number): string => `${((100 * count) / profile.draws).toFixed(1).padStart(5)}%`;
  const shown = profile.endings.slice(0, MAX_ENDINGS_SHOWN).map((e) => `  ${percent(e.count)}  ${e.reason}`);
  const rest = profile.endings.slice(MAX_ENDINGS_SHOWN);
  if (rest.length > 0) shown.push(`  ${percent(rest.reduce((n, e) => n + e.count, 0))}  (${rest.length} other endings; --json lists them all)`);
  const endings = shown.join("\n");
  return [
    `${definition.name} — ${definition.summary}`,
    "",
    params,
    "",
    `Every attempt fails with ${outcomeSyntax(profile.outcome)} after ${seconds(profile.attemptS)} s; ${profile.draws} draws (seeded). Delays and times in seconds;`,
    "a row's delay is the wait from that attempt's failure to the next send (back-off plus any limiter wait); \"sent at\" counts from the first send.",
    "",
    schedule,
    "",
    "How the draws ended:",
    endings,
  ].join("\n");
}

interface ShowArgs {
  preset: string;
  set: string[];
  outcome?: string;
  draws: number;
  attempts: number;
  "attempt-s"?: number;
  seed: string;
  json: boolean;
}

interface ListArgs {
  json: boolean;
}

const listSub: CommandModule<object, ListArgs> = {
  command: "list",
  describe: "list the retry-policy presets",
  builder: (y) => y.option("json", { type: "boolean", default: false, describe: "print JSON" }),
  handler: (args) => {
    const presets = listPresets();
    if (args.json) {
      process.stdout.write(JSON.stringify(presets.map((p) => ({ name: p.name, summary: p.summary }))) + "\n");
      return;
    }
    const width = Math.max(...presets.map((p) => p.name.length));
    process.stdout.write(presets.map((p) => `${p.name.padEnd(width)}  ${p.summary}`).join("\n") + "\n");
  },
};

const showSub: CommandModule<object, ShowArgs> = {
  command: "show <preset>",
  describe: "show a preset's parameters and its retry schedule",
  builder: (y) =>
    (y as Argv<object>)
      .positional("preset", { type: "string", demandOption: true, describe: "preset name (see `aisim policy list`)" })
      .option("set", { type: "string", array: true, default: [] as string[], describe: "override a parameter: key=value (repeatable)" })
      .option("outcome", { type: "string", describe: "how every attempt fails: 503, 503:SlowDown, 503,retry-after=2, refused, read-timeout, hung…" })
      .option("draws", { type: "number", default: 10_000, describe: "independent requests simulated" })
      .option("attempts", { type: "number", default: 20, describe: "rows at most" })
      .option("attempt-s", { type: "number", describe: "seconds each failing attempt takes (default: the timeout for timeouts, else 0)" })
      .option("seed", { type: "string", default: "policy-show", describe: "seed of the draws" })
      .option("json", { type: "boolean", default: false, describe: "print JSON" }) as unknown as Argv<ShowArgs>,
  handler: (args) => {
    const definition = presetOrError(args.preset);
    const overrides = parseSets(args.set);
    const policy = definition.create(overrides);
    if (!(Number.isInteger(args.draws) && args.draws > 0)) throw new InputError(`--draws must be a positive integer, got ${args.draws}`);
    if (!(Number.isInteger(args.attempts) && args.attempts > 0)) throw new InputError(`--attempts must be a positive integer, got ${args.attempts}`);
    const outcome = args.outcome === undefined ? typicalOutcome(definition, overrides) : parseOutcome(args.outcome);
    const profile = profilePolicy(definition, {
      overrides,
      outcome,
      draws: args.draws,
      maxAttempts: args.attempts,
      attemptS: args["attempt-s"],
      uniform: new RngRoot(args.seed).stream("policy/show"),
    });
    if (args.json) {
      const params = definition.params.map((p) => ({ key: p.key, value: policy.params[p.key], default: p.defaultValue, describe: p.describe }));
      process.stdout.write(JSON.stringify({ preset: definition.name, summary: definition.summary, params, timeouts: policy.timeouts, profile }, (_k, v) => (v === Infinity ? "unlimited" : v)) + "\n");
      return;
    }
    process.stdout.write(renderShow(definition, policy.params, profile) + "\n");
  },
};

/** `aisim policy list|show`. */
export const policyCommand: CommandModule = {
  command: "policy",
  describe: "list retry-policy presets or show one: parameters and delay table",
  builder: (y) => y.command(listSub as unknown as CommandModule).command(showSub as unknown as CommandModule).demandCommand(1, "name a subcommand: list or show"),
  handler: () => {},
};
