/**
 * Thin wrappers over the special functions of @stdlib, so the rest of the mixture code reads like the
 * mathematics and every tail probability is computed directly rather than as 1 − (the other tail).
 */
import betaln from "@stdlib/math-base-special-betaln";
import digammaFn from "@stdlib/math-base-special-digamma";
import erfc from "@stdlib/math-base-special-erfc";
import gammaln from "@stdlib/math-base-special-gammaln";
import trigammaFn from "@stdlib/math-base-special-trigamma";
import normalQuantileFn from "@stdlib/stats-base-dists-normal-quantile";

export const LOG_SQRT_2PI = 0.9189385332046728; // log(√(2π))
const SQRT1_2 = Math.SQRT1_2;

/** log B(a, b), a, b > 0 */
export function lbeta(a: number, b: number): number {
  return betaln(a, b);
}

/** log Γ(x), x > 0 */
export function lgamma(x: number): number {
  return gammaln(x);
}

/** ψ(x) = d/dx log Γ(x) */
export function digamma(x: number): number {
  return digammaFn(x);
}

/** ψ′(x) = d²/dx² log Γ(x) */
export function trigamma(x: number): number {
  return trigammaFn(x);
}

/** log of the binomial coefficient C(n, k) for real 0 ≤ k ≤ n */
export function lchoose(n: number, k: number): number {
  if (k === 0 || k === n) return 0;
  return -Math.log(n + 1) - betaln(n - k + 1, k + 1);
}

/** x·log(y) with the convention 0·log(0) = 0 (a power x^0 is 1 even at 0) */
export function xlogy(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(y);
}

/**
 * Standard normal distribution function: P(Z ≤ z), or P(Z > z) when `lowerTail` is false, each to full
 * relative precision in its own tail (erfc, not 1 − Φ).
 */
export function normalCdf(z: number, lowerTail = true): number {
  return 0.5 * erfc((lowerTail ? -z : z) * SQRT1_2);
}

/** Standard normal quantile: z with P(Z ≤ z) = p, or P(Z > z) = p when `lowerTail` is false. */
export function normalQuantile(p: number, lowerTail = true): number {
  return lowerTail ? normalQuantileFn(p, 0, 1) : -normalQuantileFn(p, 0, 1);
}

/** log of the N(m, s) density at x */
export function normalLogDensity(x: number, m: number, s: number): number {
  const z = (x - m) / s;
  return -0.5 * z * z - Math.log(s) - LOG_SQRT_2PI;
}

/** log Σ exp(values[i]) for i < count, without overflow or needless underflow (−∞ when all are −∞) */
export function logSumExp(values: ArrayLike<number>, count = values.length): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const v = values[i] as number;
    if (v > max) max = v;
  }
  if (max === Number.NEGATIVE_INFINITY || max === Number.POSITIVE_INFINITY) return max;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += Math.exp((values[i] as number) - max);
  return max + Math.log(sum);
}
