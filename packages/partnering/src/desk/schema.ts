import type { PipelineDb } from "@kakehashi/pipeline";
import type { Database } from "@kakehashi/store";
import type { ColumnType, Kysely } from "kysely";
import type { NotificationDatabase } from "../notifications/schema.ts";

/** the pipeline's tables (seeds, grants …), which the community areas refer to */
export type PipelineDatabase = PipelineDb extends Kysely<infer D> ? D : never;

type Auto<T> = ColumnType<T, T | undefined, T>;
/** jsonb: written as a JSON string, read back as a value */
type Json<T> = ColumnType<T, string, string>;

export interface TriageExplanation {
  ja: string;
  en: string;
  /** the experts considered, with their load when the case came in */
  candidates: { expertId: string; name: string; openCases: number; capacity: number }[];
  /** how the expert was chosen */
  rule: "least_loaded" | "booked_slot" | "manual" | "none_available";
}

export interface DeskExpertTable {
  user_id: string;
  capacity: number;
  active: Auto<boolean>;
  created_at: Auto<Date>;
}

export interface DeskExpertTopicTable {
  user_id: string;
  topic: string;
}

export interface DeskCaseTable {
  id: string;
  requester_id: string;
  organisation_id: string;
  topic: string;
  stage: string;
  urgency: string;
  description: string;
  seed_id: string | null;
  status: string;
  expert_id: string | null;
  triage: Json<TriageExplanation>;
  assigned_at: Date | null;
  first_response_at: Date | null;
  closed_at: Date | null;
  outcome: string | null;
  outcome_note: string | null;
  satisfaction: number | null;
  satisfaction_comment: string | null;
  created_at: Auto<Date>;
}

export interface DeskNoteTable {
  id: string;
  case_id: string;
  author_id: string;
  body: string;
  created_at: Auto<Date>;
}

export interface DeskFollowUpTable {
  id: string;
  case_id: string;
  title: string;
  due_on: string;
  done_at: Date | null;
  notified_at: Date | null;
  created_by: string;
  created_at: Auto<Date>;
}

export interface DeskSlotTable {
  id: string;
  expert_id: string;
  starts_at: Date;
  ends_at: Date;
  mode: string;
  cancelled_at: Date | null;
  created_at: Auto<Date>;
}

export interface DeskBookingTable {
  id: string;
  slot_id: string;
  case_id: string;
  booked_by: string;
  cancelled_at: Date | null;
  created_at: Auto<Date>;
}

export interface DeskDatabase extends PipelineDatabase, NotificationDatabase {
  partnering_desk_experts: DeskExpertTable;
  partnering_desk_expert_topics: DeskExpertTopicTable;
  partnering_desk_cases: DeskCaseTable;
  partnering_desk_notes: DeskNoteTable;
  partnering_desk_followups: DeskFollowUpTable;
  partnering_desk_slots: DeskSlotTable;
  partnering_desk_bookings: DeskBookingTable;
}

export type DeskDb = Kysely<DeskDatabase>;

/** The store's Kysely instance seen with the desk's tables (same connection, wider type). */
export const deskDb = (db: Kysely<Database>) => db as unknown as DeskDb;
