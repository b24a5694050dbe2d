/**
 * Density of a mixture prior at θ, summed over components in log space so that neither tiny weights
 * nor far-tail arguments lose the answer (log = true gives log p(θ) even where p(θ) underflows).
 */
import { componentLogDensity, type Prepared, prepare } from "./component.ts";
import { requireNumber } from "./inputs.ts";
import type { Mixture } from "./types.ts";

/** log Σ w_i p_i(x) for a prepared mixture (the log-sum-exp done inline: no allocation). */
export function preparedLogDensity(p: Prepared, x: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < p.k; i++) {
    const t = (p.logW[i] as number) + componentLogDensity(p, i, x);
    if (t > max) max = t;
  }
  if (max === Number.NEGATIVE_INFINITY || max === Number.POSITIVE_INFINITY) return max;
  let sum = 0;
  for (let i = 0; i < p.k; i++) sum += Math.exp((p.logW[i] as number) + componentLogDensity(p, i, x) - max);
  return max + Math.log(sum);
}

/** Σ w_i p_i(x) for a prepared mixture */
export function preparedDensity(p: Prepared, x: number): number {
  let sum = 0;
  for (let i = 0; i < p.k; i++) sum += Math.exp((p.logW[i] as number) + componentLogDensity(p, i, x));
  return sum;
}

/**
 * Mixture density Σ w_i p_i(x) at x, with p_i the Beta(a, b), N(m, s) or Gamma(shape a, rate b)
 * density; 0 (−∞ on the log scale) outside the support.
 */
export function density(mix: Mixture, x: number, options: { log?: boolean } = {}): number {
  requireNumber("x", x);
  const p = prepare(mix);
  return options.log ? preparedLogDensity(p, x) : preparedDensity(p, x);
}
