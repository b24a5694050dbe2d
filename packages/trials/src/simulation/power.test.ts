/**
 * Single-analysis designs (and one Bayesian two-stage design) against exact operating characteristics
 * computed independently in R: sums over the whole binomial outcome space, the noncentral t, and
 * normal integrals.
 */
import { expectClose, get, lazyR, reportObserved } from "@kakehashi/core/r-oracle";
import { afterAll, describe, expect, it } from "vitest";
import { betaMixture } from "../mixture/index.ts";
import { expectWithinMcse, reportMcse } from "./monteCarloCheck.ts";
import { PosteriorBenefit } from "./posteriorProbability.ts";
import { simulateScenarios, simulateTrials } from "./simulateTrials.ts";
import type { VirtualTrialSpecInput } from "./spec.ts";

const CRIT = 1.959963984540054; // qnorm(0.975)
const TRIALS = 20_000;
const SEED = 20240601;

const oracle = lazyR(`
crit <- ${CRIT}
# pooled two-proportion z test, z undefined (no rejection) when all or no patients respond
power2 <- function(n0, n1, p0, p1) {
  if (n0 == 0 || n1 == 0) return(0)
  X0 <- matrix(0:n0, n0 + 1, n1 + 1); X1 <- matrix(0:n1, n0 + 1, n1 + 1, byrow = TRUE)
  pb <- (X0 + X1) / (n0 + n1)
  z <- (X1 / n1 - X0 / n0) / sqrt(pb * (1 - pb) * (1 / n0 + 1 / n1))
  P <- outer(dbinom(0:n0, n0, p0), dbinom(0:n1, n1, p1))
  sum(P[is.finite(z) & z >= crit])
}
emit("blocks_alt", power2(60, 60, 0.3, 0.5))
emit("blocks_null", power2(60, 60, 0.3, 0.3))
s <- 0; for (n1 in 0:120) s <- s + dbinom(n1, 120, 0.5) * power2(120 - n1, n1, 0.3, 0.5)
emit("simple_alt", s)
# 20% of outcomes missing: observed counts per arm are Binomial(60, 0.8)
q <- dbinom(0:60, 60, 0.8); s <- 0
for (a in 0:60) for (b in 0:60) if (q[a + 1] * q[b + 1] > 1e-14) s <- s + q[a + 1] * q[b + 1] * power2(a, b, 0.3, 0.5)
emit("dropout_alt", s)

# Student t test, 20 per arm, effect 0.8 sd, at the nominal level 1 - pnorm(crit)
emit("t_power", pt(qt(pnorm(crit), 38), 38, ncp = 0.8 / sqrt(2 / 20), lower.tail = FALSE))
# known-sd z test, allocation 2 : 1 (60 control, 30 treatment), sds 1 and 1.5, effect 0.6
emit("z21_power", pnorm(crit - 0.6 / sqrt(1 / 60 + 1.5^2 / 30), lower.tail = FALSE))
# three arms sharing a control, 60 each, sd 1, means 0, 0.3, 0.5: per-arm and any-arm success
d <- c(0.3, 0.5)
emit("arm_power", pnorm(crit - d / sqrt(2 / 60), lower.tail = FALSE))
none <- integrate(function(u) dnorm(u) * pnorm(sqrt(2) * crit - d[1] * sqrt(60) + u) *
  pnorm(sqrt(2) * crit - d[2] * sqrt(60) + u), -Inf, Inf, rel.tol = 1e-12)$value
emit("any_power", 1 - none)

# Bayesian, normal endpoint with known sigma 1, N(0, 10^2) priors, 30 per arm, P(theta1 - theta0 > 0) > 0.95
n <- 30; k <- n + 1 / 100
thr <- qnorm(0.95) * sqrt(2 / k) * k / n
emit("bayes_normal", pnorm((thr - 0.5) / sqrt(2 / n), lower.tail = FALSE))

# Bayesian binary, two stages of 15 per arm: control prior 0.7 Beta(6, 14) + 0.3 Beta(1, 1), treatment
# Beta(1, 1); efficacy P(theta1 - theta0 > 0.05) > 0.99 at the interim, > 0.9 at the end; futility
# P(theta1 - theta0 > 0) < 0.2 at the interim
pc <- list(w = c(0.7, 0.3), a = c(6, 1), b = c(14, 1)); pt1 <- list(w = 1, a = 1, b = 1)
post <- function(pr, r, n) {
  lw <- log(pr$w) + lbeta(pr$a + r, pr$b + n - r) - lbeta(pr$a, pr$b)
  w <- exp(lw - max(lw)); list(w = w / sum(w), a = pr$a + r, b = pr$b + n - r)
}
benefit <- function(r0, n0, r1, n1, delta) {
  p0 <- post(pc, r0, n0); p1 <- post(pt1, r1, n1)
  f <- function(t) {
    d0 <- 0; for (k in seq_along(p0$w)) d0 <- d0 + p0$w[k] * dbeta(t, p0$a[k], p0$b[k])
    s1 <- 0; for (k in seq_along(p1$w)) s1 <- s1 + p1$w[k] * pbeta(pmin(t + delta, 1), p1$a[k], p1$b[k], lower.tail = FALSE)
    d0 * s1
  }
  integrate(f, 0, 1 - delta, rel.tol = 1e-12, abs.tol = 0, subdivisions = 1000)$value
}
grid <- function(n, delta) outer(0:n, 0:n, Vectorize(function(r0, r1) benefit(r0, n, r1, n, delta)))
eff1 <- grid(15, 0.05); fut1 <- grid(15, 0); eff2 <- grid(30, 0.05)
emit("bayes_eff1", eff1); emit("bayes_fut1", fut1); emit("bayes_eff2", eff2)
q0 <- dbinom(0:15, 15, 0.3); q1 <- dbinom(0:15, 15, 0.55)
P1 <- outer(q0, q1)
stopE <- eff1 > 0.99; stopF <- !stopE & fut1 < 0.2; go <- !stopE & !stopF
E2 <- (eff2 > 0.9) * 1; Q <- outer(q0, q1); final <- 0
for (i in 0:15) for (j in 0:15) if (go[i + 1, j + 1]) final <- final + P1[i + 1, j + 1] * sum(Q * E2[i + 1:16, j + 1:16])
emit("bayes_binary", c(sum(P1[stopE]), sum(P1[stopF]), final))
`);

