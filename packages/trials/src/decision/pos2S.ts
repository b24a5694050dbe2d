/**
 * Probability of success of a two-sample design (RBesT's pos2S): the operating characteristic averaged over
 * design priors of θ1 and θ2, i.e. Σ_{y2} P_pred(Y2 = y2) · P_pred(Y1 in the success region at y2), or the
 * corresponding integral over the control mean for normal endpoints.
 */
import { predictive } from "../mixture/index.ts";
import type { Mixture, NormalMixture } from "../mixture/types.ts";
import { decisionBoundary2S } from "./boundary2S.ts";
import { probabilityBetween } from "./countTails.ts";
import { integrate } from "./integrate.ts";
import type { DecisionRule } from "./rule.ts";

// predictive control mass allowed beyond the tabulated Poisson control counts
const UNCOVERED_MASS = 1e-15;

/**
 * P(success) of a trial of treatment (prior1, n1) against control (prior2, n2) under `rule`, when θ1 and θ2
 * follow the independent design priors `design1` and `design2` (same family as the analysis priors).
 */
export function pos2S(
  prior1: Mixture,
  prior2: Mixture,
  n1: number,
  n2: number,
  rule: DecisionRule,
  design1: Mixture,
  design2: Mixture,
  options: { sigma1?: number; sigma2?: number } = {},
): number {
  if (design1?.family !== prior1?.family || design2?.family !== prior2?.family) {
    throw new Error(
      `pos2S: design1 and design2 must be of the family of the analysis priors (${prior1?.family}; got ${design1?.family} and ${design2?.family})`,
    );
  }
  let maxControlCount: number | undefined;
  if (prior2.family === "gamma" && typeof n2 === "number" && n2 > 0) {
    const pred2 = predictive(design2, n2);
    const { mean, sd } = pred2.moments();
    let y = Math.ceil(mean + 12 * sd + 40);
    while (pred2.cdf(y, { lowerTail: false }) > UNCOVERED_MASS) y *= 2;
    maxControlCount = y;
  }
  const boundary = decisionBoundary2S(prior1, prior2, n1, n2, rule, { ...options, maxControlCount });
  if (boundary.kind === "normal") {
    const d1 = design1 as NormalMixture;
    const d2 = design2 as NormalMixture;
    const sigma1 = boundary.se1 * Math.sqrt(n1);
    const sigma2 = boundary.se2 * Math.sqrt(n2);
    const pred1 = predictive({ ...d1, sigma: sigma1 }, n1);
    const pred2 = predictive({ ...d2, sigma: sigma2 }, n2);
    const f = (m2: number) => {
      const { lower, upper } = boundary.region(m2);
      if (!(lower < upper)) return 0;
      const above = lower === Number.NEGATIVE_INFINITY ? 1 : pred1.cdf(lower, { lowerTail: false });
      const beyond = upper === Number.POSITIVE_INFINITY ? 0 : pred1.cdf(upper, { lowerTail: false });
      return pred2.density(m2) * Math.max(0, above - beyond);
    };
    // the control predictive is a normal mixture: integrate over its components' ±10 sd, cut at their means
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const { m, s } of d2.components) {
      const sd = Math.hypot(s, boundary.se2);
      lo = Math.min(lo, m - 10 * sd);
      hi = Math.max(hi, m + 10 * sd);
    }
    const cuts = [lo, ...d2.components.map((c) => c.m), hi].sort((a, b) => a - b);
    let total = 0;
    for (let i = 0; i + 1 < cuts.length; i++) {
      total += integrate(f, cuts[i] as number, cuts[i + 1] as number, { absTol: 1e-14, relTol: 1e-12 });
    }
    return Math.min(1, Math.max(0, total));
  }
  const pred1 = predictive(design1, n1);
  const pred2 = predictive(design2, n2);
  let total = 0;
  for (let y2 = 0; y2 <= boundary.maxControlCount; y2++) {
    const p2 = pred2.density(y2);
    if (p2 === 0) continue;
    total +=
      p2 *
      probabilityBetween(
        boundary.lower[y2] as number,
        boundary.upper[y2] as number,
        (k) => (k <= 0 ? 1 : pred1.cdf(k - 1, { lowerTail: false })),
        (k) => (k < 0 ? 0 : pred1.cdf(k)),
      );
  }
  return Math.min(1, total);
}
