import { expectClose, get, lazyR, reportObserved } from "@kakehashi/core/r-oracle";
import { afterAll, describe, expect, it } from "vitest";
import { cdf } from "./cdf.ts";
import { betaMixture, gammaMixture, normalMixture } from "./construct.ts";
import { density } from "./density.ts";
import { moments, summarizeMixture } from "./moments.ts";
import { quantile } from "./quantile.ts";
import type { Mixture } from "./types.ts";

type Triple = [number, number, number];
interface Case {
  name: string;
  family: "beta" | "normal" | "gamma";
  comps: Triple[];
  xs: number[];
}

const PROBS = [1e-12, 1e-6, 0.001, 0.025, 0.3, 0.5, 0.7, 0.975, 0.999, 1 - 1e-9];

// Peaked, bimodal, unbounded at both ends, a weight of 1e-12, and far tails.
const cases: Case[] = [
  {
    name: "beta3",
    family: "beta",
    comps: [
      [0.6, 12, 30],
      [0.3, 2.5, 4],
      [0.1, 1, 1],
    ],
    xs: [1e-10, 1e-4, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999999],
  },
  {
    name: "betaU",
    family: "beta",
    comps: [
      [0.5, 0.5, 0.7],
      [0.5, 3, 0.4],
    ],
    xs: [1e-12, 1e-3, 0.2, 0.5, 0.8, 0.999, 0.99999999],
  },
  {
    name: "betaTight",
    family: "beta",
    comps: [
      [1 - 1e-12, 5000, 15000],
      [1e-12, 2, 50],
    ],
    xs: [0.01, 0.2, 0.24, 0.25, 0.26, 0.3, 0.6],
  },
  {
    name: "normal2",
    family: "normal",
    comps: [
      [0.5, -1, 0.5],
      [0.5, 2, 3],
    ],
    xs: [-50, -5, -1, 0, 0.7, 2, 10, 40],
  },
  {
    name: "normalSpike",
    family: "normal",
    comps: [
      [0.9, 0.3, 0.01],
      [0.1, 0.3, 10],
    ],
    xs: [-100, -0.05, 0.29, 0.3, 0.32, 1, 80],
  },
  {
    name: "gamma2",
    family: "gamma",
    comps: [
      [0.8, 5, 2],
      [0.2, 0.5, 0.2],
    ],
    xs: [1e-8, 0.1, 1, 2.5, 10, 50, 200],
  },
  {
    name: "gammaPeaked",
    family: "gamma",
    comps: [
      [0.5, 200, 40],
      [0.5, 1, 0.1],
    ],
    xs: [1e-5, 1, 4.5, 5, 5.5, 30, 300],
  },
];

function build(c: Case): Mixture {
  if (c.family === "beta") return betaMixture(c.comps);
  if (c.family === "normal") return normalMixture(c.comps, 1);
  return gammaMixture(c.comps, "poisson");
}

const rVector = (xs: readonly number[]) => `c(${xs.map((x) => String(x)).join(", ")})`;

