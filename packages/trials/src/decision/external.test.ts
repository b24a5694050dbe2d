import { expectClose, get, lazyR, reportObserved } from "@kakehashi/core/r-oracle";
import { afterAll, describe, expect, it } from "vitest";
import {
  betaMixture,
  cdf,
  gammaMixture,
  moments,
  normalMixture,
  posterior,
  robustify,
} from "../mixture/index.ts";
import type { Mixture } from "../mixture/types.ts";
import { decisionRule, powerPrior, robustExternalPrior, typeIError2S } from "./index.ts";

const betaInitial = betaMixture([
  [0.6, 2, 5],
  [0.4, 1, 1],
]);
const normalInitial = normalMixture(
  [
    [0.5, 0, 1],
    [0.5, 1, 3],
  ],
  2,
);
const gammaInitial = gammaMixture(
  [
    [0.7, 2, 4],
    [0.3, 0.5, 0.5],
  ],
  "poisson",
);

/** Component parameters and weights as one flat list, for comparing two mixtures of the same layout. */
function flat(m: Mixture): number[] {
  if (m.family === "normal") return m.components.flatMap((c) => [c.w, c.m, c.s]);
  return m.components.flatMap((c) => [c.w, c.a, c.b]);
}

const oracle = lazyR(`
# power prior a0 = 0.5: density ∝ L(θ)^a0 π0(θ), normalised by integrate; its mean and P(θ ≤ q)
pp <- function(dens, lik, lo, hi, q) {
  f <- function(x) lik(x)^0.5 * dens(x)
  z <- integrate(f, lo, hi, rel.tol = 1e-13, abs.tol = 0)$value
  c(integrate(function(x) x * f(x), lo, hi, rel.tol = 1e-13, abs.tol = 0)$value / z,
    integrate(f, lo, q, rel.tol = 1e-13, abs.tol = 0)$value / z)
}
emit("beta", pp(function(x) 0.6 * dbeta(x, 2, 5) + 0.4 * dbeta(x, 1, 1), function(x) dbinom(12, 40, x), 0, 1, 0.3))
emit("normal", pp(function(x) 0.5 * dnorm(x, 0, 1) + 0.5 * dnorm(x, 1, 3), function(x) dnorm(2.1, x, 0.4), -40, 40, 1))
emit("gamma", pp(function(x) 0.7 * dgamma(x, 2, rate = 4) + 0.3 * dgamma(x, 0.5, rate = 0.5), function(x) dpois(9, 20 * x), 0, Inf, 0.4))
`);

afterAll(() => reportObserved("external priors"));

describe("power prior", () => {
  it("a0 = 0 is the initial prior (no borrowing); a0 = 1 is the posterior (full pooling)", () => {
    const cases: Array<[Mixture, Parameters<typeof powerPrior>[1]]> = [
      [betaInitial, { r: 12, n: 40 }],
      [normalInitial, { mean: 2.1, se: 0.4 }],
      [normalInitial, { mean: 2.1, n: 25 }],
      [gammaInitial, { events: 9, exposure: 20 }],
    ];
    for (const [initial, data] of cases) {
      expect(powerPrior(initial, data, 0).prior).toEqual(initial);
      const pooled = powerPrior(initial, data, 1).prior;
      expectClose(
        flat(pooled),
        flat(posterior(initial as never, data as never)),
        1e-12,
        "power prior a0 = 1",
      );
    }
  });

  it("a0 = 0.5: mean and distribution function equal R's normalised L^a0·π0", () => {
    const r = oracle();
    const beta = powerPrior(betaInitial, { r: 12, n: 40 }, 0.5).prior;
    expectClose([moments(beta).mean, cdf(beta, 0.3)], get(r, "beta"), 1e-10, "power prior a0 = 0.5");
    const normal = powerPrior(normalInitial, { mean: 2.1, se: 0.4 }, 0.5).prior;
    expectClose([moments(normal).mean, cdf(normal, 1)], get(r, "normal"), 1e-10, "power prior a0 = 0.5");
    const gamma = powerPrior(gammaInitial, { events: 9, exposure: 20 }, 0.5).prior;
    expectClose([moments(gamma).mean, cdf(gamma, 0.4)], get(r, "gamma"), 1e-10, "power prior a0 = 0.5");
  });

  it("a single conjugate component gets a0 times the data: Beta(a + a0 r, b + a0 (n − r)), se/√a0, Gamma(a + a0 e, b + a0 E)", () => {
    expect(flat(powerPrior(betaMixture([[1, 1, 1]]), { r: 10, n: 30 }, 0.3).prior)).toEqual([1, 4, 7]);
    const n = powerPrior(normalMixture([[1, 0, 2]], 1), { mean: 1, se: 0.5 }, 0.25).prior;
    // likelihood sd 0.5/√0.25 = 1: precision 1/4 + 1
    expectClose(flat(n), [1, 1 / 1.25, Math.sqrt(1 / 1.25)], 1e-15, "power prior normal");
    expectClose(
      flat(powerPrior(gammaMixture([[1, 2, 3]], "poisson"), { events: 8, exposure: 10 }, 0.5).prior),
      [1, 6, 8],
      1e-15,
      "power prior gamma",
    );
  });

  it("records its provenance", () => {
    const { provenance } = powerPrior(betaInitial, { r: 12, n: 40 }, 0.5, { rwdStudyId: "rwd-2024-017" });
    expect(provenance).toMatchObject({
      source: "external",
      method: "power prior",
      a0: 0.5,
      rwdStudyId: "rwd-2024-017",
      data: { likelihood: "binomial", responders: 12, patients: 40, rate: 0.3 },
      initialPrior: betaInitial,
    });
    expect(provenance.description).toContain("12/40");
    expect(JSON.parse(JSON.stringify(provenance))).toEqual(provenance);
  });

  it("refuses bad input", () => {
    expect(() => powerPrior(betaInitial, { r: 12, n: 40 }, 1.5)).toThrow(/a0/);
    expect(() => powerPrior(betaInitial, { r: 12, n: 40 }, -0.1)).toThrow(/a0/);
    expect(() => powerPrior(betaInitial, { mean: 1, se: 1 }, 0.5)).toThrow(/needs a normal initial prior/);
    expect(() => powerPrior(betaInitial, { r: 41, n: 40 }, 0.5)).toThrow(/must not exceed/);
    expect(() => powerPrior(gammaInitial, { events: 3, exposure: 0 }, 0.5)).toThrow(/exposure/);
    expect(() => powerPrior(betaInitial, { x: 1 } as never, 0.5)).toThrow(/external data must be/);
  });
});

