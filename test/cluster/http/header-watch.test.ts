import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Attempt, type AttemptClient, type AttemptOwner } from "../../../src/cluster/http/attempt.js";
import { HeaderWatch } from "../../../src/cluster/http/header-watch.js";
import { Simulator } from "../../../src/kernel/index.js";

const owner: AttemptOwner = { attemptDone: () => undefined };
const client: AttemptClient = { net: 0, proxy: 0, connectTimeoutNs: 1e9, readTimeoutNs: 1e9 };
const attempt = (object = 0, sizeBytes = 1024): Attempt => new Attempt({ ...owner, op: 0, bucket: 0, object, sizeBytes }, client, -1);

describe("HeaderWatch", () => {
  it("times out exactly the attempts a per-attempt timer would, at their deadlines", () => {
    // A client's attempts one after another: each starts at or after the previous one ended, is watched until
    // its deadline (moved later once, as a redirect does), and ends early (headers came) or times out.
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            gapNs: fc.integer({ min: 0, max: 3_000 }),
            timeoutNs: fc.integer({ min: 1, max: 5_000 }),
            moveNs: fc.integer({ min: 0, max: 2_000 }),
            answerNs: fc.option(fc.integer({ min: 0, max: 9_000 }), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        (plans) => {
          const sim = new Simulator();
          const timedOut: Array<[number, number]> = [];
          const expected: Array<[number, number]> = [];
          const watch = new HeaderWatch<Attempt>(sim, 0, (a) => timedOut.push([a.object, sim.now]));
          let i = 0;
          const startNext = (): void => {
            if (i === plans.length) return;
            const p = plans[i];
            const index = i++;
            sim.schedule(p.gapNs, () => {
              const a = attempt(index, 1);
              a.deadlineNs = sim.now + p.timeoutNs;
              expect(watch.watch(a)).toBe(true);
              // Half-way, the deadline moves later (a redirect re-arms the header timeout).
              const moveAt = Math.floor(p.timeoutNs / 2);
              sim.schedule(moveAt, () => {
                if (!watch.watches(a)) return;
                a.deadlineNs += p.moveNs;
                watch.watch(a);
              });
              const deadline = sim.now + p.timeoutNs + p.moveNs;
              if (p.answerNs !== undefined && sim.now + p.answerNs < deadline) {
                // The headers come first: the attempt leaves the watch and the client sends its next one.
                sim.schedule(p.answerNs, () => {
                  watch.release(a);
                  startNext();
                });
              } else {
                expected.push([index, deadline]);
                // Priority 1: the next attempt starts right after the timeout at the same instant.
                sim.schedule(p.timeoutNs + p.moveNs, () => startNext(), undefined, 0, 1);
              }
            });
          };
          startNext();
          sim.run();
          expect(timedOut).toEqual(expected);
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });

  it("declines a second attempt while it watches one, and takes the next after a release", () => {
    const sim = new Simulator();
    const watch = new HeaderWatch(sim, 0, () => undefined);
    const a = attempt();
    const b = attempt();
    a.deadlineNs = 100;
    b.deadlineNs = 50;
    expect(watch.watch(a)).toBe(true);
    expect(watch.watch(b)).toBe(false);
    watch.release(b);
    expect(watch.watches(a)).toBe(true);
    watch.release(a);
    expect(watch.watch(b)).toBe(true);
    expect(watch.watches(b)).toBe(true);
  });

  it("moves its timer earlier when a new attempt's deadline comes before the pending one", () => {
    const sim = new Simulator();
    const fired: number[] = [];
    const watch = new HeaderWatch(sim, 0, () => fired.push(sim.now));
    const a = attempt();
    a.deadlineNs = 1_000;
    watch.watch(a);
    watch.release(a);
    const b = attempt();
    b.deadlineNs = 300;
    watch.watch(b);
    sim.run();
    expect(fired).toEqual([300]);
  });
});
