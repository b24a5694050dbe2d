/**
 * Student t quantile and the noncentral t distribution function, for the t-test sample size of
 * normal endpoints (rpact getSampleSizeMeans with normalApproximation = FALSE).
 */
import betainc from "@stdlib/math-base-special-betainc";
import betaincinv from "@stdlib/math-base-special-betaincinv";
import gammaln from "@stdlib/math-base-special-gammaln";
import { normalLower } from "./normal.ts";

const LN_SQRT_PI = 0.5723649429247001;
const SQRT_2_OVER_PI = 0.7978845608028654;

/**
 * t_{p,df}: the upper-tail quantile, P(T > t) = p for central t with df > 0 degrees of freedom
 * (df need not be an integer). Uses P(T > t) = I_{df/(df+t²)}(df/2, 1/2) / 2 for t > 0.
 */
export function studentTUpperQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`p (${p}) must lie in (0, 1)`);
  if (!(df > 0)) throw new Error(`degrees of freedom (${df}) must be > 0`);
  if (p === 0.5) return 0;
  const tail = p < 0.5 ? p : 1 - p;
  const x = betaincinv(2 * tail, df / 2, 0.5);
  const t = Math.sqrt((df * (1 - x)) / x);
  return p < 0.5 ? t : -t;
}

/**
 * P(T ≤ t) for the noncentral t with df degrees of freedom and noncentrality ncp: the twin series of
 * Lenth (1989, AS 243) with Guenther's recursion, as R's pt(t, df, ncp) computes it (series stopped at
 * an error bound of 1e-12).
 */
export function noncentralTLower(t: number, df: number, ncp: number): number {
  if (!(df > 0)) throw new Error(`degrees of freedom (${df}) must be > 0`);
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  let negdel = false;
  let tt = t;
  let del = ncp;
  if (t < 0) {
    negdel = true;
    tt = -t;
    del = -ncp;
  }
  if (df > 4e5 || del * del > 2 * Math.LN2 * 1021) {
    // Abramowitz & Stegun 26.7.10, as R
    const s = 1 / (4 * df);
    const z = (tt * (1 - s) - del) / Math.sqrt(1 + tt * tt * 2 * s);
    const lower = normalLower(z);
    return negdel ? 1 - lower : lower;
  }
  let x = tt * tt;
  let rxb = df / (x + df);
  x = x / (x + df);
  let tnc = 0;
  if (x > 0) {
    const lambda = del * del;
    let p = 0.5 * Math.exp(-0.5 * lambda);
    if (p === 0) return negdel ? 1 : 0;
    let q = SQRT_2_OVER_PI * p * del;
    let s = 0.5 - p;
    if (s < 1e-7) s = -0.5 * Math.expm1(-0.5 * lambda);
    let a = 0.5;
    const b = 0.5 * df;
    rxb = rxb ** b;
    const albeta = LN_SQRT_PI + gammaln(b) - gammaln(0.5 + b);
    let xodd = betainc(x, a, b);
    let godd = 2 * rxb * Math.exp(a * Math.log(x) - albeta);
    const bx = b * x;
    let xeven = bx < Number.EPSILON ? bx : 1 - rxb;
    let geven = bx * rxb;
    tnc = p * xodd + q * xeven;
    for (let it = 1; it <= 1000; it++) {
      a += 1;
      xodd -= godd;
      xeven -= geven;
      godd *= (x * (a + b - 1)) / a;
      geven *= (x * (a + b - 0.5)) / (a + 0.5);
      p *= lambda / (2 * it);
      q *= lambda / (2 * it + 1);
      tnc += p * xodd + q * xeven;
      s -= p;
      if (s < -1e-10) break;
      if (s <= 0 && it > 1) break;
      if (Math.abs(2 * s * (xodd - godd)) < 1e-12) break;
    }
  }
  tnc += normalLower(-del);
  const value = Math.min(tnc, 1);
  return negdel ? 1 - value : value;
}
