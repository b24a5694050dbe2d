import { expectClose, get, lazyR, reportObserved } from "@kakehashi/core/r-oracle";
import { afterAll, describe, expect, it } from "vitest";
import { betaMixture, gammaMixture, normalMixture } from "./construct.ts";
import { predictive } from "./predictive.ts";

const PROBS = [1e-6, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999999];

const bb = betaMixture([
  [0.7, 20, 40],
  [0.3, 1, 1],
]);
const bbBig = betaMixture([
  [0.5, 300, 700],
  [0.5, 2, 2],
]);
const BIG = 1000000;
const bigYs = [0, 17, 250000, 299000, 300000, 301500, 700000, 999990, BIG];
const nm = normalMixture(
  [
    [0.6, 1, 0.5],
    [0.4, -2, 1.5],
  ],
  2,
);
const normalYs = [-30, -3, -1, 0, 0.8, 1.5, 25];
const pois = gammaMixture(
  [
    [0.7, 10, 5],
    [0.3, 1, 0.5],
  ],
  "poisson",
);
const poisYs = [0, 1, 3, 6, 10, 25, 80, 400];
const poisBig = gammaMixture([[1, 200000, 100000]], "poisson");
const expo = gammaMixture(
  [
    [0.6, 8, 4],
    [0.4, 3.5, 1],
  ],
  "exponential",
);
const expoTs = [1e-4, 0.5, 2, 3.3, 10, 50, 1000];

const v = (xs: readonly number[]) => `c(${xs.join(", ")})`;

// Predictive distributions recomputed in R from their definitions: beta-binomial pmf from choose and
// lbeta (cumulative sums for the cdf), dnbinom/pnbinom for the negative binomial, pnorm for the
// normal mean, and for the total of n exponential waits integrate() over θ of dgamma/pgamma.
const oracle = lazyR(`
bbpmf <- function(n, w, a, b) {
  y <- 0:n
  rowSums(sapply(seq_along(w), function(i) w[i] * exp(lchoose(n, y) + lbeta(a[i] + y, b[i] + n - y) - lbeta(a[i], b[i]))))
}
dq <- function(pmf, p) sapply(p, function(pp) which(cumsum(pmf) >= pp * (1 - 64 * .Machine$double.eps))[1] - 1)
pmf <- bbpmf(40, c(0.7, 0.3), c(20, 1), c(40, 1))
emit("bb:pmf", pmf)
emit("bb:lower", cumsum(pmf))
emit("bb:upper", rev(cumsum(rev(pmf)))[-1])
emit("bb:quantile", dq(pmf, ${v(PROBS)}))
y <- 0:40
emit("bb:moments", c(sum(y * pmf), sum((y - sum(y * pmf))^2 * pmf)))

pmf <- bbpmf(${BIG}, c(0.5, 0.5), c(300, 2), c(700, 2))
ys <- ${v(bigYs)}
emit("bbBig:pmf", pmf[ys + 1])
low <- cumsum(pmf); up <- c(rev(cumsum(rev(pmf)))[-1], 0)
emit("bbBig:lower", low[ys + 1]); emit("bbBig:upper", up[ys + 1])
emit("bbBig:quantile", dq(pmf, ${v(PROBS)}))

w <- c(0.6, 0.4); m <- c(1, -2); s <- sqrt(c(0.5, 1.5)^2 + 2^2 / 25); ys <- ${v(normalYs)}
emit("normal:density", sapply(ys, function(y) sum(w * dnorm(y, m, s))))
emit("normal:lower", sapply(ys, function(y) sum(w * pnorm(y, m, s))))
emit("normal:upper", sapply(ys, function(y) sum(w * pnorm(y, m, s, lower.tail = FALSE))))
emit("normal:quantile", sapply(${v(PROBS)}, function(p) uniroot(function(y) sum(w * pnorm(y, m, s)) - p, c(-50, 50), tol = 1e-14)$root))

w <- c(0.7, 0.3); a <- c(10, 1); b <- c(5, 0.5); n <- 3; pr <- b / (b + n); ys <- ${v(poisYs)}
emit("nb:pmf", sapply(ys, function(y) sum(w * dnbinom(y, size = a, prob = pr))))
emit("nb:lower", sapply(ys, function(y) sum(w * pnbinom(y, size = a, prob = pr))))
emit("nb:upper", sapply(ys, function(y) sum(w * pnbinom(y, size = a, prob = pr, lower.tail = FALSE))))
emit("nb:quantile", sapply(${v(PROBS)}, function(p) {
  y <- 0; while (sum(w * pnbinom(y, size = a, prob = pr)) < p * (1 - 64 * .Machine$double.eps)) y <- y + 1; y }))
yy <- 0:20000; pm <- sapply(yy, function(y) sum(w * dnbinom(y, size = a, prob = pr)))
mu <- sum(yy * pm); emit("nb:moments", c(mu, sum((yy - mu)^2 * pm)))
emit("nbBig", c(dnbinom(c(0, 150000, 200000, 201000), size = 200000, prob = 100000 / 200000),
  pnbinom(199000, size = 200000, prob = 0.5), pnbinom(202000, size = 200000, prob = 0.5, lower.tail = FALSE)))

w <- c(0.6, 0.4); a <- c(8, 3.5); b <- c(4, 1); n <- 5; ts <- ${v(expoTs)}
over <- function(g) sum(sapply(seq_along(w), function(j) {
  far <- qgamma(1 - 1e-17, a[j], b[j]) * 3
  br <- c(0, qgamma(c(1e-12, 1e-6, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1 - 1e-6, 1 - 1e-12), a[j], b[j]), far)
  w[j] * sum(sapply(1:(length(br) - 1), function(k)
    integrate(function(th) g(th) * dgamma(th, a[j], b[j]), br[k], br[k + 1], rel.tol = 1e-13, abs.tol = 0)$value))
}))
emit("expo:density", sapply(ts, function(t) over(function(th) dgamma(t, n, th))))
emit("expo:lower", sapply(ts, function(t) over(function(th) pgamma(t, n, th))))
emit("expo:upper", sapply(ts, function(t) over(function(th) pgamma(t, n, th, lower.tail = FALSE))))
emit("expo:mean", over(function(th) n / th))
emit("expo:variance", over(function(th) n / th^2 + (n / th)^2) - over(function(th) n / th)^2)
`);

