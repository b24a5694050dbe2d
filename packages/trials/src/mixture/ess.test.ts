import { expectClose, get, lazyR, reportObserved } from "@kakehashi/core/r-oracle";
import { afterAll, describe, expect, it } from "vitest";
import { betaMixture, gammaMixture, normalMixture } from "./construct.ts";
import { type EssMethod, effectiveSampleSize } from "./ess.ts";
import { robustify } from "./robustify.ts";
import type { Mixture } from "./types.ts";

type Triple = [number, number, number];
interface Case {
  name: string;
  family: "beta" | "normal" | "gamma";
  likelihood?: "poisson" | "exponential";
  comps: Triple[];
}

const SIGMA = 2;
const cases: Case[] = [
  {
    name: "betaRobust",
    family: "beta",
    comps: [
      [0.8, 30, 70],
      [0.2, 1, 1],
    ],
  },
  {
    name: "betaTwoHumps",
    family: "beta",
    comps: [
      [0.6, 10, 30],
      [0.4, 30, 10],
    ],
  },
  {
    name: "betaNearOne",
    family: "beta",
    comps: [
      [0.5, 1.5, 7],
      [0.5, 6, 1.2],
    ],
  },
  {
    name: "normalRobust",
    family: "normal",
    comps: [
      [0.8, 0.2, 0.3],
      [0.2, 0, 2],
    ],
  },
  {
    name: "poissonMix",
    family: "gamma",
    likelihood: "poisson",
    comps: [
      [0.7, 20, 10],
      [0.3, 1.4, 1],
    ],
  },
  {
    name: "exponentialMix",
    family: "gamma",
    likelihood: "exponential",
    comps: [
      [0.6, 12, 30],
      [0.4, 0.7, 1],
    ],
  },
];

function build(c: Case): Mixture {
  if (c.family === "beta") return betaMixture(c.comps);
  if (c.family === "normal") return normalMixture(c.comps, SIGMA);
  return gammaMixture(c.comps, c.likelihood ?? "poisson");
}

const v = (xs: readonly number[]) => `c(${xs.join(", ")})`;

