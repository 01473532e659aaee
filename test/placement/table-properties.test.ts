import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { objectDigest } from "../../src/placement/digest.js";
import { mountpathFor, ownerTarget } from "../../src/placement/hrw.js";
import { PlacementTable, type PopulationSpec } from "../../src/placement/placement-table.js";
import { Smap, type TargetNode } from "../../src/placement/smap.js";
import { GLOBAL_NAMESPACE } from "../../src/placement/uname.js";

const BUCKET = { provider: "ais" as const, namespace: GLOBAL_NAMESPACE, bucket: "props" };
const spec = (count: number, template = "obj-%05d"): PopulationSpec => ({ bucket: BUCKET, template, count, sizeBytes: 1000 });

function target(id: string, mountpaths = 3): TargetNode {
  return { id, flags: [], mountpaths: Array.from({ length: mountpaths }, (_, i) => ({ path: `/ais/mp${i + 1}`, flags: [] })) };
}

function smapOf(ids: readonly string[]): Smap {
  return Smap.create({ targets: ids.map((id) => target(id)) });
}

function owners(t: PlacementTable): string[] {
  return Array.from({ length: t.count }, (_, i) => t.ownerOf(i));
}

function mountpaths(t: PlacementTable): (string | undefined)[] {
  return Array.from({ length: t.count }, (_, i) => t.mountpathOf(i));
}

/** Distinct target IDs, 1..12 of them. */
const idSets = fc.uniqueArray(fc.stringMatching(/^[a-z0-9-]{1,10}$/), { minLength: 1, maxLength: 12 });

