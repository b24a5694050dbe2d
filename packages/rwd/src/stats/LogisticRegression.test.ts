import { afterAll, describe, expect, it } from "vitest";
import { logisticRegression, predictLogistic } from "./LogisticRegression.ts";
import { expectClose, get, lazyR, mulberry32, normal, reportObserved, round } from "./oracle.ts";

interface BinarySet {
  x: number[][];
  y: (0 | 1)[];
  w?: number[];
}

/** A propensity-score-like design: binary, age-like, continuous and skewed covariates. */
function simulate(seed: number, n: number, p: number, weights = false): BinarySet {
  const rng = mulberry32(seed);
  const set: BinarySet = { x: [], y: [] };
  if (weights) set.w = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < p; j++) {
      const kind = j % 4;
      row.push(
        kind === 0
          ? rng() < 0.3
            ? 1
            : 0
          : kind === 1
            ? round(60 + 12 * normal(rng), 1)
            : kind === 2
              ? round(normal(rng), 4)
              : round(-Math.log(1 - rng()), 4),
      );
    }
    let eta = -0.5;
    row.forEach((v, j) => {
      eta += (j % 4 === 1 ? 0.03 * (v - 60) : 0.4 * v) * (j % 2 === 0 ? 1 : -1);
    });
    set.x.push(row);
    set.y.push(rng() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
    set.w?.push(round(0.2 + 3 * rng(), 3));
  }
  return set;
}

const small = simulate(21, 500, 4);
const weighted = simulate(22, 400, 3, true);
const large = simulate(23, 2000, 10);
const lambdas = [2, 50];

function table(set: BinarySet) {
  const cols: Record<string, number[]> = { y: set.y };
  (set.x[0] ?? []).forEach((_, j) => {
    cols[`x${j + 1}`] = set.x.map((r) => r[j] as number);
  });
  if (set.w) cols.w = set.w;
  return cols;
}

const oracle = lazyR(
  `
design <- function(d) as.matrix(d[, grep("^x", names(d)), drop = FALSE])
# glm's vcov uses the working weights of the iterate before its last (even with a tight epsilon, as
# the last step is then below rounding), so its standard errors lag the estimate by up to ~1e-5
# relative. We compare with the inverse information at glm's estimate, computed here by R.
out <- function(name, fit) {
  X <- model.matrix(fit); mu <- fitted(fit); w <- if (is.null(fit$prior.weights)) 1 else fit$prior.weights
  emit(paste0(name, ".coef"), coef(fit)); emit(paste0(name, ".se"), sqrt(diag(solve(crossprod(X, X * (w * mu * (1 - mu)))))))
  emit(paste0(name, ".loglik"), -fit$deviance / 2); emit(paste0(name, ".fitted"), fitted(fit))
}
# Ridge by Newton in R itself: an independent implementation with R's own solve().
ridge <- function(X, y, lambda) {
  pen <- c(0, rep(lambda, ncol(X) - 1)); b <- rep(0, ncol(X))
  for (it in 1:100) {
    mu <- plogis(drop(X %*% b))
    step <- solve(crossprod(X, X * (mu * (1 - mu))) + diag(pen), crossprod(X, y - mu) - pen * b)
    b <- b + drop(step)
    if (max(abs(step)) < 1e-14) break
  }
  eta <- drop(X %*% b)
  list(coef = b, loglik = sum(y * eta - log1p(exp(eta))))
}
small <- input("small"); X <- design(small)
out("small", glm(small$y ~ X, family = binomial))
emit("small.logLikR", logLik(glm(small$y ~ X, family = binomial)))
out("small.noIntercept", glm(small$y ~ X - 1, family = binomial))
for (lambda in c(${lambdas.join(", ")})) {
  r <- ridge(cbind(1, X), small$y, lambda)
  emit(paste0("small.ridge", lambda, ".coef"), r$coef); emit(paste0("small.ridge", lambda, ".loglik"), r$loglik)
}
wt <- input("weighted"); Xw <- design(wt)
out("weighted", suppressWarnings(glm(wt$y ~ Xw, family = binomial, weights = wt$w)))
large <- input("large")
out("large", glm(large$y ~ design(large), family = binomial))
`,
  () => ({ small: table(small), weighted: table(weighted), large: table(large) }),
  { survival: false },
);

