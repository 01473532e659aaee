import { describe, expect, it } from "vitest";
import {
  bernoulli,
  choice,
  Discrete,
  exponential,
  lognormal,
  lognormalParams,
  normal,
  pareto,
  RngRoot,
  uniform,
  uniformInt,
  weibull,
  Zipf,
  type Uniform,
} from "../../src/kernel/index.js";

const N = 200_000;
const SIGMAS = 5;

/** Central moments from raw moments m1..m4. */
function central(raw: [number, number, number, number]): { mean: number; variance: number; mu4: number } {
  const [m1, m2, m3, m4] = raw;
  return { mean: m1, variance: m2 - m1 * m1, mu4: m4 - 4 * m3 * m1 + 6 * m2 * m1 * m1 - 3 * m1 ** 4 };
}

/**
 * Draws n samples and checks the sample mean and variance against theory, each within SIGMAS standard errors
 * of its own sampling error (SE of the mean sqrt(var/n); of the variance sqrt((mu4 - var^2)/n)).
 */
function expectMoments(draw: () => number, raw: [number, number, number, number], n = N): void {
  const { mean, variance, mu4 } = central(raw);
  let sum = 0;
  let sumSq = 0;
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = draw();
    xs[i] = x;
    sum += x;
  }
  const sampleMean = sum / n;
  for (let i = 0; i < n; i++) sumSq += (xs[i] - sampleMean) ** 2;
  const sampleVariance = sumSq / (n - 1);
  expect(Math.abs(sampleMean - mean)).toBeLessThanOrEqual(SIGMAS * Math.sqrt(variance / n));
  expect(Math.abs(sampleVariance - variance)).toBeLessThanOrEqual(SIGMAS * Math.sqrt((mu4 - variance * variance) / n));
}

/** Raw moments 1..4 of a distribution on integers given its pmf over values. */
function discreteRaw(values: number[], probabilities: number[]): [number, number, number, number] {
  const raw: [number, number, number, number] = [0, 0, 0, 0];
  values.forEach((v, i) => {
    for (let k = 0; k < 4; k++) raw[k] += probabilities[i] * v ** (k + 1);
  });
  return raw;
}

/** Checks each outcome's frequency against its probability, within SIGMAS binomial standard errors. */
function expectFrequencies(draw: () => number, probabilities: Map<number, number>, n = N): void {
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const x = draw();
    counts.set(x, (counts.get(x) ?? 0) + 1);
  }
  for (const [value, p] of probabilities) {
    const observed = (counts.get(value) ?? 0) / n;
    expect(Math.abs(observed - p)).toBeLessThanOrEqual(SIGMAS * Math.sqrt((p * (1 - p)) / n) + 1e-12);
  }
  for (const value of counts.keys()) expect(probabilities.has(value)).toBe(true);
}

function stream(name: string): Uniform {
  return new RngRoot(2024).stream(`test/distributions/${name}`);
}

