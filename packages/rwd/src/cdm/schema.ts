/**
 * OMOP CDM v5.4 tables the engine keeps (DuckDB types). Column names and order follow the OHDSI
 * specification (CommonDataModel v5.4 DDL); `required` columns are NOT NULL there.
 */
export interface CdmColumn {
  name: string;
  type: "BIGINT" | "INTEGER" | "DATE" | "TIMESTAMP" | "VARCHAR" | "DOUBLE";
  required?: boolean;
  /** table.column this one refers to (checked by the data-quality report, not enforced on load) */
  references?: string;
  /** a concept_id column whose concept must exist (0 = "no matching concept" is allowed) */
  concept?: boolean;
}

export interface CdmTable {
  name: string;
  primaryKey?: string;
  columns: CdmColumn[];
}

const id = (name: string, references?: string): CdmColumn => ({
  name,
  type: "BIGINT",
  required: true,
  ...(references ? { references } : {}),
});
const concept = (name: string, required = true): CdmColumn => ({
  name,
  type: "INTEGER",
  required,
  concept: true,
});
const opt = (name: string, type: CdmColumn["type"], extra: Partial<CdmColumn> = {}): CdmColumn => ({
  name,
  type,
  ...extra,
});
const req = (name: string, type: CdmColumn["type"]): CdmColumn => ({ name, type, required: true });
const personRef = (): CdmColumn => ({
  name: "person_id",
  type: "BIGINT",
  required: true,
  references: "person.person_id",
});

