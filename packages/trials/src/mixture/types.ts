/**
 * Mixture priors, as plain data so they travel unchanged through JSON (API bodies, saved designs,
 * reports). Each family is conjugate to one likelihood:
 * - beta   ↔ binomial response rate θ ∈ (0, 1)
 * - normal ↔ normal mean θ with known sampling sd `sigma` of one observation (RBesT's reference scale)
 * - gamma  ↔ Poisson rate or exponential hazard θ > 0 (shape `a`, rate `b`)
 * Weights are positive and sum to 1.
 */
export interface BetaComponent {
  w: number;
  a: number;
  b: number;
}
export interface NormalComponent {
  w: number;
  /** mean */
  m: number;
  /** standard deviation */
  s: number;
}
export interface GammaComponent {
  w: number;
  /** shape */
  a: number;
  /** rate */
  b: number;
}

export interface BetaMixture {
  family: "beta";
  components: BetaComponent[];
}
export interface NormalMixture {
  family: "normal";
  /** sampling sd of one observation: sets the unit of the effective sample size */
  sigma: number;
  components: NormalComponent[];
}
export interface GammaMixture {
  family: "gamma";
  likelihood: "poisson" | "exponential";
  components: GammaComponent[];
}
export type Mixture = BetaMixture | NormalMixture | GammaMixture;
export type MixtureFamily = Mixture["family"];

/** Data summaries for the conjugate update, by likelihood. */
export type BinomialData = { r: number; n: number };
/** n observations with sample mean `mean` (sd `sigma` of the prior), or a mean with its standard error */
export type NormalData = { mean: number; n: number } | { mean: number; se: number };
/** Poisson: `events` counted over `exposure` units; exponential: `events` over total follow-up `exposure` */
export type RateData = { events: number; exposure: number };
