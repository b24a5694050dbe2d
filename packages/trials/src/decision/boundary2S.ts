/**
 * Two-sample decision boundaries (RBesT's decision2S_boundary): for each control outcome, the treatment
 * outcomes for which the rule succeeds. For a fixed control outcome each criterion is monotone in the
 * treatment outcome (monotone likelihood ratio), so the region is an interval; its ends move monotonically
 * with the control outcome, so the boundary at one control count is the guess for the next and each
 * control count costs about two posterior probabilities (each switch is confirmed at y_c and y_c − 1).
 */
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { predictive } from "../mixture/index.ts";
import type { Mixture, NormalMixture } from "../mixture/types.ts";
import { requireNonNegativeInteger } from "./checks.ts";
import { increasingRoot } from "./findRoot.ts";
import { checkLink, differenceExceeds, differenceProbability } from "./linkDifference.ts";
import { type Arm, armModel, type CountArm, type NormalArm } from "./outcome.ts";
import { type DecisionCriterion, type DecisionRule, validateDecisionRule } from "./rule.ts";
import { firstSuccess } from "./search.ts";

/**
 * Success region of two count outcomes: for control count y2 = 0..maxControlCount the rule succeeds iff
 * lower[y2] ≤ y1 ≤ upper[y2] (empty when lower > upper).
 */
export interface CountBoundary2S {
  kind: "binomial" | "poisson";
  n1: number;
  n2: number;
  /** the largest control count tabulated (n2 for binomial) */
  maxControlCount: number;
  lower: Float64Array;
  /** n1 (binomial) or Infinity (Poisson) where no criterion has a lower tail */
  upper: Float64Array;
  /**
   * RBesT's critical treatment count per control count: lower[y2] when every criterion is an upper-tail
   * one (n1 + 1: no success), upper[y2] when every criterion is a lower-tail one (−1: none); NaN if mixed.
   */
  critical: Float64Array;
}

/** One criterion's critical treatment mean as a linear function of the control mean (single-normal priors). */
export interface LinearCriticalMean {
  intercept: number;
  slope: number;
  /** lowerTail false: success needs m1 > intercept + slope·m2; true: m1 < intercept + slope·m2 */
  lowerTail: boolean;
}

/** Success region of two normal endpoints: the rule succeeds iff lower < m1 < upper, given the control mean m2. */
export interface NormalBoundary2S {
  kind: "normal";
  n1: number;
  n2: number;
  /** standard errors of the two sample means */
  se1: number;
  se2: number;
  region(mean2: number): { lower: number; upper: number };
  /** closed form, present when both priors are single normal distributions */
  linear?: LinearCriticalMean[];
}

export type DecisionBoundary2S = CountBoundary2S | NormalBoundary2S;

function countBoundary(
  rule: Required<DecisionRule>,
  arm1: CountArm,
  arm2: CountArm,
  maxControlCount: number,
): CountBoundary2S {
  const size = maxControlCount + 1;
  const lower = new Float64Array(size);
  const upper = new Float64Array(size).fill(arm1.maxCount);
  const max1 = arm1.maxCount;
  const guesses = rule.criteria.map(() => 0);
  for (let y2 = 0; y2 < size; y2++) {
    const post2 = arm2.posteriorAt(y2);
    rule.criteria.forEach((c, i) => {
      const holds = (y1: number) =>
        differenceExceeds(arm1.posteriorAt(y1), post2, c.threshold, rule.link, c.lowerTail, c.probability);
      const guess = guesses[i] as number;
      if (!c.lowerTail) {
        const k = firstSuccess(holds, guess, 0, max1);
        lower[y2] = Math.max(lower[y2] as number, k);
        guesses[i] = k;
      } else {
        const l = firstSuccess((y1) => !holds(y1), guess, 0, max1) - 1;
        upper[y2] = Math.min(upper[y2] as number, l);
        guesses[i] = l + 1;
      }
    });
  }
  const critical = new Float64Array(size);
  const allUpper = rule.criteria.every((c) => !c.lowerTail);
  const allLower = rule.criteria.every((c) => c.lowerTail);
  for (let y2 = 0; y2 < size; y2++) {
    critical[y2] = allUpper ? (lower[y2] as number) : allLower ? (upper[y2] as number) : Number.NaN;
  }
  return { kind: arm1.kind, n1: arm1.n, n2: arm2.n, maxControlCount, lower, upper, critical };
}

/** Posterior mean and variance of θ after a sample mean with standard error se, single normal prior N(m, s²). */
function linearPosterior(
  prior: NormalMixture,
  se: number,
): { shrink: number; offset: number; variance: number } {
  const { m, s } = prior.components[0] as { m: number; s: number };
  const precision = 1 / (s * s) + 1 / (se * se);
  // posterior mean = offset + shrink · (sample mean)
  return { shrink: 1 / (se * se) / precision, offset: m / (s * s) / precision, variance: 1 / precision };
}

