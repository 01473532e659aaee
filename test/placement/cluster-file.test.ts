import { describe, expect, it } from "vitest";
import { readClusterFile } from "../../src/placement/cluster-file.js";
import { InputError } from "../../src/util/input-error.js";

function errorOf(text: string): string {
  try {
    readClusterFile("c.yaml", text);
  } catch (e) {
    if (e instanceof InputError) return e.describe();
    throw e;
  }
  throw new Error("no error thrown");
}

describe("cluster file reader", () => {
  it("generates t1..tN, p1..pN and /ais/mp1..K from a model, and reads buckets with sizes", () => {
    const c = readClusterFile("m.yaml", [
      "name: x",
      "proxies: 2",
      "targets: 3",
      "mountpaths: { perTarget: 2, kind: nvme }",
      "network: { nic: 100Gbit/s }",
      "buckets:",
      "  - { name: ais://data, objects: 10, size: 1MiB }",
      "  - { name: s3://@u#n/remote, objects: 5, size: 4KB, template: 'f-%03d.bin' }",
    ].join("\n"));
    expect(c.smap.targets.map((t) => [t.id, t.mountpaths.map((m) => m.path)])).toEqual([
      ["t1", ["/ais/mp1", "/ais/mp2"]],
      ["t2", ["/ais/mp1", "/ais/mp2"]],
      ["t3", ["/ais/mp1", "/ais/mp2"]],
    ]);
    expect(c.smap.proxies.map((p) => p.id)).toEqual(["p1", "p2"]);
    expect(c.buckets).toEqual([
      { name: "ais://data", bucket: { provider: "ais", namespace: { uuid: "", name: "" }, bucket: "data" }, objects: 10, sizeBytes: 1048576, template: "obj-%08d" },
      { name: "s3://@u#n/remote", bucket: { provider: "aws", namespace: { uuid: "u", name: "n" }, bucket: "remote" }, objects: 5, sizeBytes: 4000, template: "f-%03d.bin" },
    ]);
  });

  it("accepts lists of IDs and of node mappings, and the JSON map", () => {
    const c = readClusterFile("m.yaml", "targets: [a, b, {id: c, flags: [decommission], mountpaths: [/x, {path: /y, flags: [waitingDD]}]}]\nproxies: [{id: px, flags: [nonElectable]}]\n");
    expect(c.smap.activeTargets.map((t) => t.id)).toEqual(["a", "b"]);
    expect(c.smap.target("c")!.mountpaths).toEqual([{ path: "/x", flags: [] }, { path: "/y", flags: ["waitingDD"] }]);
    expect(c.smap.proxy("px")!.flags).toEqual(["nonElectable"]);
    const j = readClusterFile("m.json", JSON.stringify({ targets: [{ id: "t9", flags: ["maintenance"], mountpaths: [{ path: "/m" }] }], proxies: [{ id: "p" }] }));
    expect(j.smap.targets[0]).toEqual({ id: "t9", flags: ["maintenance"], mountpaths: [{ path: "/m", flags: [] }] });
  });

  it("reports bad input at file:line:col", () => {
    expect(errorOf("targets: [a, b, a]")).toBe("c.yaml:1:17: duplicate node ID 'a'");
    expect(errorOf("targets: 2\nproxies: [t1]")).toBe("c.yaml:2:11: duplicate node ID 't1'");
    expect(errorOf("targets: []")).toBe("c.yaml:1:10: empty cluster map: no targets");
    expect(errorOf("targets: 0")).toBe("c.yaml:1:10: empty cluster map: no targets");
    expect(errorOf("proxies: 1")).toMatch(/^c\.yaml:1:1: the cluster has no 'targets'/);
    expect(errorOf("targets:\n  - {id: a, flags: [offline]}")).toBe("c.yaml:2:21: invalid target flag 'offline' (expected maintenance, decommission)");
    expect(errorOf("targets:\n  - {id: a, colour: red}")).toMatch(/^c\.yaml:2:13: unknown target key 'colour'/);
    expect(errorOf("targets: 1\nbuckets:\n  - {name: ftp://x, objects: 1}")).toMatch(/^c\.yaml:3:12: unknown provider 'ftp'/);
    expect(errorOf("targets: 1\nbuckets:\n  - {name: ais://x, objects: 1, size: 3 parsecs}")).toMatch(/^c\.yaml:3:39: malformed size/);
    expect(errorOf('{"targets": [{"id": "a"}')).toMatch(/^c\.yaml:\d+:\d+: not valid JSON or YAML/);
  });
});
