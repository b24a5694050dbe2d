import { expectClose, get, lazyR, reportObserved } from "@kakehashi/core/r-oracle";
import betaln from "@stdlib/math-base-special-betaln";
import { afterAll, describe, expect, it } from "vitest";
import { betaMixture, gammaMixture, normalMixture } from "../mixture/index.ts";
import type { BetaMixture, Mixture } from "../mixture/types.ts";
import {
  decide1S,
  decide2S,
  decisionBoundary2S,
  decisionRule,
  oc1S,
  oc2S,
  ocFromBoundary2S,
  pos1S,
  pos2S,
  power2S,
  priorDataConflict,
  typeIError2S,
} from "./index.ts";
import type { DecisionRule } from "./rule.ts";

// ---- independent probability mass functions (products, not the library's recurrences) ----
function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}
const binomialPmf = (y: number, n: number, t: number) => choose(n, y) * t ** y * (1 - t) ** (n - y);
function poissonPmf(y: number, lambda: number): number {
  let p = Math.exp(-lambda);
  for (let i = 1; i <= y; i++) p *= lambda / i;
  return p;
}
/** beta-binomial predictive of a beta mixture */
function betaBinomial(y: number, n: number, mix: BetaMixture): number {
  let s = 0;
  for (const c of mix.components)
    s += c.w * choose(n, y) * Math.exp(betaln(c.a + y, c.b + n - y) - betaln(c.a, c.b));
  return s;
}

const dual = decisionRule([
  { probability: 0.975, threshold: 0, lowerTail: false },
  { probability: 0.5, threshold: 0.1, lowerTail: false },
]);
const robustControl = betaMixture([
  [0.8, 11, 32],
  [0.2, 1, 1],
]);
const informativeControl = betaMixture([[1, 11, 32]]);
const vagueControl = betaMixture([[1, 1, 1]]);
const treatment = betaMixture([[1, 0.5, 1]]);

/** Decisions of every outcome pair, by decide2S (no boundary). */
function decisionTable(
  rule: DecisionRule,
  p1: Mixture,
  p2: Mixture,
  data: (y: number, arm: 1 | 2) => Parameters<typeof decide1S>[2],
  max1: number,
  max2: number,
): boolean[][] {
  const table: boolean[][] = [];
  for (let y1 = 0; y1 <= max1; y1++) {
    const row: boolean[] = [];
    for (let y2 = 0; y2 <= max2; y2++) row.push(decide2S(rule, p1, p2, data(y1, 1), data(y2, 2)));
    table.push(row);
  }
  return table;
}

