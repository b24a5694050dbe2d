/**
 * Partnering's matching API (profiles, explained matches, feedback, reports, weights, outreach). Shapes follow
 * @kakehashi/partnering's matching module (only its plain lists are imported, from /terms: the rest is
 * server code); dates arrive as ISO strings.
 */
import type {
  BudgetBand,
  DealType,
  Expertise,
  FeedbackDecision,
  FeedbackReason,
  Icd10Chapter,
  MatchFeature,
  OutreachStatus,
  PartyKind,
  Region,
  TicketBand,
} from "@kakehashi/partnering/terms";
import { ICD10_CHAPTERS as ICD10_CHAPTER_LIST } from "@kakehashi/partnering/terms";
import { type Bilingual, type OrganisationRef, queryString, requestJson } from "../../../api.ts";
import type { GrantStatus, Modality, Programme, Stage } from "../../../vocabulary.ts";

const P = "/api/partnering";
const enc = encodeURIComponent;

// --- vocabulary: the lists @kakehashi/partnering validates against ----------------------------------

export type {
  BudgetBand,
  DealType,
  Expertise,
  FeedbackDecision,
  FeedbackReason,
  Icd10Chapter,
  MatchFeature,
  OutreachStatus,
  PartyKind,
  Region,
  TicketBand,
} from "@kakehashi/partnering/terms";
export {
  ACCEPT_REASONS,
  BUDGET_BANDS,
  DEAL_TYPES,
  DECLINE_REASONS,
  EXPERTISE,
  FEEDBACK_DECISIONS,
  MATCH_FEATURES,
  OUTREACH_STATUSES,
  REGIONS,
  TICKET_BANDS,
} from "@kakehashi/partnering/terms";
/** The chapter ids (I … XXII) in order, for the area pickers. */
export const ICD10_CHAPTERS: readonly Icd10Chapter[] = ICD10_CHAPTER_LIST.map((c) => c.id);

// --- profiles -----------------------------------------------------------------------------------
export interface AreaInterests {
  chapters: Icd10Chapter[];
  prefixes: string[];
}

interface PartnerInterests {
  areas: AreaInterests;
  modalities: Modality[];
  stages: Stage[];
  regions: Region[];
  summaryJa: string;
  summaryEn: string;
}

export interface CompanyProfile extends PartnerInterests {
  kind: "company";
  organisation: OrganisationRef;
  dealTypes: DealType[];
  /** null when the caller may not see it (another organisation) */
  budgetBand: BudgetBand | null;
  updatedAt: string;
}

export interface InvestorProfile extends PartnerInterests {
  kind: "investor";
  organisation: OrganisationRef;
  ticketBand: TicketBand | null;
  updatedAt: string;
}

export type PartnerProfile = CompanyProfile | InvestorProfile;

export interface MentorProfile {
  expertise: Expertise[];
  modalities: Modality[];
  areas: AreaInterests;
  maxActiveSeeds: number;
  bioJa: string;
  bioEn: string;
  mentor: { userId: string; displayName: string; organisation: OrganisationRef };
  activeSeeds: number;
  updatedAt: string;
}

export type CompanyProfileBody = Omit<
  CompanyProfile,
  "kind" | "organisation" | "updatedAt" | "budgetBand"
> & {
  budgetBand: BudgetBand | "";
};
export type InvestorProfileBody = Omit<
  InvestorProfile,
  "kind" | "organisation" | "updatedAt" | "ticketBand" | "dealTypes"
> & { ticketBand: TicketBand | "" };
export type MentorProfileBody = Omit<MentorProfile, "mentor" | "activeSeeds" | "updatedAt">;

export const getPartnerProfile = (kind: "company" | "investor", orgId: string) =>
  requestJson<PartnerProfile>(`${P}/profiles/${kind}/${enc(orgId)}`);
export const listPartnerProfiles = (kind: "company" | "investor") =>
  requestJson<PartnerProfile[]>(`${P}/profiles/${kind}`);
export const saveCompanyProfile = (orgId: string, body: CompanyProfileBody) =>
  requestJson<PartnerProfile>(`${P}/profiles/company/${enc(orgId)}`, { method: "PUT", body });
export const saveInvestorProfile = (orgId: string, body: InvestorProfileBody) =>
  requestJson<PartnerProfile>(`${P}/profiles/investor/${enc(orgId)}`, { method: "PUT", body });
export const getMentorProfile = (userId: string) =>
  requestJson<MentorProfile>(`${P}/profiles/mentor/${enc(userId)}`);
export const saveMentorProfile = (userId: string, body: MentorProfileBody) =>
  requestJson<MentorProfile>(`${P}/profiles/mentor/${enc(userId)}`, { method: "PUT", body });

// --- matching -----------------------------------------------------------------------------------
export interface SeedTeaser {
  id: string;
  organisation: OrganisationRef;
  programme: Programme;
  titleJa: string;
  titleEn: string;
  targetSymbol: string | null;
  modality: Modality;
  icd10: string;
  indication: string;
  stage: Stage;
  publicSummaryJa: string;
  publicSummaryEn: string;
}

