import { expectClose, get, lazyR, reportObserved } from "@kakehashi/core/r-oracle";
import { afterAll, describe, expect, it } from "vitest";
import { betaMixture, gammaMixture, normalMixture } from "./construct.ts";
import { probabilityOfDifference } from "./difference.ts";
import type { Mixture } from "./types.ts";

type Triple = [number, number, number];
interface Case {
  name: string;
  family: "beta" | "gamma" | "normal";
  mix1: Triple[];
  mix2: Triple[];
  deltas: number[];
}

// Smooth and robust mixtures, densities unbounded at 0 or 1, tight posteriors, tails down to 1e-46.
const cases: Case[] = [
  {
    name: "betaRobust",
    family: "beta",
    mix1: [
      [0.7, 20, 40],
      [0.3, 1, 1],
    ],
    mix2: [[1, 15, 50]],
    deltas: [-0.2, 0, 0.1, 0.5],
  },
  {
    name: "betaUnbounded",
    family: "beta",
    mix1: [
      [0.5, 0.5, 0.7],
      [0.5, 3, 0.4],
    ],
    mix2: [
      [0.4, 0.3, 2],
      [0.6, 2, 0.6],
    ],
    deltas: [-0.3, 0, 0.2],
  },
  {
    name: "betaTight",
    family: "beta",
    mix1: [[1, 500, 500]],
    mix2: [[1, 400, 600]],
    deltas: [0.05, 0.25, 0.4],
  },
  {
    name: "betaPosterior",
    family: "beta",
    mix1: [
      [0.9, 3000, 7000],
      [0.1, 31, 70],
    ],
    mix2: [[1, 2900, 7100]],
    deltas: [-0.01, 0, 0.015],
  },
  {
    name: "gamma",
    family: "gamma",
    mix1: [
      [0.8, 5, 2],
      [0.2, 0.5, 0.2],
    ],
    mix2: [[1, 8, 3]],
    deltas: [-0.5, 0, 0.5, 2],
  },
  {
    name: "gammaUnbounded",
    family: "gamma",
    mix1: [[1, 4, 2]],
    mix2: [
      [0.5, 0.3, 0.1],
      [0.5, 4, 2],
    ],
    deltas: [-1, 0, 0.3, 10],
  },
  {
    name: "normal",
    family: "normal",
    mix1: [
      [0.5, 0, 1],
      [0.5, 1, 0.2],
    ],
    mix2: [[1, 0.3, 0.5]],
    deltas: [-1, 0, 0.4, 5],
  },
];

function build(family: Case["family"], comps: Triple[]): Mixture {
  if (family === "beta") return betaMixture(comps);
  if (family === "gamma") return gammaMixture(comps, "poisson");
  return normalMixture(comps, 1);
}

const v = (xs: readonly number[]) => `c(${xs.join(", ")})`;

