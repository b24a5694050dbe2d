/**
 * The pipeline's vocabularies as plain lists, with no dependencies, so the web UI can import the very
 * same lists (`@kakehashi/pipeline/terms`) that the server validates against.
 */

/** Modalities of the glossary (モダリティ), in the order the UI lists them. */
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

/** Development stages, in order; a seed moves forward (or is stopped) along this list. */
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

/** Data-integrity levels of evidence; a GxP requirement is met only by that GxP level. */
export const INTEGRITY_LEVELS = ["research", "glp", "gmp", "gcp"] as const;
export type IntegrityLevel = (typeof INTEGRITY_LEVELS)[number];

/** What an experiment or document shows; readiness rules ask for these. */
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

/** Stored states of an access grant; an active grant past its expiry is shown as "expired". */
export const GRANT_STATUSES = ["requested", "active", "declined", "revoked"] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];
export const GRANT_STATES = [...GRANT_STATUSES, "expired"] as const;
export type GrantState = (typeof GRANT_STATES)[number];