export interface FeatureScore {
  feature: MatchFeature;
  label: Bilingual;
  /** 0..1, or null when it could not be judged (left out of the score) */
  value: number | null;
  weight: number;
  contribution: number;
  reason: Bilingual;
}

export interface MatchScore {
  score: number;
  features: FeatureScore[];
}

export interface StoredWeights {
  programme: Programme | "*";
  source: "default" | "platform" | "programme";
  weights: Record<MatchFeature, number>;
}

export interface RankedPartner extends MatchScore {
  rank: number;
  kind: "company" | "investor";
  party: OrganisationRef;
}

export interface RankedMentor extends MatchScore {
  rank: number;
  kind: "mentor";
  party: OrganisationRef & { organisation: OrganisationRef };
  available: boolean;
}

export interface SeedMatches {
  seed: SeedTeaser;
  weights: StoredWeights;
  readinessVisible: boolean;
  companies: RankedPartner[];
  investors: RankedPartner[];
  mentors: RankedMentor[];
}

export interface RankedSeed extends MatchScore {
  rank: number;
  seed: SeedTeaser;
  readinessVisible: boolean;
}

export interface OrganisationMatches {
  organisation: OrganisationRef & { kind: "company" | "investor" };
  seeds: RankedSeed[];
  considered: number;
}

export const getSeedMatches = (seedId: string, limit?: number) =>
  requestJson<SeedMatches>(`${P}/seeds/${enc(seedId)}/matches${queryString({ limit })}`);
export const getOrganisationMatches = (orgId: string, limit?: number) =>
  requestJson<OrganisationMatches>(`${P}/organisations/${enc(orgId)}/seed-matches${queryString({ limit })}`);

export interface FeedbackBody {
  seedId: string;
  party: { kind: PartyKind; id: string };
  decision: FeedbackDecision;
  reasonCode: FeedbackReason | "";
  reasonText: string;
}

export interface FeedbackResult {
  feedback: {
    id: string;
    decision: FeedbackDecision;
    reasonCode: FeedbackReason;
    side: "seed" | "party";
    createdAt: string;
  };
  mentorshipId: string | null;
}

export const sendFeedback = (body: FeedbackBody) =>
  requestJson<FeedbackResult>(`${P}/feedback`, { method: "POST", body });

// --- reports and weights ------------------------------------------------------------------------
export interface UnmatchedSeed {
  seed: SeedTeaser;
  declined: Partial<Record<FeedbackReason, number>>;
  notNow: number;
  weakestFeatures: { feature: MatchFeature; meanValue: number }[];
  basis: "feedback" | "candidates";
}

export interface UnmatchedReport {
  seeds: number;
  unmatched: number;
  declinedReasons: Partial<Record<FeedbackReason, number>>;
  weakestFeatureCounts: Partial<Record<MatchFeature, number>>;
  items: UnmatchedSeed[];
}

export interface HeldOutEvaluation {
  window: { from: string; to: string };
  n: number;
  k: number;
  candidates: number;
  recallAtK: number;
  mrr: number;
  randomRecallAtK: number;
  randomMrr: number;
  partnerWithoutProfile: number;
  deals: {
    seedId: string;
    partnerId: string;
    occurredOn: string;
    stageThen: Stage;
    position: { from: number; to: number } | null;
  }[];
}

export const getUnmatchedReport = () => requestJson<UnmatchedReport>(`${P}/reports/unmatched`);
export const getRankingQuality = (from: string, to: string, k: number) =>
  requestJson<HeldOutEvaluation>(`${P}/reports/ranking-quality${queryString({ from, to, k })}`);
export const getWeights = (programme = "*") =>
  requestJson<StoredWeights>(`${P}/weights${queryString({ programme })}`);
export const setWeights = (programme: string, weights: Record<MatchFeature, number>) =>
  requestJson<StoredWeights>(`${P}/weights${queryString({ programme })}`, { method: "PUT", body: weights });

// --- outreach -----------------------------------------------------------------------------------
export interface Outreach {
  id: string;
  seedId: string;
  from: { organisation: OrganisationRef; requestedBy: string };
  dealType: DealType;
  message: string;
  teaser: SeedTeaser;
  status: OutreachStatus;
  decisionNote: string;
  decidedAt: string | null;
  grant: { id: string; status: GrantStatus } | null;
  createdAt: string;
}

export const sendOutreach = (body: { seedId: string; dealType: DealType | ""; message: string }) =>
  requestJson<Outreach>(`${P}/outreach`, { method: "POST", body });
export const listOutreach = () => requestJson<{ sent: Outreach[]; received: Outreach[] }>(`${P}/outreach`);
export const getOutreach = (id: string) => requestJson<Outreach>(`${P}/outreach/${enc(id)}`);
export type OutreachDecisionBody =
  | { decision: "accept"; note: string; nda?: { reference: string; expiresOn: string } }
  | { decision: "decline"; note: string };
export const decideOutreach = (id: string, body: OutreachDecisionBody) =>
  requestJson<Outreach>(`${P}/outreach/${enc(id)}/decision`, { method: "POST", body });
export const withdrawOutreach = (id: string) =>
  requestJson<Outreach>(`${P}/outreach/${enc(id)}/withdraw`, { method: "POST" });
