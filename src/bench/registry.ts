/** Options of a benchmark run, from the command line. */
export interface BenchOptions {
  /** Also run the peer tools of ../shared/bench side by side, where available (`--peers`). */
  peers: boolean;
}

/** A benchmark: prints human-readable lines through `log` and returns its figures. */
export type Bench = (log: (line: string) => void, options: BenchOptions) => Promise<Record<string, number | string>>;

const benches = new Map<string, Bench>();

/** Registers a named benchmark (kernel, placement, cluster). */
export function registerBench(name: string, bench: Bench): void {
  benches.set(name, bench);
}

/** The benchmark of that name, or undefined. */
export function findBench(name: string): Bench | undefined {
  return benches.get(name);
}

/** Names of registered benchmarks, in registration order. */
export function benchNames(): string[] {
  return [...benches.keys()];
}
