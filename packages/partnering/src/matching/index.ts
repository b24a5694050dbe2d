/** Partnering, area 1: profiles, explainable matching, feedback, ranking quality and outreach. */
import type { Migration } from "kysely/migration";
import * as m0006 from "./migration.ts";

export {
  canAnswerForParty,
  canEditMentorProfile,
  canEditPartnerProfile,
  canEvaluateMatching,
  canMatchForOrganisation,
  canMatchForSeed,
  canSeePartnerBands,
  canSetMatchWeights,
} from "./access.ts";
export { type MatchingDemo, seedMatchingDemo } from "./demo.ts";
export {
  endMentorship,
  FeedbackInput,
  type FeedbackResult,
  listFeedback,
  listMentorships,
  type MatchFeedback,
  type Mentorship,
  recordFeedback,
  type UnmatchedReport,
  type UnmatchedSeed,
  unmatchedReport,
} from "./feedback.ts";
export {
  type MatchOptions,
  matchesForSeed,
  type OrganisationMatches,
  type RankedMentor,
  type RankedPartner,
  type RankedSeed,
  type SeedMatches,
  seedsForOrganisation,
} from "./matching.ts";
export * from "./messages.ts";
export {
  decideOutreach,
  getOutreach,
  listOutreach,
  type Outreach,
  OutreachDecisionInput,
  OutreachInput,
  outreachCounts,
  sendOutreach,
  withdrawOutreach,
} from "./outreach.ts";
export {
  type CompanyProfile,
  CompanyProfileInput,
  deleteMentorProfile,
  deletePartnerProfile,
  getMentorProfile,
  getPartnerProfile,
  type InvestorProfile,
  InvestorProfileInput,
  listMentorProfiles,
  listPartnerProfiles,
  type MentorProfile,
  MentorProfileInput,
  type PartnerProfile,
  saveCompanyProfile,
  saveInvestorProfile,
  saveMentorProfile,
} from "./profiles.ts";
export {
  evaluateHeldOutDeals,
  type HeldOutEvaluation,
  type RankingQuality,
  rankingQuality,
} from "./quality.ts";
export { type MatchingDatabase, type MatchingDb, matchingDb } from "./schema.ts";
export type { FeatureScore, MatchScore, UnmetNeed, UnmetNeedLookup } from "./scoring.ts";
export { type SeedTeaser, TEASER_FIELDS } from "./teaser.ts";
export * from "./vocabulary.ts";
export {
  DEFAULT_WEIGHTS,
  getMatchWeights,
  MATCH_FEATURES,
  type MatchFeature,
  type MatchWeights,
  MatchWeightsInput,
  MENTOR_FEATURES,
  PARTNER_FEATURES,
  resetMatchWeights,
  type StoredWeights,
  setMatchWeights,
  WeightsScope,
} from "./weights.ts";

export const matchingMigrations: Record<string, Migration> = { "0006_partnering_matching": m0006 };
