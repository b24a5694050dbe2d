/**
 * One-sample decisions (RBesT's decision1S): after data, the trial succeeds when every criterion of
 * the rule holds for the posterior of θ.
 */
import { cdf } from "../mixture/index.ts";
import type { Mixture } from "../mixture/types.ts";
import { type OutcomeData, updatePosterior } from "./outcome.ts";
import { type DecisionRule, validateDecisionRule } from "./rule.ts";

/** The posterior probability each criterion compares with its c: P(θ > δ) (lowerTail false) or P(θ ≤ δ). */
export function criterionProbabilities1S(rule: DecisionRule, posterior: Mixture): number[] {
  return validateDecisionRule(rule).criteria.map((c) =>
    cdf(posterior, c.threshold, { lowerTail: c.lowerTail }),
  );
}

/** Whether a posterior satisfies every criterion of the rule (probabilities strictly above c). */
export function succeeds1S(rule: DecisionRule, posterior: Mixture): boolean {
  for (const c of rule.criteria) {
    if (!(cdf(posterior, c.threshold, { lowerTail: c.lowerTail }) > c.probability)) return false;
  }
  return true;
}

/**
 * One-sample decision: true when the posterior of θ given `data` (binomial { r, n } for a beta prior,
 * normal { mean, n } or { mean, se } for a normal prior, { events, exposure } for a gamma prior)
 * satisfies every criterion of the rule.
 */
export function decide1S(rule: DecisionRule, prior: Mixture, data: OutcomeData): boolean {
  const checked = validateDecisionRule(rule);
  return succeeds1S(checked, updatePosterior(prior, data, "decide1S data"));
}
