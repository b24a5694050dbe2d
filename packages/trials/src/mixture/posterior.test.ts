import { expectClose, get, lazyR, reportObserved } from "@kakehashi/core/r-oracle";
import { afterAll, describe, expect, it } from "vitest";
import { betaMixture, gammaMixture, normalMixture, validateMixture } from "./construct.ts";
import { posterior } from "./posterior.ts";

const beta = betaMixture([
  [0.2, 1, 1],
  [0.5, 20, 60],
  [0.3, 4.5, 3],
]);
// from no data to a million patients, and fractional (down-weighted) counts
const binomial = [
  { r: 5, n: 20 },
  { r: 30, n: 40 },
  { r: 0, n: 0 },
  { r: 2.5, n: 10.5 },
  { r: 300000, n: 1000000 },
];
const normal = normalMixture(
  [
    [0.8, 0, 0.5],
    [0.2, 0.3, 2],
  ],
  2,
);
const normalData = [
  { mean: 1.2, n: 30 },
  { mean: -3, se: 0.1 },
  { mean: 0.4, n: 1000000 },
];
const gammaComps: [number, number, number][] = [
  [0.7, 10, 5],
  [0.3, 1, 0.5],
];
const poissonData = [
  { events: 7, exposure: 3 },
  { events: 0, exposure: 2.5 },
  { events: 2000000, exposure: 1000000 },
];
const exponentialData = [
  { events: 12, exposure: 40.2 },
  { events: 1, exposure: 0.3 },
];

const v = (xs: readonly number[]) => `c(${xs.join(", ")})`;

// Posterior weights recomputed in R from their definitions: beta from lbeta, normal from dnorm,
// Poisson from dnbinom (the negative-binomial marginal of the count), exponential by integrate() over θ.
const oracle = lazyR(`
normw <- function(lw) { e <- exp(lw - max(lw)); e / sum(e) }
w <- ${v(beta.components.map((c) => c.w))}; a <- ${v(beta.components.map((c) => c.a))}; b <- ${v(beta.components.map((c) => c.b))}
r <- ${v(binomial.map((d) => d.r))}; n <- ${v(binomial.map((d) => d.n))}
for (i in seq_along(r)) emit(paste0("beta", i), normw(log(w) + lbeta(a + r[i], b + n[i] - r[i]) - lbeta(a, b)))

w <- c(0.8, 0.2); m <- c(0, 0.3); s <- c(0.5, 2); sigma <- 2
ybar <- ${v(normalData.map((d) => d.mean))}
se <- c(sigma / sqrt(30), 0.1, sigma / sqrt(1e6))
for (i in seq_along(ybar)) {
  prec <- 1 / s^2 + 1 / se[i]^2
  emit(paste0("normal", i), c(normw(log(w) + dnorm(ybar[i], m, sqrt(s^2 + se[i]^2), log = TRUE)),
    (m / s^2 + ybar[i] / se[i]^2) / prec, 1 / sqrt(prec)))
}

w <- ${v(gammaComps.map((c) => c[0]))}; a <- ${v(gammaComps.map((c) => c[1]))}; b <- ${v(gammaComps.map((c) => c[2]))}
y <- ${v(poissonData.map((d) => d.events))}; E <- ${v(poissonData.map((d) => d.exposure))}
for (i in seq_along(y)) emit(paste0("poisson", i), normw(log(w) + dnbinom(y[i], size = a, prob = b / (b + E[i]), log = TRUE)))
d <- ${v(exponentialData.map((x) => x.events))}; Tt <- ${v(exponentialData.map((x) => x.exposure))}
for (i in seq_along(d)) {
  # 400 pieces up to 60 sd beyond the integrand's mode: over (0, ∞) in one go integrate() loses
  # digits of the peak
  marg <- sapply(seq_along(a), function(j) {
    f <- function(th) th^d[i] * exp(-th * Tt[i]) * dgamma(th, a[j], b[j])
    far <- (a[j] + d[i] + 60 * sqrt(a[j] + d[i])) / (b[j] + Tt[i])
    br <- seq(0, far, length.out = 401)
    sum(sapply(1:400, function(k) integrate(f, br[k], br[k + 1], rel.tol = 1e-13)$value))
  })
  emit(paste0("exponential", i), w * marg / sum(w * marg))
}
`);

