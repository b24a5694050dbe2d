/**
 * mapPrior end to end: on the AS data the chosen beta mixture must reproduce the MAP sample it summarises
 * (mean, sd, and the whole CDF, evaluated with the regularised incomplete beta function, not with the
 * mixture module), the candidates must be ranked by their criterion, and the shrinkage estimates must
 * shrink. The normal and Poisson families give normal and gamma mixtures.
 */
import betainc from "@stdlib/math-base-special-betainc";
import gammainc from "@stdlib/math-base-special-gammainc";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { describe, expect, it } from "vitest";
import type { BetaMixture, GammaMixture, NormalMixture } from "../mixture/types.ts";
import { gMAP, toNaturalScale } from "./gmap.ts";
import { mapPrior } from "./mapPrior.ts";
import { pool } from "./sampleSummary.ts";

const AS_N = [107, 44, 51, 39, 139, 20, 78, 35];
const AS_R = [23, 12, 19, 9, 39, 6, 9, 10];
const AS = AS_N.map((n, j) => ({ study: `AS${j + 1}`, r: AS_R[j] as number, n }));

function betaMoments(m: BetaMixture): [number, number] {
  let mean = 0;
  let second = 0;
  for (const { w, a, b } of m.components) {
    const mu = a / (a + b);
    mean += w * mu;
    second += w * ((mu * (1 - mu)) / (a + b + 1) + mu * mu);
  }
  return [mean, Math.sqrt(second - mean * mean)];
}

describe("MAP prior of the AS placebo response rate", () => {
  const prior = mapPrior(AS, { family: "binomial", tauPrior: { distribution: "halfNormal", scale: 1 } });

  it("fits in well under 5 s with converged chains", () => {
    expect(prior.diagnostics.elapsedMs).toBeLessThan(5000);
    expect(prior.diagnostics.converged).toBe(true);
    expect(prior.diagnostics.warnings).toEqual([]);
  });

  it("the chosen beta mixture reproduces the sample's mean, sd and CDF", () => {
    expect(prior.mixture.family).toBe("beta");
    const [mean, sd] = betaMoments(prior.mixture);
    expect(Math.abs(mean / prior.summary.thetaNew.mean - 1)).toBeLessThan(0.005);
    expect(Math.abs(sd / prior.summary.thetaNew.sd - 1)).toBeLessThan(0.03);
    expect(prior.summary.thetaNew.mean).toBeGreaterThan(0.25);
    expect(prior.summary.thetaNew.mean).toBeLessThan(0.265);
    // Kolmogorov distance between the fitted mixture and the MAP draws
    const post = gMAP(AS, { family: "binomial", tauPrior: { distribution: "halfNormal", scale: 1 } });
    const draws = toNaturalScale("binomial", pool(post.thetaNew)).sort();
    let ks = 0;
    for (let i = 0; i < draws.length; i += 7) {
      const x = draws[i] as number;
      let F = 0;
      for (const { w, a, b } of prior.mixture.components) F += w * betainc(x, a, b);
      ks = Math.max(ks, Math.abs(F - (i + 0.5) / draws.length));
    }
    expect(ks).toBeLessThan(0.01);
    // the same seed gives the same draws as inside mapPrior
    expect(prior.summary.thetaNew.mean).toBeCloseTo(draws.reduce((s, v) => s + v, 0) / draws.length, 12);
  });

  it("candidates 1…4 are reported and the lowest criterion among the valid ones is chosen", () => {
    expect(prior.candidates.map((c) => c.components)).toEqual([1, 2, 3, 4]);
    const valid = prior.candidates.filter((c) => c.valid);
    const best = valid.reduce((b, c) => (c.criterion < b.criterion ? c : b));
    expect(prior.mixture).toEqual(best.mixture);
    expect(prior.settings.aicPenalty).toBe(6);
    for (const c of prior.candidates) expect(c.criterion - c.aic).toBeCloseTo(4 * c.df, 8);
  });

  it("summaries and shrinkage estimates are coherent", () => {
    const q = prior.summary.thetaNew.quantiles.map((x) => x.q);
    expect(q).toEqual([...q].sort((a, b) => a - b));
    expect(prior.summary.thetaNew.quantiles.map((x) => x.p)).toEqual([0.025, 0.25, 0.5, 0.75, 0.975]);
    expect(prior.summary.tau.mean).toBeGreaterThan(0.3);
    expect(prior.summary.tau.mean).toBeLessThan(0.45);
    expect(prior.studies.map((s) => s.study)).toEqual(AS.map((s) => s.study));
    const center = prior.summary.thetaNew.mean;
    for (const [j, s] of prior.studies.entries()) {
      expect(s.observed).toBe((AS_R[j] as number) / (AS_N[j] as number));
      expect(s.lower).toBeLessThan(s.median);
      expect(s.median).toBeLessThan(s.upper);
      // partial pooling: every estimate moves from the study's own rate towards the population
      expect(Math.abs(s.mean - center)).toBeLessThan(Math.abs(s.observed - center) + 1e-3);
    }
    expect(prior.settings).toMatchObject({
      family: "binomial",
      muPrior: { mean: 0, sd: 2 },
      chains: 4,
      warmup: 1000,
      draws: 2000,
      components: [1, 2, 3, 4],
      constrainBetaShapes: true,
    });
    // plain data: survives JSON unchanged
    expect(JSON.parse(JSON.stringify(prior))).toEqual(prior);
  });
});

