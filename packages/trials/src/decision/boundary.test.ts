import { expectClose, get, lazyR, reportObserved } from "@kakehashi/core/r-oracle";
import { afterAll, describe, expect, it } from "vitest";
import { betaMixture, gammaMixture, normalMixture, posterior } from "../mixture/index.ts";
import {
  criterionProbabilities1S,
  criterionProbabilities2S,
  decide1S,
  decide2S,
  decisionBoundary1S,
  decisionBoundary2S,
  decisionRule,
} from "./index.ts";

const upperDual = decisionRule([
  { probability: 0.975, threshold: 0, lowerTail: false },
  { probability: 0.5, threshold: 0.1, lowerTail: false },
]);
const robustControl = betaMixture([
  [0.8, 11, 32],
  [0.2, 1, 1],
]);
const treatment = betaMixture([[1, 0.5, 1]]);

const oracle = lazyR(`
# one-sample binomial, Beta(1, 1) prior, n = 30: success iff P(θ > 0.25) > 0.9 and P(θ > 0.35) > 0.5
y <- 0:30; ok <- pbeta(0.25, 1 + y, 1 + 30 - y, lower.tail = FALSE) > 0.9 & pbeta(0.35, 1 + y, 1 + 30 - y, lower.tail = FALSE) > 0.5
emit("binomialCritical", min(y[ok]))
# lower tail: P(θ ≤ 0.2) > 0.8 with Beta(0.5, 0.5), n = 50
y <- 0:50; ok <- pbeta(0.2, 0.5 + y, 0.5 + 50 - y) > 0.8
emit("binomialLowerCritical", max(y[ok]))
# Poisson, Gamma(2, 1) prior, exposure 10: P(θ ≤ 0.8) > 0.95 (a rate reduction), and P(θ > 1.5) > 0.9
y <- 0:200; emit("poissonLower", max(y[pgamma(0.8, 2 + y, rate = 1 + 10) > 0.95]))
emit("poissonUpper", min(y[pgamma(1.5, 2 + y, rate = 1 + 10, lower.tail = FALSE) > 0.9]))
# normal, mixture prior 0.7 N(0.2, 0.3) + 0.3 N(0, 2), sigma 1.5, n = 25: P(θ > 0.1) > 0.95
w <- c(0.7, 0.3); m <- c(0.2, 0); s <- c(0.3, 2); se <- 1.5 / 5
ptail <- function(xbar) {
  wn <- w * dnorm(xbar, m, sqrt(s^2 + se^2)); wn <- wn / sum(wn); v <- 1 / (1 / s^2 + 1 / se^2)
  sum(wn * pnorm(0.1, v * (m / s^2 + xbar / se^2), sqrt(v), lower.tail = FALSE))
}
emit("normalCritical", uniroot(function(x) ptail(x) - 0.95, c(-3, 3), tol = 1e-14)$root)
# two-sample binomial with single beta priors: treatment Beta(0.5, 1), n1 = 25; control Beta(11, 32), n2 = 15
pd <- function(A1, B1, A2, B2, d) {
  cut <- A2 / (A2 + B2)
  f <- function(x) dbeta(x, A2, B2) * pbeta(pmin(x + d, 1), A1, B1, lower.tail = FALSE)
  integrate(f, 0, cut, rel.tol = 1e-12, abs.tol = 0)$value + integrate(f, cut, 1, rel.tol = 1e-12, abs.tol = 0)$value
}
crit <- sapply(0:15, function(y2) {
  ok <- sapply(0:25, function(y1) pd(0.5 + y1, 1 + 25 - y1, 11 + y2, 32 + 15 - y2, 0) > 0.975 &&
                                  pd(0.5 + y1, 1 + 25 - y1, 11 + y2, 32 + 15 - y2, 0.1) > 0.5)
  if (any(ok)) min((0:25)[ok]) else 26
})
emit("twoSampleCritical", crit)
`);

afterAll(() => reportObserved("boundary"));

