/**
 * Meta-analytic-predictive (MAP) priors, as RBesT's gMAP + automixfit: a random-effects meta-analysis of
 * historical studies fitted by NUTS, its predictive distribution for a new study approximated by an EM
 * mixture of the conjugate family chosen by penalised AIC.
 */
export { type AutomixfitOptions, type AutomixfitResult, automixfit } from "./automixfit.ts";
export {
  type Chains,
  diagnose,
  essBasic,
  essBulk,
  essQuantile,
  essTail,
  mcseMean,
  type ParameterDiagnostics,
  rankNormalize,
  rhat,
  rhatBasic,
  splitChains,
} from "./convergence.ts";
export { gMAP, inverseLink, type MapPosterior, toNaturalScale } from "./gmap.ts";
export { mapPrior } from "./mapPrior.ts";
export { type ConjugateFamily, type MixfitOptions, type MixtureFit, mixfit } from "./mixfit.ts";
export { type LogDensityTarget, type NutsChain, type NutsOptions, sampleNuts } from "./nuts.ts";
export { summarizeSample } from "./sampleSummary.ts";
export { MapPriorSpec, type MapPriorSpecInput, parseMapPriorSpec } from "./spec.ts";
export type {
  BinomialStudy,
  MapDiagnostics,
  MapFamily,
  MapModelOptions,
  MapPrior,
  MapPriorOptions,
  MapPriorSettings,
  MapSettings,
  MapStudy,
  MixtureCandidate,
  MuPrior,
  NormalStudy,
  PoissonStudy,
  SampleSummary,
  StudyShrinkage,
  TauPrior,
} from "./types.ts";
