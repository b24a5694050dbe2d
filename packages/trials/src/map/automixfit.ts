/**
 * automixfit: fits mixtures with 1, 2, … components (mixfit.ts) to a sample and picks the one with the lowest
 * penalised AIC, −2·logLik + k·df with df = 3K − 1 free parameters. RBesT's automixfit uses k = 6 (Collett
 * 2003 suggests 2 to 6; a larger k favours fewer components, which keeps the prior simple and its effective
 * sample size stable); k = 2 is the classic AIC, which every candidate also reports.
 */
import { type ConjugateFamily, type MixtureFit, mixfit } from "./mixfit.ts";
import type { MixtureCandidate } from "./types.ts";

export interface AutomixfitOptions {
  family: ConjugateFamily;
  /** numbers of components tried, each ≥ 1 (default [1, 2, 3, 4]) */
  components?: number[];
  /** AIC penalty per parameter (default 6, as RBesT) */
  aicPenalty?: number;
  /** normal: sampling sd stored in the mixture */
  sigma?: number;
  /** gamma: likelihood stored in the mixture (default "poisson") */
  likelihood?: "poisson" | "exponential";
  /** beta: keep a, b ≥ 1 (default true) */
  constrainBetaShapes?: boolean;
}

export interface AutomixfitResult {
  best: MixtureCandidate;
  /** every candidate, in the order of `components` */
  candidates: MixtureCandidate[];
}

/** Fits each candidate number of components by EM and returns all of them and the one chosen by AIC. */
export function automixfit(
  sample: Float64Array | readonly number[],
  options: AutomixfitOptions,
): AutomixfitResult {
  const components = options.components ?? [1, 2, 3, 4];
  const penalty = options.aicPenalty ?? 6;
  if (components.length === 0) throw new Error("components: give at least one number of components");
  for (const k of components) {
    if (!(Number.isInteger(k) && k >= 1 && k <= 20)) {
      throw new Error(`components: each must be an integer in 1…20 (got ${k})`);
    }
  }
  if (new Set(components).size !== components.length) throw new Error("components: remove the duplicates");
  if (!(Number.isFinite(penalty) && penalty >= 0)) {
    throw new Error(`aicPenalty: must be a non-negative number, e.g. 2 (AIC) or 6 (RBesT) (got ${penalty})`);
  }
  const x = sample instanceof Float64Array ? sample : Float64Array.from(sample);
  const fits = new Map<number, MixtureFit>();
  const candidates: MixtureCandidate[] = [];
  // ascending K so that each fit can start from the previous one
  for (const k of [...components].sort((a, b) => a - b)) {
    const fit = mixfit(x, {
      family: options.family,
      components: k,
      sigma: options.sigma,
      likelihood: options.likelihood,
      constrainBetaShapes: options.constrainBetaShapes,
      previous: fits.get(k - 1),
    });
    fits.set(k, fit);
  }
  for (const k of components) {
    const fit = fits.get(k) as MixtureFit;
    candidates.push({
      components: k,
      mixture: fit.mixture,
      logLik: fit.logLik,
      df: fit.df,
      aic: -2 * fit.logLik + 2 * fit.df,
      criterion: -2 * fit.logLik + penalty * fit.df,
      iterations: fit.iterations,
      valid: fit.valid,
    });
  }
  let best: MixtureCandidate | undefined;
  for (const c of candidates) if (c.valid && (!best || c.criterion < best.criterion)) best = c;
  if (!best) {
    throw new Error(
      "automixfit: every candidate mixture collapsed to a point mass; check the sample's spread",
    );
  }
  return { best, candidates };
}
