import type { Database } from "@kakehashi/store";
import type { ColumnType, Kysely } from "kysely";
import type { PipelineDatabase } from "../desk/schema.ts";
import type { NotificationDatabase } from "../notifications/schema.ts";

type Auto<T> = ColumnType<T, T | undefined, T>;
type Json<T> = ColumnType<T, string, string>;

export interface ConsortiumTable {
  id: string;
  name_ja: string;
  name_en: string;
  icd10_area: string;
  public_description_ja: string;
  public_description_en: string;
  created_by: string | null;
  created_at: Auto<Date>;
}

export interface ConsortiumMemberTable {
  consortium_id: string;
  organisation_id: string;
  role: string;
  joined_on: string;
}

export interface SpecimenTable {
  id: string;
  consortium_id: string;
  organisation_id: string;
  specimen_type: string;
  icd10: string;
  count: number;
  clinical_data: Json<Record<string, boolean>>;
  collected_from_year: number | null;
  collected_to_year: number | null;
  created_by: string | null;
  created_at: Auto<Date>;
}

export interface TermsTable {
  id: string;
  consortium_id: string;
  version: number;
  text_ja: string;
  text_en: string;
  published_by: string | null;
  published_at: Auto<Date>;
}

export interface AcceptanceTable {
  terms_id: string;
  organisation_id: string;
  accepted_by: string;
  accepted_at: Auto<Date>;
}

export interface ProjectTable {
  id: string;
  consortium_id: string;
  title_ja: string;
  title_en: string;
  started_on: string;
  created_by: string | null;
  created_at: Auto<Date>;
}

export interface ProjectSeedTable {
  project_id: string;
  seed_id: string;
}

export interface ConsortiumDatabase extends PipelineDatabase, NotificationDatabase {
  partnering_consortia: ConsortiumTable;
  partnering_consortium_members: ConsortiumMemberTable;
  partnering_consortium_specimens: SpecimenTable;
  partnering_consortium_terms: TermsTable;
  partnering_consortium_acceptances: AcceptanceTable;
  partnering_consortium_projects: ProjectTable;
  partnering_consortium_project_seeds: ProjectSeedTable;
}

export type ConsortiumDb = Kysely<ConsortiumDatabase>;

export const consortiumDb = (db: Kysely<Database>) => db as unknown as ConsortiumDb;
