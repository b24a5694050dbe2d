export {
  checkGcsfEffect,
  checkNegativeControl,
  type EffectCheck,
  mantelHaenszelRateRatio,
  type Stratum,
} from "./checks.ts";
export type { AncestorRow, ConceptRow, ConditionDef, DrugDef, LabDef, UnitDef } from "./concepts.ts";
export {
  CONDITIONS,
  CYTOTOXIC_ATC_CLASSES,
  CYTOTOXIC_CHEMOTHERAPY_GROUP,
  DRUGS,
  LABS,
  LOCAL_CONCEPT_MIN,
  LOCAL_VOCABULARY,
  MALIGNANT_NEOPLASTIC_DISEASE,
  SYNTHETIC_CONCEPT_ANCESTORS,
  SYNTHETIC_CONCEPTS,
  UNITS,
} from "./concepts.ts";
export { PLANTED_EFFECTS } from "./effects.ts";
export { type GenerationOptions, type GenerationSummary, generatePopulation } from "./generate.ts";
export type { SimulationTruth } from "./simulate.ts";