describe("robust prior from external data", () => {
  it("binary without an initial prior: (1 − w) Beta(r + ½, n − r + ½) + w Beta(1, 1)", () => {
    const { prior, provenance } = robustExternalPrior({ r: 12, n: 40 }, { weight: 0.2, rwdStudyId: "rwd-7" });
    expectClose(flat(prior), [0.8, 12.5, 28.5, 0.2, 1, 1], 1e-15, "robust external");
    expect(provenance).toMatchObject({
      source: "external",
      method: "robust mixture",
      weight: 0.2,
      rwdStudyId: "rwd-7",
      initialPrior: "reference",
    });
  });

  it("with an initial prior: robustify(posterior(initial, data)); weight 0 keeps the posterior", () => {
    const data = { r: 12, n: 40 };
    const { prior } = robustExternalPrior(data, {
      weight: 0.3,
      initialPrior: betaInitial,
      robust: { mean: 0.3, n: 2 },
    });
    expectClose(
      flat(prior),
      flat(robustify(posterior(betaInitial, data), { weight: 0.3, mean: 0.3, n: 2 })),
      1e-15,
      "robust external",
    );
    expectClose(
      flat(robustExternalPrior(data, { weight: 0, initialPrior: betaInitial }).prior),
      flat(posterior(betaInitial, data)),
      1e-15,
      "robust external",
    );
  });

  it("normal and rate data", () => {
    const normal = robustExternalPrior(
      { mean: 1.2, n: 16 },
      { weight: 0.1, sigma: 2, robust: { mean: 0 } },
    ).prior;
    expect(normal).toMatchObject({ family: "normal", sigma: 2 });
    expectClose(flat(normal), [0.9, 1.2, 0.5, 0.1, 0, 2], 1e-15, "robust external normal");
    const rate = robustExternalPrior(
      { events: 9, exposure: 20 },
      { weight: 0.2, robust: { mean: 0.5 } },
    ).prior;
    expect(rate).toMatchObject({ family: "gamma", likelihood: "poisson" });
    expectClose(flat(rate), [0.8, 9.5, 20, 0.2, 0.5, 1], 1e-15, "robust external rate");
  });

  it("refuses bad input", () => {
    expect(() => robustExternalPrior({ r: 1, n: 4 }, { weight: 1 })).toThrow(/weight/);
    expect(() => robustExternalPrior({ r: 1, n: 4 }, { weight: -0.1 })).toThrow(/weight/);
    expect(() => robustExternalPrior({ mean: 1, n: 4 }, { weight: 0.2 })).toThrow(/sigma/);
    expect(() => robustExternalPrior({ r: 1, n: 4 }, { weight: 0.2, initialPrior: gammaInitial })).toThrow(
      /beta initial prior/,
    );
    expect(() =>
      robustExternalPrior({ events: 0, exposure: 4 }, { weight: 0.2, likelihood: "exponential" }),
    ).toThrow(/initialPrior/);
  });

  it("serves as a control prior: the type I error of the design borrowing from the external study", () => {
    const external = robustExternalPrior({ r: 11, n: 43 }, { weight: 0.2 }).prior;
    const rule = decisionRule({ probability: 0.975, threshold: 0, lowerTail: false });
    const rows = typeIError2S(betaMixture([[1, 0.5, 1]]), external, 40, 20, rule, [0.25, 0.5]);
    expect(rows[0]?.probability).toBeLessThan(0.03);
    expect(rows[1]?.probability).toBeGreaterThan(rows[0]?.probability as number);
  });
});