describe("posterior (conjugate update of mixture priors) against R", () => {
  afterAll(() => reportObserved("posterior"));

  it("beta: Beta(a + r, b + n − r) with weights ∝ w·B(a + r, b + n − r)/B(a, b), up to n = 10^6", () => {
    const r = oracle();
    binomial.forEach((data, i) => {
      const post = posterior(beta, data);
      expect(post.family).toBe("beta");
      post.components.forEach((c, j) => {
        const prior = beta.components[j] as { a: number; b: number };
        expect(c.a).toBe(prior.a + data.r);
        expect(c.b).toBe(prior.b + data.n - data.r);
      });
      expectClose(
        post.components.map((c) => c.w),
        get(r, `beta${i + 1}`),
        data.n > 1000 ? 1e-9 : 1e-12,
        data.n > 1000 ? "beta weights, n = 10^6" : "beta weights",
      );
    });
  });

  it("normal: precision-weighted components, weights ∝ w·N(mean; m, √(s² + se²)), se = sigma/√n or given", () => {
    const r = oracle();
    normalData.forEach((data, i) => {
      const post = posterior(normal, data);
      const expected = get(r, `normal${i + 1}`);
      expect(post.sigma).toBe(2);
      expectClose(
        post.components.map((c) => c.w),
        expected.slice(0, 2),
        1e-12,
        "normal weights",
      );
      expectClose(
        post.components.map((c) => c.m),
        expected.slice(2, 4),
        1e-12,
        "normal means",
      );
      expectClose(
        post.components.map((c) => c.s),
        expected.slice(4, 6),
        1e-12,
        "normal sds",
      );
    });
  });

  it("gamma: Gamma(a + events, b + exposure), weighted by the negative-binomial (Poisson) marginal", () => {
    const r = oracle();
    const mix = gammaMixture(gammaComps, "poisson");
    poissonData.forEach((data, i) => {
      const post = posterior(mix, data);
      expect(post.likelihood).toBe("poisson");
      expect(post.components.map((c) => [c.a, c.b])).toEqual(
        gammaComps.map(([, a, b]) => [a + data.events, b + data.exposure]),
      );
      expectClose(
        post.components.map((c) => c.w),
        get(r, `poisson${i + 1}`),
        1e-11,
        "poisson weights",
      );
    });
  });

  it("gamma: exponential times update the same way, weights by the marginal integrated over θ", () => {
    const r = oracle();
    const mix = gammaMixture(gammaComps, "exponential");
    exponentialData.forEach((data, i) => {
      const post = posterior(mix, data);
      expect(post.likelihood).toBe("exponential");
      expectClose(
        post.components.map((c) => c.w),
        get(r, `exponential${i + 1}`),
        1e-9,
        "exponential weights (vs integrate)",
      );
    });
  });

  it("keeps a weight that underflows as the smallest positive double, so the result stays valid", () => {
    const mix = betaMixture([
      [0.5, 5000, 5000],
      [0.5, 1, 1],
    ]);
    const post = posterior(mix, { r: 100000, n: 1000000 });
    expect(post.components[0]?.w).toBe(Number.MIN_VALUE);
    expect(post.components[1]?.w).toBe(1);
    expect(() => validateMixture(post)).not.toThrow();
  });

  it("rejects impossible data with the parameter named", () => {
    expect(() => posterior(beta, { r: 5, n: 3 })).toThrow(/data.r .* must not exceed data.n/);
    expect(() => posterior(beta, { r: -1, n: 3 })).toThrow(/data.r/);
    expect(() => posterior(beta, { r: 1, n: Number.NaN })).toThrow(/data.n/);
    expect(() => posterior(normal, { mean: 1, n: 0 })).toThrow(/data.n/);
    expect(() => posterior(normal, { mean: 1, se: -1 })).toThrow(/data.se/);
    expect(() => posterior(normal, { mean: Number.POSITIVE_INFINITY, n: 3 })).toThrow(/data.mean/);
    const g = gammaMixture(gammaComps, "poisson");
    expect(() => posterior(g, { events: -2, exposure: 1 })).toThrow(/data.events/);
    expect(() => posterior(g, { events: 2, exposure: -1 })).toThrow(/data.exposure/);
    expect(() => posterior(g, { r: 1, n: 2 } as never)).toThrow(
      /gamma mixture data must be \{ events, exposure \}/,
    );
  });
});
