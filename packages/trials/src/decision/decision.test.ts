import { expectClose, get, lazyR, reportObserved } from "@kakehashi/core/r-oracle";
import betaln from "@stdlib/math-base-special-betaln";
import gammaln from "@stdlib/math-base-special-gammaln";
import { afterAll, describe, expect, it } from "vitest";
import {
  betaMixture,
  gammaMixture,
  normalMixture,
  posterior,
  probabilityOfDifference,
} from "../mixture/index.ts";
import { differenceIntegral } from "./differenceIntegral.ts";
import { incompleteBeta, incompleteGamma } from "./incomplete.ts";
import {
  criterionProbabilities1S,
  criterionProbabilities2S,
  decide1S,
  decide2S,
  decisionRule,
  validateDecisionRule,
} from "./index.ts";

// robust MAP-like control prior and a weak treatment prior
const control = betaMixture([
  [0.8, 11, 32],
  [0.2, 1, 1],
]);
const treatment = betaMixture([[1, 0.5, 1]]);
const dual = decisionRule([
  { probability: 0.975, threshold: 0, lowerTail: false },
  { probability: 0.5, threshold: 0.1, lowerTail: false },
]);
const pairs: Array<[number, number, number, number]> = [
  // y1, n1, y2, n2
  [20, 40, 8, 20],
  [12, 40, 3, 20],
  [30, 40, 18, 20],
  [0, 40, 0, 20],
  [40, 40, 20, 20],
  [7, 25, 13, 20],
];
const deltas = [-0.2, 0, 0.1, 0.35];

const R_HELPERS = `
postbeta <- function(w, a, b, r, n) {
  lw <- log(w) + lbeta(a + r, b + n - r) - lbeta(a, b); w2 <- exp(lw - max(lw))
  list(w = w2 / sum(w2), a = a + r, b = b + n - r)
}
dmix <- function(x, p) { s <- 0; for (i in seq_along(p$w)) s <- s + p$w[i] * dbeta(x, p$a[i], p$b[i]); s }
pmix <- function(q, p, lower = TRUE) { s <- 0; for (i in seq_along(p$w)) s <- s + p$w[i] * pbeta(q, p$a[i], p$b[i], lower.tail = lower); s }
# integrate over θ2 piecewise, cut at the component means so no narrow peak is missed
over2 <- function(f, p) {
  cuts <- sort(unique(c(0, p$a / (p$a + p$b), 1))); s <- 0
  for (k in seq_len(length(cuts) - 1)) s <- s + integrate(f, cuts[k], cuts[k + 1], rel.tol = 1e-13, abs.tol = 0, subdivisions = 2000L)$value
  s
}
`;

const oracle = lazyR(`
${R_HELPERS}
pairs <- matrix(c(${pairs.flat().join(",")}), ncol = 4, byrow = TRUE)
deltas <- c(${deltas.join(",")})
for (k in seq_len(nrow(pairs))) {
  p1 <- postbeta(1, 0.5, 1, pairs[k, 1], pairs[k, 2])
  p2 <- postbeta(c(0.8, 0.2), c(11, 1), c(32, 1), pairs[k, 3], pairs[k, 4])
  up <- sapply(deltas, function(d) over2(function(x) dmix(x, p2) * pmix(pmin(pmax(x + d, 0), 1), p1, FALSE), p2))
  lo <- sapply(deltas, function(d) over2(function(x) dmix(x, p2) * pmix(pmin(pmax(x + d, 0), 1), p1, TRUE), p2))
  lg <- sapply(deltas, function(d) over2(function(x) dmix(x, p2) * pmix(plogis(qlogis(x) + d), p1, FALSE), p2))
  lr <- sapply(deltas, function(d) over2(function(x) dmix(x, p2) * pmix(pmin(x * exp(d), 1), p1, FALSE), p2))
  emit(paste0("upper", k), up); emit(paste0("lower", k), lo); emit(paste0("logit", k), lg); emit(paste0("log", k), lr)
  # one-sample: posterior tail probabilities of the control arm
  emit(paste0("tail1S", k), c(pmix(0.3, p2, FALSE), pmix(0.2, p2, TRUE)))
}
# gamma mixtures (Poisson): log link (rate ratio) and the identity link
g1 <- list(w = c(0.7, 0.3), a = c(4.5, 1.2), b = c(5, 1.5)); g2 <- list(w = 1, a = 9, b = 8)
dg <- function(x, p) { s <- 0; for (i in seq_along(p$w)) s <- s + p$w[i] * dgamma(x, p$a[i], rate = p$b[i]); s }
pg <- function(q, p, lower) { s <- 0; for (i in seq_along(p$w)) s <- s + p$w[i] * pgamma(q, p$a[i], rate = p$b[i], lower.tail = lower); s }
gd <- c(-0.5, 0, 0.4)
emit("gammaLog", sapply(gd, function(d) integrate(function(x) dg(x, g2) * pg(x * exp(d), g1, FALSE), 0, Inf, rel.tol = 1e-13, abs.tol = 0)$value))
emit("gammaId", sapply(gd, function(d) integrate(function(x) dg(x, g2) * pg(pmax(x + d, 0), g1, FALSE), 0, Inf, rel.tol = 1e-13, abs.tol = 0)$value))
# incomplete beta / gamma
xs <- c(1e-6, 0.01, 0.2, 0.5, 0.77, 0.99, 0.999999)
ab <- matrix(c(0.5, 0.5, 1, 81, 31.5, 92, 300, 12, 2.5, 1e4), ncol = 2, byrow = TRUE)
for (k in seq_len(nrow(ab))) {
  emit(paste0("pbetaL", k), pbeta(xs, ab[k, 1], ab[k, 2])); emit(paste0("pbetaU", k), pbeta(xs, ab[k, 1], ab[k, 2], lower.tail = FALSE))
}
gx <- c(1e-5, 0.3, 1, 4.2, 30, 120)
ga <- c(0.4, 1, 7.5, 60)
for (k in seq_along(ga)) { emit(paste0("pgammaL", k), pgamma(gx, ga[k])); emit(paste0("pgammaU", k), pgamma(gx, ga[k], lower.tail = FALSE)) }
`);

