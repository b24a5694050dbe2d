/**
 * EM mixture fits against R: one-component maximum likelihood by optim on the log-likelihood written with
 * dbeta / dgamma (also with the box a, b ≥ 1 by L-BFGS-B); the multi-component fits checked by evaluating
 * their log-likelihood with R's densities and by letting optim (BFGS, from our solution) try to improve it —
 * a local maximum admits no improvement. Plus recovery of a known mixture and the AIC choice.
 */
import { expectClose, get, lazyR, mulberry32, reportObserved, round } from "@kakehashi/core/r-oracle";
import betaincinv from "@stdlib/math-base-special-betaincinv";
import digamma from "@stdlib/math-base-special-digamma";
import gammaincinv from "@stdlib/math-base-special-gammaincinv";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { afterAll, describe, expect, it } from "vitest";
import type { BetaMixture, GammaMixture, NormalMixture } from "../mixture/types.ts";
import { automixfit } from "./automixfit.ts";
import { betaShapesML, gammaShapeRateML, mixfit } from "./mixfit.ts";

type Draw = (u: number) => number;

/** Deterministic sample of a mixture by inversion; values rounded to 12 digits so R reads them exactly. */
function sample(seed: number, n: number, parts: [number, Draw][]): number[] {
  const rnd = mulberry32(seed);
  return Array.from({ length: n }, () => {
    let v = rnd();
    let k = 0;
    while (k < parts.length - 1 && v > (parts[k] as [number, Draw])[0]) {
      v -= (parts[k] as [number, Draw])[0];
      k++;
    }
    return round((parts[k] as [number, Draw])[1](Math.min(Math.max(rnd(), 1e-12), 1 - 1e-12)), 12);
  });
}
const beta =
  (a: number, b: number): Draw =>
  (u) =>
    betaincinv(u, a, b);
const gamma =
  (a: number, rate: number): Draw =>
  (u) =>
    gammaincinv(u, a) / rate;
const gauss =
  (m: number, s: number): Draw =>
  (u) =>
    m + s * normalQuantile(u, 0, 1);

const X = {
  beta1: sample(1, 2000, [[1, beta(3, 7)]]),
  betaLow: sample(2, 2000, [[1, beta(0.6, 2.5)]]),
  gamma1: sample(3, 2000, [[1, gamma(2.5, 4)]]),
  normal1: sample(4, 2000, [[1, gauss(10, 3)]]),
  beta2: sample(5, 4000, [
    [0.6, beta(20, 60)],
    [0.4, beta(3, 9)],
  ]),
  gamma2: sample(6, 4000, [
    [0.5, gamma(40, 100)],
    [0.5, gamma(4, 5)],
  ]),
  normal2: sample(7, 4000, [
    [0.7, gauss(0, 1)],
    [0.3, gauss(1, 4)],
  ]),
};

const FIT = {
  beta2: mixfit(X.beta2, { family: "beta", components: 2 }).mixture as BetaMixture,
  gamma2: mixfit(X.gamma2, { family: "gamma", components: 2 }).mixture as GammaMixture,
  normal2: mixfit(X.normal2, { family: "normal", components: 2, sigma: 1 }).mixture as NormalMixture,
};

const R_SCRIPT = `
x <- function(name) input(name)$x
ctl <- list(reltol = 1e-15, maxit = 10000)
fit1 <- function(nll, start, ...) {
  o <- optim(start, nll, control = ctl)
  o <- optim(o$par, nll, method = "BFGS", control = ctl, ...)
  o$par
}
b1 <- x("beta1")
emit("beta1", exp(fit1(function(p) -sum(dbeta(b1, exp(p[1]), exp(p[2]), log = TRUE)), c(0, 0))))
bl <- x("betaLow")
emit("betaLow", exp(fit1(function(p) -sum(dbeta(bl, exp(p[1]), exp(p[2]), log = TRUE)), c(0, 0))))
nllBox <- function(p) -sum(dbeta(bl, p[1], p[2], log = TRUE))
o <- optim(c(1.5, 3), nllBox, method = "L-BFGS-B", lower = c(1, 1), control = list(factr = 1, pgtol = 0, maxit = 10000))
emit("betaLowBox", o$par)
g1 <- x("gamma1")
emit("gamma1", exp(fit1(function(p) -sum(dgamma(g1, shape = exp(p[1]), rate = exp(p[2]), log = TRUE)), c(0, 0))))
n1 <- x("normal1")
emit("normal1", c(mean(n1), sqrt(mean((n1 - mean(n1))^2))))

# two-component mixtures: log-likelihood at our solution, and the best optim finds starting there
mixll <- function(dens, xs) function(p) {
  w <- plogis(p[1])
  -sum(log(w * dens(xs, exp(p[2]), exp(p[3])) + (1 - w) * dens(xs, exp(p[4]), exp(p[5]))))
}
check <- function(name, dens, par) {
  xs <- x(name)
  f <- mixll(dens, xs)
  o <- optim(par, f, method = "BFGS", control = ctl)
  emit(name, c(-f(par), -o$value))
}
fits <- input("fits")
par <- function(r) c(qlogis(r$w1), log(r$p11), log(r$p21), log(r$p12), log(r$p22))
check("beta2", function(x, a, b) dbeta(x, a, b), par(fits[1, ]))
check("gamma2", function(x, a, b) dgamma(x, shape = a, rate = b), par(fits[2, ]))
# normal: m is not positive, so it is passed as log(m + 100) and recovered
normDens <- function(x, m, s) dnorm(x, m - 100, s)
check("normal2", normDens, par(fits[3, ]))
`;

