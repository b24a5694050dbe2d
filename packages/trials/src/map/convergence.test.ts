/**
 * Convergence diagnostics against R: an independent base-R implementation of Vehtari et al. (2021) written
 * from the paper (autocovariances from stats::acf, ranks from rank(), Geyer's initial monotone sequence as a
 * cumulative minimum of pair sums), and against theory (iid and AR(1) chains, shifted or rescaled chains).
 */
import { expectClose, get, lazyR, mulberry32, normal, reportObserved, round } from "@kakehashi/core/r-oracle";
import { afterAll, describe, expect, it } from "vitest";
import {
  diagnose,
  essBasic,
  essBulk,
  essQuantile,
  essTail,
  rankNormalize,
  rhat,
  rhatBasic,
  splitChains,
} from "./convergence.ts";

function ar1Chains(
  seed: number,
  chains: number,
  n: number,
  rho: number,
  shift: number[] = [],
  scale: number[] = [],
) {
  const rnd = mulberry32(seed);
  return Array.from({ length: chains }, (_, c) => {
    const x = new Float64Array(n);
    let v = normal(rnd);
    for (let i = 0; i < n; i++) {
      v = rho * v + Math.sqrt(1 - rho * rho) * normal(rnd);
      x[i] = (shift[c] ?? 0) + (scale[c] ?? 1) * v;
    }
    return x;
  });
}

// odd length (the middle draw is dropped when splitting), values rounded so that ranks have ties
const CASES = {
  mixed: ar1Chains(1, 4, 1001, 0.6, [0, 0, 0.3, 0], [1, 1, 1, 1.6]).map((c) => c.map((v) => round(v, 2))),
  iid: ar1Chains(2, 3, 800, 0),
  sticky: ar1Chains(3, 4, 500, 0.95),
};

const R_SCRIPT = `
diag <- function(d) {
  m <- sapply(split(d$value, d$chain), identity)
  split_chains <- function(m) {
    n <- nrow(m); h <- floor(n / 2)
    cbind(m[1:h, , drop = FALSE], m[(n - h + 1):n, , drop = FALSE])
  }
  z_scale <- function(m) {
    r <- rank(as.vector(m), ties.method = "average")
    matrix(qnorm((r - 3/8) / (length(r) + 1/4)), nrow = nrow(m))
  }
  rhat_basic <- function(m) {
    n <- nrow(m)
    B <- n * var(colMeans(m)); W <- mean(apply(m, 2, var))
    sqrt(((n - 1) / n * W + B / n) / W)
  }
  ess_basic <- function(m) {
    n <- nrow(m); M <- ncol(m)
    acov <- sapply(seq_len(M), function(j)
      acf(m[, j], lag.max = n - 1, type = "covariance", plot = FALSE, demean = TRUE)$acf[, 1, 1])
    acov <- matrix(acov, nrow = n)
    am <- rowMeans(acov)
    W <- am[1] * n / (n - 1)
    vp <- W * (n - 1) / n + (if (M > 1) var(colMeans(m)) else 0)
    rho <- 1 - (W - am) / vp
    rho[1] <- 1
    npair <- floor(n / 2)
    P <- rho[2 * seq_len(npair) - 1] + rho[2 * seq_len(npair)]
    # initial positive sequence: walk the pairs while the current one is positive (and lags remain); the
    # pairs before the last one visited count in full, monotonised by a running minimum; of the last one
    # only its even lag counts, and only when positive if that pair went negative
    k <- 1
    while (2 * (k - 1) < n - 5 && P[k] > 0 && k < npair) k <- k + 1
    even <- rho[2 * k - 1]
    lastTerm <- if (P[k] >= 0) even else max(even, 0)
    tau <- -1 + 2 * sum(cummin(P[seq_len(k - 1)])) + lastTerm
    S <- M * n
    S / max(tau, 1 / log10(S))
  }
  sp <- split_chains(m)
  x <- as.vector(m)
  fold <- abs(m - median(x))
  q <- function(p) quantile(x, p, type = 7, names = FALSE)
  c(
    rhat = max(rhat_basic(z_scale(sp)), rhat_basic(z_scale(split_chains(fold)))),
    bulk = ess_basic(z_scale(sp)),
    tail = min(ess_basic(split_chains((m <= q(0.05)) + 0)), ess_basic(split_chains((m <= q(0.95)) + 0))),
    q25 = ess_basic(split_chains((m <= q(0.25)) + 0)),
    basic = ess_basic(m),
    rhatBasic = rhat_basic(m),
    z1 = z_scale(sp)[1:5, 1]
  )
}
for (name in c("mixed", "iid", "sticky")) {
  r <- diag(input(name))
  emit(name, r)
}
`;

