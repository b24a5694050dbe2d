/**
 * Sample size for comparing rates (rpact getSampleSizeRates, normal approximation): two groups with
 * the difference pi1 − pi2 (or the ratio pi1/pi2) tested against thetaH0, the variance under H0 taken at
 * the Farrington–Manning restricted maximum-likelihood rates (the pooled rate when thetaH0 is 0 or 1)
 * and under H1 at pi1, pi2; or one group against thetaH0. Then inflated for the group-sequential design.
 */
import { getDesignGroupSequential } from "./design.ts";
import { normalUpperQuantile } from "./normal.ts";
import {
  requirePositive,
  requireProbability,
  type SampleSizeResult,
  sequentialSampleSize,
} from "./sampleSize.ts";
import type { GroupSequentialDesign } from "./types.ts";

export interface RatesInput {
  /** rate in group 1 (treatment) under H1; the single rate when groups = 1 */
  pi1: number;
  /** rate in group 2 (control) under H1 (two groups) */
  pi2?: number;
  /** 1 or 2 groups; default 2 */
  groups?: 1 | 2;
  /** test the ratio pi1/pi2 instead of the difference; default false */
  riskRatio?: boolean;
  /** difference (default 0), ratio (default 1) or, for one group, the rate under H0 (required) */
  thetaH0?: number;
  /** n1/n2; default 1 */
  allocationRatioPlanned?: number;
}

/**
 * Farrington–Manning restricted ML rates (p1, p2) with p1 − p2 = theta (method "diff") or p1/p2 = theta
 * ("ratio") for allocation n1/n2 = r: the closed-form cubic / quadratic solutions rpact uses.
 */
export function farringtonManningRates(
  pi1: number,
  pi2: number,
  theta: number,
  r: number,
  method: "diff" | "ratio",
): [number, number] {
  if (method === "diff") {
    if (theta === 0) {
      const pooled = (r * pi1 + pi2) / (1 + r);
      return [pooled, pooled];
    }
    const a = 1 + 1 / r;
    const b = -(1 + 1 / r + pi1 + pi2 / r + theta * (1 / r + 2));
    const c = theta * theta + theta * (2 * pi1 + 1 / r + 1) + pi1 + pi2 / r;
    const d = -theta * (1 + theta) * pi1;
    const v = b ** 3 / (3 * a) ** 3 - (b * c) / (6 * a * a) + d / (2 * a);
    let u: number;
    let w: number;
    if (v === 0) {
      u = Math.sqrt(b ** 2 / (3 * a) ** 2 - c / (3 * a));
      w = Math.PI / 2;
    } else {
      u = Math.sign(v) * Math.sqrt(b ** 2 / (3 * a) ** 2 - c / (3 * a));
      w = (Math.PI + Math.acos(v / u ** 3)) / 3;
    }
    const p1 = Math.min(Math.max(0, 2 * u * Math.cos(w) - b / (3 * a)), 1);
    const p2 = Math.min(Math.max(0, p1 - theta), 1);
    return [p1, p2];
  }
  if (theta === 1) {
    const pooled = (r * pi1 + pi2) / (1 + r);
    return [pooled, pooled];
  }
  const a = 1 + 1 / r;
  const b = -((1 + pi2 / r) * theta + 1 / r + pi1);
  const c = (pi1 + pi2 / r) * theta;
  const p1 = (-b - Math.sqrt(b * b - 4 * a * c)) / (2 * a);
  return [p1, p1 / theta];
}

/** Total sample size of the fixed design (rpact's nFixed) for rates, both groups together. */
export function fixedSampleSizeRates(design: GroupSequentialDesign, input: RatesInput): number {
  const groups = input.groups ?? 2;
  if (groups !== 1 && groups !== 2) throw new Error(`groups (${groups}) must be 1 or 2`);
  const pi1 = requireProbability(input.pi1, "pi1");
  const za = normalUpperQuantile(design.alpha / design.sided);
  const zb = normalUpperQuantile(design.beta);
  if (groups === 1) {
    if (input.thetaH0 === undefined)
      throw new Error("thetaH0 (the rate under H0) is required for one group, e.g. 0.25");
    const theta0 = requireProbability(input.thetaH0, "thetaH0");
    if (pi1 === theta0) throw new Error(`pi1 (${pi1}) must differ from thetaH0 (${theta0})`);
    return (
      (za * Math.sqrt(theta0 * (1 - theta0)) + zb * Math.sqrt(pi1 * (1 - pi1))) ** 2 / (pi1 - theta0) ** 2
    );
  }
  if (input.pi2 === undefined) throw new Error("pi2 (the control rate) is required for two groups, e.g. 0.2");
  const pi2 = requireProbability(input.pi2, "pi2");
  const r = requirePositive(input.allocationRatioPlanned ?? 1, "allocationRatioPlanned", "1 or 2");
  const ratio = input.riskRatio ?? false;
  const theta0 = input.thetaH0 ?? (ratio ? 1 : 0);
  if (design.sided === 2 && theta0 !== (ratio ? 1 : 0)) {
    throw new Error(
      `thetaH0 (${theta0}) must be ${ratio ? 1 : 0} with a two-sided design (superiority only, as in rpact)`,
    );
  }
  let n1: number;
  if (!ratio) {
    if (!(theta0 > -1 && theta0 < 1))
      throw new Error(`thetaH0 (${theta0}) must lie in (−1, 1) for a rate difference`);
    if (pi1 - pi2 === theta0)
      throw new Error(`pi1 − pi2 (${pi1 - pi2}) must differ from thetaH0 (${theta0})`);
    const [m1, m2] = farringtonManningRates(pi1, pi2, theta0, r, "diff");
    n1 =
      (za * Math.sqrt(m1 * (1 - m1) + m2 * (1 - m2) * r) +
        zb * Math.sqrt(pi1 * (1 - pi1) + pi2 * (1 - pi2) * r)) **
        2 /
      (pi1 - pi2 - theta0) ** 2;
  } else {
    requirePositive(theta0, "thetaH0", "1 for a risk ratio");
    if (pi1 === theta0 * pi2) throw new Error(`pi1/pi2 (${pi1 / pi2}) must differ from thetaH0 (${theta0})`);
    const [m1, m2] = farringtonManningRates(pi1, pi2, theta0, r, "ratio");
    const t2 = theta0 * theta0;
    n1 =
      (za * Math.sqrt(m1 * (1 - m1) + m2 * (1 - m2) * r * t2) +
        zb * Math.sqrt(pi1 * (1 - pi1) + pi2 * (1 - pi2) * r * t2)) **
        2 /
      (pi1 - theta0 * pi2) ** 2;
  }
  return n1 + n1 / r;
}

/**
 * Fixed and group-sequential sample sizes for a binary endpoint (rpact getSampleSizeRates with its
 * default normalApproximation = TRUE): nFixed, maxNumberOfSubjects, numberOfSubjects per stage,
 * expected sample sizes under H0, H0/1 and H1, rejection and futility probabilities per stage.
 */
export function getSampleSizeRates(
  input: RatesInput,
  design: GroupSequentialDesign = getDesignGroupSequential(),
): SampleSizeResult {
  const nFixed = fixedSampleSizeRates(design, input);
  return sequentialSampleSize(
    design,
    nFixed,
    (input.groups ?? 2) === 2 ? (input.allocationRatioPlanned ?? 1) : undefined,
  );
}
