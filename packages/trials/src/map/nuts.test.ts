/**
 * NUTS on targets with known answers: a correlated Gaussian with scales four orders of magnitude apart
 * (tests the diagonal metric adaptation and the U-turn criterion) and a skewed log-gamma target; plus
 * Stan's warmup window schedule.
 */
import { Rng } from "@kakehashi/core/random";
import gammainc from "@stdlib/math-base-special-gammainc";
import { describe, expect, it } from "vitest";
import { essBasic, mcseMean, rhat, splitChains } from "./convergence.ts";
import { adaptationWindows, type LogDensityTarget, sampleNuts } from "./nuts.ts";

/** Mean of all chains' draws pooled. */
function poolMean(chains: readonly Float64Array[]): number {
  let s = 0;
  let n = 0;
  for (const c of chains) {
    for (const v of c) s += v;
    n += c.length;
  }
  return s / n;
}

const OPTIONS = { warmup: 500, draws: 1000, thin: 1, adaptDelta: 0.8, maxTreeDepth: 10 };

function column(draws: Float64Array, dim: number, k: number): Float64Array {
  const n = draws.length / dim;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = draws[i * dim + k] as number;
  return out;
}

describe("Stan's windowed adaptation schedule", () => {
  it("1000 warmup iterations: 75 fast, slow windows 25, 50, 100, 200, 500, 50 fast", () => {
    expect(adaptationWindows(1000)).toEqual([
      [75, 99],
      [100, 149],
      [150, 249],
      [250, 449],
      [450, 949],
    ]);
  });
  it("short warmups use 15 % / 75 % / 10 %; below 20 there is no metric adaptation", () => {
    expect(adaptationWindows(150)).toEqual([[75, 99]]);
    expect(adaptationWindows(100)).toEqual([[15, 89]]);
    expect(adaptationWindows(300)).toEqual([
      [75, 99],
      [100, 149],
      [150, 249],
    ]);
    expect(adaptationWindows(19)).toEqual([]);
  });
});

describe("NUTS samples known distributions", () => {
  it("correlated Gaussian with sds 0.01, 1, 100: means, variances and correlation within Monte-Carlo error", () => {
    const mean = [1, -2, 50];
    const sd = [0.01, 1, 100];
    const [s1, s2] = [1, 100];
    const corr = 0.9; // between coordinates 1 and 2
    // precision matrix of the (1, 2) block: inverse of [[s1², c s1 s2], [c s1 s2, s2²]]
    const det = s1 ** 2 * s2 ** 2 * (1 - corr * corr);
    const p11 = s2 ** 2 / det;
    const p22 = s1 ** 2 / det;
    const p12 = (-corr * s1 * s2) / det;
    const target: LogDensityTarget = {
      dim: 3,
      logDensity(q, g) {
        const d0 = (q[0] as number) - 1;
        const d1 = (q[1] as number) + 2;
        const d2 = (q[2] as number) - 50;
        g[0] = -d0 / 1e-4;
        g[1] = -(p11 * d1 + p12 * d2);
        g[2] = -(p12 * d1 + p22 * d2);
        return -0.5 * (d0 * d0 * 1e4 + p11 * d1 * d1 + 2 * p12 * d1 * d2 + p22 * d2 * d2);
      },
    };
    const chains = [0, 1, 2, 3].map((c) =>
      sampleNuts(target, new Float64Array([0, 0, 0]), new Rng(42, c), OPTIONS),
    );
    for (const ch of chains) expect(ch.divergences).toBe(0);
    for (let k = 0; k < 3; k++) {
      const xs = chains.map((ch) => column(ch.draws, 3, k));
      expect(rhat(xs)).toBeLessThan(1.01);
      const m = poolMean(xs);
      expect(Math.abs(m - (mean[k] as number)) / mcseMean(xs), `mean ${k}`).toBeLessThan(4);
      // variance: MCSE of the mean of (x − μ)² from its own ESS
      const sq = xs.map((x) => x.map((v) => (v - (mean[k] as number)) ** 2));
      const variance = poolMean(sq);
      expect(Math.abs(variance - (sd[k] as number) ** 2) / mcseMean(sq), `variance ${k}`).toBeLessThan(4);
      // the adapted metric has learnt the scale
      for (const ch of chains) {
        const ratio = (ch.inverseMetric[k] as number) / (sd[k] as number) ** 2;
        expect(ratio).toBeGreaterThan(0.6);
        expect(ratio).toBeLessThan(1.6);
      }
    }
    const x1 = chains.map((ch) => column(ch.draws, 3, 1));
    const x2 = chains.map((ch) => column(ch.draws, 3, 2));
    let c12 = 0;
    let n = 0;
    for (let c = 0; c < 4; c++) {
      for (let i = 0; i < 1000; i++) {
        c12 += (((x1[c] as Float64Array)[i] as number) + 2) * (((x2[c] as Float64Array)[i] as number) - 50);
        n++;
      }
    }
    expect(c12 / n / 100).toBeCloseTo(corr, 1);
  });

  it("skewed target: log of a Gamma(3, 1) variable — CDF at fixed points within Monte-Carlo error", () => {
    // x = log y, y ~ Gamma(3, 1): log p(x) = 3x − eˣ
    const target: LogDensityTarget = {
      dim: 1,
      logDensity(q, g) {
        const x = q[0] as number;
        g[0] = 3 - Math.exp(x);
        return 3 * x - Math.exp(x);
      },
    };
    const chains = [0, 1, 2, 3].map((c) =>
      sampleNuts(target, new Float64Array([c - 1.5]), new Rng(7, c), OPTIONS),
    );
    const xs = chains.map((ch) => ch.draws);
    for (const y of [1, 2, 3, 6]) {
      const ind = xs.map((x) => x.map((v) => (Math.exp(v) <= y ? 1 : 0)));
      const p = poolMean(ind);
      const exact = gammainc(y, 3);
      const mcse = Math.sqrt((exact * (1 - exact)) / essBasic(splitChains(ind)));
      expect(Math.abs(p - exact) / mcse, `P(Y ≤ ${y})`).toBeLessThan(4);
    }
  });

  it("the same (seed, stream) gives the same chain", () => {
    const target: LogDensityTarget = {
      dim: 2,
      logDensity(q, g) {
        g[0] = -(q[0] as number);
        g[1] = -(q[1] as number);
        return -0.5 * ((q[0] as number) ** 2 + (q[1] as number) ** 2);
      },
    };
    const o = { ...OPTIONS, warmup: 50, draws: 20 };
    const a = sampleNuts(target, new Float64Array(2), new Rng(1, 3), o);
    const b = sampleNuts(target, new Float64Array(2), new Rng(1, 3), o);
    const c = sampleNuts(target, new Float64Array(2), new Rng(1, 4), o);
    expect(Array.from(a.draws)).toEqual(Array.from(b.draws));
    expect(Array.from(a.draws)).not.toEqual(Array.from(c.draws));
  });

  it("an impossible starting point is rejected", () => {
    const target: LogDensityTarget = { dim: 1, logDensity: () => Number.NEGATIVE_INFINITY };
    expect(() => sampleNuts(target, new Float64Array(1), new Rng(1, 1), OPTIONS)).toThrow(/initial point/);
  });
});