function table(chains: Float64Array[]) {
  const chain: number[] = [];
  const value: number[] = [];
  for (const [c, x] of chains.entries()) {
    for (const v of x) {
      chain.push(c + 1);
      value.push(v);
    }
  }
  return { chain, value };
}

const oracle = lazyR(R_SCRIPT, () => ({
  mixed: table(CASES.mixed),
  iid: table(CASES.iid),
  sticky: table(CASES.sticky),
}));

afterAll(() => reportObserved("convergence diagnostics"));

describe("rank-normalised R-hat and ESS agree with the base-R implementation", () => {
  for (const [name, chains] of Object.entries(CASES)) {
    it(name, () => {
      const r = get(oracle(), name);
      expectClose(rhat(chains), r[0] as number, 1e-10, `${name} rhat`);
      expectClose(essBulk(chains), r[1] as number, 1e-9, `${name} bulk ESS`);
      expectClose(essTail(chains), r[2] as number, 1e-9, `${name} tail ESS`);
      expectClose(essQuantile(chains, 0.25), r[3] as number, 1e-9, `${name} ESS of q25`);
      expectClose(essBasic(chains), r[4] as number, 1e-9, `${name} basic ESS`);
      expectClose(rhatBasic(chains), r[5] as number, 1e-10, `${name} basic rhat`);
      expectClose(
        Array.from((rankNormalize(splitChains(chains))[0] as Float64Array).slice(0, 5)),
        r.slice(6, 11),
        1e-12,
        `${name} z`,
      );
      const d = diagnose(chains);
      expect(d.rhat).toBe(rhat(chains));
      expect(d.essBulk).toBe(essBulk(chains));
      expect(d.essTail).toBe(essTail(chains));
    });
  }
});

describe("diagnostics behave as theory says", () => {
  it("iid chains: R-hat ≈ 1 and ESS ≈ the number of draws", () => {
    const chains = ar1Chains(10, 4, 5000, 0);
    expect(rhat(chains)).toBeLessThan(1.005);
    expect(essBulk(chains) / 20000).toBeGreaterThan(0.9);
    expect(essBulk(chains) / 20000).toBeLessThan(1.1);
  });

  it("AR(1) chains: ESS ≈ S·(1 − ρ)/(1 + ρ)", () => {
    const rho = 0.8;
    const chains = ar1Chains(11, 4, 20000, rho);
    const expected = (80000 * (1 - rho)) / (1 + rho);
    expect(essBasic(chains) / expected).toBeGreaterThan(0.85);
    expect(essBasic(chains) / expected).toBeLessThan(1.15);
  });

  it("a chain stuck elsewhere gives a large R-hat", () => {
    const chains = ar1Chains(12, 4, 1000, 0.3, [0, 0, 0, 1]);
    expect(rhat(chains)).toBeGreaterThan(1.1);
  });

  it("a chain with another scale is caught by the folded R-hat", () => {
    const chains = ar1Chains(13, 4, 2000, 0.3, [], [1, 1, 1, 3]);
    const splitZ = rankNormalize(splitChains(chains));
    expect(rhatBasic(splitZ)).toBeLessThan(1.01);
    expect(rhat(chains)).toBeGreaterThan(1.05);
  });

  it("constant draws give NaN; unequal chains are rejected", () => {
    const flat = [new Float64Array(100).fill(2), new Float64Array(100).fill(2)];
    expect(rhat(flat)).toBeNaN();
    expect(essBulk(flat)).toBeNaN();
    expect(() => rhat([new Float64Array(10), new Float64Array(11)])).toThrow(/chain 1 has 11 draws/);
    expect(() => essQuantile(CASES.iid, 1)).toThrow(/p must lie in \(0, 1\)/);
  });
});