describe("one-sample boundaries", () => {
  it("binomial: the rule succeeds exactly on [lower, upper], for every count, robust mixture prior", () => {
    const rules = [
      upperDual,
      decisionRule({ probability: 0.9, threshold: 0.3, lowerTail: true }),
      // mixed tails: success on an interval of counts
      decisionRule([
        { probability: 0.8, threshold: 0.15, lowerTail: false },
        { probability: 0.8, threshold: 0.45, lowerTail: true },
      ]),
    ];
    for (const rule of rules) {
      const b = decisionBoundary1S(robustControl, 40, rule);
      if (b.kind === "normal") throw new Error("expected counts");
      for (let y = 0; y <= 40; y++) {
        expect(decide1S(rule, robustControl, { r: y, n: 40 }), `y = ${y}`).toBe(y >= b.lower && y <= b.upper);
      }
    }
    const interval = decisionBoundary1S(robustControl, 40, rules[2] as never);
    expect(interval.lower).toBeGreaterThan(0);
    expect(interval.upper).toBeLessThan(40);
    expect(Number.isNaN(interval.critical)).toBe(true);
  });

  it("binomial and Poisson critical counts equal R's (pbeta / pgamma decisions)", () => {
    const r = oracle();
    const b1 = decisionBoundary1S(
      betaMixture([[1, 1, 1]]),
      30,
      decisionRule([
        { probability: 0.9, threshold: 0.25, lowerTail: false },
        { probability: 0.5, threshold: 0.35, lowerTail: false },
      ]),
    );
    expect(b1.critical).toBe(get(r, "binomialCritical")[0]);
    const b2 = decisionBoundary1S(
      betaMixture([[1, 0.5, 0.5]]),
      50,
      decisionRule({ probability: 0.8, threshold: 0.2, lowerTail: true }),
    );
    expect(b2.critical).toBe(get(r, "binomialLowerCritical")[0]);
    expect(b2.lower).toBe(0);
    const g = gammaMixture([[1, 2, 1]], "poisson");
    const lower = decisionBoundary1S(
      g,
      10,
      decisionRule({ probability: 0.95, threshold: 0.8, lowerTail: true }),
    );
    expect(lower.critical).toBe(get(r, "poissonLower")[0]);
    const upper = decisionBoundary1S(
      g,
      10,
      decisionRule({ probability: 0.9, threshold: 1.5, lowerTail: false }),
    );
    expect(upper.critical).toBe(get(r, "poissonUpper")[0]);
    expect(upper.upper).toBe(Number.POSITIVE_INFINITY);
    // decided at y_c and y_c − 1
    expect(
      decide1S(decisionRule({ probability: 0.9, threshold: 1.5, lowerTail: false }), g, {
        events: upper.critical,
        exposure: 10,
      }),
    ).toBe(true);
    expect(
      decide1S(decisionRule({ probability: 0.9, threshold: 1.5, lowerTail: false }), g, {
        events: upper.critical - 1,
        exposure: 10,
      }),
    ).toBe(false);
  });

  it("an impossible rule has an empty region", () => {
    const b = decisionBoundary1S(
      betaMixture([[1, 1, 1]]),
      5,
      decisionRule({ probability: 0.999, threshold: 0.9, lowerTail: false }),
    );
    expect(b.lower).toBe(6);
    expect(b.critical).toBe(6);
    expect(b.lower > b.upper).toBe(true);
  });

  it("normal: critical sample mean of a mixture prior equals R's uniroot; single normal prior in closed form", () => {
    const r = oracle();
    const prior = normalMixture(
      [
        [0.7, 0.2, 0.3],
        [0.3, 0, 2],
      ],
      1.5,
    );
    const rule = decisionRule({ probability: 0.95, threshold: 0.1, lowerTail: false });
    const b = decisionBoundary1S(prior, 25, rule);
    expectClose(b.critical, get(r, "normalCritical")[0] as number, 1e-10, "normal critical mean");
    // single N(m0, s0): posterior mean (m0/s0² + x/se²)/(1/s0² + 1/se²) must be δ + z_c·sd
    const m0 = 0.5;
    const s0 = 0.4;
    const se = 2 / Math.sqrt(16);
    const single = normalMixture([[1, m0, s0]], 2);
    const precision = 1 / s0 ** 2 + 1 / se ** 2;
    const z = 1.6448536269514722; // qnorm(0.95)
    const expected = ((0.1 + z / Math.sqrt(precision)) * precision - m0 / s0 ** 2) * se ** 2;
    expectClose(decisionBoundary1S(single, 16, rule).critical, expected, 1e-12, "normal critical mean");
    // the probability at the critical mean is c
    expectClose(
      criterionProbabilities1S(rule, posterior(single, { mean: expected, n: 16 }))[0] as number,
      0.95,
      1e-13,
      "normal critical mean",
    );
  });

  it("refuses bad designs", () => {
    expect(() => decisionBoundary1S(robustControl, -3, upperDual)).toThrow(
      /sample size n must be a whole number/,
    );
    expect(() => decisionBoundary1S(robustControl, 2.5, upperDual)).toThrow(/whole number/);
    expect(() => decisionBoundary1S(gammaMixture([[1, 2, 1]], "exponential"), 10, upperDual)).toThrow(
      /poisson/,
    );
    expect(() => decisionBoundary1S(normalMixture([[1, 0, 1]], 1), 0, upperDual)).toThrow(/positive/);
  });
});