describe("predictive distributions against R", () => {
  afterAll(() => reportObserved("predictive"));

  it("beta: beta-binomial mixture pmf, both cdf tails, quantiles and moments over n = 40", () => {
    const r = oracle();
    const pd = predictive(bb, 40);
    expect(pd.kind).toBe("discrete");
    const ys = Array.from({ length: 41 }, (_, y) => y);
    expectClose(
      ys.map((y) => pd.density(y)),
      get(r, "bb:pmf"),
      1e-12,
      "beta-binomial pmf",
    );
    expectClose(
      ys.map((y) => pd.density(y, { log: true })),
      get(r, "bb:pmf").map(Math.log),
      1e-12,
      "beta-binomial log pmf",
    );
    expectClose(
      ys.map((y) => pd.cdf(y)),
      get(r, "bb:lower"),
      1e-12,
      "beta-binomial cdf",
    );
    expectClose(
      ys.slice(0, 40).map((y) => pd.cdf(y, { lowerTail: false })),
      get(r, "bb:upper"),
      1e-12,
      "beta-binomial upper cdf",
    );
    expect(PROBS.map((p) => pd.quantile(p))).toEqual(get(r, "bb:quantile"));
    const [mean, variance] = get(r, "bb:moments") as [number, number];
    expectClose(pd.moments().mean, mean, 1e-12, "beta-binomial moments");
    expectClose(pd.moments().variance, variance, 1e-12, "beta-binomial moments");
    expect(pd.density(2.5)).toBe(0);
    expect(pd.density(41)).toBe(0);
    expect(pd.cdf(-1)).toBe(0);
    expect(pd.cdf(40)).toBe(1);
    expect(pd.cdf(12.7)).toBe(pd.cdf(12));
  });

  it("beta: n = 10^6 future patients neither overflow nor lose the tails", () => {
    const r = oracle();
    const pd = predictive(bbBig, BIG);
    // R's own lchoose + lbeta sum cancels ~1e6-sized terms, so both sides carry ~1e-10 rounding
    expectClose(
      bigYs.map((y) => pd.density(y)),
      get(r, "bbBig:pmf"),
      1e-8,
      "beta-binomial pmf, n = 10^6",
    );
    expectClose(
      bigYs.map((y) => pd.cdf(y)),
      get(r, "bbBig:lower"),
      1e-8,
      "beta-binomial cdf, n = 10^6",
    );
    expectClose(
      bigYs.slice(0, -1).map((y) => pd.cdf(y, { lowerTail: false })),
      get(r, "bbBig:upper").slice(0, -1),
      1e-8,
      "beta-binomial cdf, n = 10^6",
    );
    expect(pd.cdf(BIG, { lowerTail: false })).toBe(0);
    expect(PROBS.map((p) => pd.quantile(p))).toEqual(get(r, "bbBig:quantile"));
  });

  it("normal: mixture of N(m, √(s² + sigma²/n)) for the mean of n observations", () => {
    const r = oracle();
    const pd = predictive(nm, 25);
    expect(pd.kind).toBe("continuous");
    expectClose(
      normalYs.map((y) => pd.density(y)),
      get(r, "normal:density"),
      1e-12,
      "normal predictive density",
    );
    expectClose(
      normalYs.map((y) => pd.cdf(y)),
      get(r, "normal:lower"),
      1e-12,
      "normal predictive cdf",
    );
    expectClose(
      normalYs.map((y) => pd.cdf(y, { lowerTail: false })),
      get(r, "normal:upper"),
      1e-12,
      "normal predictive cdf",
    );
    expectClose(
      PROBS.map((p) => pd.quantile(p)),
      get(r, "normal:quantile"),
      1e-10,
      "normal predictive quantile",
    );
    const m = pd.moments();
    expectClose(m.mean, 0.6 * 1 + 0.4 * -2, 1e-15, "normal predictive moments");
    const v0 = 0.6 * (0.25 + 0.16 + 1.2 ** 2) + 0.4 * (2.25 + 0.16 + 1.8 ** 2);
    expectClose(m.variance, v0, 1e-14, "normal predictive moments");
  });

  it("gamma/Poisson: negative-binomial mixture of the count over n exposure units", () => {
    const r = oracle();
    const pd = predictive(pois, 3);
    expect(pd.kind).toBe("discrete");
    expectClose(
      poisYs.map((y) => pd.density(y)),
      get(r, "nb:pmf"),
      1e-12,
      "negative binomial pmf",
    );
    expectClose(
      poisYs.map((y) => pd.cdf(y)),
      get(r, "nb:lower"),
      1e-12,
      "negative binomial cdf",
    );
    expectClose(
      poisYs.map((y) => pd.cdf(y, { lowerTail: false })),
      get(r, "nb:upper"),
      1e-12,
      "negative binomial cdf",
    );
    expect(PROBS.map((p) => pd.quantile(p))).toEqual(get(r, "nb:quantile"));
    const [mean, variance] = get(r, "nb:moments") as [number, number];
    expectClose(pd.moments().mean, mean, 1e-12, "negative binomial moments");
    expectClose(pd.moments().variance, variance, 1e-10, "negative binomial moments");

    const big = predictive(poisBig, 100000);
    const rb = get(r, "nbBig");
    expectClose(
      [0, 150000, 200000, 201000].map((y) => big.density(y)),
      rb.slice(0, 4),
      // the log pmf is a sum of terms of size 10^5 (R's dnbinom uses a saddle-point form instead)
      1e-9,
      "negative binomial pmf, 2·10^5 events",
    );
    expectClose(big.cdf(199000), rb[4] as number, 1e-9, "negative binomial cdf, 2·10^5 events");
    expectClose(
      big.cdf(202000, { lowerTail: false }),
      rb[5] as number,
      1e-9,
      "negative binomial cdf, 2·10^5 events",
    );
  });

  it("gamma/exponential: total time of n waits, against integrate() over θ of Gamma(n, θ)", () => {
    const r = oracle();
    const pd = predictive(expo, 5);
    expect(pd.kind).toBe("continuous");
    expectClose(
      expoTs.map((t) => pd.density(t)),
      get(r, "expo:density"),
      1e-9,
      "total waiting time density (vs integrate)",
    );
    expectClose(
      expoTs.map((t) => pd.cdf(t)),
      get(r, "expo:lower"),
      1e-9,
      "total waiting time cdf (vs integrate)",
    );
    expectClose(
      expoTs.map((t) => pd.cdf(t, { lowerTail: false })),
      get(r, "expo:upper"),
      1e-9,
      "total waiting time cdf (vs integrate)",
    );
    expectClose(pd.moments().mean, get(r, "expo:mean")[0] as number, 1e-9, "total waiting time moments");
    expectClose(
      pd.moments().variance,
      get(r, "expo:variance")[0] as number,
      1e-8,
      "total waiting time moments",
    );
    for (const p of PROBS) {
      const q = pd.quantile(p);
      const back = p <= 0.5 ? pd.cdf(q) : pd.cdf(q, { lowerTail: false });
      expectClose(back, p <= 0.5 ? p : 1 - p, 1e-12, "total waiting time quantile round trip");
    }
    // a shape ≤ 2 component has no variance, a shape ≤ 1 component no mean
    expect(predictive(gammaMixture([[1, 1.5, 1]], "exponential"), 2).moments().variance).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(predictive(gammaMixture([[1, 0.8, 1]], "exponential"), 2).moments().mean).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it("rejects a non-integer or non-positive n and bad probabilities", () => {
    expect(() => predictive(bb, 2.5)).toThrow(/n \(number of future patients\) must be a whole number/);
    expect(() => predictive(bb, 0)).toThrow(/n \(number of future patients\)/);
    expect(() => predictive(nm, -1)).toThrow(/n \(number of future observations\)/);
    expect(() => predictive(pois, 0)).toThrow(/n \(future exposure units\)/);
    expect(() => predictive(expo, Number.NaN)).toThrow(/n \(number of future waits\)/);
    expect(() => predictive(bb, 10).quantile(1.5)).toThrow(/p must be a probability/);
    expect(() => predictive(pois, 1).cdf(Number.NaN)).toThrow(/y must be a number/);
  });
});
