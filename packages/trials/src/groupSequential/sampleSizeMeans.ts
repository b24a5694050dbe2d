/**
 * Sample size for comparing means (rpact getSampleSizeMeans): two groups (difference of means,
 * allocation ratio n1/n2) or one group against thetaH0, by the normal approximation or by the
 * noncentral t distribution of the t-test (rpact's default), then inflated for the group-sequential
 * design.
 */
import { getDesignGroupSequential } from "./design.ts";
import { normalUpperQuantile } from "./normal.ts";
import { findRoot } from "./rootFinding.ts";
import { requirePositive, type SampleSizeResult, sequentialSampleSize } from "./sampleSize.ts";
import { noncentralTLower, studentTUpperQuantile } from "./studentT.ts";
import type { GroupSequentialDesign } from "./types.ts";

export interface MeansInput {
  /** mean difference (two groups) or mean (one group) under H1 */
  alternative: number;
  /** common standard deviation of one observation */
  stDev?: number;
  /** difference (or mean) under H0; default 0 */
  thetaH0?: number;
  /** 1 or 2 groups; default 2 */
  groups?: 1 | 2;
  /** n1/n2; default 1 */
  allocationRatioPlanned?: number;
  /** true: z-test sizes; false (default, as rpact): t-test sizes from the noncentral t */
  normalApproximation?: boolean;
}

/** Total sample size of the fixed design (rpact's nFixed), both groups together. */
export function fixedSampleSizeMeans(design: GroupSequentialDesign, input: MeansInput): number {
  const stDev = requirePositive(input.stDev ?? 1, "stDev", "1");
  const thetaH0 = input.thetaH0 ?? 0;
  const groups = input.groups ?? 2;
  if (groups !== 1 && groups !== 2) throw new Error(`groups (${groups}) must be 1 or 2`);
  const ratio = requirePositive(input.allocationRatioPlanned ?? 1, "allocationRatioPlanned", "1 or 2");
  if (!Number.isFinite(input.alternative) || input.alternative === thetaH0) {
    throw new Error(
      `alternative (${input.alternative}) must be a finite number different from thetaH0 (${thetaH0})`,
    );
  }
  if (design.sided === 2 && thetaH0 !== 0) {
    throw new Error(`thetaH0 (${thetaH0}) must be 0 with a two-sided design (superiority only, as in rpact)`);
  }
  const effect = Math.abs(input.alternative - thetaH0) / stDev;
  const alphaSide = design.alpha / design.sided;
  if (input.normalApproximation ?? false) {
    const z = normalUpperQuantile(alphaSide) + normalUpperQuantile(design.beta);
    const factor = groups === 1 ? 1 : (1 + ratio) ** 2 / ratio;
    return (factor * z * z) / (effect * effect);
  }
  // t-test: solve P(T_df(ncp) ≤ t_{α,df}) = β for the per-unit size (n for one group, n2 for two),
  // with rpact's guard max(0.001, df) on the degrees of freedom.
  const perUnit = groups === 1 ? 1 : 1 + ratio;
  const shrink = groups === 1 ? 1 : Math.sqrt(ratio / (1 + ratio));
  const typeII = (n: number) => {
    const df = Math.max(0.001, n * perUnit - (groups === 1 ? 1 : 2));
    return (
      noncentralTLower(studentTUpperQuantile(alphaSide, df), df, Math.sqrt(n) * shrink * effect) - design.beta
    );
  };
  let upper = 2;
  while (typeII(upper) > 0) {
    upper *= 2;
    if (upper > 1e12) throw new Error("the t-test sample size exceeds 1e12: check alternative and stDev");
  }
  const n = findRoot(typeII, 0.001, upper, "t-test sample size", { tolerance: 1e-12 * upper });
  return n * perUnit;
}

/**
 * Fixed and group-sequential sample sizes for a normal endpoint (rpact getSampleSizeMeans): nFixed,
 * maxNumberOfSubjects = nFixed × inflation factor, cumulative numberOfSubjects per stage, expected
 * sample sizes under H0, H0/1 and H1, rejection and futility probabilities per stage under H1.
 * `design` defaults to rpact's default design (3-stage O'Brien–Fleming, alpha 0.025, beta 0.2).
 */
export function getSampleSizeMeans(
  input: MeansInput,
  design: GroupSequentialDesign = getDesignGroupSequential(),
): SampleSizeResult {
  const nFixed = fixedSampleSizeMeans(design, input);
  return sequentialSampleSize(
    design,
    nFixed,
    (input.groups ?? 2) === 2 ? (input.allocationRatioPlanned ?? 1) : undefined,
  );
}