// Mixture functions written independently in R as weighted sums of base R's d/p functions;
// quantiles by uniroot on the tail that holds p's precision; moments by integrate().
const oracle = lazyR(`
probs <- ${rVector(PROBS)}
lse <- function(l) { m <- max(l); m + log(sum(exp(l - m))) }
run <- function(name, family, w, p1, p2, xs) {
  d <- switch(family, beta = function(x, log = FALSE) dbeta(x, p1, p2, log = log),
    normal = function(x, log = FALSE) dnorm(x, p1, p2, log = log),
    gamma = function(x, log = FALSE) dgamma(x, p1, p2, log = log))
  p <- switch(family, beta = function(x, lt) pbeta(x, p1, p2, lower.tail = lt),
    normal = function(x, lt) pnorm(x, p1, p2, lower.tail = lt),
    gamma = function(x, lt) pgamma(x, p1, p2, lower.tail = lt))
  emit(paste0(name, ":density"), sapply(xs, function(x) sum(w * d(x))))
  emit(paste0(name, ":logDensity"), sapply(xs, function(x) lse(log(w) + d(x, log = TRUE))))
  emit(paste0(name, ":lower"), sapply(xs, function(x) sum(w * p(x, TRUE))))
  emit(paste0(name, ":upper"), sapply(xs, function(x) sum(w * p(x, FALSE))))
  # uniroot on log θ for positive θ, so tiny quantiles get relative (not absolute) accuracy
  q <- sapply(probs, function(pr) {
    f <- if (pr <= 0.5) function(x) sum(w * p(x, TRUE)) - pr else function(x) (1 - pr) - sum(w * p(x, FALSE))
    if (family == "normal") return(uniroot(f, c(-1e3, 1e3), tol = 1e-14, maxiter = 2000)$root)
    if (family == "beta" && pr > 0.5) {
      return(1 - exp(uniroot(function(u) f(1 - exp(u)), c(-700, 0), tol = 1e-14, maxiter = 2000)$root))
    }
    exp(uniroot(function(u) f(exp(u)), c(-700, 20), tol = 1e-14, maxiter = 2000)$root)
  })
  emit(paste0(name, ":quantile"), q)
  # integrate() piecewise between the components' centres and ±3, ±10, ±40 sd, so no peak is missed;
  # for θ > 0 through the survival function (E θ = ∫ S, E θ² = ∫ 2θ S), which is bounded where the
  # density is not
  cm <- switch(family, beta = p1 / (p1 + p2), normal = p1, gamma = p1 / p2)
  csd <- switch(family, beta = sqrt(p1 * p2 / ((p1 + p2)^2 * (p1 + p2 + 1))), normal = p2, gamma = sqrt(p1) / p2)
  lo <- if (family == "normal") min(cm - 60 * csd) else 0
  hi <- if (family == "beta") 1 else max(cm + 200 * csd)
  br <- c(lo, hi, outer(csd, c(-40, -10, -3, 0, 3, 10, 40)) + cm)
  br <- sort(unique(br[br >= lo & br <= hi]))
  piecewise <- function(f) sum(sapply(seq_len(length(br) - 1), function(i)
    integrate(f, br[i], br[i + 1], rel.tol = 1e-12, abs.tol = 0, subdivisions = 5000)$value))
  if (family == "normal") {
    dens <- function(x) sapply(x, function(xx) sum(w * d(xx)))
    m1 <- piecewise(function(x) x * dens(x))
    v <- piecewise(function(x) (x - m1)^2 * dens(x))
  } else {
    surv <- function(x) sapply(x, function(xx) sum(w * p(xx, FALSE)))
    m1 <- piecewise(surv)
    v <- piecewise(function(x) 2 * x * surv(x)) - m1^2
  }
  emit(paste0(name, ":moments"), c(m1, v))
}
${cases
  .map(
    (c) =>
      `run("${c.name}", "${c.family}", ${rVector(c.comps.map((t) => t[0]))}, ${rVector(
        c.comps.map((t) => t[1]),
      )}, ${rVector(c.comps.map((t) => t[2]))}, ${rVector(c.xs)})`,
  )
  .join("\n")}
# far tails of single components, where only direct upper tails keep any digits
emit("tails", c(pnorm(30, lower.tail = FALSE), pbeta(0.999999, 3, 5, lower.tail = FALSE),
  pgamma(200, 5, 2, lower.tail = FALSE), pbeta(1e-9, 2, 3), dnorm(1000, 0, 1, log = TRUE)))
`);

