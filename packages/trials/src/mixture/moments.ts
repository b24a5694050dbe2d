/**
 * Mean and variance of a mixture prior in closed form: the variance as Σ w_i (v_i + (μ_i − μ)²),
 * which has no cancellation (unlike E[θ²] − μ²) when the mixture is tight far from 0.
 */
import { componentMean, componentVariance } from "./component.ts";
import { requireProbability } from "./inputs.ts";
import { quantile } from "./quantile.ts";
import type { Mixture, MixtureFamily } from "./types.ts";

export interface Moments {
  mean: number;
  variance: number;
  sd: number;
}

/** Mean and variance of a mixture whose components have the given means and variances. */
export function mixtureMoments(
  weights: ArrayLike<number>,
  means: ArrayLike<number>,
  variances: ArrayLike<number>,
): Moments {
  let mean = 0;
  for (let i = 0; i < weights.length; i++) mean += (weights[i] as number) * (means[i] as number);
  let variance = 0;
  for (let i = 0; i < weights.length; i++) {
    const d = (means[i] as number) - mean;
    variance += (weights[i] as number) * ((variances[i] as number) + d * d);
  }
  if (!Number.isFinite(mean)) variance = Number.POSITIVE_INFINITY;
  return { mean, variance, sd: Math.sqrt(variance) };
}

function parameters(mix: Mixture): { family: MixtureFamily; w: number[]; p1: number[]; p2: number[] } {
  const w: number[] = [];
  const p1: number[] = [];
  const p2: number[] = [];
  for (const c of mix.components) {
    w.push(c.w);
    if ("m" in c) {
      p1.push(c.m);
      p2.push(c.s);
    } else {
      p1.push(c.a);
      p2.push(c.b);
    }
  }
  return { family: mix.family, w, p1, p2 };
}

/** Mean, variance and sd of θ under the mixture prior (exact). */
export function moments(mix: Mixture): Moments {
  const { family, w, p1, p2 } = parameters(mix);
  return mixtureMoments(
    w,
    p1.map((a, i) => componentMean(family, a, p2[i] as number)),
    p1.map((a, i) => componentVariance(family, a, p2[i] as number)),
  );
}

/** Mean, sd and quantiles (by default the 2.5%, 50% and 97.5% ones, as RBesT's summary) of the prior. */
export function summarizeMixture(
  mix: Mixture,
  probs: number[] = [0.025, 0.5, 0.975],
): { mean: number; sd: number; quantiles: { p: number; q: number }[] } {
  for (const [i, p] of probs.entries()) requireProbability(`probs[${i}]`, p);
  const m = moments(mix);
  return { mean: m.mean, sd: m.sd, quantiles: probs.map((p) => ({ p, q: quantile(mix, p) })) };
}
