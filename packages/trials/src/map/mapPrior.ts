/**
 * mapPrior: the meta-analytic-predictive prior in one call — gMAP (hierarchical model fitted by NUTS) followed
 * by automixfit (EM mixtures of the conjugate family chosen by penalised AIC) on the draws of θ_new on the
 * natural scale: beta mixture for a response rate, normal mixture for a mean (with the reference sd sigma),
 * gamma mixture for a Poisson event rate.
 */
import { automixfit } from "./automixfit.ts";
import { gMAP, toNaturalScale } from "./gmap.ts";
import { pool, sortedQuantile, summarizeSample } from "./sampleSummary.ts";
import type {
  MapFamily,
  MapPrior,
  MapPriorOptions,
  MapPriorSettings,
  MixtureCandidate,
  MixtureOfFamily,
  StudiesOf,
  StudyShrinkage,
} from "./types.ts";

const DEFAULT_PROBS = [0.025, 0.25, 0.5, 0.75, 0.975];

/**
 * Derives the MAP prior of a new study's parameter from historical studies: fits the random-effects model
 * (see gMAP and MapModelOptions for the priors and MCMC defaults) and approximates the predictive draws of
 * θ_new by the mixture with the lowest penalised AIC among `components` (default 1–4, penalty 6 as RBesT).
 * Returns the mixture, all candidates, summaries of θ_new, τ and μ, each study's shrinkage estimate and the
 * convergence diagnostics.
 */
export function mapPrior<F extends MapFamily>(
  studies: readonly StudiesOf<F>[],
  options: MapPriorOptions<F>,
): MapPrior<F> {
  const probs = options.probs ?? DEFAULT_PROBS;
  for (const p of probs) {
    if (!(p > 0 && p < 1)) throw new Error(`probs: every probability must lie in (0, 1) (got ${p})`);
  }
  const posterior = gMAP(studies, options);
  const family = posterior.family as F;
  const thetaNew = toNaturalScale(family, pool(posterior.thetaNew));
  const fit = automixfit(thetaNew, {
    family: family === "binomial" ? "beta" : family === "normal" ? "normal" : "gamma",
    components: options.components,
    aicPenalty: options.aicPenalty,
    sigma: posterior.settings.sigma,
    likelihood: "poisson",
    constrainBetaShapes: options.constrainBetaShapes,
  });

  const studiesOut: StudyShrinkage[] = posterior.labels.map((label, j) => {
    const draws = toNaturalScale(family, pool(posterior.theta[j] as Float64Array[]));
    const sorted = draws.slice().sort();
    let m = 0;
    for (let i = 0; i < draws.length; i++) m += draws[i] as number;
    return {
      study: label,
      observed: posterior.observed[j] as number,
      mean: m / draws.length,
      median: sortedQuantile(sorted, 0.5),
      lower: sortedQuantile(sorted, 0.025),
      upper: sortedQuantile(sorted, 0.975),
    };
  });

  const settings: MapPriorSettings = {
    ...posterior.settings,
    components: options.components ?? [1, 2, 3, 4],
    aicPenalty: options.aicPenalty ?? 6,
    constrainBetaShapes: options.constrainBetaShapes ?? true,
    probs: [...probs],
  };
  return {
    family,
    mixture: fit.best.mixture as MixtureOfFamily<F>,
    candidates: fit.candidates as MixtureCandidate<MixtureOfFamily<F>>[],
    summary: {
      thetaNew: summarizeSample(thetaNew, probs),
      tau: summarizeSample(pool(posterior.tau), probs),
      mu: summarizeSample(pool(posterior.mu), probs),
    },
    studies: studiesOut,
    diagnostics: posterior.diagnostics,
    settings,
  };
}