// ELIR recomputed in R as ∫ (p′²/p − p″)·i_F⁻¹ with p′, p″ the analytic derivatives of the mixture
// density (not the responsibilities-and-variance form of the implementation), by integrate() between
// the components' quantiles (θ = c·u^10 next to an end where the integrand may be unbounded); Morita with the mode from optimize() polished by uniroot() on p′ and the
// reference priors of RBesT's ess().
const oracle = lazyR(`
S <- 100
ess <- function(family, lik, w, a, b, sigma) {
  # densities from (x, 1 − x) so that θ near 1 keeps its precision
  ldens <- switch(family, beta = function(x, y) (a - 1) * log(x) + (b - 1) * log(y) - lbeta(a, b),
    gamma = function(x, y) dgamma(x, a, b, log = TRUE), normal = function(x, y) dnorm(x, a, b, log = TRUE))
  dens <- function(x) exp(ldens(x, 1 - x))
  qf <- switch(family, beta = function(p, i) qbeta(p, a[i], b[i]), gamma = function(p, i) qgamma(p, a[i], b[i]),
    normal = function(p, i) qnorm(p, a[i], b[i]))
  # (a power x^0 contributes nothing to the derivatives, also at x = 0 or 1)
  over <- function(k, x) ifelse(k == 0, 0, k / x)
  g <- switch(family, beta = function(x, y) over(a - 1, x) - over(b - 1, y), gamma = function(x, y) over(a - 1, x) - b,
    normal = function(x, y) -(x - a) / b^2)
  h <- switch(family, beta = function(x, y) -over(a - 1, x^2) - over(b - 1, y^2),
    gamma = function(x, y) -over(a - 1, x^2), normal = function(x, y) -1 / b^2)
  finv <- switch(family, beta = function(x, y) x * y, normal = function(x, y) sigma^2,
    gamma = if (lik == "poisson") function(x, y) x else function(x, y) x^2)
  derivs <- function(x, y = 1 - x) {
    p <- w * exp(ldens(x, y)); k <- p > 0
    c(sum(p), sum(p[k] * g(x, y)[k]), sum(p[k] * (g(x, y)[k]^2 + h(x, y)[k])))
  }
  f <- function(x, y) { d <- derivs(x, y); if (d[1] == 0) 0 else (d[2]^2 / d[1] - d[3]) * finv(x, y) }
  probs <- c(1e-6, 1e-3, 0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.98, 1 - 1e-3, 1 - 1e-6)
  br <- sort(unique(c(sapply(seq_along(w), function(i) qf(probs, i)))))
  br <- if (family == "normal") c(-Inf, br, Inf) else c(0, br)
  if (family == "gamma") br <- c(br, Inf)
  if (family == "beta") br <- c(br[br < 0.5], 0.5, br[br > 0.5], 1)
  # (R's roundoff detector trips near 1e-12 on some pieces: keep its estimate, good to ~1e-11)
  int <- function(fn, lo, hi) integrate(fn, lo, hi, rel.tol = 1e-12, abs.tol = 0, subdivisions = 2000,
    stop.on.error = FALSE)$value
  # where the integrand may be unbounded (θ → 0, θ → 1) integrate in u with θ = c·u^10
  m <- 10
  piece <- function(k) {
    lo <- br[k]; hi <- br[k + 1]
    if (family != "normal" && lo == 0)
      return(int(function(u) sapply(u, function(uu) { x <- hi * uu^m; f(x, 1 - x) * hi * m * uu^(m - 1) }), 0, 1))
    if (family == "beta" && hi == 1)
      return(int(function(u) sapply(u, function(uu) { y <- (1 - lo) * uu^m; f(1 - y, y) * (1 - lo) * m * uu^(m - 1) }), 0, 1))
    int(function(xs) sapply(xs, function(x) f(x, 1 - x)), lo, hi)
  }
  elir <- sum(sapply(seq_len(length(br) - 1), piece))

  logd <- function(x) log(sum(w * dens(x)))
  cand <- sapply(seq_along(w), function(i) optimize(logd, qf(c(0.005, 0.995), i), maximum = TRUE, tol = 1e-12)$maximum)
  x0 <- cand[which.max(sapply(cand, logd))]
  step <- 1e-5 * max(abs(x0), 1e-3)
  mode <- uniroot(function(x) derivs(x)[2], c(x0 - step, x0 + step), tol = 1e-15)$root
  d <- derivs(mode)
  info <- d[2]^2 / d[1]^2 - d[3] / d[1]
  mean <- sum(w * switch(family, beta = a / (a + b), gamma = a / b, normal = a))
  t <- mode
  morita <- switch(family,
    beta = (info - ((t / S - 1) / t^2 + ((1 - t) / S - 1) / (1 - t)^2)) / (mean / t^2 + (1 - mean) / (1 - t)^2),
    normal = (info - 1 / (S * max(b^2))) * sigma^2,
    gamma = if (lik == "poisson") (info - (t / S - 1) / t^2) / (mean / t^2) else (info - (1 / S - 1) / t^2) * t^2)
  c(elir, morita)
}
${cases
  .map(
    (c) =>
      `emit("${c.name}", ess("${c.family}", "${c.likelihood ?? ""}", ${v(c.comps.map((t) => t[0]))}, ${v(
        c.comps.map((t) => t[1]),
      )}, ${v(c.comps.map((t) => t[2]))}, ${SIGMA}))`,
  )
  .join("\n")}
`);

const ess = (m: Mixture, method?: EssMethod) => effectiveSampleSize(m, method);

