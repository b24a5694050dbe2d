import { get, lazyR } from "@kakehashi/core/r-oracle";
import { Rng } from "@kakehashi/core/random";
import { describe, expect, it } from "vitest";
import { drawBinomial, drawPoisson } from "./draw.ts";

// Each case exercises one branch: inversion (n·p < 30), BTPE near and far from the mode (its
// squeezes and Stirling bound), the p > 0.5 reflection; Poisson inversion (< 10) and PTRS.
const BINOMIAL: [n: number, p: number][] = [
  [20, 0.3],
  [1000, 0.02],
  [75, 0.4],
  [100, 0.5],
  [5000, 0.37],
  [400, 0.85],
  [100000, 0.001],
];
const POISSON = [0.7, 9.99, 10, 45, 1234.5];
const DRAWS = 200_000;

const oracle = lazyR(`
${BINOMIAL.map(([n, p], i) => `emit("binom${i}", dbinom(0:${n}, ${n}, ${p}))`).join("\n")}
${POISSON.map((m, i) => `k <- qpois(1 - 1e-13, ${m}); emit("pois${i}", c(dpois(0:(k - 1), ${m}), ppois(k - 1, ${m}, lower.tail = FALSE)))`).join("\n")}
emit("qchisq", qchisq(1 - 1e-4, 1:2000))
`);

/** Pearson's statistic with adjacent cells pooled until each expects ≥ 10 draws. */
function chiSquare(counts: Float64Array, pmf: readonly number[], draws: number): { x2: number; df: number } {
  const tail = new Float64Array(pmf.length + 1);
  for (let k = pmf.length - 1; k >= 0; k--) tail[k] = (tail[k + 1] as number) + (pmf[k] as number);
  let x2 = 0;
  let cells = 0;
  let observed = 0;
  let expected = 0;
  for (let k = 0; k < pmf.length; k++) {
    observed += counts[k] ?? 0;
    expected += (pmf[k] as number) * draws;
    const restExpected = (tail[k + 1] as number) * draws;
    if ((expected >= 10 && restExpected >= 10) || k === pmf.length - 1) {
      x2 += ((observed - expected) * (observed - expected)) / expected;
      cells++;
      observed = 0;
      expected = 0;
    }
  }
  return { x2, df: cells - 1 };
}

describe("exact variates (vs R's dbinom / dpois, Pearson χ² at level 1e-4)", () => {
  it.each(BINOMIAL.map((c, i) => [i, ...c] as const))("binomial case %i: n = %i, p = %f", (i, n, p) => {
    const pmf = get(oracle(), `binom${i}`);
    const rng = new Rng(20250101, i);
    const counts = new Float64Array(n + 1);
    let sum = 0;
    let invalid = 0;
    for (let d = 0; d < DRAWS; d++) {
      const x = drawBinomial(rng, n, p);
      if (!(Number.isInteger(x) && x >= 0 && x <= n)) invalid++;
      else counts[x] = (counts[x] as number) + 1;
      sum += x;
    }
    expect(invalid).toBe(0);
    const { x2, df } = chiSquare(counts, pmf, DRAWS);
    const critical = get(oracle(), "qchisq")[df - 1] as number;
    expect(x2, `χ² ${x2.toFixed(1)} on ${df} df`).toBeLessThan(critical);
    const mcse = Math.sqrt((n * p * (1 - p)) / DRAWS);
    expect(Math.abs(sum / DRAWS - n * p)).toBeLessThan(4 * mcse);
  });

  it.each(POISSON.map((m, i) => [i, m] as const))("Poisson case %i: mean %f", (i, mean) => {
    const pmf = get(oracle(), `pois${i}`);
    const rng = new Rng(20250102, i);
    const counts = new Float64Array(pmf.length);
    let sum = 0;
    let invalid = 0;
    for (let d = 0; d < DRAWS; d++) {
      const x = drawPoisson(rng, mean);
      if (!(Number.isInteger(x) && x >= 0)) invalid++;
      // the last cell holds the upper tail
      const cell = Math.min(x, pmf.length - 1);
      counts[cell] = (counts[cell] as number) + 1;
      sum += x;
    }
    expect(invalid).toBe(0);
    const { x2, df } = chiSquare(counts, pmf, DRAWS);
    const critical = get(oracle(), "qchisq")[df - 1] as number;
    expect(x2, `χ² ${x2.toFixed(1)} on ${df} df`).toBeLessThan(critical);
    expect(Math.abs(sum / DRAWS - mean)).toBeLessThan(4 * Math.sqrt(mean / DRAWS));
  });

  it("detects a wrong distribution (the χ² check has power)", () => {
    // Binomial(100, 0.5) draws tested against the pmf of Binomial(100, 0.51)
    const pmf = get(oracle(), "binom3").map((_, k) => {
      let logp = 0;
      for (let j = 1; j <= 100; j++) logp += Math.log(j);
      for (let j = 1; j <= k; j++) logp -= Math.log(j);
      for (let j = 1; j <= 100 - k; j++) logp -= Math.log(j);
      return Math.exp(logp + k * Math.log(0.51) + (100 - k) * Math.log(0.49));
    });
    const rng = new Rng(7, 7);
    const counts = new Float64Array(101);
    for (let d = 0; d < DRAWS; d++) {
      const x = drawBinomial(rng, 100, 0.5);
      counts[x] = (counts[x] as number) + 1;
    }
    const { x2, df } = chiSquare(counts, pmf, DRAWS);
    expect(x2).toBeGreaterThan(get(oracle(), "qchisq")[df - 1] as number);
  });

  it("handles the edges and rejects bad parameters", () => {
    const rng = new Rng(1, 1);
    expect(drawBinomial(rng, 0, 0.3)).toBe(0);
    expect(drawBinomial(rng, 10, 0)).toBe(0);
    expect(drawBinomial(rng, 10, 1)).toBe(10);
    expect(drawPoisson(rng, 0)).toBe(0);
    expect(() => drawBinomial(rng, -1, 0.3)).toThrow(/n must be a non-negative integer/);
    expect(() => drawBinomial(rng, 10, 1.5)).toThrow(/p must lie in \[0, 1\]/);
    expect(() => drawPoisson(rng, Number.NaN)).toThrow(/mean must be finite/);
  });
});
