/**
 * Distribution function of a mixture prior: Σ w_i F_i(q), with the upper tail Σ w_i (1 − F_i(q))
 * computed from the components' own upper tails, never as 1 − (lower tail).
 */
import { componentCdf, type Prepared, prepare } from "./component.ts";
import { requireNumber } from "./inputs.ts";
import type { Mixture } from "./types.ts";

/** Σ w_i F_i(q) (or the upper tail) for a prepared mixture */
export function preparedCdf(p: Prepared, q: number, lowerTail: boolean): number {
  let sum = 0;
  for (let i = 0; i < p.k; i++) {
    sum += (p.w[i] as number) * componentCdf(p.family, p.p1[i] as number, p.p2[i] as number, q, lowerTail);
  }
  return Math.min(1, sum);
}

/** P(θ ≤ q) under the mixture, or P(θ > q) when `lowerTail` is false. */
export function cdf(mix: Mixture, q: number, options: { lowerTail?: boolean } = {}): number {
  requireNumber("q", q);
  return preparedCdf(prepare(mix, false), q, options.lowerTail ?? true);
}