const thetas1S = [0.05, 0.2, 0.35, 0.5, 0.8, 0.97];
const oracle = lazyR(`
# one-sample binomial, Beta(1, 1), n = 30, success iff P(θ > 0.25) > 0.9 and P(θ > 0.35) > 0.5
th <- c(${thetas1S.join(",")}); y <- 0:30
ok <- pbeta(0.25, 1 + y, 31 - y, lower.tail = FALSE) > 0.9 & pbeta(0.35, 1 + y, 31 - y, lower.tail = FALSE) > 0.5
emit("oc1S", sapply(th, function(t) sum(dbinom(y[ok], 30, t))))
# Poisson: Gamma(2, 1), exposure 10, success iff P(θ ≤ 0.8) > 0.95
y <- 0:400; ok <- pgamma(0.8, 2 + y, rate = 11) > 0.95
emit("ocPoisson", sapply(c(0.1, 0.4, 0.8, 1.5), function(t) sum(dpois(y[ok], 10 * t))))
# two-sample binomial, single beta priors, dual criterion
pd <- function(A1, B1, A2, B2, d) {
  cut <- A2 / (A2 + B2)
  f <- function(x) dbeta(x, A2, B2) * pbeta(pmin(x + d, 1), A1, B1, lower.tail = FALSE)
  integrate(f, 0, cut, rel.tol = 1e-12, abs.tol = 0)$value + integrate(f, cut, 1, rel.tol = 1e-12, abs.tol = 0)$value
}
n1 <- 25; n2 <- 15
D <- outer(0:n1, 0:n2, Vectorize(function(y1, y2) pd(0.5 + y1, 1 + n1 - y1, 11 + y2, 32 + n2 - y2, 0) > 0.975 &&
                                                 pd(0.5 + y1, 1 + n1 - y1, 11 + y2, 32 + n2 - y2, 0.1) > 0.5))
oc2 <- function(t1, t2) sum(outer(dbinom(0:n1, n1, t1), dbinom(0:n2, n2, t2)) * D)
emit("oc2S", c(oc2(0.25, 0.25), oc2(0.45, 0.25), oc2(0.5, 0.5), oc2(0.7, 0.4), oc2(0.1, 0.05)))
# predictive probability of success, one sample: beta-binomial design prior Beta(6, 14), same decisions
pbb <- function(y, n, a, b) choose(n, y) * beta(a + y, b + n - y) / beta(a, b)
y <- 0:30; ok <- pbeta(0.25, 1 + y, 31 - y, lower.tail = FALSE) > 0.9 & pbeta(0.35, 1 + y, 31 - y, lower.tail = FALSE) > 0.5
emit("pos1S", sum(pbb(y[ok], 30, 6, 14)))
# Poisson: negative binomial predictive of a Gamma(3, 4) design prior over exposure 10
y <- 0:400; ok <- pgamma(0.8, 2 + y, rate = 11) > 0.95
emit("pos1SPoisson", sum(dnbinom(y[ok], size = 3, prob = 4 / (4 + 10))))
# normal two-sample: treatment N(0, 10), control 0.8 N(0.1, 0.15) + 0.2 N(0, 1), sigma 1, n1 = 40, n2 = 20
se1 <- 1 / sqrt(40); se2 <- 1 / sqrt(20)
post <- function(w, m, s, xbar, se) { wn <- w * dnorm(xbar, m, sqrt(s^2 + se^2)); v <- 1 / (1 / s^2 + 1 / se^2)
  list(w = wn / sum(wn), m = v * (m / s^2 + xbar / se^2), s = rep(sqrt(v), length(w))) }
pup <- function(p1, p2, d) { t <- 0; for (i in seq_along(p1$w)) for (j in seq_along(p2$w))
  t <- t + p1$w[i] * p2$w[j] * pnorm(d, p1$m[i] - p2$m[j], sqrt(p1$s[i]^2 + p2$s[j]^2), lower.tail = FALSE); t }
crit <- function(m2, w2, m20, s20, crits) {
  p2 <- post(w2, m20, s20, m2, se2)
  max(sapply(crits, function(cr) uniroot(function(m1) pup(post(1, 0, 10, m1, se1), p2, cr[2]) - cr[1],
                                         c(m2 - 5, m2 + 5), tol = 1e-14, extendInt = "upX")$root))
}
ocn <- function(t1, t2, w2, m20, s20, crits) integrate(function(z) sapply(z, function(zz)
  dnorm(zz) * pnorm(crit(t2 + se2 * zz, w2, m20, s20, crits), t1, se1, lower.tail = FALSE)), -10, 10, rel.tol = 1e-11, abs.tol = 0)$value
crits <- list(c(0.975, 0), c(0.5, 0.3))
emit("ocNormalMix", c(ocn(0.1, 0.1, c(0.8, 0.2), c(0.1, 0), c(0.15, 1), crits), ocn(0.6, 0.2, c(0.8, 0.2), c(0.1, 0), c(0.15, 1), crits),
                      ocn(0.5, 0.5, c(0.8, 0.2), c(0.1, 0), c(0.15, 1), crits)))
emit("ocNormalSingleDual", c(ocn(0.1, 0.1, 1, 0.1, 0.15, crits), ocn(0.6, 0.2, 1, 0.1, 0.15, crits)))
`);

afterAll(() => reportObserved("operating characteristics"));

