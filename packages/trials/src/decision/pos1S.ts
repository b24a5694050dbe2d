/**
 * Probability of success of a one-sample design (RBesT's pos1S): the operating characteristic averaged
 * over a design prior for θ (for instance the posterior at an interim), i.e. the prior-predictive
 * probability that the outcome lands in the success region.
 */
import { predictive } from "../mixture/index.ts";
import type { Mixture } from "../mixture/types.ts";
import { decisionBoundary1S } from "./boundary1S.ts";
import { probabilityBetween } from "./countTails.ts";
import type { DecisionRule } from "./rule.ts";

/**
 * P(success) of a trial with `n` patients (exposure units for Poisson) analysed with `prior` under `rule`,
 * when θ follows `designPrior` (same family as `prior`). Normal endpoints use the analysis sampling sd
 * (the prior's, or `options.sigma`) for the predictive of the sample mean.
 */
export function pos1S(
  prior: Mixture,
  n: number,
  rule: DecisionRule,
  designPrior: Mixture,
  options: { sigma?: number } = {},
): number {
  const boundary = decisionBoundary1S(prior, n, rule, options);
  if (designPrior?.family !== prior.family) {
    throw new Error(
      `pos1S: designPrior must be a ${prior.family} mixture like the prior (got ${designPrior?.family})`,
    );
  }
  if (boundary.kind === "normal") {
    const pred = predictive({ ...(designPrior as Mixture & { family: "normal" }), sigma: boundary.sigma }, n);
    const { lower, upper } = boundary;
    if (!(lower < upper)) return 0;
    const above = lower === Number.NEGATIVE_INFINITY ? 1 : pred.cdf(lower, { lowerTail: false });
    const beyond = upper === Number.POSITIVE_INFINITY ? 0 : pred.cdf(upper, { lowerTail: false });
    return Math.max(0, above - beyond);
  }
  const pred = predictive(designPrior, n);
  return probabilityBetween(
    boundary.lower,
    boundary.upper,
    (k) => (k <= 0 ? 1 : pred.cdf(k - 1, { lowerTail: false })),
    (k) => (k < 0 ? 0 : pred.cdf(k)),
  );
}
