export { type FhirImportResult, type FhirInput, importFhir } from "./Fhir.ts";
export { formatProblem, ImportError, type ImportProblem } from "./ImportError.ts";
export {
  type CdmVersion,
  importOmopCsvFolder,
  type OmopCsvImportOptions,
  type OmopCsvImportResult,
  type OmopCsvProgress,
  type OmopCsvTableResult,
} from "./OmopCsv.ts";
