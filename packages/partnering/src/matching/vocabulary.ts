import { Modality, Stage } from "@kakehashi/pipeline";
import { z } from "zod";
import {
  BUDGET_BANDS,
  DEAL_TYPES,
  EXPERTISE,
  FEEDBACK_DECISIONS,
  ICD10_CHAPTER_IDS,
  ICD10_CHAPTERS,
  PARTY_KINDS,
  REGIONS,
  TICKET_BANDS,
} from "./terms.ts";

export * from "./terms.ts";

export const DealType = z.enum(DEAL_TYPES);
export type DealType = z.infer<typeof DealType>;

export const Region = z.enum(REGIONS);
export type Region = z.infer<typeof Region>;

export const BudgetBand = z.enum(BUDGET_BANDS);
export type BudgetBand = z.infer<typeof BudgetBand>;

export const TicketBand = z.enum(TICKET_BANDS);
export type TicketBand = z.infer<typeof TicketBand>;

export const Expertise = z.enum(EXPERTISE);
export type Expertise = z.infer<typeof Expertise>;

export const PartyKind = z.enum(PARTY_KINDS);
export type PartyKind = z.infer<typeof PartyKind>;

export const Icd10ChapterId = z.enum(ICD10_CHAPTER_IDS);

/** A code prefix a partner is interested in: a letter (C), a category (C34) or a subcategory (C34.1). */
export const Icd10Prefix = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]([0-9]{2}(\.[0-9A-Z]{1,2})?)?$/);

/** A list of distinct values (repeats are dropped), at least `min` of them; absent means none. */
export const distinct = <T extends z.ZodType>(item: T, max: number, min = 0) =>
  z
    .array(item)
    .min(min)
    .max(max)
    .transform((xs) => [...new Set(xs)] as z.output<T>[]);
const unique = <T extends z.ZodType>(item: T, max: number) => distinct(item, max).default([]);

/** Disease areas of interest: whole ICD-10 chapters and/or code prefixes. */
export const AreaInterests = z.strictObject({
  chapters: unique(Icd10ChapterId, ICD10_CHAPTERS.length),
  prefixes: unique(Icd10Prefix, 60),
});
export type AreaInterests = z.infer<typeof AreaInterests>;

export const ModalityList = unique(Modality, 12);
export const StageList = unique(Stage, 11);

export const FeedbackDecision = z.enum(FEEDBACK_DECISIONS);
export type FeedbackDecision = z.infer<typeof FeedbackDecision>;
