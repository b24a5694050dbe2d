import { z } from "zod";
import {
  EVIDENCE_KINDS,
  GRANT_STATUSES,
  INTEGRITY_LEVELS,
  IP_OFFICES,
  IP_STATUSES,
  MILESTONE_DECISIONS,
  MODALITIES,
  OUTCOME_KINDS,
  OWNER_SIDES,
  PROGRAMMES,
  STAGES,
} from "./terms.ts";

export * from "./terms.ts";

export type Modality = z.infer<typeof Modality>;
export const Modality = z.enum(MODALITIES);
export type Stage = z.infer<typeof Stage>;
export const Stage = z.enum(STAGES);
export const stageIndex = (stage: z.infer<typeof Stage>) => STAGES.indexOf(stage);
export type IntegrityLevel = z.infer<typeof IntegrityLevel>;
export const IntegrityLevel = z.enum(INTEGRITY_LEVELS);
export type EvidenceKind = z.infer<typeof EvidenceKind>;
export const EvidenceKind = z.enum(EVIDENCE_KINDS);
export type IpOffice = z.infer<typeof IpOffice>;
export const IpOffice = z.enum(IP_OFFICES);
export type IpStatus = z.infer<typeof IpStatus>;
export const IpStatus = z.enum(IP_STATUSES);
export type OutcomeKind = z.infer<typeof OutcomeKind>;
export const OutcomeKind = z.enum(OUTCOME_KINDS);
export type Programme = z.infer<typeof Programme>;
export const Programme = z.enum(PROGRAMMES);
export type OwnerSide = z.infer<typeof OwnerSide>;
export const OwnerSide = z.enum(OWNER_SIDES);
export type MilestoneDecision = z.infer<typeof MilestoneDecision>;
export const MilestoneDecision = z.enum(MILESTONE_DECISIONS);
export type GrantStatus = z.infer<typeof GrantStatus>;
export const GrantStatus = z.enum(GRANT_STATUSES);

/** ICD-10 code: letter, two digits, optional dot and up to two more characters (e.g. C34, C34.1, E11.65). */
export const Icd10 = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?$/);

/** ISO date without time (YYYY-MM-DD), as people write deadlines. */
export const IsoDate = z.iso.date();
