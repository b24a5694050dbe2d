/**
 * Matching's vocabulary as plain lists, without validation or database code, so that the web UI can
 * import the same lists the server validates against (vocabulary.ts builds the schemas from them).
 */

/** What a company offers a seed's owner (導出 and its softer forms). */
export const DEAL_TYPES = ["licence", "co_development", "option", "research_collaboration"] as const;
export type DealType = (typeof DEAL_TYPES)[number];

/** Where a partner develops and sells: the market it would take the seed to. */
export const REGIONS = ["japan", "asia", "north_america", "europe", "global"] as const;
export type Region = (typeof REGIONS)[number];

/** A company's usual upfront and development budget for one in-licensed asset, in JPY. */
export const BUDGET_BANDS = ["under_100m", "100m_500m", "500m_2b", "over_2b"] as const;
export type BudgetBand = (typeof BUDGET_BANDS)[number];

/** An investor's usual ticket (one round's share), in JPY. */
export const TICKET_BANDS = ["under_50m", "50m_200m", "200m_1b", "over_1b"] as const;
export type TicketBand = (typeof TICKET_BANDS)[number];

/** What a mentor (伴走者) brings to a seed; the six areas the report names as gaps. */
export const EXPERTISE = [
  "toxicology",
  "cmc",
  "regulatory",
  "ip",
  "clinical_development",
  "business",
] as const;
export type Expertise = (typeof EXPERTISE)[number];

/** Who is matched with a seed. */
export const PARTY_KINDS = ["company", "investor", "mentor"] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

/** ICD-10 chapters (WHO 2019), by the code ranges that make them. */
export const ICD10_CHAPTERS = [
  { id: "I", from: "A00", to: "B99", ja: "感染症及び寄生虫症", en: "infectious and parasitic diseases" },
  { id: "II", from: "C00", to: "D48", ja: "新生物", en: "neoplasms" },
  {
    id: "III",
    from: "D50",
    to: "D89",
    ja: "血液及び造血器の疾患並びに免疫機構の障害",
    en: "diseases of the blood and immune disorders",
  },
  {
    id: "IV",
    from: "E00",
    to: "E90",
    ja: "内分泌，栄養及び代謝疾患",
    en: "endocrine, nutritional and metabolic diseases",
  },
  { id: "V", from: "F00", to: "F99", ja: "精神及び行動の障害", en: "mental and behavioural disorders" },
  { id: "VI", from: "G00", to: "G99", ja: "神経系の疾患", en: "diseases of the nervous system" },
  { id: "VII", from: "H00", to: "H59", ja: "眼及び付属器の疾患", en: "diseases of the eye and adnexa" },
  {
    id: "VIII",
    from: "H60",
    to: "H95",
    ja: "耳及び乳様突起の疾患",
    en: "diseases of the ear and mastoid process",
  },
  { id: "IX", from: "I00", to: "I99", ja: "循環器系の疾患", en: "diseases of the circulatory system" },
  { id: "X", from: "J00", to: "J99", ja: "呼吸器系の疾患", en: "diseases of the respiratory system" },
  { id: "XI", from: "K00", to: "K93", ja: "消化器系の疾患", en: "diseases of the digestive system" },
  { id: "XII", from: "L00", to: "L99", ja: "皮膚及び皮下組織の疾患", en: "diseases of the skin" },
  {
    id: "XIII",
    from: "M00",
    to: "M99",
    ja: "筋骨格系及び結合組織の疾患",
    en: "diseases of the musculoskeletal system and connective tissue",
  },
  {
    id: "XIV",
    from: "N00",
    to: "N99",
    ja: "腎尿路生殖器系の疾患",
    en: "diseases of the genitourinary system",
  },
  { id: "XV", from: "O00", to: "O99", ja: "妊娠，分娩及び産じょく", en: "pregnancy and childbirth" },
  { id: "XVI", from: "P00", to: "P96", ja: "周産期に発生した病態", en: "perinatal conditions" },
  {
    id: "XVII",
    from: "Q00",
    to: "Q99",
    ja: "先天奇形，変形及び染色体異常",
    en: "congenital malformations and chromosomal abnormalities",
  },
  {
    id: "XVIII",
    from: "R00",
    to: "R99",
    ja: "症状，徴候及び異常所見",
    en: "symptoms, signs and abnormal findings",
  },
  { id: "XIX", from: "S00", to: "T98", ja: "損傷，中毒及びその他の外因の影響", en: "injury and poisoning" },
  { id: "XX", from: "V01", to: "Y98", ja: "傷病及び死亡の外因", en: "external causes of morbidity" },
  {
    id: "XXI",
    from: "Z00",
    to: "Z99",
    ja: "健康状態に影響を及ぼす要因",
    en: "factors influencing health status",
  },
  {
    id: "XXII",
    from: "U00",
    to: "U99",
    ja: "特殊目的用コード",
    en: "codes for special purposes (e.g. COVID-19)",
  },
] as const;
export type Icd10Chapter = (typeof ICD10_CHAPTERS)[number]["id"];
export const ICD10_CHAPTER_IDS = ICD10_CHAPTERS.map((c) => c.id) as [Icd10Chapter, ...Icd10Chapter[]];

