/**
 * Decision rules, decision boundaries and exact operating characteristics of one- and two-sample trials
 * (RBesT's decision1S/2S, decision1S/2S_boundary, oc1S/2S, pos1S/2S), and priors from external controls.
 */
export {
  type CountBoundary1S,
  type DecisionBoundary1S,
  decisionBoundary1S,
  type NormalBoundary1S,
} from "./boundary1S.ts";
export {
  type CountBoundary2S,
  type DecisionBoundary2S,
  decisionBoundary2S,
  type LinearCriticalMean,
  type NormalBoundary2S,
} from "./boundary2S.ts";
export { criterionProbabilities1S, decide1S } from "./decision1S.ts";
export { criterionProbabilities2S, decide2S } from "./decision2S.ts";
export type {
  ExternalData,
  ExternalDataSummary,
  ExternalPrior,
  ExternalPriorProvenance,
  ProvenanceOptions,
} from "./externalData.ts";
export { type OperatingCharacteristic1S, oc1S, ocFromBoundary1S } from "./oc1S.ts";
export { type OperatingCharacteristic2S, oc2S, ocFromBoundary2S } from "./oc2S.ts";
export type { OutcomeData } from "./outcome.ts";
export { pos1S } from "./pos1S.ts";
export { pos2S } from "./pos2S.ts";
export { power2S } from "./power.ts";
export { powerPrior } from "./powerPrior.ts";
export { type PriorDataConflictRow, priorDataConflict } from "./priorDataConflict.ts";
export { type RobustExternalOptions, robustExternalPrior } from "./robustExternalPrior.ts";
export {
  type DecisionCriterion,
  type DecisionRule,
  type DifferenceLink,
  decisionRule,
  validateDecisionRule,
} from "./rule.ts";
export { typeIError2S } from "./typeIError.ts";