function parametersRow(m: BetaMixture | GammaMixture | NormalMixture): number[] {
  const c = m.components as { w: number; a?: number; b?: number; m?: number; s?: number }[];
  const first = c[0] as { w: number; a?: number; b?: number; m?: number; s?: number };
  const second = c[1] as { w: number; a?: number; b?: number; m?: number; s?: number };
  if (m.family === "normal") {
    return [
      first.w,
      (first.m as number) + 100,
      first.s as number,
      (second.m as number) + 100,
      second.s as number,
    ];
  }
  return [first.w, first.a as number, first.b as number, second.a as number, second.b as number];
}

const oracle = lazyR(R_SCRIPT, () => {
  const tables: Record<string, Record<string, number[]>> = {};
  for (const [k, v] of Object.entries(X)) tables[k] = { x: v };
  const rows = [FIT.beta2, FIT.gamma2, FIT.normal2].map(parametersRow);
  tables.fits = {
    w1: rows.map((r) => r[0] as number),
    p11: rows.map((r) => r[1] as number),
    p21: rows.map((r) => r[2] as number),
    p12: rows.map((r) => r[3] as number),
    p22: rows.map((r) => r[4] as number),
  };
  return tables;
});

afterAll(() => reportObserved("mixfit vs R"));

describe("one-component maximum likelihood agrees with R's optim", () => {
  it("beta(3, 7) sample", () => {
    const fit = mixfit(X.beta1, { family: "beta", components: 1 }).mixture as BetaMixture;
    const c = fit.components[0] as { a: number; b: number };
    expectClose([c.a, c.b], get(oracle(), "beta1"), 1e-6, "beta ML");
  });

  it("beta(0.6, 2.5) sample, unconstrained and with a, b ≥ 1", () => {
    const free = mixfit(X.betaLow, { family: "beta", components: 1, constrainBetaShapes: false })
      .mixture as BetaMixture;
    const c = free.components[0] as { a: number; b: number };
    expectClose([c.a, c.b], get(oracle(), "betaLow"), 1e-6, "beta ML, a < 1");
    const boxed = mixfit(X.betaLow, { family: "beta", components: 1 }).mixture as BetaMixture;
    const cb = boxed.components[0] as { a: number; b: number };
    expect(cb.a).toBe(1);
    expectClose([cb.a, cb.b], get(oracle(), "betaLowBox"), 1e-6, "beta ML in the box a, b ≥ 1");
  });

  it("gamma(2.5, 4) sample", () => {
    const fit = mixfit(X.gamma1, { family: "gamma", components: 1 }).mixture as GammaMixture;
    const c = fit.components[0] as { a: number; b: number };
    expectClose([c.a, c.b], get(oracle(), "gamma1"), 1e-6, "gamma ML");
    expect(fit.likelihood).toBe("poisson");
  });

  it("normal sample: mean and ML sd", () => {
    const fit = mixfit(X.normal1, { family: "normal", components: 1, sigma: 3 }).mixture as NormalMixture;
    const c = fit.components[0] as { m: number; s: number };
    expectClose([c.m, c.s], get(oracle(), "normal1"), 1e-12, "normal ML");
    expect(fit.sigma).toBe(3);
  });
});

