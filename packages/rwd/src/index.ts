export { type DataSource, type DataSourceOptions, openDataSource } from "./cdm/DataSource.ts";
export { CDM_TABLES, type CdmColumn, type CdmTable, cdmDdl, cdmTable } from "./cdm/schema.ts";
export * from "./cohorts/index.ts";
export * from "./importers/index.ts";
export * from "./platform/index.ts";
export * from "./quality/index.ts";
export * from "./stats/index.ts";
export {
  type ComparativeStudyResult,
  type ReleasedStudyResult,
  releaseStudyResult,
  runComparativeStudy,
} from "./study/ComparativeStudy.ts";
export { nestedCaseControl, runNestedCaseControlStudy } from "./study/NestedCaseControl.ts";
export {
  DEFAULT_MIN_CELL_COUNT,
  type ReleasedCount,
  releaseCount,
  releaseParts,
  releaseSequence,
} from "./study/Privacy.ts";
export { studyReportHtml } from "./study/Report.ts";
export { ComparativeStudySpec } from "./study/StudySpec.ts";
export * from "./synthetic/index.ts";
