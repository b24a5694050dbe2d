import type { PipelineDb } from "@kakehashi/pipeline";
import type { Database } from "@kakehashi/store";
import type { ColumnType, Kysely } from "kysely";

/** The pipeline's tables (its index exports the Kysely type only). */
type PipelineDatabase = PipelineDb extends Kysely<infer D> ? D : never;

type Auto<T> = ColumnType<T, T | undefined, T>;
/** jsonb: written as JSON text, read back as a value (PostgreSQL) or, on some paths, as text */
type Json = ColumnType<unknown, string, string>;

export interface PartnerProfileTable {
  organisation_id: string;
  /** company or investor: which profile schema `profile` follows */
  kind: string;
  profile: Json;
  updated_by: string | null;
  updated_at: Auto<Date>;
}

export interface MentorProfileTable {
  user_id: string;
  profile: Json;
  /** kept as a column so the capacity check can lock and count in SQL */
  max_active_seeds: number;
  updated_by: string | null;
  updated_at: Auto<Date>;
}

export interface MentorshipTable {
  id: string;
  mentor_user_id: string;
  seed_id: string;
  started_on: string;
  ended_on: string | null;
  created_by: string | null;
  created_at: Auto<Date>;
}

export interface MatchWeightsTable {
  /** a pipeline programme (act_m, gapfree, …) or "*" for the platform default */
  programme: string;
  weights: Json;
  updated_by: string | null;
  updated_at: Auto<Date>;
}

export interface MatchFeedbackTable {
  id: string;
  seed_id: string;
  party_kind: string;
  /** an organisation (company, investor) or a user (mentor) */
  party_id: string;
  /** who answered: the seed's owner or the proposed party */
  side: string;
  decision: string;
  reason_code: string;
  reason_text: string;
  /** the match as the answering side saw it, so the unmatched report can say which features were weak */
  score: number | null;
  features: Json;
  decided_by: string;
  created_at: Auto<Date>;
}

export interface OutreachTable {
  id: string;
  seed_id: string;
  from_organisation_id: string;
  requested_by: string;
  deal_type: string;
  message: string;
  /** the public teaser exactly as sent: built from public fields only */
  teaser: Json;
  status: string;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: Auto<string>;
  grant_id: string | null;
  created_at: Auto<Date>;
}

export interface MatchingDatabase extends PipelineDatabase {
  partnering_partner_profiles: PartnerProfileTable;
  partnering_mentor_profiles: MentorProfileTable;
  partnering_mentorships: MentorshipTable;
  partnering_match_weights: MatchWeightsTable;
  partnering_match_feedback: MatchFeedbackTable;
  partnering_outreach: OutreachTable;
}

export type MatchingDb = Kysely<MatchingDatabase>;

/** The store's Kysely instance seen with the pipeline's and matching's tables (same connection). */
export const matchingDb = (db: Kysely<Database> | Kysely<PipelineDatabase>) => db as unknown as MatchingDb;

/** jsonb comes back parsed from PostgreSQL and PGlite alike, but a string is parsed to be safe. */
export const parseJson = (v: unknown): unknown => (typeof v === "string" ? JSON.parse(v) : v);

/** The same connection seen with the store's tables only, for the store's own functions. */
export const storeDb = (db: MatchingDb) => db as unknown as Kysely<Database>;

/** The same connection seen with the pipeline's tables, for the pipeline's own functions. */
export const pipelineView = (db: MatchingDb) => db as unknown as PipelineDb;