describe("distributions: sample moments within 5 standard errors of theory", () => {
  it("uniform on [lo, hi)", () => {
    const [a, b] = [-2, 5];
    const u = stream("uniform");
    const raw = [1, 2, 3, 4].map((k) => (b ** (k + 1) - a ** (k + 1)) / ((k + 1) * (b - a))) as [number, number, number, number];
    expectMoments(() => uniform(u, a, b), raw);
  });

  it("the raw streams are uniform on [0, 1): moments and decile frequencies", () => {
    const u = stream("raw");
    expectMoments(u, [1 / 2, 1 / 3, 1 / 4, 1 / 5]);
    const deciles = new Map(Array.from({ length: 10 }, (_, i) => [i, 0.1] as [number, number]));
    expectFrequencies(() => Math.floor(u() * 10), deciles);
  });

  it("exponential with a given mean", () => {
    const mean = 2.5;
    const u = stream("exponential");
    expectMoments(() => exponential(u, mean), [mean, 2 * mean ** 2, 6 * mean ** 3, 24 * mean ** 4]);
  });

  it("normal", () => {
    const [m, s] = [3, 2];
    const u = stream("normal");
    expectMoments(() => normal(u, m, s), [m, m * m + s * s, m ** 3 + 3 * m * s * s, m ** 4 + 6 * m * m * s * s + 3 * s ** 4]);
  });

  it("lognormal, and lognormalParams hits the requested mean and sd", () => {
    const { mu, sigma } = lognormalParams(10, 4);
    const u = stream("lognormal");
    const raw = [1, 2, 3, 4].map((k) => Math.exp(k * mu + (k * k * sigma * sigma) / 2)) as [number, number, number, number];
    expect(raw[0]).toBeCloseTo(10, 10);
    expect(Math.sqrt(raw[1] - raw[0] ** 2)).toBeCloseTo(4, 10);
    expectMoments(() => lognormal(u, mu, sigma), raw);
  });

  it("Pareto", () => {
    const [scale, shape] = [1.5, 9];
    const u = stream("pareto");
    const raw = [1, 2, 3, 4].map((k) => (shape * scale ** k) / (shape - k)) as [number, number, number, number];
    expectMoments(() => pareto(u, scale, shape), raw);
    const w = stream("pareto-min");
    for (let i = 0; i < 1000; i++) expect(pareto(w, scale, 1.1)).toBeGreaterThanOrEqual(scale);
  });

  it("Weibull, shapes 2 and 0.5", () => {
    const gammaOf: Record<number, number> = { 1.5: Math.sqrt(Math.PI) / 2, 2: 1, 2.5: (3 * Math.sqrt(Math.PI)) / 4, 3: 2, 5: 24, 7: 720, 9: 40320 };
    for (const shape of [2, 0.5]) {
      const scale = 3;
      const u = stream(`weibull-${shape}`);
      const raw = [1, 2, 3, 4].map((k) => scale ** k * gammaOf[1 + k / shape]) as [number, number, number, number];
      expectMoments(() => weibull(u, scale, shape), raw);
    }
  });

  it("discrete choice by weights: frequencies and moments", () => {
    const weights = [1, 0, 2, 3, 4];
    const dist = new Discrete(weights);
    const total = weights.reduce((a, b) => a + b, 0);
    const probabilities = weights.map((w) => w / total);
    probabilities.forEach((p, i) => expect(dist.probability(i)).toBeCloseTo(p, 12));
    const u = stream("discrete");
    expectFrequencies(() => dist.sample(u), new Map(probabilities.map((p, i) => [i, p] as [number, number]).filter(([, p]) => p > 0)));
    const v = stream("discrete-moments");
    expectMoments(() => dist.sample(v), discreteRaw([0, 1, 2, 3, 4], probabilities));
  });

  it("uniform choice, uniformInt and bernoulli", () => {
    const items = ["a", "b", "c", "d"];
    const u = stream("choice");
    const index = new Map(items.map((x, i) => [x, i] as [string, number]));
    expectFrequencies(() => index.get(choice(u, items)) as number, new Map(items.map((_, i) => [i, 0.25] as [number, number])));
    const v = stream("uniformInt");
    expectFrequencies(() => uniformInt(v, -1, 3), new Map([-1, 0, 1, 2, 3].map((k) => [k, 0.2] as [number, number])));
    const w = stream("bernoulli");
    expectFrequencies(() => (bernoulli(w, 0.3) ? 1 : 0), new Map([[1, 0.3], [0, 0.7]]));
  });

  it("Zipf over a small population: exact pmf frequencies and moments (s = 1, 1.2, 0.7, 0)", () => {
    for (const s of [1, 1.2, 0.7, 0]) {
      const n = 50;
      const weights = Array.from({ length: n }, (_, i) => (i + 1) ** -s);
      const total = weights.reduce((a, b) => a + b, 0);
      const probabilities = weights.map((w) => w / total);
      const zipf = new Zipf(n, s);
      const u = stream(`zipf-${s}`);
      expectFrequencies(() => zipf.sample(u), new Map(probabilities.map((p, i) => [i + 1, p] as [number, number])));
      const v = stream(`zipf-moments-${s}`);
      expectMoments(() => zipf.sample(v), discreteRaw(Array.from({ length: n }, (_, i) => i + 1), probabilities));
    }
  });

  it("Zipf over a million ranks: head frequencies and mean match the exact distribution", () => {
    const n = 1_000_000;
    const s = 1.1;
    let total = 0;
    for (let k = 1; k <= n; k++) total += k ** -s;
    const raw: [number, number, number, number] = [0, 0, 0, 0];
    for (let k = 1; k <= n; k++) {
      const p = k ** -s / total;
      raw[0] += p * k;
      raw[1] += p * k * k;
    }
    const zipf = new Zipf(n, s);
    const u = stream("zipf-large");
    const head = new Map<number, number>();
    for (let k = 1; k <= 5; k++) head.set(k, k ** -s / total);
    const counts = new Map<number, number>();
    let sum = 0;
    let outOfRange = 0;
    for (let i = 0; i < N; i++) {
      const k = zipf.sample(u);
      if (!(k >= 1 && k <= n && Number.isInteger(k))) outOfRange++;
      if (k <= 5) counts.set(k, (counts.get(k) ?? 0) + 1);
      sum += k;
    }
    expect(outOfRange).toBe(0);
    for (const [k, p] of head) expect(Math.abs((counts.get(k) ?? 0) / N - p)).toBeLessThanOrEqual(SIGMAS * Math.sqrt((p * (1 - p)) / N));
    const variance = raw[1] - raw[0] ** 2;
    expect(Math.abs(sum / N - raw[0])).toBeLessThanOrEqual(SIGMAS * Math.sqrt(variance / N));
  });

  it("rejects invalid parameters", () => {
    expect(() => new Discrete([])).toThrow(/no weights/);
    expect(() => new Discrete([0, 0])).toThrow(/sum to zero/);
    expect(() => new Discrete([1, -1])).toThrow(/weight #1/);
    expect(() => new Zipf(0, 1)).toThrow(/positive integer/);
    expect(() => new Zipf(10, -1)).toThrow(/exponent/);
    expect(() => choice(stream("x"), [])).toThrow(/no items/);
    expect(() => lognormalParams(0, 1)).toThrow(/> 0/);
  });
});