describe("density, cdf, quantile and moments of mixtures against base R", () => {
  afterAll(() => reportObserved("mixture distribution"));

  for (const c of cases) {
    it(`${c.name}: density and log density are the weighted sums of R's d-functions`, () => {
      const r = oracle();
      const mix = build(c);
      expectClose(
        c.xs.map((x) => density(mix, x)),
        get(r, `${c.name}:density`),
        1e-10,
        `${c.family} density`,
      );
      expectClose(
        c.xs.map((x) => density(mix, x, { log: true })),
        get(r, `${c.name}:logDensity`),
        1e-10,
        `${c.family} log density`,
      );
    });

    it(`${c.name}: both tails of the cdf match R's p-functions to full relative precision`, () => {
      const r = oracle();
      const mix = build(c);
      expectClose(
        c.xs.map((x) => cdf(mix, x)),
        get(r, `${c.name}:lower`),
        1e-11,
        `${c.family} cdf lower`,
      );
      expectClose(
        c.xs.map((x) => cdf(mix, x, { lowerTail: false })),
        get(r, `${c.name}:upper`),
        1e-11,
        `${c.family} cdf upper`,
      );
    });

    it(`${c.name}: quantiles match R's uniroot and round-trip through the cdf`, () => {
      const r = oracle();
      const mix = build(c);
      const qs = PROBS.map((p) => quantile(mix, p));
      expectClose(qs, get(r, `${c.name}:quantile`), 1e-9, `${c.family} quantile`);
      PROBS.forEach((p, i) => {
        const q = qs[i] as number;
        // (a quantile within a few ulps of the end of the support, 1 − 1e-22 here, is as good as it gets)
        if (c.family === "beta" && q >= 1 - 8 * Number.EPSILON) return;
        const target = p <= 0.5 ? p : 1 - p;
        const back = p <= 0.5 ? cdf(mix, q) : cdf(mix, q, { lowerTail: false });
        // the cdf cannot be matched more closely than one ulp of q moves it
        const conditioning = (density(mix, q) * 4 * Number.EPSILON * Math.abs(q)) / target;
        expectClose(back, target, 1e-12 + conditioning, `${c.family} quantile round trip`);
      });
    });

    it(`${c.name}: mean and variance match R's integrate()`, () => {
      const r = oracle();
      const m = moments(build(c));
      const [mean, variance] = get(r, `${c.name}:moments`);
      expectClose(m.mean, mean as number, 1e-9, `${c.family} mean`);
      expectClose(m.variance, variance as number, 1e-9, `${c.family} variance`);
      expect(m.sd).toBe(Math.sqrt(m.variance));
    });
  }

  it("keeps full precision in far tails that 1 − (the other tail) would lose", () => {
    const t = get(oracle(), "tails");
    expectClose(
      cdf(normalMixture([[1, 0, 1]], 1), 30, { lowerTail: false }),
      t[0] as number,
      1e-12,
      "far tail",
    );
    expectClose(
      cdf(betaMixture([[1, 3, 5]]), 0.999999, { lowerTail: false }),
      t[1] as number,
      1e-9,
      "far tail",
    );
    expectClose(
      cdf(gammaMixture([[1, 5, 2]], "poisson"), 200, { lowerTail: false }),
      t[2] as number,
      1e-12,
      "far tail",
    );
    expectClose(cdf(betaMixture([[1, 2, 3]]), 1e-9), t[3] as number, 1e-12, "far tail");
    expectClose(
      density(normalMixture([[1, 0, 1]], 1), 1000, { log: true }),
      t[4] as number,
      1e-15,
      "far tail",
    );
  });

  it("summarizes with RBesT's default 2.5%, 50%, 97.5% quantiles and the ends of the support", () => {
    const mix = betaMixture([
      [0.6, 12, 30],
      [0.4, 2.5, 4],
    ]);
    const s = summarizeMixture(mix);
    expect(s.quantiles.map((q) => q.p)).toEqual([0.025, 0.5, 0.975]);
    expect(s.quantiles.map((q) => q.q)).toEqual([0.025, 0.5, 0.975].map((p) => quantile(mix, p)));
    expect(s.mean).toBe(moments(mix).mean);
    expect(quantile(mix, 0)).toBe(0);
    expect(quantile(mix, 1)).toBe(1);
    expect(quantile(normalMixture([[1, 0, 1]], 1), 0)).toBe(Number.NEGATIVE_INFINITY);
    expect(quantile(gammaMixture([[1, 2, 1]], "poisson"), 1)).toBe(Number.POSITIVE_INFINITY);
    expect(density(mix, -0.1)).toBe(0);
    expect(density(mix, 1.1, { log: true })).toBe(Number.NEGATIVE_INFINITY);
    expect(cdf(mix, -1)).toBe(0);
    expect(cdf(mix, 2, { lowerTail: false })).toBe(0);
  });

  it("rejects probabilities outside [0, 1] and NaN arguments", () => {
    const mix = betaMixture([[1, 2, 3]]);
    expect(() => quantile(mix, 1.2)).toThrow(/p must be a probability/);
    expect(() => quantile(mix, -0.1)).toThrow(/p must be a probability/);
    expect(() => quantile(mix, Number.NaN)).toThrow(/p must be a probability/);
    expect(() => density(mix, Number.NaN)).toThrow(/x must be a number/);
    expect(() => cdf(mix, Number.NaN)).toThrow(/q must be a number/);
    expect(() => summarizeMixture(mix, [0.5, 2])).toThrow(/probs\[1\]/);
  });
});
