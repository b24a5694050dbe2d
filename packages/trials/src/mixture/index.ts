/**
 * Mixture priors of conjugate families (beta, normal with known sampling sd, gamma) and what a trial
 * design does with them: densities and tail probabilities, conjugate posteriors and predictive
 * distributions, differences of two arms, random draws, effective sample sizes and robustification.
 */
export { cdf } from "./cdf.ts";
export { betaMixture, gammaMixture, normalMixture, validateMixture } from "./construct.ts";
export { density } from "./density.ts";
export { probabilityOfDifference } from "./difference.ts";
export { type EssMethod, effectiveSampleSize } from "./ess.ts";
export { type Moments, moments, summarizeMixture } from "./moments.ts";
export { posterior } from "./posterior.ts";
export { type PredictiveDistribution, predictive } from "./predictive.ts";
export { quantile } from "./quantile.ts";
export { robustify } from "./robustify.ts";
export { drawBeta, drawGamma, sampleMixture } from "./sample.ts";
export type {
  BetaComponent,
  BetaMixture,
  BinomialData,
  GammaComponent,
  GammaMixture,
  Mixture,
  MixtureFamily,
  NormalComponent,
  NormalData,
  NormalMixture,
  RateData,
} from "./types.ts";