describe("two-sample boundaries", () => {
  it("binary, robust control prior: decided at y_c (success) and y_c − 1 (failure) for every control count", () => {
    const n1 = 30;
    const n2 = 15;
    const b = decisionBoundary2S(treatment, robustControl, n1, n2, upperDual);
    if (b.kind === "normal") throw new Error("expected counts");
    expect(b.maxControlCount).toBe(n2);
    for (let y2 = 0; y2 <= n2; y2++) {
      const yc = b.critical[y2] as number;
      if (yc <= n1)
        expect(decide2S(upperDual, treatment, robustControl, { r: yc, n: n1 }, { r: y2, n: n2 })).toBe(true);
      if (yc >= 1)
        expect(decide2S(upperDual, treatment, robustControl, { r: yc - 1, n: n1 }, { r: y2, n: n2 })).toBe(
          false,
        );
      if (y2 > 0) expect(yc).toBeGreaterThanOrEqual(b.critical[y2 - 1] as number);
    }
  });

  it("binary with single beta priors: critical treatment counts equal R's (integrate)", () => {
    const r = oracle();
    const b = decisionBoundary2S(betaMixture([[1, 0.5, 1]]), betaMixture([[1, 11, 32]]), 25, 15, upperDual);
    if (b.kind === "normal") throw new Error("expected counts");
    expect(Array.from(b.critical)).toEqual(get(r, "twoSampleCritical"));
  });

  it("lower-tail and logit rules: decided at the boundary", () => {
    const rules = [
      decisionRule({ probability: 0.9, threshold: 0.05, lowerTail: true }),
      decisionRule({ probability: 0.8, threshold: 0.5, lowerTail: false }, { link: "logit" }),
      decisionRule({ probability: 0.8, threshold: Math.log(1.3), lowerTail: false }, { link: "log" }),
    ];
    for (const rule of rules) {
      const b = decisionBoundary2S(treatment, robustControl, 20, 12, rule);
      if (b.kind === "normal") throw new Error("expected counts");
      for (let y2 = 0; y2 <= 12; y2++) {
        const lo = b.lower[y2] as number;
        const hi = b.upper[y2] as number;
        const at = (y1: number) =>
          decide2S(rule, treatment, robustControl, { r: y1, n: 20 }, { r: y2, n: 12 });
        if (lo <= hi) {
          expect(at(lo)).toBe(true);
          expect(at(hi)).toBe(true);
        }
        if (lo >= 1 && lo <= 20) expect(at(lo - 1)).toBe(false);
        if (hi >= -1 && hi < 20) expect(at(hi + 1)).toBe(false);
      }
    }
  });

  it("Poisson: decided at the boundary for every tabulated control count", () => {
    const g1 = gammaMixture([[1, 0.5, 0.1]], "poisson");
    const g2 = gammaMixture(
      [
        [0.8, 30, 20],
        [0.2, 1.5, 1],
      ],
      "poisson",
    );
    const rule = decisionRule([
      { probability: 0.95, threshold: 0, lowerTail: true },
      { probability: 0.5, threshold: -0.3, lowerTail: true },
    ]);
    const b = decisionBoundary2S(g1, g2, 12, 8, rule, { maxControlCount: 30 });
    if (b.kind === "normal") throw new Error("expected counts");
    expect(b.lower.length).toBe(31);
    for (let y2 = 0; y2 <= 30; y2++) {
      const yc = b.critical[y2] as number;
      const at = (y1: number) =>
        decide2S(rule, g1, g2, { events: y1, exposure: 12 }, { events: y2, exposure: 8 });
      if (yc >= 0) expect(at(yc)).toBe(true);
      expect(at(yc + 1)).toBe(false);
    }
  });

  it("normal: the probability equals c on the boundary; closed form for single normal priors", () => {
    const rule = decisionRule([
      { probability: 0.975, threshold: 0, lowerTail: false },
      { probability: 0.5, threshold: 0.3, lowerTail: false },
    ]);
    const p1 = normalMixture([[1, 0, 10]], 1);
    const mix2 = normalMixture(
      [
        [0.8, 0.1, 0.15],
        [0.2, 0, 1],
      ],
      1,
    );
    const b = decisionBoundary2S(p1, mix2, 40, 20, rule);
    if (b.kind !== "normal") throw new Error("expected normal");
    expect(b.linear).toBeUndefined();
    for (const m2 of [-0.5, 0, 0.1, 0.4, 1.2]) {
      const { lower } = b.region(m2);
      const probs = criterionProbabilities2S(
        rule,
        posterior(p1, { mean: lower, n: 40 }),
        posterior(mix2, { mean: m2, n: 20 }),
      );
      // the binding criterion sits at c, the other above it
      const gaps = probs.map((p, i) => p - (rule.criteria[i]?.probability as number));
      expect(Math.min(...gaps.map(Math.abs))).toBeLessThan(1e-12);
      expect(Math.min(...gaps)).toBeGreaterThan(-1e-12);
    }
    const single2 = normalMixture([[1, 0.1, 0.15]], 1);
    const lin = decisionBoundary2S(p1, single2, 40, 20, rule);
    if (lin.kind !== "normal" || !lin.linear) throw new Error("expected a linear boundary");
    for (const m2 of [-0.5, 0.2, 0.9]) {
      const { lower } = lin.region(m2);
      const probs = criterionProbabilities2S(
        rule,
        posterior(p1, { mean: lower, n: 40 }),
        posterior(single2, { mean: m2, n: 20 }),
      );
      const gaps = probs.map((p, i) => p - (rule.criteria[i]?.probability as number));
      expect(Math.min(...gaps.map(Math.abs))).toBeLessThan(1e-12);
    }
  });

  it("refuses mismatched or bad designs", () => {
    expect(() => decisionBoundary2S(treatment, normalMixture([[1, 0, 1]], 1), 10, 10, upperDual)).toThrow(
      /same family/,
    );
    expect(() => decisionBoundary2S(treatment, robustControl, 10, 0, upperDual)).toThrow(
      /control \(arm 2\) sample size n/,
    );
    const g = gammaMixture([[1, 2, 1]], "poisson");
    expect(() => decisionBoundary2S(g, g, 1, 1, upperDual, { maxControlCount: -1 })).toThrow(
      /maxControlCount/,
    );
  });
});
