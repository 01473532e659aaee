import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli-helpers.js";

interface TargetCase {
  targets: { id: string; maintenance?: boolean; decommission?: boolean }[];
  objects: { uname: string; owner: string; rankedActive: string[] }[];
}

const dir = process.env.AISIM_CONFORMANCE_DIR ?? path.resolve("test/conformance");
const fixture = JSON.parse(readFileSync(path.join(dir, "aistore-hrw.json"), "utf8")) as { targets: TargetCase[] };

function tmp(files: Record<string, string>): string {
  const d = mkdtempSync(path.join(tmpdir(), "aisim-place-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(d, name), text);
  return d;
}

function csvRows(text: string): string[][] {
  return text.trim().split("\n").map((l) => l.split(","));
}

describe("aisim place", () => {
  // The case with maintenance and regular IDs: the CLI must give the recorded owners and EC lists.
  const c = fixture.targets.find((t) => t.targets.some((x) => x.maintenance || x.decommission) && t.targets.length <= 16)!;
  const map = {
    targets: c.targets.map((t) => ({ id: t.id, flags: [...(t.maintenance ? ["maintenance"] : []), ...(t.decommission ? ["decommission"] : [])] })),
    proxies: [{ id: "p1" }],
  };
  // Only unames without commas or leading '#', so the test can split CSV naively.
  const objects = c.objects.filter((o) => !o.uname.includes(",") && !o.uname.includes('"'));

  it("prints the recorded owner and ranked targets of every object (CSV)", () => {
    const d = tmp({ "map.json": JSON.stringify(map), "objects.txt": objects.map((o) => o.uname).join("\n") + "\n" });
    const r = runCli(["place", "--cluster", path.join(d, "map.json"), "--objects", path.join(d, "objects.txt"), "--ranked", "3"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const rows = csvRows(r.stdout);
    expect(rows[0]).toEqual(["object", "uname", "target", "mountpath", "ranked"]);
    expect(rows.slice(1).map((row) => [row[1], row[2], row[4]])).toEqual(objects.map((o) => [o.uname, o.owner, o.rankedActive.slice(0, 3).join(" ")]));
  });

  it("reads stdin with --objects - and prints JSON; URL forms become unames", () => {
    const d = tmp({ "map.json": JSON.stringify({ targets: [{ id: "t1", mountpaths: [{ path: "/a" }, { path: "/b", flags: ["waitingDD"] }] }] }) });
    const r = spawnSync(process.execPath, [path.resolve("dist/cli.js"), "place", "--cluster", path.join(d, "map.json"), "--objects", "-", "--format", "json"], {
      input: "s3://bkt/a/b\ngs://@u1#n1/bkt/x\naz://bkt/y\noc://bkt/z\n",
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { objects: { uname: string; target: string; mountpath: string }[] };
    expect(out.objects.map((o) => o.uname)).toEqual(["aws/@#/bkt/a/b", "gcp/@u1#n1/bkt/x", "azure/@#/bkt/y", "oci/@#/bkt/z"]);
    expect(out.objects.every((o) => o.target === "t1" && o.mountpath === "/a")).toBe(true);
  });

  it("--against prints what a join moves: everything arrives at the newcomer, about 1/(N+1) of the objects", () => {
    const model = (n: number): string => `name: m\ntargets: ${n}\nproxies: 1\nbuckets:\n  - { name: ais://bench, objects: 200000, size: 1KiB, template: "obj-%07d" }\n`;
    const d = tmp({ "a.yaml": model(4), "b.yaml": model(5) });
    const r = runCli(["place", "--cluster", path.join(d, "a.yaml"), "--against", path.join(d, "b.yaml")]);
    expect(r.status).toBe(0);
    const rows = csvRows(r.stdout);
    expect(rows[0]).toEqual(["target", "objects_leaving", "objects_arriving", "bytes_leaving", "bytes_arriving", "moved_fraction"]);
    const total = rows.find((row) => row[0] === "total")!;
    // The recorded AIStore figure for ais/@#/bench/obj-%07d, 4 → 5 targets.
    expect(Number(total[1])).toBe(39736);
    expect(Number(total[3])).toBe(39736 * 1024);
    const t5 = rows.find((row) => row[0] === "t5")!;
    expect(Number(t5[2])).toBe(39736);
    expect(rows.filter((row) => row[0] !== "total" && row[0] !== "t5" && row[0] !== "target").every((row) => Number(row[2]) === 0)).toBe(true);
  });

  it("rejects bad input with exit 2 and a positioned message", () => {
    const d = tmp({
      "ok.json": JSON.stringify({ targets: [{ id: "t1" }] }),
      "dup.json": '{"targets":[{"id":"a"},\n {"id":"a"}]}',
      "empty.json": '{"targets":[]}',
      "flag.json": '{"targets":[{"id":"a","flags":["maint"]}]}',
      "bad-url.txt": "ais://bucket/ok\nais://bu cket/x\n",
      "bad-provider.txt": "hdfs://b/o\n",
      "good.txt": "ais://b/o\n",
    });
    const cases: [string[], RegExp][] = [
      [["--cluster", "ok.json", "--objects", "bad-url.txt", "--bogus"], /Unknown argument: bogus/],
      [["--cluster", "dup.json", "--objects", "bad-url.txt"], /dup\.json:2:8: duplicate node ID 'a'/],
      [["--cluster", "empty.json", "--objects", "bad-url.txt"], /empty\.json:1:12: empty cluster map: no targets/],
      [["--cluster", "flag.json", "--objects", "bad-url.txt"], /flag\.json:1:\d+: invalid target flag 'maint'/],
      [["--cluster", "ok.json", "--objects", "bad-url.txt"], /bad-url\.txt:2:7: malformed bucket name 'bu cket'/],
      [["--cluster", "ok.json", "--objects", "bad-provider.txt"], /bad-provider\.txt:1:1: unknown provider 'hdfs'/],
      [["--cluster", "ok.json", "--objects", "good.txt", "--ranked", "2"], /--ranked 2 needs 2 active targets/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(["place", ...args], d);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe("");
    }
  });
});
