/**
 * Quantile of a mixture prior: the root of F(x) = p, bracketed by the components' own quantiles at p
 * (the mixture's quantile lies between the smallest and largest of them) and found by safeguarded
 * Newton steps to ~1e-15 relative.
 */
import { preparedCdf } from "./cdf.ts";
import { componentQuantile, type Prepared, prepare } from "./component.ts";
import { preparedDensity } from "./density.ts";
import { requireProbability } from "./inputs.ts";
import { continuousQuantile } from "./root.ts";
import type { Mixture } from "./types.ts";

const SUPPORT: Record<Prepared["family"], [number, number]> = {
  beta: [0, 1],
  gamma: [0, Number.POSITIVE_INFINITY],
  normal: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
};

/** Quantile of a prepared mixture at prob ∈ [0, 1] (unchecked). */
export function preparedQuantile(p: Prepared, prob: number): number {
  const [supportLo, supportHi] = SUPPORT[p.family];
  if (prob === 0) return supportLo;
  if (prob === 1) return supportHi;
  const lower = prob <= 0.5;
  const target = lower ? prob : 1 - prob;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < p.k; i++) {
    const q = componentQuantile(p.family, p.p1[i] as number, p.p2[i] as number, target, lower);
    if (q < lo) lo = q;
    if (q > hi) hi = q;
  }
  if (!Number.isFinite(lo)) lo = supportLo === 0 ? 0 : -1;
  if (!Number.isFinite(hi)) hi = supportHi === 1 ? 1 : Math.max(lo, 0) + 1;
  return continuousQuantile(
    {
      cdf: (x, lowerTail) => preparedCdf(p, x, lowerTail),
      density: (x) => preparedDensity(p, x),
      supportLo,
      supportHi,
    },
    prob,
    lo,
    hi,
  );
}

/** x with P(θ ≤ x) = p under the mixture; p = 0 and p = 1 give the ends of the support. */
export function quantile(mix: Mixture, p: number): number {
  requireProbability("p", p);
  return preparedQuantile(prepare(mix), p);
}