export const CDM_TABLES: CdmTable[] = [
  {
    name: "person",
    primaryKey: "person_id",
    columns: [
      id("person_id"),
      concept("gender_concept_id"),
      req("year_of_birth", "INTEGER"),
      opt("month_of_birth", "INTEGER"),
      opt("day_of_birth", "INTEGER"),
      opt("birth_datetime", "TIMESTAMP"),
      concept("race_concept_id"),
      concept("ethnicity_concept_id"),
      opt("location_id", "BIGINT"),
      opt("provider_id", "BIGINT"),
      opt("care_site_id", "BIGINT"),
      opt("person_source_value", "VARCHAR"),
      opt("gender_source_value", "VARCHAR"),
      concept("gender_source_concept_id", false),
      opt("race_source_value", "VARCHAR"),
      concept("race_source_concept_id", false),
      opt("ethnicity_source_value", "VARCHAR"),
      concept("ethnicity_source_concept_id", false),
    ],
  },
  {
    name: "observation_period",
    primaryKey: "observation_period_id",
    columns: [
      id("observation_period_id"),
      personRef(),
      req("observation_period_start_date", "DATE"),
      req("observation_period_end_date", "DATE"),
      concept("period_type_concept_id"),
    ],
  },
  {
    name: "visit_occurrence",
    primaryKey: "visit_occurrence_id",
    columns: [
      id("visit_occurrence_id"),
      personRef(),
      concept("visit_concept_id"),
      req("visit_start_date", "DATE"),
      opt("visit_start_datetime", "TIMESTAMP"),
      req("visit_end_date", "DATE"),
      opt("visit_end_datetime", "TIMESTAMP"),
      concept("visit_type_concept_id"),
      opt("provider_id", "BIGINT"),
      opt("care_site_id", "BIGINT"),
      opt("visit_source_value", "VARCHAR"),
      concept("visit_source_concept_id", false),
      concept("admitted_from_concept_id", false),
      opt("admitted_from_source_value", "VARCHAR"),
      concept("discharged_to_concept_id", false),
      opt("discharged_to_source_value", "VARCHAR"),
      opt("preceding_visit_occurrence_id", "BIGINT"),
    ],
  },
  {
    name: "condition_occurrence",
    primaryKey: "condition_occurrence_id",
    columns: [
      id("condition_occurrence_id"),
      personRef(),
      concept("condition_concept_id"),
      req("condition_start_date", "DATE"),
      opt("condition_start_datetime", "TIMESTAMP"),
      opt("condition_end_date", "DATE"),
      opt("condition_end_datetime", "TIMESTAMP"),
      concept("condition_type_concept_id"),
      concept("condition_status_concept_id", false),
      opt("stop_reason", "VARCHAR"),
      opt("provider_id", "BIGINT"),
      opt("visit_occurrence_id", "BIGINT", { references: "visit_occurrence.visit_occurrence_id" }),
      opt("visit_detail_id", "BIGINT"),
      opt("condition_source_value", "VARCHAR"),
      concept("condition_source_concept_id", false),
      opt("condition_status_source_value", "VARCHAR"),
    ],
  },
  {
    name: "drug_exposure",
    primaryKey: "drug_exposure_id",
    columns: [
      id("drug_exposure_id"),
      personRef(),
      concept("drug_concept_id"),
      req("drug_exposure_start_date", "DATE"),
      opt("drug_exposure_start_datetime", "TIMESTAMP"),
      req("drug_exposure_end_date", "DATE"),
      opt("drug_exposure_end_datetime", "TIMESTAMP"),
      opt("verbatim_end_date", "DATE"),
      concept("drug_type_concept_id"),
      opt("stop_reason", "VARCHAR"),
      opt("refills", "INTEGER"),
      opt("quantity", "DOUBLE"),
      opt("days_supply", "INTEGER"),
      opt("sig", "VARCHAR"),
      concept("route_concept_id", false),
      opt("lot_number", "VARCHAR"),
      opt("provider_id", "BIGINT"),
      opt("visit_occurrence_id", "BIGINT", { references: "visit_occurrence.visit_occurrence_id" }),
      opt("visit_detail_id", "BIGINT"),
      opt("drug_source_value", "VARCHAR"),
      concept("drug_source_concept_id", false),
      opt("route_source_value", "VARCHAR"),
      opt("dose_unit_source_value", "VARCHAR"),
    ],
  },
  {
    name: "measurement",
    primaryKey: "measurement_id",
    columns: [
      id("measurement_id"),
      personRef(),
      concept("measurement_concept_id"),
      req("measurement_date", "DATE"),
      opt("measurement_datetime", "TIMESTAMP"),
      opt("measurement_time", "VARCHAR"),
      concept("measurement_type_concept_id"),
      concept("operator_concept_id", false),
      opt("value_as_number", "DOUBLE"),
      concept("value_as_concept_id", false),
      concept("unit_concept_id", false),
      opt("range_low", "DOUBLE"),
      opt("range_high", "DOUBLE"),
      opt("provider_id", "BIGINT"),
      opt("visit_occurrence_id", "BIGINT", { references: "visit_occurrence.visit_occurrence_id" }),
      opt("visit_detail_id", "BIGINT"),
      opt("measurement_source_value", "VARCHAR"),
      concept("measurement_source_concept_id", false),
      opt("unit_source_value", "VARCHAR"),
      concept("unit_source_concept_id", false),
      opt("value_source_value", "VARCHAR"),
      opt("measurement_event_id", "BIGINT"),
      concept("meas_event_field_concept_id", false),
    ],
  },
  {
    name: "death",
    columns: [
      personRef(),
      req("death_date", "DATE"),
      opt("death_datetime", "TIMESTAMP"),
      concept("death_type_concept_id", false),
      concept("cause_concept_id", false),
      opt("cause_source_value", "VARCHAR"),
      concept("cause_source_concept_id", false),
    ],
  },
  {
    name: "condition_era",
    primaryKey: "condition_era_id",
    columns: [
      id("condition_era_id"),
      personRef(),
      concept("condition_concept_id"),
      req("condition_era_start_date", "DATE"),
      req("condition_era_end_date", "DATE"),
      opt("condition_occurrence_count", "INTEGER"),
    ],
  },
  {
    name: "drug_era",
    primaryKey: "drug_era_id",
    columns: [
      id("drug_era_id"),
      personRef(),
      concept("drug_concept_id"),
      req("drug_era_start_date", "DATE"),
      req("drug_era_end_date", "DATE"),
      opt("drug_exposure_count", "INTEGER"),
      opt("gap_days", "INTEGER"),
    ],
  },
  {
    name: "concept",
    primaryKey: "concept_id",
    columns: [
      req("concept_id", "INTEGER"),
      req("concept_name", "VARCHAR"),
      req("domain_id", "VARCHAR"),
      req("vocabulary_id", "VARCHAR"),
      req("concept_class_id", "VARCHAR"),
      opt("standard_concept", "VARCHAR"),
      req("concept_code", "VARCHAR"),
      req("valid_start_date", "DATE"),
      req("valid_end_date", "DATE"),
      opt("invalid_reason", "VARCHAR"),
    ],
  },
  {
    name: "concept_ancestor",
    columns: [
      req("ancestor_concept_id", "INTEGER"),
      req("descendant_concept_id", "INTEGER"),
      req("min_levels_of_separation", "INTEGER"),
      req("max_levels_of_separation", "INTEGER"),
    ],
  },
  {
    name: "cdm_source",
    columns: [
      req("cdm_source_name", "VARCHAR"),
      req("cdm_source_abbreviation", "VARCHAR"),
      req("cdm_holder", "VARCHAR"),
      opt("source_description", "VARCHAR"),
      opt("source_documentation_reference", "VARCHAR"),
      opt("cdm_etl_reference", "VARCHAR"),
      req("source_release_date", "DATE"),
      req("cdm_release_date", "DATE"),
      opt("cdm_version", "VARCHAR"),
      concept("cdm_version_concept_id"),
      req("vocabulary_version", "VARCHAR"),
    ],
  },
];

export const cdmTable = (name: string): CdmTable | undefined => CDM_TABLES.find((t) => t.name === name);

/**
 * CREATE TABLE statements for a fresh data source. Only primary keys are enforced (they make a resumed
 * import skip rows it already has); NOT NULL, foreign keys and concept validity are checked by the
 * quality report instead, because real sources break them and must still load.
 */
export function cdmDdl(): string[] {
  return CDM_TABLES.map(
    (t) =>
      `CREATE TABLE IF NOT EXISTS ${t.name} (${t.columns
        .map((c) => `${c.name} ${c.type}`)
        .join(", ")}${t.primaryKey ? `, PRIMARY KEY (${t.primaryKey})` : ""})`,
  );
}