describe("one-sample operating characteristics", () => {
  it("binomial: equal to summing dbinom over R's success region, and to a brute-force sum here", () => {
    const r = oracle();
    const prior = betaMixture([[1, 1, 1]]);
    const rule = decisionRule([
      { probability: 0.9, threshold: 0.25, lowerTail: false },
      { probability: 0.5, threshold: 0.35, lowerTail: false },
    ]);
    const oc = oc1S(prior, 30, rule, thetas1S);
    expectClose(
      oc.map((row) => row.probability),
      get(r, "oc1S"),
      1e-10,
      "oc1S binomial",
    );
    expect(oc.map((row) => row.theta)).toEqual(thetas1S);
    // robust mixture, brute force: decide every count
    for (const t of thetas1S) {
      let brute = 0;
      for (let y = 0; y <= 40; y++)
        if (decide1S(dual, robustControl, { r: y, n: 40 })) brute += binomialPmf(y, 40, t);
      expectClose(
        oc1S(robustControl, 40, dual, t)[0]?.probability as number,
        brute,
        1e-12,
        "oc1S brute force",
      );
    }
  });

  it("Poisson: equal to summing dpois over R's success region", () => {
    const r = oracle();
    const oc = oc1S(
      gammaMixture([[1, 2, 1]], "poisson"),
      10,
      decisionRule({ probability: 0.95, threshold: 0.8, lowerTail: true }),
      [0.1, 0.4, 0.8, 1.5],
    );
    expectClose(
      oc.map((row) => row.probability),
      get(r, "ocPoisson"),
      1e-10,
      "oc1S Poisson",
    );
  });

  it("normal: the tail beyond the critical mean (closed form for a single normal prior)", () => {
    const prior = normalMixture([[1, 0.5, 0.4]], 2);
    const rule = decisionRule({ probability: 0.95, threshold: 0.1, lowerTail: false });
    const se = 2 / 4;
    const precision = 1 / 0.16 + 1 / se ** 2;
    const critical = ((0.1 + 1.6448536269514722 / Math.sqrt(precision)) * precision - 0.5 / 0.16) * se ** 2;
    for (const t of [-0.5, 0.2, 1, 2.5]) {
      // P(mean > critical | θ) = pnorm((θ − critical)/se), by the series-free erfc identity
      const z = (t - critical) / se;
      const expected = 0.5 * erfcReference(-z / Math.SQRT2);
      expectClose(oc1S(prior, 16, rule, t)[0]?.probability as number, expected, 1e-12, "oc1S normal");
    }
  });

  it("probability of success: beta-binomial predictive over R's success region", () => {
    const r = oracle();
    const rule = decisionRule([
      { probability: 0.9, threshold: 0.25, lowerTail: false },
      { probability: 0.5, threshold: 0.35, lowerTail: false },
    ]);
    expectClose(
      pos1S(betaMixture([[1, 1, 1]]), 30, rule, betaMixture([[1, 6, 14]])),
      get(r, "pos1S")[0] as number,
      1e-10,
      "pos1S",
    );
    const poissonRule = decisionRule({ probability: 0.95, threshold: 0.8, lowerTail: true });
    const pos = pos1S(
      gammaMixture([[1, 2, 1]], "poisson"),
      10,
      poissonRule,
      gammaMixture([[1, 3, 4]], "poisson"),
    );
    expectClose(pos, get(r, "pos1SPoisson")[0] as number, 1e-10, "pos1S");
    // normal: the predictive of the mean of a N(0.4, 0.3) design prior is N(0.4, √(0.3² + se²))
    const normalRule = decisionRule({ probability: 0.95, threshold: 0.1, lowerTail: false });
    const prior = normalMixture([[1, 0.5, 0.4]], 2);
    const se = 0.5;
    const precision = 1 / 0.16 + 1 / se ** 2;
    const critical = ((0.1 + 1.6448536269514722 / Math.sqrt(precision)) * precision - 0.5 / 0.16) * se ** 2;
    const expected = 0.5 * erfcReference((critical - 0.4) / Math.hypot(0.3, se) / Math.SQRT2);
    expectClose(
      pos1S(prior, 16, normalRule, normalMixture([[1, 0.4, 0.3]], 2)),
      expected,
      1e-12,
      "pos1S normal",
    );
  });
});

