/** @kakehashi/lag: drug lag and drug loss from the FDA, EMA and PMDA approval lists. */

export { DEFINITIONS, type Definition } from "./analyses/definitions.ts";
export {
  type LagFigure,
  type LagGroup,
  type LagYearBasis,
  lagByArea,
  lagByYear,
  withLag,
} from "./analyses/lag.ts";
export {
  type LossFigure,
  type LossGroup,
  type LossOptions,
  lossShareByYear,
  notApprovedInJapan,
} from "./analyses/loss.ts";
export { isOrphan, type OrphanComparison, orphanComparison } from "./analyses/orphan.ts";
export { quantile, type Summary, summarise } from "./analyses/quantile.ts";
export { ATC_LEVEL1, atcLevel1, type LocalText } from "./atc.ts";
export { DAYS_PER_MONTH, monthsBetween } from "./dates.ts";
export { csvField, figureCsv, MEDICINE_COLUMNS, medicinesCsv, toCsv } from "./exportCsv.ts";
export {
  INDICATION_KEYWORDS,
  type IndicationLag,
  indicationLag,
  keywordsFor,
} from "./indications.ts";
export {
  evaluateMatching,
  type HandCheckedPair,
  handCheckedPairs,
  type MatchingEvaluation,
  parseHandChecked,
} from "./ingredients/evaluate.ts";
export {
  type AmbiguousName,
  type ApprovalLoads,
  type FuzzyMatch,
  type IngredientMatch,
  type MatchHow,
  matchIngredients,
  type NameReport,
  type Region,
  type Resolution,
} from "./ingredients/match.ts";
export {
  ingredientKey,
  type NormalisationRule,
  type NormalisedIngredient,
  normaliseIngredient,
  splitProducts,
} from "./ingredients/normalise.ts";
export {
  defaultOverrides,
  type Override,
  type OverrideTable,
  parseOverrides,
} from "./ingredients/overrides.ts";
export {
  type ApprovalsLoad,
  type ApprovalsSummary,
  type LoadApprovalsOptions,
  loadApprovals,
  summariseApprovals,
} from "./loadApprovals.ts";
export {
  buildMedicines,
  type FirstApproval,
  type JpStatus,
  type Medicine,
  type MedicineBuild,
} from "./medicines.ts";
export { LAG_PROBLEM_CODES, LagError, type LagProblemCode, lagProblemText } from "./messages.ts";
export {
  ApprovalsMonitor,
  findMedicines,
  type MedicineQuery,
  type MedicineSummary,
  type MonitorState,
  medicineSummary,
  type RegionSummary,
  sourceFiles,
} from "./monitor.ts";
export { checkEmaWorkbook, type EmaRecord, loadEma, parseEma } from "./sources/ema.ts";
export {
  accountFor,
  type FaultKind,
  faultCounts,
  type RowAccount,
  SOURCE_IDS,
  type SourceFault,
  type SourceId,
  type SourceLoad,
} from "./sources/faults.ts";
export { checkFdaHeader, type FdaRecord, loadFda, parseFda } from "./sources/fda.ts";
export {
  DEFAULT_FILE_NAMES,
  DEFAULT_SOURCE_URLS,
  type FetchedFile,
  type FetchOptions,
  type FetchResult,
  FetchSourcesError,
  fetchSources,
  SOURCE_PAGES,
  SOURCE_URL_ENV,
} from "./sources/fetch.ts";
export { checkPmdaHeader, loadPmda, type PmdaRecord, parsePmda, pmdaCoverage } from "./sources/pmda.ts";
