import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Attempt, type AttemptClient, type AttemptOwner } from "../../../src/cluster/http/attempt.js";
import { InflightList } from "../../../src/cluster/http/inflight-list.js";

const owner: AttemptOwner = { attemptDone: () => undefined };
const client: AttemptClient = { net: 0, proxy: 0, connectTimeoutNs: 1e9, readTimeoutNs: 1e9 };
const attempt = (object: number): Attempt => new Attempt({ ...owner, op: 0, bucket: 0, object, sizeBytes: 1024 }, client, -1);

describe("InflightList", () => {
  it("keeps arrival order through any sequence of adds and deletes, like an insertion-ordered set", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 19 })), { maxLength: 300 }), (ops) => {
        const pool = Array.from({ length: 20 }, (_, i) => attempt(i));
        const list = new InflightList();
        const model = new Set<Attempt>();
        for (const [isAdd, i] of ops) {
          const a = pool[i];
          if (isAdd) {
            list.add(a);
            model.add(a);
          } else {
            expect(list.delete(a)).toBe(model.delete(a));
          }
          expect(list.size).toBe(model.size);
        }
        expect(list.toArray()).toEqual([...model]);
        expect(list.drain()).toEqual([...model]);
        expect(list.size).toBe(0);
        expect(list.toArray()).toEqual([]);
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it("leaves a removed or drained attempt with no links, free to join another list", () => {
    const [a, b, c] = [attempt(1), attempt(2), attempt(3)];
    const first = new InflightList();
    for (const x of [a, b, c]) first.add(x);
    first.delete(b);
    expect([b.inflightOf, b.inflightPrev, b.inflightNext]).toEqual([null, null, null]);
    expect(first.toArray()).toEqual([a, c]);
    const second = new InflightList();
    second.add(b);
    expect(first.delete(b)).toBe(false);
    expect(second.toArray()).toEqual([b]);
    for (const x of first.drain()) expect([x.inflightOf, x.inflightPrev, x.inflightNext]).toEqual([null, null, null]);
  });

  it("ignores adding an attempt that is already on a list", () => {
    const [a, b] = [attempt(1), attempt(2)];
    const list = new InflightList();
    list.add(a);
    list.add(b);
    list.add(a);
    expect(list.toArray()).toEqual([a, b]);
    expect(list.size).toBe(2);
  });
});
