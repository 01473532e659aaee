import fc from "fast-check";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { checkExperimentText } from "../../../src/experiment/spec/load-experiment.js";
import { MODEL_16, testPresets, writeTree } from "./spec-helpers.js";

const BASE = `name: e
cluster: ../models/m16.yaml
duration: 5m
warmup: 10s
workload:
  clients: 16
  mix: { GET: 0.5, PUT: 0.5 }
  objects: { bucket: ais://data, popularity: zipf, s: 1.1 }
faults:
  - { at: 1m, action: rolling-restart, targets: [t1, t2], down: 45s, gap: 30s }
  - { at: 2m, action: partition, nodes: [t3], from: [p1], for: 10s }
variants:
  - { name: old, policy: ais-sdk@1.13 }
  - { name: new, policy: ais-sdk@1.25, set: { outer.stop.after_attempt: 10 } }
sweep: { workload.clients: [4, 8] }
criteria: [ "failed == 0", "new: attempts_max <= 7 or latency_p99 < 2s" ]
`;

/** Every path into a plain value (keys and indices), outermost first. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function setPath(root: Record<string, unknown>, p: (string | number)[], value: unknown): void {
  let node: Record<string | number, unknown> = root;
  for (const segment of p.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  node[p[p.length - 1]] = value;
}

const odd = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom("-1s", "", "1q", "0", "all", "t99", "ais://nope", "zipf", "1e400s", "99999999999d", "1MiB", "100Gbps", "10/s"),
  fc.integer({ min: -5, max: 1e6 }),
);

describe("loader robustness", () => {
  const dir = writeTree({ "models/m16.yaml": MODEL_16 });
  const file = path.join(dir, "experiments/e.yaml");
  const base = parse(BASE) as Record<string, unknown>;
  const all = paths(base).filter((p) => p.length > 0);

  it("accepts the base document", () => {
    expect(checkExperimentText(file, BASE, { presets: testPresets }).errors).toEqual([]);
  });

  it("any single-value mutation yields a valid spec or errors pinned inside the file, never a crash", () => {
    fc.assert(
      fc.property(fc.constantFrom(...all), odd, (where, value) => {
        const doc = structuredClone(base);
        setPath(doc, where, value);
        const text = stringify(doc);
        const lineCount = text.split("\n").length;
        const checked = checkExperimentText(file, text, { presets: testPresets });
        if (checked.errors.length === 0) {
          expect(checked.loaded?.hash).toMatch(/^[0-9a-f]{64}$/);
          expect(checked.loaded!.points.length).toBeGreaterThan(0);
        } else {
          for (const e of checked.errors) {
            expect(e.line).toBeGreaterThanOrEqual(1);
            expect(e.line).toBeLessThanOrEqual(lineCount);
            expect(e.column).toBeGreaterThanOrEqual(1);
            expect(e.message.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 300, seed: 20261122 },
    );
  });
});
