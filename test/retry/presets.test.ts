import { describe, expect, it } from "vitest";
import { createPolicy, findPreset, listPresets, PRESETS, requirePreset } from "../../src/retry/presets/index.js";
import { InputError } from "../../src/util/input-error.js";

describe("the explicit preset list", () => {
  it("holds each name once, sorted, and finds every one by name", () => {
    const names = PRESETS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(names);
    for (const p of PRESETS) expect(findPreset(p.name)).toBe(p);
    expect(listPresets()).toBe(PRESETS);
  });

  it("includes the client presets the canonical experiments name", () => {
    for (const name of ["ais-sdk@1.13", "ais-sdk@1.25", "ais-go", "botocore-legacy", "botocore-standard", "botocore-adaptive", "urllib3", "tenacity", "dls", "circuit-breaker", "hedge-fixed"]) {
      expect(findPreset(name), name).toBeDefined();
    }
  });

  it("refuses an unknown name as bad input, naming the valid ones", () => {
    expect(() => requirePreset("ais-sdk@9")).toThrow(InputError);
    expect(() => createPolicy("nope")).toThrow(/unknown retry preset "nope" \(valid: .*ais-sdk@1\.25/);
  });

  it("builds a fresh policy with overrides applied", () => {
    const p = createPolicy("ais-sdk@1.25", { "outer.stop.after_attempt": 10 });
    expect(p.preset).toBe("ais-sdk@1.25");
    expect(p.params["outer.stop.after_attempt"]).toBe(10);
  });

  it("lets the circuit breaker wrap any listed preset", () => {
    const p = createPolicy("circuit-breaker", { inner: "urllib3" });
    expect(p.params["inner.total"]).toBe(findPreset("urllib3")!.create({}).params.total);
  });
});