function linearCriticalMeans(
  rule: Required<DecisionRule>,
  arm1: NormalArm,
  arm2: NormalArm,
): LinearCriticalMean[] {
  const p1 = linearPosterior(arm1.prior, arm1.se);
  const p2 = linearPosterior(arm2.prior, arm2.se);
  const sd = Math.sqrt(p1.variance + p2.variance);
  return rule.criteria.map((c: DecisionCriterion) => {
    // P(θ1 − θ2 > δ) > c  ⇔  μ1 − μ2 > δ + z_c·sd ; P(θ1 − θ2 ≤ δ) > c  ⇔  μ1 − μ2 < δ − z_c·sd
    const z = normalQuantile(c.probability, 0, 1);
    const bound = c.lowerTail ? c.threshold - z * sd : c.threshold + z * sd;
    // μ1 = offset1 + shrink1·m1, μ2 = offset2 + shrink2·m2
    return {
      intercept: (bound + p2.offset - p1.offset) / p1.shrink,
      slope: p2.shrink / p1.shrink,
      lowerTail: c.lowerTail,
    };
  });
}

function normalBoundary(rule: Required<DecisionRule>, arm1: NormalArm, arm2: NormalArm): NormalBoundary2S {
  if (rule.link !== "identity") {
    throw new Error(`decision rule link "${rule.link}" is not defined for normal endpoints; use "identity"`);
  }
  const base = { kind: "normal" as const, n1: arm1.n, n2: arm2.n, se1: arm1.se, se2: arm2.se };
  if (arm1.prior.components.length === 1 && arm2.prior.components.length === 1) {
    const linear = linearCriticalMeans(rule, arm1, arm2);
    return {
      ...base,
      linear,
      region(m2) {
        let lower = Number.NEGATIVE_INFINITY;
        let upper = Number.POSITIVE_INFINITY;
        for (const l of linear) {
          const x = l.intercept + l.slope * m2;
          if (l.lowerTail) upper = Math.min(upper, x);
          else lower = Math.max(lower, x);
        }
        return { lower, upper };
      },
    };
  }
  const tol = 1e-13 * arm1.se;
  // roots are re-used: the same control means recur across the θ grid and the integration rule
  const cache = new Map<number, { lower: number; upper: number }>();
  // the critical m1 moves with m2 at a slope near 1 (exactly shrink2/shrink1 for single normals): guess from
  // the offset of the last root found
  const offsets = rule.criteria.map((c) => c.threshold);
  return {
    ...base,
    region(m2) {
      const hit = cache.get(m2);
      if (hit) return hit;
      const post2 = arm2.posteriorAt(m2);
      let lower = Number.NEGATIVE_INFINITY;
      let upper = Number.POSITIVE_INFINITY;
      rule.criteria.forEach((c, i) => {
        // increasing in m1: P(θ1 − θ2 > δ) − c, or c − P(θ1 − θ2 ≤ δ)
        const g = (m1: number) => {
          const p = differenceProbability(arm1.posteriorAt(m1), post2, c.threshold, "identity", c.lowerTail);
          return c.lowerTail ? c.probability - p : p - c.probability;
        };
        const root = increasingRoot(g, m2 + (offsets[i] as number), arm1.se, tol);
        offsets[i] = root - m2;
        if (c.lowerTail) upper = Math.min(upper, root);
        else lower = Math.max(lower, root);
      });
      const region = { lower, upper };
      if (cache.size > 100_000) cache.clear();
      cache.set(m2, region);
      return region;
    },
  };
}

/** Default control range of a Poisson boundary: the prior predictive mean + 12 sd (+ 40 counts). */
function defaultMaxControlCount(prior2: Mixture, n2: number): number {
  const { mean, sd } = predictive(prior2, n2).moments();
  return Math.ceil(mean + 12 * sd + 40);
}

/**
 * Decision boundary of a two-sample trial, treatment (arm 1: prior1, n1) against control (arm 2: prior2,
 * n2): for binary and Poisson outcomes, the interval of treatment counts that succeed at each control
 * count; for normal outcomes, the interval of treatment means as a function of the control mean.
 * Poisson control counts are unbounded: `maxControlCount` sets how many are tabulated (default: the
 * prior predictive mean + 12 sd + 40). Normal endpoints take each arm's sampling sd from its prior unless
 * `sigma1` / `sigma2` are given.
 */
export function decisionBoundary2S(
  prior1: Mixture,
  prior2: Mixture,
  n1: number,
  n2: number,
  rule: DecisionRule,
  options: { maxControlCount?: number; sigma1?: number; sigma2?: number } = {},
): DecisionBoundary2S {
  const checked = validateDecisionRule(rule);
  if (prior1?.family !== prior2?.family) {
    throw new Error(
      `decisionBoundary2S: prior1 and prior2 must be of the same family (got ${prior1?.family} and ${prior2?.family})`,
    );
  }
  checkLink(prior1.family, prior2.family, checked.link);
  const arm1: Arm = armModel(prior1, n1, "treatment (arm 1)", options.sigma1);
  const arm2: Arm = armModel(prior2, n2, "control (arm 2)", options.sigma2);
  if (arm1.kind === "normal" && arm2.kind === "normal") return normalBoundary(checked, arm1, arm2);
  if (arm1.kind === "normal" || arm2.kind === "normal") throw new Error("unreachable: families differ");
  let maxControl: number;
  if (arm2.kind === "binomial") {
    maxControl = arm2.n;
  } else if (options.maxControlCount !== undefined) {
    maxControl = requireNonNegativeInteger("maxControlCount", options.maxControlCount);
  } else {
    maxControl = defaultMaxControlCount(prior2, n2);
  }
  return countBoundary(checked, arm1, arm2, maxControl);
}