describe("placement table", () => {
  it("agrees with the single-object functions (owner and mountpath) on every object", () => {
    const smap = Smap.create({
      targets: [target("t1"), target("t2", 0), { ...target("t3"), flags: ["maintenance"] }, target("t4", 5)],
    });
    const table = PlacementTable.build(smap, spec(500));
    for (let i = 0; i < table.count; i++) {
      const d = objectDigest(table.unameOf(i));
      const owner = ownerTarget(smap, d)!;
      expect(table.ownerOf(i)).toBe(owner.id);
      expect(table.mountpathOf(i)).toBe(mountpathFor(owner, d)?.path);
    }
    expect(table.unameOf(7)).toBe("ais/@#/props/obj-00007");
  });

  it("a join only moves objects to the newcomer, and equals a full placement on the new map", () => {
    fc.assert(
      fc.property(idSets, fc.stringMatching(/^[A-Z]{1,6}$/), (ids, newcomer) => {
        const table = PlacementTable.build(smapOf(ids), spec(300));
        const before = owners(table);
        const m = table.applyJoin(target(newcomer));
        const after = owners(table);
        let moved = 0;
        after.forEach((o, i) => {
          if (o !== before[i]) {
            expect(o).toBe(newcomer);
            moved++;
          }
        });
        expect(m.objectsMoved).toBe(moved);
        expect(m.perTarget.find((t) => t.id === newcomer)?.objectsArriving ?? 0).toBe(moved);
        const full = PlacementTable.build(smapOf([...ids, newcomer]), spec(300));
        expect(after).toEqual(owners(full));
        expect(mountpaths(table)).toEqual(mountpaths(full));
      }),
      { numRuns: 40 },
    );
  });

  it("a leave only moves the leaver's objects, and equals a full placement without it", () => {
    fc.assert(
      fc.property(idSets.filter((ids) => ids.length >= 2), fc.nat(), (ids, pick) => {
        const leaver = ids[pick % ids.length];
        const table = PlacementTable.build(smapOf(ids), spec(300));
        const before = owners(table);
        const m = table.applyLeave(leaver);
        const after = owners(table);
        after.forEach((o, i) => {
          if (o !== before[i]) expect(before[i]).toBe(leaver);
          expect(o).not.toBe(leaver);
        });
        expect(m.objectsMoved).toBe(before.filter((o) => o === leaver).length);
        expect(m.bytesMoved).toBe(m.objectsMoved * 1000);
        const full = PlacementTable.build(smapOf(ids.filter((id) => id !== leaver)), spec(300));
        expect(after).toEqual(owners(full));
        expect(mountpaths(table)).toEqual(mountpaths(full));
      }),
      { numRuns: 40 },
    );
  });

  it("any sequence of joins and leaves (incl. rejoins) ends where a full placement on the final map does", () => {
    const pool = ["a", "b", "c", "d", "e", "f", "g", "h"];
    fc.assert(
      fc.property(fc.array(fc.nat(pool.length - 1), { minLength: 1, maxLength: 15 }), (toggles) => {
        let active = ["a", "b"];
        const table = PlacementTable.build(smapOf(active), spec(200));
        for (const k of toggles) {
          const id = pool[k];
          if (active.includes(id)) {
            if (active.length === 1) continue;
            table.applyLeave(id);
            active = active.filter((x) => x !== id);
          } else {
            table.applyJoin(target(id));
            active = [...active, id];
          }
        }
        expect(owners(table)).toEqual(owners(PlacementTable.build(smapOf(active), spec(200))));
      }),
      { numRuns: 40 },
    );
  });

  it("keeps agreeing with a full placement while joins outgrow the table's slot and mountpath arrays", () => {
    const mountpathsOf = (id: string): number => 1 + (Number(id.slice(1)) % 7);
    const table = PlacementTable.build(Smap.create({ targets: [target("s0", 1), target("s1", 2)] }), spec(400));
    const ids = ["s0", "s1"];
    for (let i = 2; i < 60; i++) {
      const id = `s${i}`;
      table.applyJoin(target(id, mountpathsOf(id)));
      ids.push(id);
      if (i % 3 === 0) {
        table.applyLeave(`s${i - 2}`);
        ids.splice(ids.indexOf(`s${i - 2}`), 1);
      }
    }
    const full = PlacementTable.build(Smap.create({ targets: ids.map((id) => target(id, mountpathsOf(id))) }), spec(400));
    expect(owners(table)).toEqual(owners(full));
    expect(mountpaths(table)).toEqual(mountpaths(full));
  });

  it("a mountpath change re-chooses only that target's mountpaths, as a full placement would", () => {
    const smap = Smap.create({ targets: [target("a", 4), target("b", 4)] });
    const table = PlacementTable.build(smap, spec(1000));
    const before = mountpaths(table);
    const changedB = { ...target("b", 4), mountpaths: target("b", 4).mountpaths.map((m, i) => (i === 1 ? { ...m, flags: ["waitingDD" as const] } : m)) };
    const changed = table.applyMountpaths(changedB);
    const full = PlacementTable.build(smap.withMountpaths("b", changedB.mountpaths), spec(1000));
    expect(mountpaths(table)).toEqual(mountpaths(full));
    const diff = before.filter((m, i) => m !== table.mountpathOf(i));
    expect(changed).toBe(diff.length);
    // Exactly the objects of b that were on the disabled mountpath move.
    expect(diff.every((m) => m === "/ais/mp2")).toBe(true);
    expect(changed).toBe(before.filter((m, i) => m === "/ais/mp2" && table.ownerOf(i) === "b").length);
  });

  it("applySmap and movementTo report the same net movement, and the order of targets in the map does not matter", () => {
    const before = smapOf(["t1", "t2", "t3", "t4", "t5"]);
    const after = Smap.create({ targets: [target("t6"), target("t5"), target("t3"), target("t2"), target("t1")] }).withTargetFlags("t2", ["maintenance"]);
    const table = PlacementTable.build(before, spec(2000));
    const predicted = table.movementTo(after);
    const applied = table.applySmap(after);
    expect(applied).toEqual(predicted);
    expect(owners(table)).toEqual(owners(PlacementTable.build(smapOf(["t1", "t3", "t4", "t5", "t6"].reverse()).withoutTargets(["t4"]), spec(2000))));
    const sum = (k: "objectsLeaving" | "objectsArriving"): number => applied.perTarget.reduce((n, t) => n + t[k], 0);
    expect(sum("objectsLeaving")).toBe(applied.objectsMoved);
    expect(sum("objectsArriving")).toBe(applied.objectsMoved);
    expect(applied.perTarget.find((t) => t.id === "t2")?.objectsArriving).toBe(0);
  });

  it("moves about 1/(N+1) of the objects on a join, within binomial bounds (any N, bucket and target names)", () => {
    const count = 20_000;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,20}$/),
        fc.stringMatching(/^[a-z]{1,6}$/),
        (n, bucket, prefix) => {
          const ids = Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
          const population: PopulationSpec = { bucket: { ...BUCKET, bucket }, template: "obj-%07d", count, sizeBytes: 1 };
          const table = PlacementTable.build(smapOf(ids), population);
          const moved = table.applyJoin(target(`${prefix}${n + 1}`)).objectsMoved;
          const p = 1 / (n + 1);
          // Moves are Binomial(count, p): 5 standard deviations fail a correct HRW with probability < 1e-6 per case.
          expect(Math.abs(moved - count * p)).toBeLessThan(5 * Math.sqrt(count * p * (1 - p)));
        },
      ),
      { numRuns: 30 },
    );
  });

  it("names runs of different lengths correctly (unpadded counter crossing 9 → 10 → 100)", () => {
    const table = PlacementTable.build(smapOf(["x", "y"]), { bucket: BUCKET, template: "n%d.bin", count: 120, first: 5, sizeBytes: 1 });
    for (const i of [0, 4, 5, 94, 95, 119]) {
      expect(table.nameOf(i)).toBe(`n${i + 5}.bin`);
      expect(table.ownerOf(i)).toBe(ownerTarget(smapOf(["x", "y"]), objectDigest(`ais/@#/props/n${i + 5}.bin`))!.id);
    }
  });

  it("stays within 32 bytes of memory per object for a large population", () => {
    const table = PlacementTable.build(smapOf(["a", "b", "c"]), spec(1_000_000, "o-%07d"));
    expect(table.bytesPerObject()).toBeLessThanOrEqual(32);
  });
});
