/**
 * From the fixed-design sample size to the group-sequential one (rpact's sequential step of
 * getSampleSizeMeans / getSampleSizeRates): the maximum is the fixed size times the inflation factor,
 * stage sizes follow the information rates, expected sizes are the average sample numbers times the
 * fixed size.
 */
import { getDesignCharacteristics } from "./characteristics.ts";
import type { DesignCharacteristics, GroupSequentialDesign } from "./types.ts";

export interface SampleSizeResult {
  design: GroupSequentialDesign;
  characteristics: DesignCharacteristics;
  /** total sample size of the fixed (single-stage) design with the same alpha and power */
  nFixed: number;
  /** group sizes of the fixed design (two-group designs) */
  nFixed1?: number;
  nFixed2?: number;
  maxNumberOfSubjects: number;
  maxNumberOfSubjects1?: number;
  maxNumberOfSubjects2?: number;
  /** cumulative sample size at each stage */
  numberOfSubjects: number[];
  numberOfSubjects1?: number[];
  numberOfSubjects2?: number[];
  expectedNumberOfSubjectsH0: number;
  expectedNumberOfSubjectsH01: number;
  expectedNumberOfSubjectsH1: number;
  /** P(reject at stage k) under H1 */
  rejectPerStage: number[];
  /** P(stop for futility at stage k), k < K, under H1 */
  futilityPerStage: number[];
  /** P(stop before the last stage) under H1 */
  earlyStop: number;
}

/** Σ_{k<K} (rejection + futility stop) under H1: rpact's earlyStop. */
export function earlyStopProbability(c: DesignCharacteristics): number {
  let s = 0;
  const K = c.rejectionProbabilities.length;
  for (let k = 0; k < K - 1; k++) {
    s += (c.rejectionProbabilities[k] as number) + (c.futilityProbabilities[k] ?? 0);
  }
  return s;
}

/**
 * Group-sequential sample sizes from the fixed-design total `nFixed`; `allocationRatio` (n1/n2) splits
 * them into groups when given.
 */
export function sequentialSampleSize(
  design: GroupSequentialDesign,
  nFixed: number,
  allocationRatio?: number,
): SampleSizeResult {
  const characteristics = getDesignCharacteristics(design);
  const maxN = nFixed * characteristics.inflationFactor;
  const numberOfSubjects = design.informationRates.map((t) => maxN * t);
  const result: SampleSizeResult = {
    design,
    characteristics,
    nFixed,
    maxNumberOfSubjects: maxN,
    numberOfSubjects,
    expectedNumberOfSubjectsH0: characteristics.averageSampleNumber0 * nFixed,
    expectedNumberOfSubjectsH01: characteristics.averageSampleNumber01 * nFixed,
    expectedNumberOfSubjectsH1: characteristics.averageSampleNumber1 * nFixed,
    rejectPerStage: characteristics.rejectionProbabilities,
    futilityPerStage: characteristics.futilityProbabilities,
    earlyStop: earlyStopProbability(characteristics),
  };
  if (allocationRatio !== undefined) {
    const share1 = allocationRatio / (1 + allocationRatio);
    const share2 = 1 / (1 + allocationRatio);
    result.nFixed1 = nFixed * share1;
    result.nFixed2 = nFixed * share2;
    result.maxNumberOfSubjects1 = maxN * share1;
    result.maxNumberOfSubjects2 = maxN * share2;
    result.numberOfSubjects1 = numberOfSubjects.map((n) => n * share1);
    result.numberOfSubjects2 = numberOfSubjects.map((n) => n * share2);
  }
  return result;
}

/** `value` if it is a finite positive number; otherwise throws naming `name` with an example. */
export function requirePositive(value: number, name: string, example: string): number {
  if (!(Number.isFinite(value) && value > 0))
    throw new Error(`${name} (${value}) must be a positive number, e.g. ${example}`);
  return value;
}

/** `value` if it lies strictly between 0 and 1; otherwise throws naming `name`. */
export function requireProbability(value: number, name: string): number {
  if (!(value > 0 && value < 1))
    throw new Error(`${name} (${value}) must lie strictly between 0 and 1, e.g. 0.3`);
  return value;
}
