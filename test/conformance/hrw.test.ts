import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { objectDigest, xoshiro256Hash, xxh64 } from "../../src/placement/digest.js";
import { mountpathFor, nextPrimary, ownerInclMaintenance, ownerTarget, rankedTargets } from "../../src/placement/hrw.js";
import { xoshiro256Reference, xxh64Reference } from "../../src/placement/reference-hash.js";
import { Smap, type TargetFlag } from "../../src/placement/smap.js";
import { PlacementTable } from "../../src/placement/placement-table.js";
import { parseObjectName, uname, type Provider } from "../../src/placement/uname.js";

interface Fixture {
  xxh64: { input: string; seed: string; xxh64: string }[];
  xoshiro256: { input: string; hash: string }[];
  targets: {
    targets: { id: string; maintenance?: boolean; decommission?: boolean }[];
    objects: { provider: Provider; nsUUID?: string; nsName?: string; bucket: string; object: string; uname: string; digest: string; owner: string; ownerInclMaintenance: string; rankedActive: string[] }[];
  }[];
  mountpaths: { mountpaths: { path: string; pathDigest: string; waitingDD: boolean }[]; objects: { uname: string; mountpath: string }[] }[];
  proxies: { proxies: { id: string; maintenance?: boolean; nonElectable?: boolean }[]; skip: string; nextPrimary: string }[];
  movement: { objectNames: string; targetsBefore: string[]; targetsAfter: string[]; moved: number }[];
}

const dir = process.env.AISIM_CONFORMANCE_DIR ?? path.join(import.meta.dirname, ".");
const fixture = JSON.parse(readFileSync(path.join(dir, "aistore-hrw.json"), "utf8")) as Fixture;

describe("AIStore HRW conformance: hashes", () => {
  it.each(fixture.xxh64.map((c, i) => [i, c] as const))("xxh64 case %i", (_, c) => {
    expect(xxh64(c.input, BigInt(c.seed))).toBe(BigInt(c.xxh64));
    expect(xxh64Reference(c.input, BigInt(c.seed))).toBe(BigInt(c.xxh64));
  });
  it.each(fixture.xoshiro256.map((c, i) => [i, c] as const))("xoshiro256 case %i", (_, c) => {
    expect(xoshiro256Hash(BigInt(c.input))).toBe(BigInt(c.hash));
    expect(xoshiro256Reference(BigInt(c.input))).toBe(BigInt(c.hash));
  });
});

describe("AIStore HRW conformance: targets", () => {
  it.each(fixture.targets.map((c, i) => [i, c.targets.length, c] as const))("case %i (%i targets)", (_, __, c) => {
    const smap = Smap.create({
      targets: c.targets.map((t) => ({
        id: t.id,
        flags: [...(t.maintenance ? ["maintenance"] : []), ...(t.decommission ? ["decommission"] : [])] as TargetFlag[],
      })),
    });
    for (const o of c.objects) {
      const ns = { uuid: o.nsUUID ?? "", name: o.nsName ?? "" };
      expect(uname(o.provider, ns, o.bucket, o.object)).toBe(o.uname);
      const parsed = parseObjectName(o.uname);
      expect(parsed.uname).toBe(o.uname);
      const digest = objectDigest(o.uname);
      expect(digest).toBe(BigInt(o.digest));
      expect(ownerTarget(smap, digest)?.id ?? "").toBe(o.owner);
      expect(ownerInclMaintenance(smap, digest)?.id ?? "").toBe(o.ownerInclMaintenance);
      expect(rankedTargets(smap, digest, o.rankedActive.length).map((t) => t.id)).toEqual(o.rankedActive);
    }
  });
});

describe("AIStore HRW conformance: mountpaths", () => {
  it.each(fixture.mountpaths.map((c, i) => [i, c.mountpaths.length, c] as const))("case %i (%i mountpaths)", (_, __, c) => {
    for (const m of c.mountpaths) expect(xxh64(m.path)).toBe(BigInt(m.pathDigest));
    const smap = Smap.create({
      targets: [{ id: "t1", mountpaths: c.mountpaths.map((m) => ({ path: m.path, flags: m.waitingDD ? ["waitingDD" as const] : [] })) }],
    });
    for (const o of c.objects) expect(mountpathFor(smap.targets[0], objectDigest(o.uname))?.path).toBe(o.mountpath);
  });
});

describe("AIStore HRW conformance: next primary", () => {
  it.each(fixture.proxies.map((c, i) => [i, c] as const))("case %i", (_, c) => {
    const smap = Smap.create({
      targets: [{ id: "t-only" }],
      proxies: c.proxies.map((p) => ({
        id: p.id,
        flags: [...(p.maintenance ? ["maintenance" as const] : []), ...(p.nonElectable ? ["nonElectable" as const] : [])],
      })),
    });
    expect(nextPrimary(smap, c.skip)?.id ?? "").toBe(c.nextPrimary);
  });
});

/** Parses `bucket-uname/prefix%0Nd for i in [a, b)` into a pattern. */
function parseNames(text: string): { bucketUname: string; template: string; first: number; count: number } {
  const m = /^(\w+\/@[^/]*\/[^/]+)\/(\S+) for i in \[(\d+), (\d+)\)$/.exec(text);
  if (!m) throw new Error(`unrecognised objectNames '${text}'`);
  return { bucketUname: m[1], template: m[2], first: Number(m[3]), count: Number(m[4]) - Number(m[3]) };
}

describe("AIStore HRW conformance: movement on a join", () => {
  it.each(fixture.movement.map((c, i) => [i, c.targetsBefore.length, c.targetsAfter.length, c] as const))("case %i (%i → %i targets)", (_, __, ___, c) => {
    const names = parseNames(c.objectNames);
    const bucket = parseObjectName(`${names.bucketUname}/x`);
    const before = Smap.create({ targets: c.targetsBefore.map((id) => ({ id })) });
    const after = Smap.create({ targets: c.targetsAfter.map((id) => ({ id })) });
    const table = PlacementTable.build(before, { bucket, template: names.template, count: names.count, first: names.first, sizeBytes: 1 });
    // Full placement on the new map, compared object by object, and the incremental path.
    expect(table.movementTo(after).objectsMoved).toBe(c.moved);
    let moved = 0;
    const joined = c.targetsAfter.filter((id) => !c.targetsBefore.includes(id));
    const left = c.targetsBefore.filter((id) => !c.targetsAfter.includes(id));
    for (const id of left) moved += table.applyLeave(id).objectsMoved;
    for (const id of joined) moved += table.applyJoin({ id, flags: [], mountpaths: [] }).objectsMoved;
    expect(moved).toBe(c.moved);
  });
});