const twoArm = { arms: [{ name: "control" }, { name: "treatment" }], accrual: { ratePerMonth: 20 } };

describe("fixed designs vs exact power (R, within 4 Monte-Carlo standard errors)", () => {
  afterAll(() => {
    reportMcse("simulation/power");
    reportObserved("simulation/power");
  });

  it("(a) binary endpoint, pooled z test: power and size summed over the binomial outcome space", async () => {
    const spec: VirtualTrialSpecInput = {
      ...twoArm,
      maxSampleSize: 120,
      endpoint: { type: "binary", rates: [0.3, 0.5] },
      analysis: { efficacy: [CRIT] },
    };
    const rows = await simulateScenarios(
      spec,
      [{ name: "alternative" }, { name: "null", endpoint: { rates: [0.3, 0.3] } }],
      { trials: TRIALS, seed: SEED, workers: 0 },
    );
    const simple = await simulateTrials(
      { ...spec, randomization: "simple" },
      { trials: TRIALS, seed: SEED, workers: 0 },
    );
    // lower is better: the control responds at 0.5, the treatment at 0.3, mirror image of the alternative
    const lower = await simulateTrials(
      { ...spec, endpoint: { type: "binary", rates: [0.5, 0.3], betterWhen: "lower" } },
      { trials: TRIALS, seed: SEED + 1, workers: 0 },
    );
    const dropout = await simulateTrials(
      { ...spec, dropout: { probability: 0.2 } },
      { trials: TRIALS, seed: SEED, workers: 0 },
    );
    const out = oracle();
    const [alt, nul] = rows.map((r) => r.characteristics);
    expectWithinMcse(
      alt?.success.estimate as number,
      get(out, "blocks_alt")[0] as number,
      { trials: TRIALS },
      "binary power, blocks",
    );
    expectWithinMcse(
      nul?.success.estimate as number,
      get(out, "blocks_null")[0] as number,
      { trials: TRIALS },
      "binary size, blocks",
    );
    expectWithinMcse(
      lower.success.estimate,
      get(out, "blocks_alt")[0] as number,
      { trials: TRIALS },
      "binary power, lower is better",
    );
    expectWithinMcse(
      simple.success.estimate,
      get(out, "simple_alt")[0] as number,
      { trials: TRIALS },
      "binary power, simple randomisation",
    );
    expectWithinMcse(
      dropout.success.estimate,
      get(out, "dropout_alt")[0] as number,
      { trials: TRIALS },
      "binary power, 20% missing",
    );
    // blocks give exactly 60 per arm; 20% missing leaves 96 analysed patients on average
    expect(alt?.treatments[0]?.sampleSize.estimate).toBe(60);
    expect(alt?.controlSampleSize.estimate).toBe(60);
    expectWithinMcse(
      dropout.analysedPatients?.estimate as number,
      96,
      dropout.analysedPatients as { mcse: number },
      "analysed patients, 20% missing",
    );
    expect(alt?.treatments[0]?.trueEffect).toBeCloseTo(0.2, 14);
    expectWithinMcse(
      alt?.treatments[0]?.meanEstimate.estimate as number,
      0.2,
      alt?.treatments[0]?.meanEstimate as { mcse: number },
      "rate difference estimate",
    );
  });

  it("normal endpoint: Student t test (noncentral t), z test with 2 : 1 allocation and unequal sds", async () => {
    const t = await simulateTrials(
      {
        ...twoArm,
        maxSampleSize: 40,
        endpoint: { type: "normal", means: [0, 0.8], sds: 1 },
        analysis: { efficacy: [CRIT], test: "t" },
      },
      { trials: TRIALS, seed: SEED, workers: 0 },
    );
    const z = await simulateTrials(
      {
        arms: [{ name: "control", allocation: 2 }, { name: "treatment" }],
        accrual: { ratePerMonth: 20 },
        maxSampleSize: 90,
        endpoint: { type: "normal", means: [1, 1.6], sds: [1, 1.5] },
        analysis: { efficacy: [CRIT] },
      },
      { trials: TRIALS, seed: SEED, workers: 0 },
    );
    const out = oracle();
    expectWithinMcse(
      t.success.estimate,
      get(out, "t_power")[0] as number,
      { trials: TRIALS },
      "t test power",
    );
    expectWithinMcse(
      z.success.estimate,
      get(out, "z21_power")[0] as number,
      { trials: TRIALS },
      "z test power, 2:1",
    );
    expect(z.controlSampleSize.estimate).toBe(60);
    expect(z.treatments[0]?.sampleSize.estimate).toBe(30);
  });

  it("three arms sharing a control: per-arm power and P(any arm succeeds)", async () => {
    const oc = await simulateTrials(
      {
        arms: [{ name: "control" }, { name: "low dose" }, { name: "high dose" }],
        accrual: { ratePerMonth: 30 },
        maxSampleSize: 180,
        endpoint: { type: "normal", means: [0, 0.3, 0.5], sds: 1 },
        analysis: { efficacy: [CRIT] },
      },
      { trials: TRIALS, seed: SEED, workers: 0 },
    );
    const out = oracle();
    const [low, high] = get(out, "arm_power");
    expectWithinMcse(
      oc.treatments[0]?.success.estimate as number,
      low as number,
      { trials: TRIALS },
      "3 arms: low dose power",
    );
    expectWithinMcse(
      oc.treatments[1]?.success.estimate as number,
      high as number,
      { trials: TRIALS },
      "3 arms: high dose power",
    );
    expectWithinMcse(
      oc.success.estimate,
      get(out, "any_power")[0] as number,
      { trials: TRIALS },
      "3 arms: any arm",
    );
  });

  it("Bayesian rule, normal endpoint with known sigma: P(θ₁ − θ₀ > 0 | data) > 0.95", async () => {
    const prior = { family: "normal", sigma: 1, components: [{ w: 1, m: 0, s: 10 }] };
    const oc = await simulateTrials(
      {
        ...twoArm,
        maxSampleSize: 60,
        endpoint: { type: "normal", means: [0, 0.5], sds: 1 },
        analysis: { efficacy: { type: "posterior", thresholds: 0.95 }, priors: prior },
      },
      { trials: TRIALS, seed: SEED, workers: 0 },
    );
    expectWithinMcse(
      oc.success.estimate,
      get(oracle(), "bayes_normal")[0] as number,
      { trials: TRIALS },
      "Bayesian normal",
    );
  });

  it("Bayesian rules, binary endpoint with a mixture prior, interim efficacy and futility", async () => {
    const priors = [
      {
        family: "beta",
        components: [
          { w: 0.7, a: 6, b: 14 },
          { w: 0.3, a: 1, b: 1 },
        ],
      },
      { family: "beta", components: [{ w: 1, a: 1, b: 1 }] },
    ];
    const oc = await simulateTrials(
      {
        ...twoArm,
        maxSampleSize: 60,
        endpoint: { type: "binary", rates: [0.3, 0.55] },
        analysis: {
          informationFractions: [0.5],
          efficacy: { type: "posterior", delta: 0.05, thresholds: [0.99, 0.9] },
          futility: { type: "posterior", thresholds: 0.2 },
          priors,
        },
      },
      { trials: TRIALS, seed: SEED, workers: 0 },
    );
    const out = oracle();
    const [eff1, fut1, eff2] = get(out, "bayes_binary") as [number, number, number];
    expectWithinMcse(
      oc.stages[0]?.efficacy.estimate as number,
      eff1,
      { trials: TRIALS },
      "Bayesian binary: interim efficacy",
    );
    expectWithinMcse(
      oc.stages[0]?.futility.estimate as number,
      fut1,
      { trials: TRIALS },
      "Bayesian binary: interim futility",
    );
    expectWithinMcse(
      oc.stages[1]?.efficacy.estimate as number,
      eff2,
      { trials: TRIALS },
      "Bayesian binary: final efficacy",
    );
    expectWithinMcse(oc.success.estimate, eff1 + eff2, { trials: TRIALS }, "Bayesian binary: success");

    // the posterior probabilities themselves, through the mixture API, against R's integrate
    const benefit = new PosteriorBenefit(
      [
        betaMixture([
          [0.7, 6, 14],
          [0.3, 1, 1],
        ]),
        betaMixture([[1, 1, 1]]),
      ],
      true,
      60,
    );
    const grid = (name: string, n: number, delta: number) => {
      const expected = get(out, name);
      const actual: number[] = [];
      // R's outer(0:n, 0:n) is stored column by column: r1 varies slowest
      for (let r1 = 0; r1 <= n; r1++)
        for (let r0 = 0; r0 <= n; r0++)
          actual.push(benefit.binary(1, delta, delta === 0 ? 1 : 0, r1, n, r0, n));
      expectClose(actual, expected, 1e-7, `P(θ₁ − θ₀ > ${delta}) on ${n} per arm`);
    };
    grid("bayes_eff1", 15, 0.05);
    grid("bayes_fut1", 15, 0);
    grid("bayes_eff2", 30, 0.05);
  });
});