afterAll(() => reportObserved("decision"));

describe("decision rules", () => {
  it("checks rules: probability in (0, 1), finite threshold, explicit tail, known link", () => {
    expect(() => decisionRule([])).toThrow(/non-empty/);
    expect(() => decisionRule({ probability: 1, threshold: 0, lowerTail: false })).toThrow(/probability/);
    expect(() => decisionRule({ probability: 0, threshold: 0, lowerTail: false })).toThrow(/probability/);
    expect(() => decisionRule({ probability: 0.9, threshold: Number.NaN, lowerTail: false })).toThrow(
      /threshold/,
    );
    expect(() => validateDecisionRule({ criteria: [{ probability: 0.9, threshold: 0 }] })).toThrow(
      /lowerTail/,
    );
    expect(() =>
      decisionRule({ probability: 0.9, threshold: 0, lowerTail: false }, { link: "probit" as never }),
    ).toThrow(/link/);
    expect(
      validateDecisionRule({ criteria: [{ probability: 0.9, threshold: 0, lowerTail: true }] }).link,
    ).toBe("identity");
  });

  it("refuses data that do not match the prior, and links undefined for the family", () => {
    expect(() => decide1S(dual, control, { mean: 1, n: 3 })).toThrow(/needs data \{ r, n \}/);
    expect(() => decide1S(dual, control, { r: 5, n: 3 })).toThrow(/must not exceed/);
    const normal = normalMixture([[1, 0, 1]], 1);
    expect(() => decide2S(dual, control, normal, { r: 1, n: 3 }, { mean: 0, n: 2 })).toThrow(/same family/);
    const logit = decisionRule(dual.criteria, { link: "logit" });
    expect(() => decide2S(logit, normal, normal, { mean: 0, n: 2 }, { mean: 0, n: 2 })).toThrow(
      /not defined/,
    );
    const g = gammaMixture([[1, 2, 2]], "poisson");
    expect(() => decide2S(logit, g, g, { events: 1, exposure: 2 }, { events: 1, exposure: 2 })).toThrow(
      /"log"/,
    );
  });
});

describe("posterior probabilities of the criteria against R", () => {
  it("one-sample: P(θ > δ) and P(θ ≤ δ) of a robust beta mixture posterior, as pbeta mixtures", () => {
    const r = oracle();
    const rule = decisionRule([
      { probability: 0.5, threshold: 0.3, lowerTail: false },
      { probability: 0.5, threshold: 0.2, lowerTail: true },
    ]);
    pairs.forEach(([, , y2, n2], k) => {
      const post = posterior(control, { r: y2, n: n2 });
      expectClose(criterionProbabilities1S(rule, post), get(r, `tail1S${k + 1}`), 1e-12, "1S tails");
    });
  });

  it("one-sample decisions: success iff every probability exceeds its c", () => {
    const rule = decisionRule([
      { probability: 0.9, threshold: 0.2, lowerTail: false },
      { probability: 0.6, threshold: 0.45, lowerTail: true },
    ]);
    for (let y = 0; y <= 20; y++) {
      const [p1, p2] = criterionProbabilities1S(rule, posterior(control, { r: y, n: 20 })) as [
        number,
        number,
      ];
      expect(decide1S(rule, control, { r: y, n: 20 })).toBe(p1 > 0.9 && p2 > 0.6);
    }
  });

  it("two-sample, identity / logit / log links, both tails, as R integrate", () => {
    const r = oracle();
    pairs.forEach(([y1, n1, y2, n2], k) => {
      const p1 = posterior(treatment, { r: y1, n: n1 });
      const p2 = posterior(control, { r: y2, n: n2 });
      const rule = (lowerTail: boolean, link: "identity" | "logit" | "log") =>
        decisionRule(
          deltas.map((threshold) => ({ probability: 0.5, threshold, lowerTail })),
          { link },
        );
      expectClose(
        criterionProbabilities2S(rule(false, "identity"), p1, p2),
        get(r, `upper${k + 1}`),
        1e-9,
        "2S identity",
      );
      expectClose(
        criterionProbabilities2S(rule(true, "identity"), p1, p2),
        get(r, `lower${k + 1}`),
        1e-9,
        "2S identity",
      );
      expectClose(
        criterionProbabilities2S(rule(false, "logit"), p1, p2),
        get(r, `logit${k + 1}`),
        1e-9,
        "2S logit",
      );
      expectClose(
        criterionProbabilities2S(rule(false, "log"), p1, p2),
        get(r, `log${k + 1}`),
        1e-9,
        "2S log",
      );
    });
  });

  it("two-sample gamma mixtures: rate ratio (log link) and rate difference", () => {
    const r = oracle();
    const g1 = gammaMixture(
      [
        [0.7, 4.5, 5],
        [0.3, 1.2, 1.5],
      ],
      "poisson",
    );
    const g2 = gammaMixture([[1, 9, 8]], "poisson");
    const gd = [-0.5, 0, 0.4];
    const rule = (link: "identity" | "log") =>
      decisionRule(
        gd.map((threshold) => ({ probability: 0.5, threshold, lowerTail: false })),
        { link },
      );
    expectClose(criterionProbabilities2S(rule("log"), g1, g2), get(r, "gammaLog"), 1e-9, "2S gamma log");
    expectClose(
      criterionProbabilities2S(rule("identity"), g1, g2),
      get(r, "gammaId"),
      1e-9,
      "2S gamma identity",
    );
  });

  it("two-sample decisions follow the criterion probabilities", () => {
    for (const [y1, n1, y2, n2] of pairs) {
      const probs = criterionProbabilities2S(
        dual,
        posterior(treatment, { r: y1, n: n1 }),
        posterior(control, { r: y2, n: n2 }),
      );
      const expected = (probs[0] as number) > 0.975 && (probs[1] as number) > 0.5;
      expect(decide2S(dual, treatment, control, { r: y1, n: n1 }, { r: y2, n: n2 })).toBe(expected);
    }
  });
});

