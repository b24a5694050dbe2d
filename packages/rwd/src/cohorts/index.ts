export {
  type AttritionStep,
  type BuildCohortOptions,
  type BuildCohortResult,
  buildCohort,
} from "./buildCohort.ts";
export {
  CohortDefinition,
  CohortDefinitionError,
  type CohortDefinitionInput,
  ConceptSet,
  ConceptSetItem,
  Criterion,
  EntryCriterion,
  EventDomain,
  ExitStrategy,
  entryCriteria,
  InclusionRule,
  issuePath,
  MeasurementFilter,
  parseCohortDefinition,
} from "./CohortDefinition.ts";
