/**
 * One conjugate component at a time: log density, distribution function (either tail computed
 * directly), quantile, mean and variance of Beta(a, b), N(m, s) and Gamma(shape a, rate b). The
 * mixture functions sum these with the weights; `prepare` lays a mixture out in typed arrays with the
 * log normalising constants computed once.
 */
import betainc from "@stdlib/math-base-special-betainc";
import betaincinv from "@stdlib/math-base-special-betaincinv";
import gammainc from "@stdlib/math-base-special-gammainc";
import gammaincinv from "@stdlib/math-base-special-gammaincinv";
import { LOG_SQRT_2PI, lbeta, lgamma, normalCdf, normalQuantile } from "./special.ts";
import type { Mixture, MixtureFamily } from "./types.ts";

/** A mixture as parallel typed arrays: p1 is a (beta, gamma) or m (normal), p2 is b or s. */
export interface Prepared {
  family: MixtureFamily;
  k: number;
  w: Float64Array;
  logW: Float64Array;
  p1: Float64Array;
  p2: Float64Array;
  /** log of the normalising constant: log B(a,b); log s + log √(2π); log Γ(a) − a log b */
  logNorm: Float64Array;
}

/**
 * The mixture as typed arrays; `withNormalisers` false skips the log-beta/log-gamma constants, which
 * distribution functions do not need.
 */
export function prepare(mix: Mixture, withNormalisers = true): Prepared {
  const k = mix.components.length;
  const w = new Float64Array(k);
  const logW = new Float64Array(k);
  const p1 = new Float64Array(k);
  const p2 = new Float64Array(k);
  const logNorm = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const c = mix.components[i];
    if (c === undefined) continue;
    w[i] = c.w;
    logW[i] = Math.log(c.w);
    if (mix.family === "normal") {
      const n = c as { m: number; s: number };
      p1[i] = n.m;
      p2[i] = n.s;
      logNorm[i] = Math.log(n.s) + LOG_SQRT_2PI;
    } else {
      const g = c as { a: number; b: number };
      p1[i] = g.a;
      p2[i] = g.b;
      if (withNormalisers) {
        logNorm[i] = mix.family === "beta" ? lbeta(g.a, g.b) : lgamma(g.a) - g.a * Math.log(g.b);
      }
    }
  }
  return { family: mix.family, k, w, logW, p1, p2, logNorm };
}

/**
 * log Beta(a, b) density at x, given also xc = 1 − x (callers near 1 pass the accurate complement).
 * x^(a−1) is 1 at x = 0 when a = 1, so the boundary values match R's dbeta.
 */
export function betaLogDensity(a: number, b: number, logNorm: number, x: number, xc: number): number {
  if (x < 0 || xc < 0) return Number.NEGATIVE_INFINITY;
  const left = a === 1 ? 0 : (a - 1) * Math.log(x);
  const right = b === 1 ? 0 : (b - 1) * Math.log(xc);
  return left + right - logNorm;
}

/** log Gamma(shape a, rate b) density at x; logNorm = log Γ(a) − a log b */
export function gammaLogDensity(a: number, b: number, logNorm: number, x: number): number {
  if (x < 0) return Number.NEGATIVE_INFINITY;
  if (x === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  return (a === 1 ? 0 : (a - 1) * Math.log(x)) - b * x - logNorm;
}

/** log N(m, s) density at x; logNorm = log s + log √(2π) */
export function normalLogDensityC(m: number, s: number, logNorm: number, x: number): number {
  const z = (x - m) / s;
  return -0.5 * z * z - logNorm;
}

/** log density of component i of a prepared mixture at x */
export function componentLogDensity(p: Prepared, i: number, x: number): number {
  const a = p.p1[i] as number;
  const b = p.p2[i] as number;
  const ln = p.logNorm[i] as number;
  switch (p.family) {
    case "beta":
      return betaLogDensity(a, b, ln, x, 1 - x);
    case "gamma":
      return gammaLogDensity(a, b, ln, x);
    default:
      return normalLogDensityC(a, b, ln, x);
  }
}

/**
 * Beta(a, b) distribution function at q with complement qc = 1 − q: I_q(a, b) or its upper tail.
 * Above 1/2 the reflected form I_qc(b, a) keeps the relative precision that q itself has lost.
 */
export function betaCdf(a: number, b: number, q: number, qc: number, lowerTail: boolean): number {
  if (q <= 0) return lowerTail ? 0 : 1;
  if (qc <= 0) return lowerTail ? 1 : 0;
  if (q <= 0.5) return betainc(q, a, b, true, !lowerTail);
  return betainc(qc, b, a, true, lowerTail);
}

/** Gamma(shape a, rate b) distribution function at q, either tail */
export function gammaCdf(a: number, b: number, q: number, lowerTail: boolean): number {
  if (q <= 0) return lowerTail ? 0 : 1;
  if (q === Number.POSITIVE_INFINITY) return lowerTail ? 1 : 0;
  return gammainc(b * q, a, true, !lowerTail);
}

/** N(m, s) distribution function at q, either tail */
export function normalCdfC(m: number, s: number, q: number, lowerTail: boolean): number {
  return normalCdf((q - m) / s, lowerTail);
}

/** Distribution function of one component (either tail), by family. */
export function componentCdf(
  family: MixtureFamily,
  p1: number,
  p2: number,
  q: number,
  lowerTail: boolean,
): number {
  switch (family) {
    case "beta":
      return betaCdf(p1, p2, q, 1 - q, lowerTail);
    case "gamma":
      return gammaCdf(p1, p2, q, lowerTail);
    default:
      return normalCdfC(p1, p2, q, lowerTail);
  }
}

/** Quantile of one component: x with P(X ≤ x) = p (or P(X > x) = p when lowerTail is false). */
export function componentQuantile(
  family: MixtureFamily,
  p1: number,
  p2: number,
  p: number,
  lowerTail: boolean,
): number {
  switch (family) {
    case "beta":
      return betaincinv(p, p1, p2, !lowerTail);
    case "gamma":
      return gammaincinv(p, p1, !lowerTail) / p2;
    default:
      return p1 + p2 * normalQuantile(p, lowerTail);
  }
}

/** Mean of one component: a/(a + b), a/b or m. */
export function componentMean(family: MixtureFamily, p1: number, p2: number): number {
  switch (family) {
    case "beta":
      return p1 / (p1 + p2);
    case "gamma":
      return p1 / p2;
    default:
      return p1;
  }
}

/** Variance of one component: ab/((a + b)²(a + b + 1)), a/b² or s². */
export function componentVariance(family: MixtureFamily, p1: number, p2: number): number {
  switch (family) {
    case "beta": {
      const n = p1 + p2;
      return (p1 * p2) / (n * n * (n + 1));
    }
    case "gamma":
      return p1 / (p2 * p2);
    default:
      return p2 * p2;
  }
}
