/**
 * @kakehashi/trials — the trial design engine: mixture priors and their effective sample size,
 * meta-analytic-predictive priors, decision rules with exact operating characteristics, external
 * controls, virtual clinical trial simulation, group-sequential designs, and the two-arm Bayesian
 * design a sponsor evaluates, saves, reports and attaches to a seed.
 */
export * from "./decision/index.ts";
export type { ArmPrior, BayesianTwoArmEvaluation, OcPoint } from "./design/DesignEvaluation.ts";
export { evaluateDesign } from "./design/evaluateDesign.ts";
export { designReportHtml } from "./design/Report.ts";
export { simulationReportHtml } from "./design/SimulationReport.ts";
export {
  BayesianTwoArmDesign,
  type BayesianTwoArmDesignInput,
  HistoricalStudy,
  PriorSource,
} from "./design/TrialDesign.ts";
export * from "./groupSequential/index.ts";
export * from "./map/index.ts";
export * from "./mixture/index.ts";
export * from "./platform/index.ts";
export * from "./simulation/index.ts";