describe("two-component EM reaches a maximum of the likelihood (R's densities, R's optim)", () => {
  for (const name of ["beta2", "gamma2", "normal2"] as const) {
    it(name, () => {
      const family = name === "beta2" ? "beta" : name === "gamma2" ? "gamma" : "normal";
      const fit = mixfit(X[name], { family, components: 2, sigma: 1 });
      const [llAtOurs, llBest] = get(oracle(), name) as [number, number];
      expectClose(fit.logLik, llAtOurs, 1e-10, `${name} log-likelihood`);
      // optim cannot improve on the EM solution beyond its own tolerance
      expect(llBest - llAtOurs).toBeLessThan(1e-3);
      expect(fit.valid).toBe(true);
    });
  }

  it("recovers the generating beta mixture", () => {
    const [big, small] = FIT.beta2.components as [
      { w: number; a: number; b: number },
      { w: number; a: number; b: number },
    ];
    expect(big.w).toBeCloseTo(0.6, 1);
    expect(big.a / 20).toBeGreaterThan(0.8);
    expect(big.a / 20).toBeLessThan(1.25);
    expect(big.a / (big.a + big.b)).toBeCloseTo(0.25, 2);
    expect(small.a / (small.a + small.b)).toBeCloseTo(0.25, 1);
    expect(small.a + small.b).toBeGreaterThan(9);
    expect(small.a + small.b).toBeLessThan(15);
  });
});

describe("automixfit chooses the number of components by penalised AIC", () => {
  it("a two-component sample gives two; a single beta gives one", () => {
    const two = automixfit(X.beta2, { family: "beta" });
    expect(two.best.components).toBe(2);
    expect(two.candidates.map((c) => c.components)).toEqual([1, 2, 3, 4]);
    for (const c of two.candidates) {
      expect(c.df).toBe(3 * c.components - 1);
      expect(c.aic).toBeCloseTo(-2 * c.logLik + 2 * c.df, 8);
      expect(c.criterion).toBeCloseTo(-2 * c.logLik + 6 * c.df, 8);
      expect(c.mixture.components.reduce((s, k) => s + k.w, 0)).toBeCloseTo(1, 12);
    }
    // more components never fit worse: each fit starts from the previous one
    for (let k = 1; k < 4; k++) {
      expect((two.candidates[k] as { logLik: number }).logLik).toBeGreaterThan(
        (two.candidates[k - 1] as { logLik: number }).logLik - 1e-6,
      );
    }
    expect(automixfit(X.beta1, { family: "beta" }).best.components).toBe(1);
    expect(automixfit(X.gamma2, { family: "gamma", components: [1, 2, 3] }).best.components).toBe(2);
  });

  it("the penalty matters: with k = 0 the largest mixture wins", () => {
    const fit = automixfit(X.beta1, { family: "beta", components: [1, 3], aicPenalty: 0 });
    expect(fit.best.components).toBe(3);
  });
});

describe("M-step solvers", () => {
  it("beta ML solves the score equations ψ(a) − ψ(a+b) = E log x, ψ(b) − ψ(a+b) = E log(1−x) from far starts", () => {
    const s1 = -1.3;
    const s2 = -0.35;
    for (const [a0, b0] of [
      [1, 1],
      [50, 3],
      [0.5, 200],
    ] as const) {
      const [a, b] = betaShapesML(s1, s2, a0, b0, 0);
      expect(digamma(a) - digamma(a + b)).toBeCloseTo(s1, 10);
      expect(digamma(b) - digamma(a + b)).toBeCloseTo(s2, 10);
    }
  });

  it("gamma ML: a constant sample has no finite solution", () => {
    expect(gammaShapeRateML(2, Math.log(2))[0]).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("bad input", () => {
  it("names the offending value or option", () => {
    expect(() => mixfit([0.2, 0.3, 1.2, ...X.beta1], { family: "beta", components: 1 })).toThrow(
      /sample\[2\]: a beta mixture needs values in \[0, 1\] \(got 1.2\)/,
    );
    expect(() => mixfit([1, -1, ...X.gamma1], { family: "gamma", components: 1 })).toThrow(
      /sample\[1\]: a gamma/,
    );
    expect(() => mixfit(X.beta1.slice(0, 12), { family: "beta", components: 2 })).toThrow(
      /too few for 2 components/,
    );
    expect(() => mixfit(X.beta1, { family: "beta", components: 0 })).toThrow(
      /components: must be an integer ≥ 1/,
    );
    expect(() => automixfit(X.beta1, { family: "beta", components: [1, 1] })).toThrow(/duplicates/);
    expect(() => automixfit(X.beta1, { family: "beta", aicPenalty: -1 })).toThrow(/aicPenalty/);
  });
});
