/**
 * Group-sequential designs, validated against R's rpact: boundaries (getDesignGroupSequential),
 * operating characteristics (getDesignCharacteristics) and sample sizes for normal, binary and survival
 * endpoints (getSampleSizeMeans / Rates / Survival), on the exact joint distribution of the sequential
 * z-statistics.
 */
export { getDesignCharacteristics } from "./characteristics.ts";
export { getDesignGroupSequential } from "./design.ts";
export { normalLower, normalQuantile, normalUpper, normalUpperQuantile } from "./normal.ts";
export { earlyStopProbability, type SampleSizeResult, sequentialSampleSize } from "./sampleSize.ts";
export { fixedSampleSizeMeans, getSampleSizeMeans, type MeansInput } from "./sampleSizeMeans.ts";
export {
  farringtonManningRates,
  fixedSampleSizeRates,
  getSampleSizeRates,
  type RatesInput,
} from "./sampleSizeRates.ts";
export {
  fixedEventsSurvival,
  getSampleSizeSurvival,
  type SurvivalInput,
  type SurvivalSampleSizeResult,
} from "./sampleSizeSurvival.ts";
export {
  describeSpecIssues,
  type GroupSequentialReport,
  GroupSequentialSpec,
  runGroupSequentialSpec,
} from "./schema.ts";
export {
  type AlphaSpendingType,
  type BetaSpendingType,
  type SpendingType,
  spendingFunction,
} from "./spending.ts";
export {
  type CrossingProbabilities,
  continuationProbability,
  crossingProbabilities,
  firstStageDensity,
  nextStageDensity,
  probabilityAbove,
  probabilityBelow,
  type StageDensity,
} from "./stageProbabilities.ts";
export { noncentralTLower, studentTUpperQuantile } from "./studentT.ts";
export type { DesignCharacteristics, DesignInput, GroupSequentialDesign, TypeOfDesign } from "./types.ts";