const QUICK = { chains: 2, warmup: 300, draws: 600, seed: 4 };

describe("other families", () => {
  it("normal: a normal mixture carrying the reference scale sigma", () => {
    const studies = [
      { mean: 8.1, se: 0.9, n: 40 },
      { mean: 10.2, se: 1.1, n: 30 },
      { mean: 9.0, se: 0.7, n: 60 },
      { mean: 11.5, se: 1.3, n: 25 },
    ];
    const prior = mapPrior(studies, { family: "normal", ...QUICK, components: [1, 2] });
    const mix = prior.mixture as NormalMixture;
    expect(mix.family).toBe("normal");
    // RBesT's reference scale √(Σn / Σ se⁻²)
    const sigma = Math.sqrt(155 / studies.reduce((s, x) => s + 1 / x.se ** 2, 0));
    expect(mix.sigma).toBeCloseTo(sigma, 12);
    let mean = 0;
    for (const c of mix.components) mean += c.w * c.m;
    expect(Math.abs(mean - prior.summary.thetaNew.mean)).toBeLessThan(
      1e-3 * prior.summary.thetaNew.sd + 1e-9,
    );
    const median = prior.summary.thetaNew.quantiles[2]?.q as number;
    let F = 0;
    for (const c of mix.components) F += c.w * normalCdf(median, c.m, c.s);
    expect(Math.abs(F - 0.5)).toBeLessThan(0.01);
  });

  it("Poisson: a gamma mixture for the event rate", () => {
    const studies = [
      { events: 12, exposure: 40 },
      { events: 30, exposure: 95 },
      { events: 7, exposure: 30 },
      { events: 22, exposure: 60 },
    ];
    const prior = mapPrior(studies, {
      family: "poisson",
      ...QUICK,
      tauPrior: { distribution: "halfNormal", scale: 0.5 },
      components: [1, 2],
    });
    const mix = prior.mixture as GammaMixture;
    expect(mix.family).toBe("gamma");
    expect(mix.likelihood).toBe("poisson");
    let mean = 0;
    for (const c of mix.components) mean += (c.w * c.a) / c.b;
    expect(Math.abs(mean / prior.summary.thetaNew.mean - 1)).toBeLessThan(0.005);
    const median = prior.summary.thetaNew.quantiles[2]?.q as number;
    let F = 0;
    for (const c of mix.components) F += c.w * gammainc(median * c.b, c.a);
    expect(Math.abs(F - 0.5)).toBeLessThan(0.01);
    expect(prior.studies.map((s) => s.observed)).toEqual(studies.map((s) => s.events / s.exposure));
  });

  it("rejects quantile probabilities outside (0, 1)", () => {
    expect(() => mapPrior(AS, { family: "binomial", probs: [0.5, 1] })).toThrow(/probs: every probability/);
  });
});
