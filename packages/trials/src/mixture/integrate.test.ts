import { describe, expect, it } from "vitest";
import { breakPoints, gaussKronrod21, integratePieces, powerPiece, tailPiece } from "./integrate.ts";
import { continuousQuantile, solveIncreasing } from "./root.ts";

describe("Gauss–Kronrod quadrature", () => {
  it("the 21-point rule is exact for polynomials of degree 31 (to rounding)", () => {
    for (const degree of [0, 5, 19, 31]) {
      const r = gaussKronrod21((x) => (degree + 1) * x ** degree, 0, 1);
      expect(Math.abs(r.value - 1)).toBeLessThan(1e-14);
    }
  });

  it("adapts to peaks and, with the substitutions, to singular ends and infinite ranges", () => {
    // a narrow peak among several pieces: ∫ N(0.3, 1e-3) over [0, 1], split at ±2.5, ±6, ±12 sd as
    // the mixture code does (beyond 6 sd lies 2e-9 of the mass, which a long piece's nodes could miss)
    const s = 1e-3;
    const peak = (x: number) => Math.exp(-0.5 * ((x - 0.3) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
    const points = breakPoints(
      0,
      1,
      [0, -2.5, 2.5, -6, 6, -12, 12].map((z) => 0.3 + z * s),
    );
    const pieces = points.slice(1).map((b, i) => ({ a: points[i] as number, b, f: peak }));
    expect(Math.abs(integratePieces(pieces) - 1)).toBeLessThan(1e-12);
    // ∫_0^1 x^(−0.9) dx = 10 with x = u^(1/0.1)
    const singular = powerPiece((_x, logX, logJac) => Math.exp(-0.9 * logX + logJac), 1, 0.1);
    expect(Math.abs(integratePieces([singular]) - 10) / 10).toBeLessThan(1e-12);
    // ∫_0^∞ e^(−x) dx = 1
    const tail = tailPiece((x, logJac) => Math.exp(-x + logJac), 0, 1);
    expect(Math.abs(integratePieces([tail]) - 1)).toBeLessThan(1e-12);
  });

  it("break points are sorted, unique and inside the range", () => {
    expect(breakPoints(0, 1, [0.5, 0.2, 0.5, -1, 2, Number.NaN, 1])).toEqual([0, 0.2, 0.5, 1]);
    expect(breakPoints(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, [3, 1])).toEqual([
      Number.NEGATIVE_INFINITY,
      1,
      3,
      Number.POSITIVE_INFINITY,
    ]);
  });
});

describe("safeguarded root finding", () => {
  it("solves to a few ulps, including roots spanning many orders of magnitude", () => {
    const root = solveIncreasing(
      (x) => x ** 3 - 2,
      (x) => 3 * x * x,
      0,
      10,
    );
    expect(Math.abs(root - Math.cbrt(2)) / Math.cbrt(2)).toBeLessThan(4 * Number.EPSILON);
    // a derivative that misleads Newton: bisection keeps the bracket
    const r2 = solveIncreasing(
      (x) => Math.atan(x - 1e-20),
      () => 1e-300,
      -1,
      1e6,
    );
    expect(Math.abs(r2 - 1e-20)).toBeLessThan(1e-30);
    // the exponential distribution's quantile, bracket widened from a poor guess
    const expQuantile = continuousQuantile(
      {
        cdf: (x, lower) => (lower ? -Math.expm1(-x) : Math.exp(-x)),
        density: (x) => Math.exp(-x),
        supportLo: 0,
        supportHi: Number.POSITIVE_INFINITY,
      },
      1 - 2 ** -40,
      1,
      2,
    );
    expect(Math.abs(expQuantile - 40 * Math.LN2) / (40 * Math.LN2)).toBeLessThan(1e-14);
  });
});
