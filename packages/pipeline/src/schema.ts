import type { Database } from "@kakehashi/store";
import type { ColumnType, Kysely } from "kysely";

type Auto<T> = ColumnType<T, T | undefined, T>;
type Generated<T> = ColumnType<T, never, never>;

export interface SeedTable {
  id: string;
  organisation_id: string;
  created_by: string | null;
  programme: string;
  title_ja: string;
  title_en: string;
  target_symbol: string | null;
  target_uniprot: string | null;
  modality: string;
  icd10: string;
  indication: string;
  stage: string;
  public_summary_ja: string;
  public_summary_en: string;
  public_since: string | null;
  confidential_details: string;
  created_at: Auto<Date>;
  updated_at: Auto<Date>;
  search_text: Generated<string>;
}

export interface StageHistoryTable {
  id: string;
  seed_id: string;
  stage: string;
  entered_on: string;
  created_at: Auto<Date>;
}

export interface EvidenceTable {
  id: string;
  seed_id: string;
  kind: string;
  title: string;
  result: string;
  performed_on: string;
  performed_by: string;
  replications: number;
  reproduced_by_other_lab: boolean;
  integrity_level: string;
  created_at: Auto<Date>;
}

export interface EvidenceFileTable {
  id: string;
  evidence_id: string;
  name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  created_at: Auto<Date>;
}

export interface IpFamilyTable {
  id: string;
  seed_id: string;
  title: string;
  priority_date: string;
  created_at: Auto<Date>;
}

export interface IpApplicationTable {
  id: string;
  family_id: string;
  office: string;
  number: string | null;
  filed_on: string | null;
  status: string;
}

export interface AccessGrantTable {
  id: string;
  seed_id: string;
  organisation_id: string;
  requested_by: string | null;
  request_message: string;
  status: string;
  nda_reference: string | null;
  expires_on: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  created_at: Auto<Date>;
}

export interface MilestoneTable {
  id: string;
  seed_id: string;
  title: string;
  owner_side: string;
  starts_on: string;
  due_on: string;
  deliverable: string;
  go_criteria: string;
  decision: Auto<string>;
  decided_on: string | null;
  completed_on: string | null;
}

export interface AgreementTable {
  id: string;
  seed_id: string;
  company_organisation_id: string;
  scheme: string;
  signed_on: string;
  role_split: string;
  company_money_jpy: number;
  in_kind_description: string;
  in_kind_jpy: number | null;
}

export interface OutcomeTable {
  id: string;
  seed_id: string;
  kind: string;
  occurred_on: string;
  amount_jpy: number | null;
  partner_organisation_id: string | null;
  note: string;
}

export interface ReadinessRuleTable {
  version: number;
  gate: string;
  modality: string;
  requirement: string;
  evidence_kind: string;
  min_integrity: string;
  min_replications: number;
  require_independent_lab: boolean;
  label_ja: string;
  label_en: string;
}

export interface PipelineDatabase extends Database {
  seeds: SeedTable;
  seed_stage_history: StageHistoryTable;
  evidence: EvidenceTable;
  evidence_files: EvidenceFileTable;
  ip_families: IpFamilyTable;
  ip_applications: IpApplicationTable;
  access_grants: AccessGrantTable;
  milestones: MilestoneTable;
  agreements: AgreementTable;
  outcomes: OutcomeTable;
  readiness_rules: ReadinessRuleTable;
}

export type PipelineDb = Kysely<PipelineDatabase>;

/** The store's Kysely instance seen with the pipeline's tables (same connection, wider type). */
export const pipelineDb = (db: Kysely<Database>) => db as unknown as PipelineDb;