describe("the boundary search's quadrature", () => {
  it("fast incomplete beta and gamma functions agree with pbeta / pgamma", () => {
    const r = oracle();
    const xs = [1e-6, 0.01, 0.2, 0.5, 0.77, 0.99, 0.999999];
    const ab = [
      [0.5, 0.5],
      [1, 81],
      [31.5, 92],
      [300, 12],
      [2.5, 1e4],
    ] as const;
    ab.forEach(([a, b], k) => {
      const lb = betaln(a, b);
      // the complement as R forms it from x
      const xc = xs.map((x) => 1 - x);
      const lower = get(r, `pbetaL${k + 1}`);
      const upper = get(r, `pbetaU${k + 1}`);
      xs.forEach((x, i) => {
        // compared where R's value is a normal double: relative accuracy holds down to there
        if ((lower[i] as number) > 1e-290) {
          expectClose(
            incompleteBeta(x, xc[i] as number, a, b, lb, false),
            lower[i] as number,
            1e-11,
            "incomplete beta",
          );
        }
        if ((upper[i] as number) > 1e-290) {
          expectClose(
            incompleteBeta(x, xc[i] as number, a, b, lb, true),
            upper[i] as number,
            1e-11,
            "incomplete beta",
          );
        }
      });
    });
    const gx = [1e-5, 0.3, 1, 4.2, 30, 120];
    [0.4, 1, 7.5, 60].forEach((a, k) => {
      const lower = get(r, `pgammaL${k + 1}`);
      const upper = get(r, `pgammaU${k + 1}`);
      gx.forEach((x, i) => {
        if ((lower[i] as number) > 1e-290) {
          expectClose(
            incompleteGamma(x, a, gammaln(a), false),
            lower[i] as number,
            1e-11,
            "incomplete gamma",
          );
        }
        if ((upper[i] as number) > 1e-290) {
          expectClose(incompleteGamma(x, a, gammaln(a), true), upper[i] as number, 1e-11, "incomplete gamma");
        }
      });
    });
  });

  it("agrees with the mixture API's probabilityOfDifference and bounds its own error", () => {
    let worst = 0;
    for (const [y1, n1, y2, n2] of pairs) {
      const p1 = posterior(treatment, { r: y1, n: n1 });
      const p2 = posterior(control, { r: y2, n: n2 });
      for (const d of deltas) {
        for (const lowerTail of [false, true]) {
          const exact = probabilityOfDifference(p1, p2, d, { lowerTail });
          // tight, then the loose tier the boundary search starts with: its error estimate must cover the truth
          const tight = differenceIntegral(p1, p2, d, "identity", lowerTail, {
            absTol: 1e-16,
            relTol: 1e-13,
          });
          expect(Math.abs(tight.value - exact)).toBeLessThanOrEqual(1e-12 * Math.max(exact, 1e-3));
          const loose = differenceIntegral(p1, p2, d, "identity", lowerTail, { absTol: 1e-5, relTol: 1e-4 });
          expect(Math.abs(loose.value - exact)).toBeLessThanOrEqual(Math.max(1e-4, 4 * loose.error));
          worst = Math.max(worst, Math.abs(tight.value - exact));
        }
      }
    }
    expect(worst).toBeLessThan(1e-12);
  });
});
