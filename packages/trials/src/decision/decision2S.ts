/**
 * Two-sample decisions (RBesT's decision2S): after data on treatment (arm 1) and control (arm 2), the
 * trial succeeds when every criterion holds for the posterior of g(θ1) − g(θ2), g the rule's link.
 */
import type { Mixture } from "../mixture/types.ts";
import { differenceProbability } from "./linkDifference.ts";
import { type OutcomeData, updatePosterior } from "./outcome.ts";
import { type DecisionRule, validateDecisionRule } from "./rule.ts";

/**
 * The posterior probability each criterion compares with its c: P(g(θ1) − g(θ2) > δ) (lowerTail false)
 * or P(g(θ1) − g(θ2) ≤ δ), for independent posteriors of treatment (1) and control (2).
 */
export function criterionProbabilities2S(
  rule: DecisionRule,
  posterior1: Mixture,
  posterior2: Mixture,
): number[] {
  const checked = validateDecisionRule(rule);
  return checked.criteria.map((c) =>
    differenceProbability(posterior1, posterior2, c.threshold, checked.link, c.lowerTail),
  );
}

/** Whether the posteriors of treatment and control satisfy every criterion of a checked rule. */
export function succeeds2S(rule: Required<DecisionRule>, posterior1: Mixture, posterior2: Mixture): boolean {
  for (const c of rule.criteria) {
    const p = differenceProbability(posterior1, posterior2, c.threshold, rule.link, c.lowerTail);
    if (!(p > c.probability)) return false;
  }
  return true;
}

/**
 * Two-sample decision: true when, after `data1` on treatment and `data2` on control (data as in
 * decide1S), every criterion of the rule holds for the difference treatment − control.
 */
export function decide2S(
  rule: DecisionRule,
  prior1: Mixture,
  prior2: Mixture,
  data1: OutcomeData,
  data2: OutcomeData,
): boolean {
  const checked = validateDecisionRule(rule);
  if (prior1.family !== prior2.family) {
    throw new Error(
      `decide2S: prior1 and prior2 must be of the same family (got ${prior1.family} and ${prior2.family})`,
    );
  }
  const post1 = updatePosterior(prior1, data1, "decide2S data1");
  const post2 = updatePosterior(prior2, data2, "decide2S data2");
  return succeeds2S(checked, post1, post2);
}