describe("effective sample size", () => {
  afterAll(() => reportObserved("effectiveSampleSize"));

  it("single beta: ELIR = moment = a + b; Morita = a + b less the vague reference's share (→ a + b as s → ∞)", () => {
    for (const [a, b] of [
      [3, 7],
      [1.5, 7],
      [40, 12.5],
    ] as const) {
      const m = betaMixture([[1, a, b]]);
      expectClose(ess(m), a + b, 1e-10, "ELIR identities");
      expectClose(ess(m, "moment"), a + b, 1e-12, "moment identities");
      if (a > 1 && b > 1) {
        const t = (a - 1) / (a + b - 2);
        const mean = a / (a + b);
        const expectedInfo = mean / t ** 2 + (1 - mean) / (1 - t) ** 2;
        expectClose(
          ess(m, "morita"),
          a + b - 1 / (t * (1 - t) * 100) / expectedInfo,
          1e-10,
          "Morita identities",
        );
        expect(Math.abs(ess(m, "morita") - (a + b)) / (a + b)).toBeLessThan(0.01);
      }
    }
    expect(ess(betaMixture([[1, 3, 7]]))).toBe(ess(betaMixture([[1, 3, 7]]), "elir"));
    // at a = 1 the (a − 1)/θ² term of the information vanishes identically, so ELIR drops from the
    // limit a + b to (b − 1)·E[θ/(1 − θ)] = a: Beta(1, 4) → 1, the uniform → 0
    expectClose(ess(betaMixture([[1, 1, 4]])), 1, 1e-10, "ELIR identities");
    expect(Math.abs(ess(betaMixture([[1, 1, 1]])))).toBeLessThan(1e-15);
    expectClose(ess(betaMixture([[1, 1, 4]]), "moment"), 5, 1e-12, "moment identities");
  });

  it("single normal: ELIR = moment = sigma²/s², Morita = (1 − 1/100)·sigma²/s²", () => {
    const m = normalMixture([[1, 0.3, 0.5]], SIGMA);
    expectClose(ess(m), 16, 1e-10, "ELIR identities");
    expectClose(ess(m, "moment"), 16, 1e-12, "moment identities");
    expectClose(ess(m, "morita"), 16 * 0.99, 1e-10, "Morita identities");
  });

  it("single gamma: Poisson ELIR = moment = b (E[(a − 1)/θ] = b); exponential ELIR = a − 1, moment = a", () => {
    // Poisson: i_F(θ) = 1/θ and the prior information is (a − 1)/θ², so the ratio (a − 1)/θ has
    // expectation (a − 1)·b/(a − 1) = b; exponential: i_F = 1/θ², ratio a − 1 everywhere.
    for (const [a, b] of [
      [3, 7],
      [1.3, 7],
      [50, 0.4],
    ] as const) {
      const p = gammaMixture([[1, a, b]], "poisson");
      expectClose(ess(p), b, 1e-10, "ELIR identities");
      expectClose(ess(p, "moment"), b, 1e-12, "moment identities");
      expectClose(ess(p, "morita"), b - (a - 1) / (a * 100), 1e-10, "Morita identities");
      const e = gammaMixture([[1, a, b]], "exponential");
      expectClose(ess(e), a - 1, 1e-10, "ELIR identities");
      expectClose(ess(e, "moment"), a, 1e-12, "moment identities");
      expectClose(ess(e, "morita"), a - 1 / 100, 1e-10, "Morita identities");
    }
    // the definition allows a negative ELIR for an exponential prior with shape < 1
    expectClose(ess(gammaMixture([[1, 0.4, 7]], "exponential")), -0.6, 1e-9, "ELIR identities");
  });

  for (const c of cases) {
    it(`${c.name}: ELIR and Morita match R's integrate() and optimize()`, () => {
      const [elir, morita] = get(oracle(), c.name) as [number, number];
      const m = build(c);
      expectClose(ess(m), elir, 1e-9, "ELIR of mixtures (vs integrate)");
      expectClose(ess(m, "morita"), morita, 1e-9, "Morita of mixtures (vs optimize)");
    });
  }

  it("a robust mixture's ESS is far below its informative component's", () => {
    const informative = betaMixture([[1, 30, 70]]);
    const robust = robustify(informative, { weight: 0.2, mean: 0.5 });
    expect(ess(robust)).toBeLessThan(0.8 * ess(informative));
    expect(ess(robust, "moment")).toBeLessThan(0.2 * ess(informative, "moment"));
    const n = normalMixture([[1, 0, 0.2]], 1);
    const rn = robustify(n, { weight: 0.5, mean: 0 });
    expect(ess(rn)).toBeLessThan(0.6 * ess(n));
    expect(ess(rn, "moment")).toBeLessThan(0.1 * ess(n, "moment"));
  });

  it("refuses the ESS where its definition breaks down, saying what to use instead", () => {
    expect(() => ess(betaMixture([[1, 0.5, 2]]))).toThrow(
      /every a and b ≥ 1 .* use method "moment" or "morita"/,
    );
    expect(() => ess(gammaMixture([[1, 0.5, 2]], "poisson"))).toThrow(/shape a ≥ 1/);
    expect(() => ess(betaMixture([[1, 1, 1]]), "morita")).toThrow(/interior mode/);
    expect(() => ess(gammaMixture([[1, 0.5, 1]], "poisson"), "morita")).toThrow(/interior mode/);
    expect(() => ess(betaMixture([[1, 2, 2]]), "median" as EssMethod)).toThrow(/method must be/);
  });
});