/** The chapter an ICD-10 code (C34.1, E11, G20) belongs to; null for a code outside every range. */
export function chapterOf(icd10: string): Icd10Chapter | null {
  const head = icd10.trim().toUpperCase().slice(0, 3);
  if (!/^[A-Z][0-9]{2}$/.test(head)) return null;
  // the three-character heads sort like the ranges do (letter, then two digits)
  return ICD10_CHAPTERS.find((c) => head >= c.from && head <= c.to)?.id ?? null;
}

export const chapterLabel = (id: Icd10Chapter) =>
  ICD10_CHAPTERS.find((c) => c.id === id) as { ja: string; en: string };

/** An answer to a proposed match. */
export const FEEDBACK_DECISIONS = ["accept", "decline", "not_now"] as const;
export type FeedbackDecision = (typeof FEEDBACK_DECISIONS)[number];

/** Why a match was taken up: the codes an accept may carry. */
export const ACCEPT_REASONS = [
  "strategic_fit",
  "strong_evidence",
  "unmet_need",
  "relationship",
  "other",
] as const;
/** Why a match was declined or put off: what the unmatched report counts. */
export const DECLINE_REASONS = [
  "area_outside_focus",
  "modality_outside_focus",
  "too_early",
  "too_late",
  "insufficient_evidence",
  "ip_position",
  "budget",
  "no_capacity",
  "timing",
  "competing_asset",
  "other",
] as const;
export const FEEDBACK_REASONS = [...new Set([...ACCEPT_REASONS, ...DECLINE_REASONS])] as [
  FeedbackReason,
  ...FeedbackReason[],
];
export type AcceptReason = (typeof ACCEPT_REASONS)[number];
export type DeclineReason = (typeof DECLINE_REASONS)[number];
export type FeedbackReason = AcceptReason | DeclineReason;

/** sent → accepted (the NDA grant flow starts) | declined | withdrawn (by the sender). */
export const OUTREACH_STATUSES = ["sent", "accepted", "declined", "withdrawn"] as const;
export type OutreachStatus = (typeof OUTREACH_STATUSES)[number];

/** Every feature a match score is made of; companies and investors use some, mentors others. */
export const MATCH_FEATURES = [
  "area",
  "modality",
  "stage",
  "readiness",
  "pastDeals",
  "unmetNeed",
  "expertise",
  "capacity",
] as const;
export type MatchFeature = (typeof MATCH_FEATURES)[number];
export const PARTNER_FEATURES = ["area", "modality", "stage", "readiness", "pastDeals", "unmetNeed"] as const;
export const MENTOR_FEATURES = ["expertise", "area", "modality", "capacity"] as const;
