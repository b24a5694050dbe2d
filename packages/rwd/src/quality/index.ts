export {
  type CheckCategory,
  FEMALE_ONLY_CONDITIONS,
  LAB_RANGES,
  type LabRange,
  MALE_ONLY_CONDITIONS,
  type QualityCheckDefinition,
  qualityChecks,
} from "./Checks.ts";
export { type QualityCheckResult, type QualityReport, runQualityChecks } from "./Report.ts";