/** erfc by its continued fraction / series (an oracle independent of the library's erfc) */
function erfcReference(x: number): number {
  if (x < 0) return 2 - erfcReference(-x);
  if (x < 2) {
    // erf series
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (-x * x) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // Lentz continued fraction erfc(x) = exp(−x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …))))
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = 1 / d;
    c = x + a / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

describe("two-sample operating characteristics", () => {
  it("binary, robust control prior, dual criterion: equal to the brute-force sum over all (y1, y2) to 1e-12", () => {
    const n1 = 40;
    const n2 = 20;
    const table = decisionTable(
      dual,
      treatment,
      robustControl,
      (y, arm) => ({ r: y, n: arm === 1 ? n1 : n2 }),
      n1,
      n2,
    );
    const t1 = [0.05, 0.25, 0.25, 0.45, 0.6, 0.3, 0.9, 0];
    const t2 = [0.05, 0.25, 0.1, 0.25, 0.6, 0.5, 0.85, 0.3];
    const oc = oc2S(treatment, robustControl, n1, n2, dual, t1, t2);
    t1.forEach((a, i) => {
      const b = t2[i] as number;
      let brute = 0;
      for (let y1 = 0; y1 <= n1; y1++) {
        for (let y2 = 0; y2 <= n2; y2++)
          if (table[y1]?.[y2]) brute += binomialPmf(y1, n1, a) * binomialPmf(y2, n2, b);
      }
      const row = oc[i];
      expect(row?.theta1).toBe(a);
      expect(row?.theta2).toBe(b);
      expectClose(row?.probability as number, brute, 1e-12, "oc2S binary brute force");
    });
    // probability of success with beta mixture design priors, brute force over the beta-binomial predictives
    const design1 = betaMixture([[1, 12, 20]]);
    const design2 = betaMixture([
      [0.5, 8, 25],
      [0.5, 3, 5],
    ]);
    let brute = 0;
    for (let y1 = 0; y1 <= n1; y1++) {
      for (let y2 = 0; y2 <= n2; y2++) {
        if (table[y1]?.[y2]) brute += betaBinomial(y1, n1, design1) * betaBinomial(y2, n2, design2);
      }
    }
    expectClose(
      pos2S(treatment, robustControl, n1, n2, dual, design1, design2),
      brute,
      1e-12,
      "pos2S brute force",
    );
  });

  it("binary with single beta priors: equal to R's dbinom sums over its integrate decisions", () => {
    const r = oracle();
    const oc = oc2S(
      betaMixture([[1, 0.5, 1]]),
      informativeControl,
      25,
      15,
      dual,
      [0.25, 0.45, 0.5, 0.7, 0.1],
      [0.25, 0.25, 0.5, 0.4, 0.05],
    );
    expectClose(
      oc.map((row) => row.probability),
      get(r, "oc2S"),
      1e-9,
      "oc2S binary vs R",
    );
  });

  it("logit link: equal to the brute-force sum", () => {
    const rule = decisionRule({ probability: 0.9, threshold: 0.4, lowerTail: false }, { link: "logit" });
    const table = decisionTable(
      rule,
      treatment,
      robustControl,
      (y, arm) => ({ r: y, n: arm === 1 ? 20 : 12 }),
      20,
      12,
    );
    const oc = oc2S(treatment, robustControl, 20, 12, rule, [0.3, 0.5, 0.7], [0.3, 0.25, 0.4]);
    oc.forEach((row) => {
      let brute = 0;
      for (let y1 = 0; y1 <= 20; y1++) {
        for (let y2 = 0; y2 <= 12; y2++)
          if (table[y1]?.[y2]) brute += binomialPmf(y1, 20, row.theta1) * binomialPmf(y2, 12, row.theta2);
      }
      expectClose(row.probability, brute, 1e-12, "oc2S logit brute force");
    });
  });

  it("Poisson: equal to the brute-force sum over all event counts", () => {
    const g1 = gammaMixture([[1, 0.5, 0.1]], "poisson");
    const g2 = gammaMixture(
      [
        [0.8, 30, 60],
        [0.2, 0.5, 1],
      ],
      "poisson",
    );
    const rule = decisionRule([
      { probability: 0.9, threshold: 0, lowerTail: true },
      { probability: 0.5, threshold: -0.1, lowerTail: true },
    ]);
    const max = 30; // P(Y > 30) < 1e-16 for λ ≤ 3.6
    const table = decisionTable(
      rule,
      g1,
      g2,
      (y, arm) => ({ events: y, exposure: arm === 1 ? 6 : 5 }),
      max,
      max,
    );
    const t1 = [0.1, 0.3, 0.5, 0.6];
    const t2 = [0.5, 0.5, 0.5, 0.2];
    const oc = oc2S(g1, g2, 6, 5, rule, t1, t2);
    oc.forEach((row) => {
      let brute = 0;
      for (let y1 = 0; y1 <= max; y1++) {
        for (let y2 = 0; y2 <= max; y2++)
          if (table[y1]?.[y2]) brute += poissonPmf(y1, 6 * row.theta1) * poissonPmf(y2, 5 * row.theta2);
      }
      expectClose(row.probability, brute, 1e-12, "oc2S Poisson brute force");
    });
    // a boundary tabulated for too few control counts is refused for a large control rate
    const short = decisionBoundary2S(g1, g2, 6, 5, rule, { maxControlCount: 10 });
    expect(() => ocFromBoundary2S(short, 0.5, 3)).toThrow(/maxControlCount ≥/);
  });

  it("normal: closed form with single normal priors, R integrate with a mixture control prior", () => {
    const r = oracle();
    const p1 = normalMixture([[1, 0, 10]], 1);
    const single = normalMixture([[1, 0.1, 0.15]], 1);
    const se1 = 1 / Math.sqrt(40);
    const se2 = 1 / Math.sqrt(20);
    // one criterion P(θ1 − θ2 > 0) > 0.975: success iff μ1(m1) − μ2(m2) > z·√(v1 + v2), a line in (m2, m1)
    const rule = decisionRule({ probability: 0.975, threshold: 0, lowerTail: false });
    const v1 = 1 / (1 / 100 + 1 / se1 ** 2);
    const v2 = 1 / (1 / 0.0225 + 1 / se2 ** 2);
    const z = 1.959963984540054;
    for (const [t1, t2] of [
      [0.1, 0.1],
      [0.6, 0.2],
      [-0.3, 0.4],
    ] as const) {
      // μ1 − μ2 = (v1/se1²)·M1 − (v2/se2²)·M2 − v2·0.1/0.0225 is normal under (θ1, θ2)
      const mean = (v1 / se1 ** 2) * t1 - (v2 / se2 ** 2) * t2 - (v2 * 0.1) / 0.0225;
      const sd = Math.hypot((v1 / se1 ** 2) * se1, (v2 / se2 ** 2) * se2);
      const expected = 0.5 * erfcReference((z * Math.sqrt(v1 + v2) - mean) / sd / Math.SQRT2);
      expectClose(
        oc2S(p1, single, 40, 20, rule, t1, t2)[0]?.probability as number,
        expected,
        1e-11,
        "oc2S normal closed form",
      );
    }
    // probability of success: under design priors N(d1, g1²), N(d2, g2²) the same line, M1 and M2 now predictive
    const g1 = 0.2;
    const g2 = 0.1;
    const meanPos = (v1 / se1 ** 2) * 0.5 - (v2 / se2 ** 2) * 0.1 - (v2 * 0.1) / 0.0225;
    const sdPos = Math.hypot((v1 / se1 ** 2) * Math.hypot(se1, g1), (v2 / se2 ** 2) * Math.hypot(se2, g2));
    expectClose(
      pos2S(p1, single, 40, 20, rule, normalMixture([[1, 0.5, g1]], 1), normalMixture([[1, 0.1, g2]], 1)),
      0.5 * erfcReference((z * Math.sqrt(v1 + v2) - meanPos) / sdPos / Math.SQRT2),
      1e-10,
      "pos2S normal closed form",
    );
    const dualNormal = decisionRule([
      { probability: 0.975, threshold: 0, lowerTail: false },
      { probability: 0.5, threshold: 0.3, lowerTail: false },
    ]);
    const mix = normalMixture(
      [
        [0.8, 0.1, 0.15],
        [0.2, 0, 1],
      ],
      1,
    );
    const ocMix = oc2S(p1, mix, 40, 20, dualNormal, [0.1, 0.6, 0.5], [0.1, 0.2, 0.5]);
    expectClose(
      ocMix.map((row) => row.probability),
      get(r, "ocNormalMix"),
      1e-9,
      "oc2S normal mixture vs R",
    );
    const ocSingle = oc2S(p1, single, 40, 20, dualNormal, [0.1, 0.6], [0.1, 0.2]);
    expectClose(
      ocSingle.map((row) => row.probability),
      get(r, "ocNormalSingleDual"),
      1e-9,
      "oc2S normal dual vs R",
    );
  });

  it("type I error inflates in prior-data conflict; the robust component bounds it", () => {
    const grid = [0.1, 0.256, 0.35, 0.45, 0.5, 0.6, 0.9];
    const at = (prior: Mixture) =>
      typeIError2S(treatment, prior, 40, 20, dual, grid).map((row) => row.probability);
    const robust = at(robustControl);
    const informative = at(informativeControl);
    const vague = at(vagueControl);
    const i256 = 1;
    const i50 = 4;
    const i90 = 6;
    // at the prior mean (11/43 ≈ 0.256) borrowing keeps the type I error below the nominal 2.5%
    expect(robust[i256]).toBeLessThan(0.025);
    // far above the prior mean the informative prior drags the control estimate down: inflation
    expect(informative[i50]).toBeGreaterThan(0.3);
    expect(robust[i50]).toBeGreaterThan(0.05);
    // … which the robust component bounds: robust < informative, and back near nominal in strong conflict
    for (const i of [3, 4, 5, 6]) expect(robust[i]).toBeLessThan(informative[i] as number);
    expect(robust[i90]).toBeLessThan(0.05);
    expect(informative[i90]).toBeGreaterThan(0.99);
    expect(Math.max(...robust)).toBeLessThan(0.15);
    expect(Math.max(...vague)).toBeLessThan(0.03);
    // the price of robustness: power at the prior mean lies between no borrowing and full borrowing
    const power = (prior: Mixture) =>
      power2S(treatment, prior, 40, 20, dual, 0.256, 0.25)[0]?.probability as number;
    expect(power(robustControl)).toBeGreaterThan(power(vagueControl));
    expect(power(robustControl)).toBeLessThan(power(informativeControl));
    // the conflict curve: rows by effect, then control value, with the shift from the prior mean
    const curve = priorDataConflict(treatment, robustControl, 40, 20, dual, {
      controlValues: grid,
      effects: [0, 0.25],
    });
    // θ2 = 0.9 + 0.25 is no rate: that pair is left out
    expect(curve).toHaveLength(2 * grid.length - 1);
    curve.slice(0, grid.length).forEach((row, i) => {
      expect(row.effect).toBe(0);
      expect(row.probability).toBe(robust[i]);
      expectClose(row.conflict, (grid[i] as number) - 0.8 * (11 / 43) - 0.2 * 0.5, 1e-12, "conflict");
    });
    expect(curve[grid.length + 1]?.theta1).toBeCloseTo(0.506, 12);
    expect(() => power2S(treatment, robustControl, 40, 20, dual, 0.9, 0.25)).toThrow(
      /theta1\[0\] must be a rate in \[0, 1\]/,
    );
  });

  it("timing: 2-arm binary, n1 = n2 = 80, robust 3-component control prior, 50-point grid", () => {
    const control3 = betaMixture([
      [0.48, 11, 32],
      [0.32, 5, 15],
      [0.2, 1, 1],
    ]);
    const grid = Array.from({ length: 50 }, (_, i) => 0.01 + i * 0.019);
    oc2S(treatment, control3, 80, 80, dual, grid, grid); // warm-up (JIT)
    const start = performance.now();
    const cpu = process.cpuUsage();
    const rows = oc2S(treatment, control3, 80, 80, dual, grid, grid);
    const used = process.cpuUsage(cpu);
    const wall = performance.now() - start;
    console.log(
      `[timing] oc2S binary n1 = n2 = 80, 3-component robust prior, 50-point grid (boundary included): ${wall.toFixed(1)} ms wall, ${((used.user + used.system) / 1000).toFixed(1)} ms CPU`,
    );
    expect(rows).toHaveLength(50);
  });

  it("refuses bad grids", () => {
    expect(() => oc2S(treatment, robustControl, 10, 10, dual, [0.1, 0.2], [0.1, 0.2, 0.3])).toThrow(
      /same length/,
    );
    expect(() => oc2S(treatment, robustControl, 10, 10, dual, [1.2], [0.1])).toThrow(/theta1\[0\]/);
    expect(() => oc1S(robustControl, 10, dual, [])).toThrow(/non-empty/);
    expect(() => oc1S(robustControl, 10, dual, [-0.1])).toThrow(/theta\[0\]/);
  });
});
