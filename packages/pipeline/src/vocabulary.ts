import { z } from "zod";

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
export const Modality = z.enum(MODALITIES);
export type Modality = z.infer<typeof Modality>;

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
export const Stage = z.enum(STAGES);
export type Stage = z.infer<typeof Stage>;
export const stageIndex = (stage: Stage) => STAGES.indexOf(stage);

/** Data-integrity levels of evidence, weakest first (research < GLP < GMP < GCP is not a ladder: see integritySatisfies). */
export const INTEGRITY_LEVELS = ["research", "glp", "gmp", "gcp"] as const;
export const IntegrityLevel = z.enum(INTEGRITY_LEVELS);
export type IntegrityLevel = z.infer<typeof IntegrityLevel>;

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
export const EvidenceKind = z.enum(EVIDENCE_KINDS);
export type EvidenceKind = z.infer<typeof EvidenceKind>;

export const IP_OFFICES = ["JP", "PCT", "US", "EP", "CN", "KR", "OTHER"] as const;
export const IpOffice = z.enum(IP_OFFICES);
export type IpOffice = z.infer<typeof IpOffice>;

export const IP_STATUSES = ["planned", "filed", "published", "granted", "refused", "abandoned"] as const;
export const IpStatus = z.enum(IP_STATUSES);
export type IpStatus = z.infer<typeof IpStatus>;

export const OUTCOME_KINDS = [
  "licence_deal",
  "patent_filed",
  "patent_granted",
  "funding_round",
  "approval",
] as const;
export const OutcomeKind = z.enum(OUTCOME_KINDS);
export type OutcomeKind = z.infer<typeof OutcomeKind>;

export const PROGRAMMES = ["act_m", "support_network", "gapfree", "cin", "other"] as const;
export const Programme = z.enum(PROGRAMMES);
export type Programme = z.infer<typeof Programme>;

export const OwnerSide = z.enum(["academia", "company"]);
export type OwnerSide = z.infer<typeof OwnerSide>;

export const MilestoneDecision = z.enum(["pending", "go", "no_go"]);
export type MilestoneDecision = z.infer<typeof MilestoneDecision>;

export const GrantStatus = z.enum(["requested", "active", "declined", "revoked"]);
export type GrantStatus = z.infer<typeof GrantStatus>;

/** ICD-10 code: letter, two digits, optional dot and up to two more characters (e.g. C34, C34.1, E11.65). */
export const Icd10 = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?$/);

/** ISO date without time (YYYY-MM-DD), as people write deadlines. */
export const IsoDate = z.iso.date();
