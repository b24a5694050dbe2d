/**
 * @kakehashi/screen — the in-silico repurposing screen: compound libraries on RDKit.js (standardisation,
 * Morgan fingerprints, Tanimoto search, substructure, drug-likeness rules, PAINS alerts), docking with Open
 * Babel and AutoDock Vina, enrichment metrics, and the funnel that runs a screen definition end to end.
 */
export * from "./chem/index.ts";
export * from "./docking/index.ts";
export * from "./enrichment/enrichment.ts";
export { hitsCsv } from "./funnel/exportHits.ts";
export { screenReportHtml } from "./funnel/Report.ts";
export {
  type RunScreenOptions,
  runScreen,
  type ScreenHit,
  type ScreenResult,
  type StageAttrition,
  type WatchedCompound,
} from "./funnel/runScreen.ts";
export { ScreenDefinition, type ScreenDefinitionInput } from "./funnel/ScreenDefinition.ts";
export * from "./platform/index.ts";
