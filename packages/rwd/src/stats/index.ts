export {
  type ConditionalLogisticData,
  type ConditionalLogisticResult,
  conditionalLogistic,
} from "./ConditionalLogistic.ts";
export { type CoxData, type CoxOptions, type CoxResult, coxPh } from "./CoxModel.ts";
export { type IncidenceRateResult, incidenceRate } from "./IncidenceRate.ts";
export { type KaplanMeierResult, kaplanMeier } from "./KaplanMeier.ts";
export {
  type LogisticOptions,
  type LogisticResult,
  logisticRegression,
  predictLogistic,
} from "./LogisticRegression.ts";
