import { afterAll, describe, expect, it } from "vitest";
import { gammaQuantile, gammaTails, logGamma, normalCdf, twoSidedP } from "./distributions.ts";
import { expectClose, get, lazyR, reportObserved } from "./oracle.ts";

const zs = [
  -40, -38, -30, -12.5, -8.3, -6, -5.66, -3.2, -1.96, -0.7, -0.5, -1e-3, 0, 0.3, 0.67, 1, 2.5, 5, 7, 9,
];
const shapes = [0.3, 0.5, 1, 2, 3.7, 10, 15, 16, 37, 101, 1000, 123457];
const probs = [1e-10, 0.001, 0.025, 0.3, 0.5, 0.7, 0.975, 0.999999];

const oracle = lazyR(
  `
z <- c(${zs.join(",")})
emit("pnorm", pnorm(z))
emit("p2", 2 * pnorm(-abs(z)))
a <- c(${shapes.join(",")}); p <- c(${probs.join(",")})
emit("lgamma", lgamma(a))
for (i in seq_along(a)) {
  x <- a[i] * c(0.01, 0.5, 0.9, 1, 1.1, 2, 5)
  emit(paste0("P", i), pgamma(x, a[i])); emit(paste0("Q", i), pgamma(x, a[i], lower.tail = FALSE))
  emit(paste0("q", i), qgamma(p, a[i])); emit(paste0("qu", i), qgamma(p, a[i], lower.tail = FALSE))
}
`,
  () => ({}),
  { survival: false },
);

describe("distribution functions against R", () => {
  afterAll(() => reportObserved("distributions"));

  it("normal distribution function, both tails, as pnorm", () => {
    const r = oracle();
    expectClose(zs.map(normalCdf), get(r, "pnorm"), 1e-13, "pnorm");
    expectClose(zs.map(twoSidedP), get(r, "p2"), 1e-13, "pnorm");
  });

  it("log-gamma, incomplete gamma and gamma quantiles", () => {
    const r = oracle();
    expectClose(shapes.map(logGamma), get(r, "lgamma"), 1e-13, "lgamma");
    shapes.forEach((a, i) => {
      const xs = [0.01, 0.5, 0.9, 1, 1.1, 2, 5].map((f) => a * f);
      expectClose(
        xs.map((x) => gammaTails(x, a).lower),
        get(r, `P${i + 1}`),
        1e-11,
        "pgamma",
      );
      expectClose(
        xs.map((x) => gammaTails(x, a).upper),
        get(r, `Q${i + 1}`),
        1e-11,
        "pgamma",
      );
      expectClose(
        probs.map((p) => gammaQuantile(p, a)),
        get(r, `q${i + 1}`),
        1e-11,
        "qgamma",
      );
      expectClose(
        probs.map((p) => gammaQuantile(p, a, true)),
        get(r, `qu${i + 1}`),
        1e-11,
        "qgamma",
      );
    });
  });

  it("handles the edges", () => {
    expect(gammaQuantile(0, 3)).toBe(0);
    expect(gammaQuantile(1, 3)).toBe(Number.POSITIVE_INFINITY);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });
});
