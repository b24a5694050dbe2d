/**
 * Robust prior from external control data (RBesT's robustify applied to the external posterior):
 * (1 − w) · posterior given the external data + w · a weakly informative component, so that in a prior-data
 * conflict the trial's own data override the external information.
 */
import { betaMixture, gammaMixture, normalMixture, robustify } from "../mixture/index.ts";
import type { Mixture } from "../mixture/types.ts";
import { requirePositive, show } from "./checks.ts";
import {
  dataFamily,
  describeSummary,
  type ExternalData,
  type ExternalDataSummary,
  type ExternalPrior,
  type ProvenanceOptions,
  summarizeExternal,
} from "./externalData.ts";
import { updatePosterior } from "./outcome.ts";

export interface RobustExternalOptions extends ProvenanceOptions {
  /** weight w ∈ [0, 1) of the weakly informative component; 0 keeps the external posterior as it is */
  weight: number;
  /** settings of the weakly informative component, passed to robustify (its mean, its size in patients) */
  robust?: { mean?: number; n?: number };
  /** prior before the external data; default the reference prior of the likelihood (see robustExternalPrior) */
  initialPrior?: Mixture;
  /** sampling sd of one observation, for normal data without an initial prior */
  sigma?: number;
  /** likelihood of rate data without an initial prior: "poisson" (default) or "exponential" */
  likelihood?: "poisson" | "exponential";
}

/** The posterior given the external data under the reference prior of the likelihood. */
function referencePosterior(s: ExternalDataSummary, sigma: number | undefined): Mixture {
  if (s.likelihood === "binomial") {
    // Jeffreys Beta(½, ½)
    return betaMixture([[1, s.responders + 0.5, s.patients - s.responders + 0.5]]);
  }
  if (s.likelihood === "normal") {
    // flat prior: the normalised likelihood
    return normalMixture([[1, s.mean, s.se]], sigma as number);
  }
  // Jeffreys: θ^{-½} (Poisson), θ^{-1} (exponential)
  const shape = s.likelihood === "poisson" ? s.events + 0.5 : s.events;
  if (!(shape > 0)) {
    throw new Error(
      "robustExternalPrior: exponential data with 0 events give no proper reference posterior; pass an initialPrior",
    );
  }
  return gammaMixture([[1, shape, s.exposure]], s.likelihood);
}

/**
 * Robust prior from external data: with `initialPrior` the posterior after the external data, otherwise
 * the posterior under the reference prior — Beta(½, ½) for { r, n }, flat for { mean, se } / { mean, n }
 * (then `sigma` is required), Gamma(½, 0) for Poisson and 1/θ for exponential { events, exposure } —,
 * mixed with weight `weight` with robustify's weakly informative component. Returns the prior and its
 * provenance.
 */
export function robustExternalPrior(
  externalData: ExternalData,
  options: RobustExternalOptions,
): ExternalPrior {
  const { weight, initialPrior } = options ?? ({} as RobustExternalOptions);
  if (typeof weight !== "number" || !(weight >= 0 && weight < 1)) {
    throw new Error(
      `robustExternalPrior: weight (of the weakly informative component) must be in [0, 1), e.g. 0.2 (got ${show(weight)})`,
    );
  }
  const family = dataFamily(externalData);
  if (initialPrior !== undefined && initialPrior?.family !== family) {
    throw new Error(
      `robustExternalPrior: external data ${show(externalData)} needs a ${family} initial prior (got ${show(initialPrior?.family)})`,
    );
  }
  let sigma: number | undefined;
  if (family === "normal") {
    sigma =
      initialPrior?.family === "normal"
        ? initialPrior.sigma
        : options.sigma === undefined
          ? undefined
          : requirePositive("robustExternalPrior sigma", options.sigma);
    if (sigma === undefined) {
      throw new Error(
        "robustExternalPrior: normal data without an initialPrior need sigma (the sampling sd of one observation, the unit of the effective sample size)",
      );
    }
  }
  const likelihood =
    family === "beta"
      ? "binomial"
      : family === "normal"
        ? "normal"
        : initialPrior?.family === "gamma"
          ? initialPrior.likelihood
          : (options.likelihood ?? "poisson");
  const summary = summarizeExternal(externalData, likelihood, sigma);
  const external =
    initialPrior === undefined
      ? referencePosterior(summary, sigma)
      : updatePosterior(initialPrior, externalData, "robustExternalPrior externalData");
  const prior = weight === 0 ? external : robustify(external, { weight, ...options.robust });
  return {
    prior,
    provenance: {
      source: "external",
      method: "robust mixture",
      description:
        options.description ??
        `robust mixture (weight ${weight} on a weakly informative component) from external data: ${describeSummary(summary)}`,
      data: summary,
      ...(options.rwdStudyId === undefined ? {} : { rwdStudyId: options.rwdStudyId }),
      weight,
      initialPrior: initialPrior === undefined ? "reference" : structuredClone(initialPrior),
      ...(options.robust === undefined ? {} : { robust: { ...options.robust } }),
    },
  };
}
