/**
 * P(g(θ1) − g(θ2) ≤ δ) (or > δ) for two independent mixture posteriors, g the link of a two-sample rule:
 * the mixture API's probabilityOfDifference for the identity link, a quadrature (differenceIntegral) for
 * the logit and log links.
 */
import { probabilityOfDifference } from "../mixture/index.ts";
import type { Mixture } from "../mixture/types.ts";
import { differenceIntegral } from "./differenceIntegral.ts";
import type { DifferenceLink } from "./rule.ts";

/** Checks that the link is defined for the family of the two mixtures. */
export function checkLink(
  family1: Mixture["family"],
  family2: Mixture["family"],
  link: DifferenceLink,
): void {
  if (family1 !== family2) {
    throw new Error(`both arms need priors of the same family (got ${family1} and ${family2})`);
  }
  if (link === "identity") return;
  if (family1 === "normal" || (link === "logit" && family1 !== "beta")) {
    throw new Error(
      `link "${link}" is not defined for ${family1} priors; use "identity"${family1 === "gamma" ? ' or "log"' : ""}`,
    );
  }
}

/** Probability that the difference of the two posteriors on the link scale is ≤ delta (lowerTail) or > delta. */
export function differenceProbability(
  post1: Mixture,
  post2: Mixture,
  delta: number,
  link: DifferenceLink,
  lowerTail: boolean,
): number {
  checkLink(post1.family, post2.family, link);
  if (link === "identity") return probabilityOfDifference(post1, post2, delta, { lowerTail });
  return differenceIntegral(post1, post2, delta, link, lowerTail, { absTol: 1e-16, relTol: 1e-13 }).value;
}

// quadratures of increasing accuracy: each settles the decision unless the probability lies within
// max(margin, 4 error estimates) of c; what none settles is recomputed with differenceProbability
const TIERS = [
  { absTol: 1e-5, relTol: 1e-4, margin: 1e-4 },
  { absTol: 1e-10, relTol: 1e-9, margin: 1e-8 },
];

/**
 * Whether P(g(θ1) − g(θ2) > δ) (or ≤ δ) exceeds c, as differenceProbability would say, but first from quick
 * quadratures that settle all but near-ties (a probability next to the boundary is typically 0.01 or more
 * from c); near-ties are recomputed exactly.
 */
export function differenceExceeds(
  post1: Mixture,
  post2: Mixture,
  delta: number,
  link: DifferenceLink,
  lowerTail: boolean,
  c: number,
): boolean {
  if (post1.family !== "normal" && post2.family !== "normal") {
    for (const tier of TIERS) {
      const { value, error } = differenceIntegral(post1, post2, delta, link, lowerTail, tier);
      const margin = Math.max(tier.margin, 4 * error);
      if (value - c > margin) return true;
      if (c - value > margin) return false;
    }
  }
  return differenceProbability(post1, post2, delta, link, lowerTail) > c;
}
