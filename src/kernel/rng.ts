import seedrandom from "seedrandom";
import { hashString64Hex } from "./fingerprint.js";

/**
 * A source of uniform draws in [0, 1). Pure modules (retry policies, placement tie-breaks) take one of these
 * instead of importing the kernel, so tests can inject fixed or replayed values.
 */
export type Uniform = () => number;

/** A named stream of uniform draws: callable as a Uniform, with its name and derived seed for manifests. */
export type RngStream = Uniform & {
  /** The name it was created with, e.g. "target/t3/disk". */
  readonly streamName: string;
  /** The 64-bit hex seed derived from (run seed, name) that the generator was seeded with. */
  readonly streamSeed: string;
};

/**
 * The root of a run's randomness. Every stream is seeded from hash(run seed, stream name) alone, so creating
 * streams in another order, adding a component, or drawing more from one stream never shifts another stream's
 * draws — which is also what makes common random numbers work across compared variants.
 *
 * Naming convention: `component/id/purpose`, e.g. "client/17/think", "target/t3/disk/2/latency",
 * "retry/client/17/jitter". The generator is seedrandom's Alea (fast, 32-bit resolution per draw).
 */
export class RngRoot {
  /** The run seed as given (integers and strings both work; 1 and "1" are the same seed). */
  readonly seed: string;
  private readonly streams = new Map<string, RngStream>();

  constructor(seed: number | string) {
    if (typeof seed === "number" && !Number.isSafeInteger(seed)) {
      throw new RangeError(`RngRoot: seed must be a safe integer or a string, got ${seed}`);
    }
    if (seed === "") throw new RangeError("RngRoot: seed must not be an empty string");
    this.seed = String(seed);
  }

  /**
   * The stream of that name. Asking twice for the same name returns the same stream object (same state),
   * so two components can never silently draw identical sequences by reusing a name.
   */
  stream(name: string): RngStream {
    const existing = this.streams.get(name);
    if (existing !== undefined) return existing;
    if (name.length === 0) throw new RangeError("RngRoot.stream: the stream name must not be empty");
    const streamSeed = deriveSeed(this.seed, name);
    const generator = seedrandom.alea(streamSeed) as unknown as Uniform;
    const stream = Object.assign(generator, { streamName: name, streamSeed }) as RngStream;
    this.streams.set(name, stream);
    return stream;
  }

  /**
   * Makes `stream(name)` return draws from `source` instead of the seeded generator — e.g. `replay(u)` of a
   * conformance vector, to drive one component with exact draws inside a full simulation. Must be called
   * before the stream is first used, so no component can have drawn from the generator already.
   */
  override(name: string, source: Uniform): RngStream {
    if (this.streams.has(name)) throw new Error(`RngRoot.override: stream "${name}" already exists; override it before first use`);
    const wrapped = (() => source()) as Uniform;
    const stream = Object.assign(wrapped, { streamName: name, streamSeed: "override" }) as RngStream;
    this.streams.set(name, stream);
    return stream;
  }

  /** A fresh stream of that name, independent of the cached one: same derived seed, draws start over. */
  freshStream(name: string): RngStream {
    const streamSeed = deriveSeed(this.seed, name);
    const generator = seedrandom.alea(streamSeed) as unknown as Uniform;
    return Object.assign(generator, { streamName: name, streamSeed }) as RngStream;
  }

  /** A child root whose seed is derived from (this seed, name): e.g. one root per replication or per variant. */
  derive(name: string): RngRoot {
    return new RngRoot(deriveSeed(this.seed, name));
  }

  /** Names of the streams created so far, sorted (for manifests; never iterate the map in creation order). */
  streamNames(): string[] {
    return [...this.streams.keys()].sort();
  }
}

/** The seed string of stream `name` under run seed `seed`. */
export function deriveSeed(seed: string, name: string): string {
  return hashString64Hex(`${seed}\u0000${name}`);
}

/** A Uniform that replays explicit draws (e.g. the `u` values of a conformance vector), with its position. */
export type ReplaySource = Uniform & {
  /** Draws consumed so far. */
  readonly used: () => number;
  /** Draws left. */
  readonly remaining: () => number;
};

/**
 * A Uniform returning `values` in order and throwing a clear error once they are exhausted, so a test that
 * consumes more draws than its vector provides fails loudly instead of silently drawing something else.
 */
export function replay(values: readonly number[], name = "replay"): ReplaySource {
  values.forEach((u, i) => {
    if (!(u >= 0 && u < 1)) throw new RangeError(`replay "${name}": value #${i} = ${u} is not in [0, 1)`);
  });
  const draws = values.slice();
  let next = 0;
  const source = (): number => {
    if (next >= draws.length) {
      throw new Error(`replay "${name}" exhausted: all ${draws.length} values were used and another draw was requested`);
    }
    return draws[next++];
  };
  return Object.assign(source, { used: () => next, remaining: () => draws.length - next });
}

/** A Uniform that always returns u (for tests and for "no jitter" settings). */
export function constant(u: number): Uniform {
  if (!(u >= 0 && u < 1)) throw new RangeError(`constant uniform: ${u} is not in [0, 1)`);
  return () => u;
}