// P(θ1 − θ2 ≤ δ) = ∫ p2(x) F1(x + δ) dx by R's integrate() over 40 pieces plus break points at every
// component's centre ± 1..4, 6, 10 sd (so no peak goes unseen); the upper tail ∫ p2(x) (1 − F1(x + δ)) dx
// likewise, each plus the mass of θ2 outside the range where F1 is not 0 or 1.
const oracle = lazyR(`
prob <- function(family, w1, a1, b1, w2, a2, b2, delta, lower) {
  d2 <- switch(family, beta = dbeta, gamma = dgamma, normal = dnorm)
  p <- switch(family, beta = pbeta, gamma = pgamma, normal = pnorm)
  f2 <- function(x) rowSums(sapply(seq_along(w2), function(j) w2[j] * d2(x, a2[j], b2[j])))
  G1 <- function(z) rowSums(sapply(seq_along(w1), function(i) w1[i] * p(z, a1[i], b1[i], lower.tail = lower)))
  f <- function(x) f2(x) * G1(x + delta)
  cm <- switch(family, beta = c(a1 / (a1 + b1) - delta, a2 / (a2 + b2)), gamma = c(a1 / b1 - delta, a2 / b2),
    normal = c(a1 - delta, a2))
  cs <- switch(family, beta = sqrt(c(a1 * b1 / ((a1 + b1)^2 * (a1 + b1 + 1)), a2 * b2 / ((a2 + b2)^2 * (a2 + b2 + 1)))),
    gamma = sqrt(c(a1, a2)) / c(b1, b2), normal = c(b1, b2))
  lo <- switch(family, beta = max(0, -delta), gamma = max(0, -delta), normal = min(cm - 40 * cs))
  hi <- switch(family, beta = min(1, 1 - delta), gamma = max(cm + 60 * cs), normal = max(cm + 40 * cs))
  br <- c(seq(lo, hi, length.out = 41), outer(cs, c(-10, -6, -4:4, 6, 10)) + cm)
  br <- sort(unique(br[br >= lo & br <= hi]))
  # (where p2 is unbounded at 0 or 1 R's extrapolation may stop short of 1e-12: retry looser)
  piece <- function(k) tryCatch(integrate(f, br[k], br[k + 1], rel.tol = 1e-12, abs.tol = 0, subdivisions = 2000)$value,
    error = function(e) integrate(f, br[k], br[k + 1], rel.tol = 1e-10, abs.tol = 0, subdivisions = 2000,
      stop.on.error = FALSE)$value)
  total <- sum(sapply(seq_len(length(br) - 1), piece))
  if (family == "beta" && lower && delta > 0) total <- total + sum(w2 * pbeta(1 - delta, a2, b2, lower.tail = FALSE))
  if (family != "normal" && !lower && delta < 0) total <- total + sum(w2 * p(-delta, a2, b2))
  total
}
${cases
  .map(
    (c) => `for (lt in c(TRUE, FALSE)) emit(paste0("${c.name}:", lt), sapply(${v(c.deltas)}, function(d)
  prob("${c.family}", ${v(c.mix1.map((t) => t[0]))}, ${v(c.mix1.map((t) => t[1]))}, ${v(c.mix1.map((t) => t[2]))},
    ${v(c.mix2.map((t) => t[0]))}, ${v(c.mix2.map((t) => t[1]))}, ${v(c.mix2.map((t) => t[2]))}, d, lt)))`,
  )
  .join("\n")}
`);

describe("probabilityOfDifference (P(θ1 − θ2 ≤ δ)) against R's integrate()", () => {
  afterAll(() => reportObserved("probabilityOfDifference"));

  for (const c of cases) {
    it(`${c.name}: both tails at δ = ${c.deltas.join(", ")}`, () => {
      const r = oracle();
      const m1 = build(c.family, c.mix1);
      const m2 = build(c.family, c.mix2);
      const lower = c.deltas.map((d) => probabilityOfDifference(m1, m2, d));
      const upper = c.deltas.map((d) => probabilityOfDifference(m1, m2, d, { lowerTail: false }));
      const label = c.family === "normal" ? "normal (closed form)" : `${c.family} (quadrature)`;
      expectClose(lower, get(r, `${c.name}:TRUE`), 1e-9, `${label} lower`);
      expectClose(upper, get(r, `${c.name}:FALSE`), 1e-9, `${label} upper`);
      // the two tails are computed separately yet complement each other
      for (const [i, p] of lower.entries())
        expect(Math.abs(p + (upper[i] as number) - 1)).toBeLessThan(1e-10);
    });
  }

  it("gamma at δ = 0 (closed form) is continuous with the quadrature at δ = ±1e-9", () => {
    const m1 = gammaMixture(
      [
        [0.8, 5, 2],
        [0.2, 0.5, 0.2],
      ],
      "poisson",
    );
    const m2 = gammaMixture([[1, 8, 3]], "poisson");
    const at0 = probabilityOfDifference(m1, m2, 0);
    expect(Math.abs(probabilityOfDifference(m1, m2, 1e-9) - at0)).toBeLessThan(1e-8);
    expect(Math.abs(probabilityOfDifference(m1, m2, -1e-9) - at0)).toBeLessThan(1e-8);
  });

  it("gives the certain answers beyond the range of θ1 − θ2 and rejects mixed families", () => {
    const b = betaMixture([[1, 2, 3]]);
    expect(probabilityOfDifference(b, b, 1)).toBe(1);
    expect(probabilityOfDifference(b, b, -1.5)).toBe(0);
    expect(probabilityOfDifference(b, b, 2, { lowerTail: false })).toBe(0);
    expect(probabilityOfDifference(b, b, Number.NEGATIVE_INFINITY, { lowerTail: false })).toBe(1);
    const n = normalMixture([[1, 0, 1]], 1);
    expect(() => probabilityOfDifference(b, n, 0)).toThrow(/same family/);
    expect(() => probabilityOfDifference(b, b, Number.NaN)).toThrow(/delta must be a number/);
  });
});
