/**
 * Oracle: base R's qnorm / pnorm (upper tails included), qt and pt with noncentrality, which the
 * boundaries, stage levels and t-test sample sizes rest on.
 */
import { expectClose, get, lazyR, reportObserved } from "@kakehashi/core/r-oracle";
import { afterAll, describe, expect, it } from "vitest";
import { normalLower, normalQuantile, normalUpper, normalUpperQuantile } from "./normal.ts";
import { spendingFunction } from "./spending.ts";
import { noncentralTLower, studentTUpperQuantile } from "./studentT.ts";

const P = [
  1e-300,
  1e-100,
  1e-20,
  1e-12,
  1e-8,
  2.5e-6,
  1e-3,
  0.0125,
  0.025,
  0.2,
  0.4999,
  0.5,
  0.7,
  0.975,
  1 - 1e-9,
];
const X = [-37, -12, -8, -3.5, -1, 0, 0.3, 1.96, 4.5, 7.5, 9, 20];
const T_QUANTILE: [number, number][] = [
  [0.025, 1],
  [0.025, 2.5],
  [0.0125, 10],
  [0.05, 98.5],
  [1e-6, 50],
  [0.2, 400],
  [0.6, 7],
];
const T_CDF: [number, number, number][] = [
  [1.98, 98, 2.8],
  [2.5, 10, 1],
  [-1, 20, 0.5],
  [1.65, 300, 3.2],
  [2, 5.5, 4],
  [0.5, 3, -1.5],
  [3.1, 1000, 6],
];

const script = `
p <- c(${P.join(", ")})
x <- c(${X.join(", ")})
emit("qnorm", qnorm(p))
emit("qnormUpper", qnorm(p, lower.tail = FALSE))
emit("pnorm", pnorm(x))
emit("pnormUpper", pnorm(x, lower.tail = FALSE))
emit("qt", c(${T_QUANTILE.map(([q, df]) => `qt(${q}, ${df}, lower.tail = FALSE)`).join(", ")}))
emit("pt", c(${T_CDF.map(([t, df, ncp]) => `pt(${t}, ${df}, ${ncp})`).join(", ")}))
emit("asOF", 2 * pnorm(qnorm(0.025 / 2, lower.tail = FALSE) / sqrt(c(0.2, 0.5, 1)), lower.tail = FALSE))
`;
const oracle = lazyR(script);

describe("normal and t distributions agree with base R", () => {
  afterAll(() => reportObserved("distributions"));

  it("normal quantiles keep full precision in both tails", () => {
    const out = oracle();
    expectClose(P.map(normalQuantile), get(out, "qnorm"), 1e-14, "qnorm");
    expectClose(P.map(normalUpperQuantile), get(out, "qnormUpper"), 1e-14, "qnorm upper");
  });

  it("normal tail probabilities keep full precision in both tails", () => {
    const out = oracle();
    expectClose(X.map(normalLower), get(out, "pnorm"), 1e-13, "pnorm");
    expectClose(X.map(normalUpper), get(out, "pnormUpper"), 1e-13, "pnorm upper");
  });

  it("central t quantiles and the noncentral t distribution match qt and pt", () => {
    const out = oracle();
    expectClose(
      T_QUANTILE.map(([q, df]) => studentTUpperQuantile(q, df)),
      get(out, "qt"),
      1e-12,
      "qt",
    );
    expectClose(
      T_CDF.map(([t, df, ncp]) => noncentralTLower(t, df, ncp)),
      get(out, "pt"),
      1e-11,
      "pt noncentral",
    );
  });

  it("the O'Brien–Fleming-type spending function matches its closed form", () => {
    const ours = [0.2, 0.5, 1].map((t) => spendingFunction("asOF", 0.025, t));
    expectClose(ours, get(oracle(), "asOF"), 1e-13, "asOF spending");
    expect(spendingFunction("asP", 0.025, 1)).toBeCloseTo(0.025, 15);
    expect(spendingFunction("asHSD", 0.025, 0.5, { gamma: 0 })).toBe(0.0125);
    expect(() => spendingFunction("asHSD", 0.025, 0.5)).toThrow(/gammaA is required/);
  });
});
