import type { Modality, Programme, Stage } from "@kakehashi/pipeline";
import type { MatchingDb } from "./schema.ts";

/**
 * The public face of a seed that matching reads and outreach sends: only fields a seed's owner has
 * published. Built field by field from a query that selects nothing else, so a confidential column cannot
 * reach a match or an outreach message by accident.
 */
export interface SeedTeaser {
  id: string;
  organisation: { id: string; nameJa: string; nameEn: string };
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

/** The field names of a teaser, for checks that a stored or sent payload holds nothing else. */
export const TEASER_FIELDS = [
  "id",
  "organisation",
  "programme",
  "titleJa",
  "titleEn",
  "targetSymbol",
  "modality",
  "icd10",
  "indication",
  "stage",
  "publicSummaryJa",
  "publicSummaryEn",
] as const satisfies readonly (keyof SeedTeaser)[];

/** Teasers of all seeds (or one), read from the public columns only. */
export async function loadTeasers(db: MatchingDb, seedId?: string): Promise<SeedTeaser[]> {
  let query = db
    .selectFrom("seeds as s")
    .innerJoin("organisations as o", "o.id", "s.organisation_id")
    .select([
      "s.id",
      "s.organisation_id",
      "o.name_ja",
      "o.name_en",
      "s.programme",
      "s.title_ja",
      "s.title_en",
      "s.target_symbol",
      "s.modality",
      "s.icd10",
      "s.indication",
      "s.stage",
      "s.public_summary_ja",
      "s.public_summary_en",
    ])
    .orderBy("s.created_at")
    .orderBy("s.id");
  if (seedId) query = query.where("s.id", "=", seedId);
  return (await query.execute()).map((r) => ({
    id: r.id,
    organisation: { id: r.organisation_id, nameJa: r.name_ja, nameEn: r.name_en },
    programme: r.programme as Programme,
    titleJa: r.title_ja,
    titleEn: r.title_en,
    targetSymbol: r.target_symbol,
    modality: r.modality as Modality,
    icd10: r.icd10,
    indication: r.indication,
    stage: r.stage as Stage,
    publicSummaryJa: r.public_summary_ja,
    publicSummaryEn: r.public_summary_en,
  }));
}
