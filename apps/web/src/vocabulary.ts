/**
 * The pipeline's enumerations, mirrored from packages/pipeline/src/vocabulary.ts (the web app does not
 * import server packages). Labels live in the i18n files under the same names.
 */

export const MODALITIES = [
  "small_molecule",
  "peptide",
  "nucleic_acid",
  "antibody",
  "adc",
  "ri_antibody",
  "cell",
  "gene",
  "microbiome",
  "exosome",
  "vaccine",
  "other",
] as const;
export type Modality = (typeof MODALITIES)[number];

export const STAGES = [
  "target_discovery",
  "target_validation",
  "hit",
  "lead",
  "non_clinical",
  "ind_enabling",
  "phase1",
  "phase2",
  "phase3",
  "filed",
  "approved",
] as const;
export type Stage = (typeof STAGES)[number];

export const INTEGRITY_LEVELS = ["research", "glp", "gmp", "gcp"] as const;
export type IntegrityLevel = (typeof INTEGRITY_LEVELS)[number];

export const EVIDENCE_KINDS = [
  "target_validation",
  "in_vitro_efficacy",
  "in_vivo_efficacy",
  "pk_adme",
  "off_target",
  "safety_pharmacology",
  "toxicology",
  "cmc_plan",
  "biomarker",
  "clinical",
  "other",
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const IP_OFFICES = ["JP", "PCT", "US", "EP", "CN", "KR", "OTHER"] as const;
export type IpOffice = (typeof IP_OFFICES)[number];

export const IP_STATUSES = ["planned", "filed", "published", "granted", "refused", "abandoned"] as const;
export type IpStatus = (typeof IP_STATUSES)[number];

export const OUTCOME_KINDS = [
  "licence_deal",
  "patent_filed",
  "patent_granted",
  "funding_round",
  "approval",
] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

export const PROGRAMMES = ["act_m", "support_network", "gapfree", "cin", "other"] as const;
export type Programme = (typeof PROGRAMMES)[number];

export const OWNER_SIDES = ["academia", "company"] as const;
export type OwnerSide = (typeof OWNER_SIDES)[number];

export const MILESTONE_DECISIONS = ["pending", "go", "no_go"] as const;
export type MilestoneDecision = (typeof MILESTONE_DECISIONS)[number];

export const GRANT_STATUSES = ["requested", "active", "declined", "revoked", "expired"] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

/** The i18n namespace of each enumeration: `t(\`${namespace}.${value}\`)` is the value's label. */
export const ENUM_NAMESPACES = {
  modality: MODALITIES,
  stage: STAGES,
  integrity: INTEGRITY_LEVELS,
  evidenceKind: EVIDENCE_KINDS,
  ipOffice: IP_OFFICES,
  ipStatus: IP_STATUSES,
  outcomeKind: OUTCOME_KINDS,
  programme: PROGRAMMES,
  ownerSide: OWNER_SIDES,
  decision: MILESTONE_DECISIONS,
  grantStatus: GRANT_STATUSES,
} as const;
export type EnumNamespace = keyof typeof ENUM_NAMESPACES;
