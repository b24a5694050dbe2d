import { describe, expect, it } from "vitest";
import { newtonRaphson } from "./newton.ts";

/** −log cosh(β − 3): concave, but a full Newton step from 0 overshoots to about ±100. */
function logCosh(beta: Float64Array) {
  const u = (beta[0] as number) - 3;
  const logLik = -(Math.abs(u) + Math.log1p(Math.exp(-2 * Math.abs(u))) - Math.LN2);
  const sech = 1 / Math.cosh(u);
  return { logLik, gradient: Float64Array.of(-Math.tanh(u)), information: Float64Array.of(sech * sech) };
}

describe("newtonRaphson", () => {
  it("halves overshooting steps and still reaches the maximum", () => {
    const fit = newtonRaphson(logCosh, Float64Array.of(0), { maxIter: 60, what: "test" });
    expect(fit.converged).toBe(true);
    expect(fit.beta[0]).toBeCloseTo(3, 6);
    expect(fit.iterations).toBeGreaterThan(5);
  });

  it("stops with converged = false at maxIter", () => {
    const fit = newtonRaphson(logCosh, Float64Array.of(0), { maxIter: 2, what: "test" });
    expect(fit.converged).toBe(false);
    expect(fit.iterations).toBe(2);
  });

  it("names the model when the information is singular", () => {
    const flat = () => ({
      logLik: 0,
      gradient: Float64Array.of(0, 0),
      information: Float64Array.of(1, 1, 1, 1),
    });
    expect(() => newtonRaphson(flat, Float64Array.of(0, 0), { maxIter: 5, what: "myModel" })).toThrow(
      /myModel: the information matrix is singular/,
    );
  });
});