describe("logisticRegression against R's glm", () => {
  afterAll(() => reportObserved("logisticRegression"));

  it("matches glm(y ~ x, family = binomial) with and without intercept", () => {
    const r = oracle();
    const fit = logisticRegression(small.x, small.y);
    expect(fit.converged).toBe(true);
    expectClose(fit.coef, get(r, "small.coef"), 1e-6, "logistic:small.coef");
    expectClose(fit.se ?? [], get(r, "small.se"), 1e-6, "logistic:small.se");
    expectClose(fit.logLik, get(r, "small.loglik"), 1e-6, "logistic:small.loglik");
    expectClose(fit.logLik, get(r, "small.logLikR"), 1e-6, "logistic:small.loglik");
    expectClose(predictLogistic(fit.coef, small.x), get(r, "small.fitted"), 1e-6, "logistic:small.fitted");
    const noIntercept = logisticRegression(small.x, small.y, { intercept: false });
    expectClose(noIntercept.coef, get(r, "small.noIntercept.coef"), 1e-6, "logistic:noIntercept.coef");
    expectClose(noIntercept.se ?? [], get(r, "small.noIntercept.se"), 1e-6, "logistic:noIntercept.se");
    expectClose(noIntercept.logLik, get(r, "small.noIntercept.loglik"), 1e-6, "logistic:noIntercept.loglik");
    expectClose(
      predictLogistic(noIntercept.coef, small.x, false),
      get(r, "small.noIntercept.fitted"),
      1e-6,
      "logistic:noIntercept.fitted",
    );
  });

  it("matches glm with non-integer prior weights", () => {
    const r = oracle();
    const fit = logisticRegression(weighted.x, weighted.y, { weights: weighted.w });
    expectClose(fit.coef, get(r, "weighted.coef"), 1e-6, "logistic:weighted.coef");
    expectClose(fit.se ?? [], get(r, "weighted.se"), 1e-6, "logistic:weighted.se");
    expectClose(fit.logLik, get(r, "weighted.loglik"), 1e-6, "logistic:weighted.loglik");
  });

  it("matches on n = 2,000 with 10 covariates", () => {
    const r = oracle();
    const fit = logisticRegression(large.x, large.y);
    expectClose(fit.coef, get(r, "large.coef"), 1e-6, "logistic:large.coef");
    expectClose(fit.se ?? [], get(r, "large.se"), 1e-6, "logistic:large.se");
    expectClose(fit.logLik, get(r, "large.loglik"), 1e-6, "logistic:large.loglik");
  });

  it("matches a ridge fit (Newton in R) and leaves the intercept unpenalised", () => {
    const r = oracle();
    for (const l2 of lambdas) {
      const fit = logisticRegression(small.x, small.y, { l2 });
      expect(fit.se).toBeNull();
      expectClose(fit.coef, get(r, `small.ridge${l2}.coef`), 1e-6, "logistic:ridge.coef");
      expectClose(fit.logLik, get(r, `small.ridge${l2}.loglik`), 1e-6, "logistic:ridge.loglik");
    }
  });
});

describe("logisticRegression at scale", () => {
  it("fits 200,000 rows × 30 covariates in a few seconds, to the score equations", () => {
    const n = 200_000;
    const p = 30;
    const rng = mulberry32(31);
    const x: number[][] = [];
    const y: (0 | 1)[] = [];
    for (let i = 0; i < n; i++) {
      const row = Array.from({ length: p }, (_, j) => (j % 3 === 0 ? (rng() < 0.25 ? 1 : 0) : normal(rng)));
      let eta = -2;
      for (let j = 0; j < p; j++) eta += (j % 2 === 0 ? 0.15 : -0.1) * (row[j] as number);
      x.push(row);
      y.push(rng() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
    }
    const start = performance.now();
    const fit = logisticRegression(x, y);
    const seconds = (performance.now() - start) / 1000;
    if (process.env.ORACLE_REPORT) console.log(`[oracle] 200,000 × 30 logistic fit: ${seconds.toFixed(2)} s`);
    expect(fit.converged).toBe(true);
    expect(seconds).toBeLessThan(10);
    // At the maximum the score X'(y − μ) vanishes; relative to X'y it is at rounding level.
    const mu = predictLogistic(fit.coef, x);
    for (let j = -1; j < p; j++) {
      let score = 0;
      let scale = 0;
      for (let i = 0; i < n; i++) {
        const xij = j < 0 ? 1 : ((x[i] as number[])[j] as number);
        score += xij * ((y[i] as number) - (mu[i] as number));
        scale += Math.abs(xij * (y[i] as number));
      }
      expect(Math.abs(score) / scale).toBeLessThan(1e-9);
    }
  });

  it("reports non-convergence under complete separation instead of returning a false optimum", () => {
    const x = Array.from({ length: 100 }, (_, i) => [i]);
    const fit = logisticRegression(
      x,
      x.map(([v]) => ((v as number) > 50 ? 1 : 0)),
    );
    expect(fit.converged).toBe(false);
    expect(fit.coef[1]).toBeGreaterThan(10);
  });

  it("rejects bad input", () => {
    expect(() => logisticRegression([[1]], [1, 0])).toThrow(/rows/);
    expect(() => logisticRegression([[1], [2]], [1, 0], { l2: -1 })).toThrow(/l2/);
    expect(() =>
      logisticRegression(
        small.x.map((r) => [r[0] as number, r[0] as number]),
        small.y,
      ),
    ).toThrow(/singular/);
  });
});
