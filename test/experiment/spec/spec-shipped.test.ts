import { describe, expect, it } from "vitest";
import { checkExperimentFile } from "../../../src/experiment/spec/load-experiment.js";
import { checkModelFile } from "../../../src/experiment/spec/load-model.js";
import { registryCatalog } from "../../../src/experiment/spec/preset-catalog.js";

describe("shipped models and experiments", () => {
  it("models/ais-16.yaml is 3 proxies, 16 targets × 8 NVMe on 100 Gbit/s with the DESIGN buckets", () => {
    const { model, errors } = checkModelFile("models/ais-16.yaml");
    expect(errors).toEqual([]);
    expect(model?.proxies).toHaveLength(3);
    expect(model?.targets).toHaveLength(16);
    expect(model?.mountpaths).toMatchObject({ perTarget: 8, kind: "nvme" });
    expect(model?.network.nicBytesPerS).toBe(12.5e9);
    expect(model?.buckets.map((b) => [b.name, b.objects, b.objectSizeBytes])).toEqual([
      ["ais://data", 1_000_000, 1_048_576],
      ["s3://remote", 100_000, 4_194_304],
    ]);
  });

  it("models/ais-small.yaml is small", () => {
    const { model, errors } = checkModelFile("models/ais-small.yaml");
    expect(errors).toEqual([]);
    expect(model!.targets.length).toBeLessThanOrEqual(4);
  });

  it("experiments/rolling-upgrade-small.yaml compares ais-sdk@1.13 and ais-sdk@1.25 on the small model", () => {
    const { loaded, errors } = checkExperimentFile("experiments/rolling-upgrade-small.yaml", { presets: registryCatalog });
    expect(errors).toEqual([]);
    expect(loaded!.spec.cluster.name).toBe("ais-small");
    expect(loaded!.spec.variants.map((v) => v.policy)).toEqual(["ais-sdk@1.13", "ais-sdk@1.25"]);
    expect(loaded!.spec.faults[0]).toMatchObject({ action: "rolling-restart", targets: "all" });
  });
});
