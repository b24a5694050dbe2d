/**
 * Exact operating characteristics of a one-sample design (RBesT's oc1S): P(success | θ), the probability
 * that the outcome falls in the success region — a binomial or Poisson tail from the critical count by
 * the regularized incomplete beta / gamma function, or a normal tail from the critical mean.
 */
import type { Mixture } from "../mixture/types.ts";
import { type DecisionBoundary1S, decisionBoundary1S } from "./boundary1S.ts";
import { requireGrid } from "./checks.ts";
import {
  binomialLower,
  binomialUpper,
  poissonLower,
  poissonUpper,
  probabilityBetween,
} from "./countTails.ts";
import { normalBetween } from "./normalTails.ts";
import type { DecisionRule } from "./rule.ts";

export interface OperatingCharacteristic1S {
  theta: number;
  /** P(success | θ) */
  probability: number;
}

function parameterOk(kind: DecisionBoundary1S["kind"], theta: number): boolean {
  if (kind === "binomial") return theta >= 0 && theta <= 1;
  if (kind === "poisson") return theta >= 0;
  return true;
}

/** P(success | θ) for each θ, from a boundary computed once by decisionBoundary1S. */
export function ocFromBoundary1S(
  boundary: DecisionBoundary1S,
  theta: number | readonly number[],
): OperatingCharacteristic1S[] {
  const grid = requireGrid("theta", theta);
  return grid.map((t, i) => {
    if (!parameterOk(boundary.kind, t)) {
      throw new Error(
        `theta[${i}] must be ${boundary.kind === "binomial" ? "a rate in [0, 1]" : "a rate ≥ 0"} (got ${t})`,
      );
    }
    let probability: number;
    if (boundary.kind === "normal") {
      probability = normalBetween(boundary.lower, boundary.upper, t, boundary.se);
    } else if (boundary.kind === "binomial") {
      const n = boundary.n;
      probability = probabilityBetween(
        boundary.lower,
        boundary.upper,
        (k) => binomialUpper(k, n, t),
        (k) => binomialLower(k, n, t),
      );
    } else {
      const lambda = boundary.n * t;
      probability = probabilityBetween(
        boundary.lower,
        boundary.upper,
        (k) => poissonUpper(k, lambda),
        (k) => poissonLower(k, lambda),
      );
    }
    return { theta: t, probability };
  });
}

/**
 * Operating characteristics of a one-sample design: for each true θ, the probability that a trial with
 * `n` patients (binomial, normal) or exposure units (Poisson) and this prior succeeds under `rule`.
 * Exact: the success region is found once (decisionBoundary1S) and each θ costs one tail probability.
 */
export function oc1S(
  prior: Mixture,
  n: number,
  rule: DecisionRule,
  theta: number | readonly number[],
  options: { sigma?: number } = {},
): OperatingCharacteristic1S[] {
  return ocFromBoundary1S(decisionBoundary1S(prior, n, rule, options), theta);
}
