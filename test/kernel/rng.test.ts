import { describe, expect, it } from "vitest";
import { constant, deriveSeed, replay, RngRoot } from "../../src/kernel/index.js";

const draws = (u: () => number, n: number): number[] => Array.from({ length: n }, () => u());

describe("RngRoot streams", () => {
  it("a stream's draws depend only on (seed, name): not on creation order or other streams' use", () => {
    const alone = draws(new RngRoot(7).stream("target/t3/disk"), 50);

    const crowded = new RngRoot(7);
    const other = crowded.stream("client/1/think");
    draws(other, 1000);
    crowded.stream("proxy/p1/cpu");
    const target = crowded.stream("target/t3/disk");
    const interleaved: number[] = [];
    for (let i = 0; i < 50; i++) {
      interleaved.push(target());
      draws(other, i % 3);
      draws(crowded.stream(`client/${i}/new`), 2);
    }
    expect(interleaved).toEqual(alone);
  });

  it("different names and different seeds give different sequences", () => {
    const root = new RngRoot(7);
    expect(draws(root.stream("a/1/x"), 5)).not.toEqual(draws(root.stream("a/2/x"), 5));
    expect(draws(new RngRoot(7).stream("a/1/x"), 5)).not.toEqual(draws(new RngRoot(8).stream("a/1/x"), 5));
    expect(deriveSeed("7", "a")).not.toBe(deriveSeed("7", "b"));
    expect(deriveSeed("7", "a")).toMatch(/^[0-9a-f]{16}$/);
  });

  it("the same name returns the same stream object; freshStream restarts it", () => {
    const root = new RngRoot("run-1");
    const s = root.stream("retry/client/3/jitter");
    expect(root.stream("retry/client/3/jitter")).toBe(s);
    const first = draws(s, 3);
    expect(draws(root.freshStream("retry/client/3/jitter"), 3)).toEqual(first);
    expect(s.streamName).toBe("retry/client/3/jitter");
    expect(s.streamSeed).toBe(deriveSeed("run-1", "retry/client/3/jitter"));
    expect(root.streamNames()).toEqual(["retry/client/3/jitter"]);
  });

  it("integer and string forms of a seed are the same seed; derive() gives independent child roots", () => {
    expect(draws(new RngRoot(5).stream("x"), 3)).toEqual(draws(new RngRoot("5").stream("x"), 3));
    const root = new RngRoot(5);
    const rep1 = root.derive("replication/1");
    expect(draws(rep1.stream("x"), 3)).toEqual(draws(new RngRoot(5).derive("replication/1").stream("x"), 3));
    expect(draws(rep1.stream("x"), 3)).not.toEqual(draws(root.derive("replication/2").stream("x"), 3));
    expect(() => new RngRoot(1.5)).toThrow(/seed/);
    expect(() => new RngRoot("")).toThrow(/seed/);
  });

  it("draws lie in [0, 1) and are plain () => number functions", () => {
    const u: () => number = new RngRoot(1).stream("range");
    for (let i = 0; i < 10_000; i++) {
      const x = u();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });

  it("stream derivation is stable across versions (changing it would change every published result)", () => {
    // Pinned on purpose: a change to the hash, the generator or the seeding silently shifts every draw of
    // every experiment, so it must show up as a failing test and be a deliberate decision.
    expect(deriveSeed("1", "client/0/think")).toBe("affc273f094cd3cc");
    expect(draws(new RngRoot(1).stream("client/0/think"), 3)).toEqual([0.0020068816374987364, 0.9787063091062009, 0.6437108037061989]);
  });
});

describe("overriding a named stream", () => {
  it("serves the override's draws under that name, and refuses once the stream was used", () => {
    const root = new RngRoot(1);
    root.override("retry/client/0/jitter", replay([0.25, 0.75]));
    const s = root.stream("retry/client/0/jitter");
    expect([s(), s()]).toEqual([0.25, 0.75]);
    expect(() => s()).toThrow(/exhausted/);
    expect(s.streamSeed).toBe("override");
    root.stream("client/0/think");
    expect(() => root.override("client/0/think", constant(0.5))).toThrow(/already exists/);
  });
});

describe("replay and constant sources", () => {
  it("replay returns the given values in order, then fails loudly", () => {
    const u = replay([0.1, 0.5, 0.9], "botocore/case-3");
    expect([u(), u()]).toEqual([0.1, 0.5]);
    expect(u.used()).toBe(2);
    expect(u.remaining()).toBe(1);
    expect(u()).toBe(0.9);
    expect(() => u()).toThrow(/replay "botocore\/case-3" exhausted: all 3 values were used/);
  });

  it("replay rejects values outside [0, 1) and does not alias the caller's array", () => {
    expect(() => replay([0.2, 1])).toThrow(/value #1 = 1 is not in \[0, 1\)/);
    expect(() => replay([Number.NaN])).toThrow(RangeError);
    const values = [0.25];
    const u = replay(values);
    values[0] = 0.75;
    expect(u()).toBe(0.25);
  });

  it("constant always returns its value", () => {
    const u = constant(0.5);
    expect([u(), u(), u()]).toEqual([0.5, 0.5, 0.5]);
    expect(() => constant(1)).toThrow(RangeError);
  });
});
