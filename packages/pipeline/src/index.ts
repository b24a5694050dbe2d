export * from "./access.ts";
export { seedPipelineDemo } from "./demo.ts";
export {
  addEvidence,
  addEvidenceWithFiles,
  attachEvidenceFile,
  currentReadinessRules,
  type Evidence,
  type EvidenceFileInfo,
  type EvidenceFileUpload,
  EvidenceInput,
  listEvidence,
  MAX_EVIDENCE_FILE_BYTES,
  readEvidenceFile,
  seedReadiness,
} from "./evidence.ts";
export {
  type AccessGrant,
  AccessRequestBody,
  decideAccess,
  GrantDecisionBody,
  listMyGrants,
  listSeedGrants,
  requestAccess,
  revokeAccess,
} from "./grants.ts";
export {
  addIpApplication,
  addIpFamily,
  IpApplicationBody,
  type IpFamily,
  IpFamilyBody,
  type IpWarning,
  organisationIpWarnings,
  type SeedIp,
  seedIp,
} from "./ip.ts";
export {
  addMonths,
  disclosureRisk,
  type IpDeadline,
  ipDeadlines,
  upcomingIpWarnings,
} from "./ipDeadlines.ts";
export { computeKpis, type KpiFilter, type Kpis } from "./kpis.ts";
export { pipelineMigrations, platformMigrations } from "./migrations/index.ts";
export { addOutcome, listOutcomes, type Outcome, OutcomeBody } from "./outcomes.ts";
export { loadKpiInput, programmeKpis } from "./programmeKpis.ts";
export {
  assessReadiness,
  isChampionData,
  READINESS_RULES_V1,
  type ReadinessAssessment,
  type ReadinessRule,
} from "./readiness.ts";
export {
  AgreementBody,
  addAgreement,
  addMilestone,
  decideMilestone,
  MilestoneBody,
  MilestoneDecisionBody,
  type Roadmap,
  seedRoadmap,
} from "./roadmap.ts";
export { type PipelineDb, pipelineDb } from "./schema.ts";
export {
  changeStage,
  createSeed,
  getSeedSummary,
  listSeeds,
  SeedInput,
  SeedPatch,
  SeedQuery,
  type SeedSummary,
  type SeedView,
  updateSeed,
  viewSeed,
} from "./seeds.ts";
export {
  exportEvidence,
  exportSeeds,
  type ImportReport,
  importEvidence,
  importSeeds,
  type TransferFormat,
} from "./transfer.ts";
export * from "./vocabulary.ts";
