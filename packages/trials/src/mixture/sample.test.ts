import { Rng } from "@kakehashi/core/random";
import { describe, expect, it } from "vitest";
import { cdf } from "./cdf.ts";
import { betaMixture, gammaMixture, normalMixture } from "./construct.ts";
import { moments } from "./moments.ts";
import { drawBeta, drawGamma, sampleMixture } from "./sample.ts";
import type { Mixture } from "./types.ts";

const N = 100000;

/** sample mean and variance, and the Monte-Carlo SE of each (the variance's from the 4th moment) */
function summary(xs: ArrayLike<number>) {
  const n = xs.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += xs[i] as number;
  mean /= n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = (xs[i] as number) - mean;
    m2 += d * d;
    m4 += d * d * d * d;
  }
  const variance = m2 / (n - 1);
  m4 /= n;
  return {
    mean,
    variance,
    seMean: Math.sqrt(variance / n),
    seVariance: Math.sqrt((m4 - variance * variance) / n),
  };
}

function expectMoments(xs: ArrayLike<number>, mean: number, variance: number) {
  const s = summary(xs);
  expect(Math.abs(s.mean - mean)).toBeLessThan(4 * s.seMean);
  expect(Math.abs(s.variance - variance)).toBeLessThan(4 * s.seVariance);
}

/** Kolmogorov–Smirnov distance between the draws and a distribution function */
function ksDistance(xs: Float64Array, F: (x: number) => number): number {
  const sorted = Float64Array.from(xs).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = F(sorted[i] as number);
    d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
  }
  return d;
}

describe("random draws", () => {
  it("drawGamma: 10^5 draws have mean a/b and variance a/b² within 4 Monte-Carlo SEs, also for shape < 1", () => {
    const rng = new Rng(2024, 1);
    for (const [a, b] of [
      [0.3, 2],
      [1, 0.5],
      [2.5, 2],
      [50, 10],
    ] as const) {
      const xs = new Float64Array(N);
      for (let i = 0; i < N; i++) xs[i] = drawGamma(rng, a, b);
      expectMoments(xs, a / b, a / (b * b));
      expect(xs.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
    }
  });

  it("drawBeta: 10^5 draws have the Beta(a, b) mean and variance, even with tiny shapes", () => {
    const rng = new Rng(2024, 2);
    for (const [a, b] of [
      [0.2, 0.3],
      [2, 5],
      [500, 300],
      [0.001, 0.002],
    ] as const) {
      const xs = new Float64Array(N);
      for (let i = 0; i < N; i++) xs[i] = drawBeta(rng, a, b);
      const n = a + b;
      expectMoments(xs, a / n, (a * b) / (n * n * (n + 1)));
      expect(xs.every((x) => x >= 0 && x <= 1)).toBe(true);
    }
  });

  const mixtures: [string, Mixture][] = [
    [
      "beta",
      betaMixture([
        [0.7, 20, 40],
        [0.3, 0.5, 0.5],
      ]),
    ],
    [
      "normal",
      normalMixture(
        [
          [0.5, -1, 0.3],
          [0.5, 2, 1.5],
        ],
        1,
      ),
    ],
    [
      "gamma",
      gammaMixture(
        [
          [0.8, 5, 2],
          [0.2, 0.5, 0.2],
        ],
        "poisson",
      ),
    ],
  ];
  for (const [name, mix] of mixtures) {
    it(`sampleMixture (${name}): mean and variance within 4 SEs, and the draws follow the mixture cdf`, () => {
      const xs = sampleMixture(mix, N, new Rng(7, name.length));
      expect(xs).toBeInstanceOf(Float64Array);
      expect(xs.length).toBe(N);
      const m = moments(mix);
      expectMoments(xs, m.mean, m.variance);
      // KS critical value at the 0.1% level, on the first 20,000 draws
      const first = xs.subarray(0, 20000);
      expect(ksDistance(first, (x) => cdf(mix, x))).toBeLessThan(1.95 / Math.sqrt(first.length));
    });
  }

  it("is reproducible for a seed and rejects bad arguments", () => {
    const mix = betaMixture([[1, 2, 3]]);
    expect(sampleMixture(mix, 5, new Rng(1, 1))).toEqual(sampleMixture(mix, 5, new Rng(1, 1)));
    expect(sampleMixture(mix, 0, new Rng(1, 1)).length).toBe(0);
    expect(() => sampleMixture(mix, -1, new Rng(1, 1))).toThrow(/n \(number of draws\)/);
    expect(() => sampleMixture(mix, 2.5, new Rng(1, 1))).toThrow(/whole number/);
    expect(() => drawGamma(new Rng(1, 1), 0, 1)).toThrow(/shape/);
    expect(() => drawGamma(new Rng(1, 1), 1, -1)).toThrow(/rate/);
    expect(() => drawBeta(new Rng(1, 1), 1, Number.NaN)).toThrow(/b must be a positive/);
  });
});
