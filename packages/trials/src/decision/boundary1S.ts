/**
 * One-sample decision boundaries (RBesT's decision1S_boundary): the outcomes for which the rule succeeds.
 * Each criterion's posterior probability is monotone in the outcome (the binomial, Poisson and normal
 * likelihoods have monotone likelihood ratio, so the posterior of θ grows stochastically with the
 * outcome, whatever the prior), hence the success region is an interval of counts or of sample means.
 * Counts: the switch of each criterion is searched, then the whole region is re-decided outcome by outcome
 * (up to 10 000 counts) to confirm the monotonicity rather than assume it.
 */

import { cdf } from "../mixture/index.ts";
import type { Mixture } from "../mixture/types.ts";
import { succeeds1S } from "./decision1S.ts";
import { increasingRoot } from "./findRoot.ts";
import { armModel, type CountArm, type NormalArm } from "./outcome.ts";
import { type DecisionCriterion, type DecisionRule, validateDecisionRule } from "./rule.ts";
import { firstSuccess } from "./search.ts";

// counts re-decided one by one to confirm the boundary
const VERIFY_LIMIT = 10_000;

/** Success region of a count outcome: the rule succeeds iff lower ≤ y ≤ upper (empty when lower > upper). */
export interface CountBoundary1S {
  kind: "binomial" | "poisson";
  /** patients (binomial) or exposure units (Poisson) */
  n: number;
  lower: number;
  /** n (binomial) or Infinity (Poisson) when no criterion has a lower tail */
  upper: number;
  /**
   * RBesT's critical value y_c: the smallest successful count when every criterion is an upper-tail one
   * (success iff y ≥ y_c; n + 1 when none succeeds), the largest when every criterion is a lower-tail one
   * (success iff y ≤ y_c; −1 when none); NaN for a rule mixing both.
   */
  critical: number;
}

/** Success region of a normal endpoint: the rule succeeds iff lower < sample mean < upper. */
export interface NormalBoundary1S {
  kind: "normal";
  n: number;
  /** sampling sd of one observation */
  sigma: number;
  /** standard error of the sample mean, sigma/√n */
  se: number;
  lower: number;
  upper: number;
  /** the critical sample mean: lower (upper-tail criteria only) or upper (lower-tail only); NaN when mixed */
  critical: number;
}

export type DecisionBoundary1S = CountBoundary1S | NormalBoundary1S;

function criticalOf(criteria: readonly DecisionCriterion[], lower: number, upper: number): number {
  if (criteria.every((c) => !c.lowerTail)) return lower;
  if (criteria.every((c) => c.lowerTail)) return upper;
  return Number.NaN;
}

function countBoundary(rule: Required<DecisionRule>, arm: CountArm): CountBoundary1S {
  const max = arm.maxCount;
  let lower = 0;
  let upper = max;
  for (const c of rule.criteria) {
    const holds = (y: number) =>
      cdf(arm.posteriorAt(y), c.threshold, { lowerTail: c.lowerTail }) > c.probability;
    if (!c.lowerTail) lower = Math.max(lower, firstSuccess(holds, 0, 0, max));
    else upper = Math.min(upper, firstSuccess((y) => !holds(y), 0, 0, max) - 1);
  }
  // confirm outcome by outcome: the region found from the switches is exactly where the rule succeeds
  const finiteEnd = Math.max(lower, upper === Number.POSITIVE_INFINITY ? 0 : upper) + 1;
  const last = Math.min(max, VERIFY_LIMIT, arm.kind === "poisson" ? finiteEnd : max);
  for (let y = 0; y <= last; y++) {
    const expected = y >= lower && y <= upper;
    if (succeeds1S(rule, arm.posteriorAt(y)) !== expected) {
      throw new Error(
        `decision boundary: the rule ${expected ? "fails" : "succeeds"} at count ${y}, outside the monotone region [${lower}, ${upper}]; the posterior probabilities are not monotone in the count (numerical trouble in the prior?)`,
      );
    }
  }
  return { kind: arm.kind, n: arm.n, lower, upper, critical: criticalOf(rule.criteria, lower, upper) };
}

function normalBoundary(rule: Required<DecisionRule>, arm: NormalArm): NormalBoundary1S {
  let lower = Number.NEGATIVE_INFINITY;
  let upper = Number.POSITIVE_INFINITY;
  const tol = 1e-13 * arm.se;
  for (const c of rule.criteria) {
    // increasing in the sample mean in both cases: P(θ > δ) − c, or c − P(θ ≤ δ)
    const g = c.lowerTail
      ? (m: number) => c.probability - cdf(arm.posteriorAt(m), c.threshold, { lowerTail: true })
      : (m: number) => cdf(arm.posteriorAt(m), c.threshold, { lowerTail: false }) - c.probability;
    const root = increasingRoot(g, c.threshold, arm.se, tol);
    if (c.lowerTail) upper = Math.min(upper, root);
    else lower = Math.max(lower, root);
  }
  return {
    kind: "normal",
    n: arm.n,
    sigma: arm.sigma,
    se: arm.se,
    lower,
    upper,
    critical: criticalOf(rule.criteria, lower, upper),
  };
}

/**
 * Decision boundary of a one-sample trial with `n` patients (binomial, normal) or exposure units (Poisson)
 * under `prior`: the interval of outcomes (responder count, event count or sample mean) for which `rule`
 * succeeds. Normal endpoints take the sampling sd from the prior unless `options.sigma` is given.
 */
export function decisionBoundary1S(
  prior: Mixture,
  n: number,
  rule: DecisionRule,
  options: { sigma?: number } = {},
): DecisionBoundary1S {
  const checked = validateDecisionRule(rule);
  const arm = armModel(prior, n, "decisionBoundary1S", options.sigma);
  return arm.kind === "normal" ? normalBoundary(checked, arm) : countBoundary(checked, arm);
}
