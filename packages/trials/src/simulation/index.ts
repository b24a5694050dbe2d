/**
 * Virtual clinical trial simulation: patient-level Monte-Carlo of randomised designs with interim
 * analyses (frequentist z boundaries or Bayesian posterior-probability rules), run on worker threads
 * across all cores, reproducible from a seed whatever the number of workers.
 */
export { drawBinomial, drawPoisson } from "./draw.ts";
export { LogRankWorkspace, logRank, type SurvivalComparison } from "./logRank.ts";
export { knownSdZ } from "./meanTest.ts";
export type {
  Estimate,
  OperatingCharacteristics,
  StageCharacteristics,
  TreatmentArmCharacteristics,
} from "./operatingCharacteristics.ts";
export { PosteriorBenefit } from "./posteriorProbability.ts";
export { progressBar } from "./progressBar.ts";
export { pooledProportionZ } from "./proportionTest.ts";
export {
  type Scenario,
  type ScenarioCharacteristics,
  type SimulationOptions,
  simulateScenarios,
  simulateTrials,
  withScenario,
} from "./simulateTrials.ts";
export {
  parseVirtualTrialSpec,
  VirtualTrialSpec,
  VirtualTrialSpecError,
  type VirtualTrialSpecInput,
} from "./spec.ts";
export { pooledTAsZ, studentUpperTail } from "./studentTest.ts";
export { closeSimulationWorkers } from "./workerPool.ts";
