/**
 * Inputs and outputs of the meta-analytic-predictive (MAP) prior: historical studies, model options and the
 * fitted prior with its diagnostics. Plain data (no typed arrays) so a MapPrior travels through JSON.
 */
import type { BetaMixture, GammaMixture, NormalMixture } from "../mixture/types.ts";
import type { ParameterDiagnostics } from "./convergence.ts";

/** Likelihood of the historical data; the link is logit (binomial), identity (normal) or log (Poisson). */
export type MapFamily = "binomial" | "normal" | "poisson";

/** r responders out of n patients. */
export interface BinomialStudy {
  study?: string;
  r: number;
  n: number;
}
/** Observed mean with its standard error, or with its sample size n (then se = sigma/√n). */
export interface NormalStudy {
  study?: string;
  mean: number;
  se?: number;
  n?: number;
}
/** events counted over exposure units (patient-years, …); the log exposure is the offset. */
export interface PoissonStudy {
  study?: string;
  events: number;
  exposure: number;
}
export type MapStudy = BinomialStudy | NormalStudy | PoissonStudy;

export type StudiesOf<F extends MapFamily> = F extends "binomial"
  ? BinomialStudy
  : F extends "normal"
    ? NormalStudy
    : PoissonStudy;

export type MixtureOfFamily<F extends MapFamily> = F extends "binomial"
  ? BetaMixture
  : F extends "normal"
    ? NormalMixture
    : GammaMixture;

/** Prior of the between-study standard deviation τ (on the link scale). */
export interface TauPrior {
  distribution: "halfNormal" | "halfCauchy";
  /** scale: the sd of the half-normal, the scale of the half-Cauchy */
  scale: number;
}

/** Normal prior of the population mean μ on the link scale. */
export interface MuPrior {
  mean: number;
  sd: number;
}

/** Options of the hierarchical model and its MCMC fit (all but `family` have defaults). */
export interface MapModelOptions<F extends MapFamily = MapFamily> {
  family: F;
  /**
   * normal family: sampling sd of one observation, the unit of the prior's effective sample size. Default
   * (as RBesT) √(Σ nⱼ / Σ 1/seⱼ²) when every study gives n and se.
   */
  sigma?: number;
  /**
   * Prior of μ. Defaults as RBesT's gMAP: binomial N(0, 2²); normal N(0, (100·max(σ/10, sd(yⱼ)))²);
   * Poisson N(0, (log 100 + max(σ̃/10, sd(log rateⱼ)))²) with σ̃ = 1/exp(mean log rateⱼ), rates (yⱼ+½)/Eⱼ.
   */
  muPrior?: MuPrior;
  /** Prior of τ. Default half-normal with scale 1 (binomial, Poisson: link-scale units) or σ/2 (normal). */
  tauPrior?: TauPrior;
  /** MCMC chains (default 4) */
  chains?: number;
  /** warmup iterations per chain (default 1000) */
  warmup?: number;
  /** kept draws per chain (default 2000) */
  draws?: number;
  /** thinning of the post-warmup iterations (default 1) */
  thin?: number;
  /** seed of the Rng streams (default 1) */
  seed?: number;
  /** NUTS target acceptance statistic (default 0.99, as RBesT: small steps avoid divergences in the funnel) */
  adaptDelta?: number;
  /** NUTS maximum tree depth (default 10) */
  maxTreeDepth?: number;
}

/** Options of mapPrior: the model options plus the mixture approximation (automixfit). */
export interface MapPriorOptions<F extends MapFamily = MapFamily> extends MapModelOptions<F> {
  /** numbers of mixture components tried (default [1, 2, 3, 4]) */
  components?: number[];
  /** AIC penalty per parameter used to choose the mixture (default 6 as RBesT's automixfit; 2 = classic AIC) */
  aicPenalty?: number;
  /** beta mixtures only: keep a, b ≥ 1 in every component (default true, as RBesT) */
  constrainBetaShapes?: boolean;
  /** probabilities of the reported quantiles (default 0.025, 0.25, 0.5, 0.75, 0.975) */
  probs?: number[];
}

/** Settings actually used, defaults filled in. */
export interface MapSettings {
  family: MapFamily;
  sigma?: number;
  muPrior: MuPrior;
  tauPrior: TauPrior;
  chains: number;
  warmup: number;
  draws: number;
  thin: number;
  seed: number;
  adaptDelta: number;
  maxTreeDepth: number;
}

export interface MapPriorSettings extends MapSettings {
  components: number[];
  aicPenalty: number;
  constrainBetaShapes: boolean;
  probs: number[];
}

/** Mean, sd and quantiles of a sample. */
export interface SampleSummary {
  mean: number;
  sd: number;
  quantiles: { p: number; q: number }[];
}

/** Shrinkage estimate of one historical study's parameter θⱼ on the natural scale (rate, mean, event rate). */
export interface StudyShrinkage {
  study: string;
  /** the study's own estimate: r/n, the observed mean, events/exposure */
  observed: number;
  mean: number;
  median: number;
  /** 2.5 % posterior quantile */
  lower: number;
  /** 97.5 % posterior quantile */
  upper: number;
}

export interface MapDiagnostics {
  chains: number;
  warmup: number;
  /** kept draws per chain */
  draws: number;
  thin: number;
  /** μ, τ, θ_new (the MAP prior) and each study's θⱼ (keyed by study label) */
  parameters: {
    mu: ParameterDiagnostics;
    tau: ParameterDiagnostics;
    thetaNew: ParameterDiagnostics;
    studies: Record<string, ParameterDiagnostics>;
  };
  /** R-hat < 1.01 and bulk ESS > 400 for μ, τ and θ_new */
  converged: boolean;
  /** post-warmup divergent transitions over all chains (should be 0) */
  divergences: number;
  /** post-warmup iterations that hit the maximum tree depth */
  treeDepthHits: number;
  stepSizes: number[];
  meanTreeDepth: number;
  /** human-readable warnings (divergences, tree depth, convergence) */
  warnings: string[];
  /** wall-clock time of the MCMC, ms */
  elapsedMs: number;
}

/** One mixture fitted by EM to the MAP sample. */
export interface MixtureCandidate<M = BetaMixture | NormalMixture | GammaMixture> {
  components: number;
  mixture: M;
  logLik: number;
  /** free parameters: 3·components − 1 */
  df: number;
  /** −2·logLik + 2·df */
  aic: number;
  /** −2·logLik + aicPenalty·df, the selection criterion */
  criterion: number;
  /** EM iterations of the best start */
  iterations: number;
  /** false when every EM start ended with a collapsed component; such a candidate is never chosen */
  valid: boolean;
}

/** The MAP prior: the mixture approximation of the predictive distribution of a new study's parameter. */
export interface MapPrior<F extends MapFamily = MapFamily> {
  family: F;
  /** the chosen mixture (lowest criterion among valid candidates) */
  mixture: MixtureOfFamily<F>;
  candidates: MixtureCandidate<MixtureOfFamily<F>>[];
  summary: {
    /** θ_new on the natural scale (response rate, mean, event rate): the MAP prior itself */
    thetaNew: SampleSummary;
    /** between-study sd on the link scale */
    tau: SampleSummary;
    /** population mean on the link scale */
    mu: SampleSummary;
  };
  studies: StudyShrinkage[];
  diagnostics: MapDiagnostics;
  settings: MapPriorSettings;
}
