import { DOUBLE, type DuckDBConnection, DuckDBDataChunk } from "@duckdb/node-api";
import { type Buffers, STAGED_COLUMNS, type StagedTable } from "./buffers.ts";
import {
  atcConcept,
  CDM_VERSION_LOCAL,
  CONDITIONS,
  CYTOTOXIC_CHEMOTHERAPY_GROUP,
  DRUGS,
  GENDER,
  LABS,
  SYNTHETIC_CONCEPT_ANCESTORS,
  SYNTHETIC_CONCEPTS,
  TYPE_EHR,
  VISIT,
} from "./concepts.ts";

/**
 * Moves generated rows into the CDM tables. Rows are first appended, as data chunks of DOUBLE columns,
 * to narrow TEMP staging tables (a plain typed-array copy per value), then one multi-statement SQL
 * script turns them into CDM rows: concept ids, codes, units and reference ranges come from small
 * dimension tables joined in SQL, dates from day numbers. The script runs on DuckDB's threads while the
 * next chunk is being simulated in JS, which is where the two cores of a small machine both get used.
 */

const STAGE = "kh_synthetic_stage_";
const DIM = "kh_synthetic_dim_";
const VECTOR_SIZE = 2048;

const day = (col: string) => `(DATE '1970-01-01' + CAST(${col} AS INTEGER))`;
const big = (col: string) => `CAST(${col} AS BIGINT)`;
const int = (col: string) => `CAST(${col} AS INTEGER)`;
const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** staged tables are named after the CDM table they feed */
const INSERTS: Record<StagedTable, string> = {
  person: `INSERT INTO person (person_id, gender_concept_id, year_of_birth, month_of_birth, day_of_birth,
      birth_datetime, race_concept_id, ethnicity_concept_id, person_source_value, gender_source_value,
      gender_source_concept_id, race_source_concept_id, ethnicity_source_concept_id)
    SELECT ${big("person_id")}, CASE WHEN female = 1 THEN ${GENDER.female} ELSE ${GENDER.male} END,
      year(b), month(b), day(b), CAST(b AS TIMESTAMP), 0, 0,
      'KH-' || lpad(CAST(${big("person_id")} AS VARCHAR), 9, '0'), CASE WHEN female = 1 THEN 'F' ELSE 'M' END, 0, 0, 0
    FROM (SELECT *, ${day("birth_day")} AS b FROM ${STAGE}person)`,
  observation_period: `INSERT INTO observation_period (observation_period_id, person_id,
      observation_period_start_date, observation_period_end_date, period_type_concept_id)
    SELECT ${big("person_id")}, ${big("person_id")}, ${day("start_day")}, ${day("end_day")}, ${TYPE_EHR}
    FROM ${STAGE}observation_period`,
  visit_occurrence: `INSERT INTO visit_occurrence (visit_occurrence_id, person_id, visit_concept_id,
      visit_start_date, visit_end_date, visit_type_concept_id, visit_source_value, visit_source_concept_id)
    SELECT ${big("id")}, ${big("person_id")},
      CASE kind WHEN 1 THEN ${VISIT.inpatient} WHEN 2 THEN ${VISIT.emergency} ELSE ${VISIT.outpatient} END,
      ${day("start_day")}, ${day("end_day")}, ${TYPE_EHR},
      CASE kind WHEN 1 THEN 'inpatient' WHEN 2 THEN 'emergency' ELSE 'outpatient' END, 0
    FROM ${STAGE}visit_occurrence`,
  condition_occurrence: `INSERT INTO condition_occurrence (condition_occurrence_id, person_id,
      condition_concept_id, condition_start_date, condition_type_concept_id, visit_occurrence_id,
      condition_source_value, condition_source_concept_id)
    SELECT ${big("s.id")}, ${big("s.person_id")}, d.concept_id, ${day("s.day")}, ${TYPE_EHR},
      ${big("s.visit_id")}, d.icd10, d.source_concept_id
    FROM ${STAGE}condition_occurrence s JOIN ${DIM}condition d ON d.idx = ${int("s.cond")}`,
  drug_exposure: `INSERT INTO drug_exposure (drug_exposure_id, person_id, drug_concept_id,
      drug_exposure_start_date, drug_exposure_end_date, drug_type_concept_id, quantity, days_supply,
      visit_occurrence_id, drug_source_value, drug_source_concept_id, route_source_value)
    SELECT ${big("s.id")}, ${big("s.person_id")}, d.concept_id, ${day("s.start_day")}, ${day("s.end_day")},
      ${TYPE_EHR}, s.quantity, ${int("s.end_day - s.start_day + 1")}, ${big("s.visit_id")}, d.atc,
      d.atc_concept_id, d.route
    FROM ${STAGE}drug_exposure s JOIN ${DIM}drug d ON d.idx = ${int("s.drug")}`,
  measurement: `INSERT INTO measurement (measurement_id, person_id, measurement_concept_id, measurement_date,
      measurement_type_concept_id, value_as_number, unit_concept_id, range_low, range_high,
      visit_occurrence_id, measurement_source_value, unit_source_value)
    SELECT ${big("s.id")}, ${big("s.person_id")}, d.concept_id, ${day("s.day")}, ${TYPE_EHR}, s.value,
      d.unit_concept_id, CASE WHEN s.female = 1 THEN d.low_f ELSE d.low_m END,
      CASE WHEN s.female = 1 THEN d.high_f ELSE d.high_m END, ${big("s.visit_id")}, d.source_value, d.unit
    FROM ${STAGE}measurement s JOIN ${DIM}lab d ON d.idx = ${int("s.lab")}`,
  death: `INSERT INTO death (person_id, death_date, death_type_concept_id)
    SELECT ${big("person_id")}, ${day("day")}, ${TYPE_EHR} FROM ${STAGE}death`,
};

export class StagingWriter {
  private readonly chunks = new Map<number, DuckDBDataChunk>();

  constructor(private readonly connection: DuckDBConnection) {}

  async setup(): Promise<void> {
    const statements: string[] = [];
    for (const [table, cols] of Object.entries(STAGED_COLUMNS)) {
      statements.push(
        `CREATE OR REPLACE TEMP TABLE ${STAGE}${table} (${cols.map((col) => `${col} DOUBLE`).join(", ")})`,
      );
    }
    statements.push(
      `CREATE OR REPLACE TEMP TABLE ${DIM}condition (idx INTEGER, concept_id INTEGER, source_concept_id INTEGER, icd10 VARCHAR)`,
      `INSERT INTO ${DIM}condition VALUES ${CONDITIONS.map(
        (cd, i) => `(${i}, ${cd.conceptId}, ${cd.sourceConceptId}, ${sqlString(cd.icd10)})`,
      ).join(", ")}`,
      `CREATE OR REPLACE TEMP TABLE ${DIM}drug (idx INTEGER, concept_id INTEGER, atc VARCHAR, atc_concept_id INTEGER, route VARCHAR)`,
      `INSERT INTO ${DIM}drug VALUES ${DRUGS.map(
        (dr, i) =>
          `(${i}, ${dr.conceptId}, ${sqlString(dr.atc)}, ${atcConcept(dr.atc)}, ${sqlString(dr.route)})`,
      ).join(", ")}`,
      `CREATE OR REPLACE TEMP TABLE ${DIM}lab (idx INTEGER, concept_id INTEGER, unit_concept_id INTEGER,
        source_value VARCHAR, unit VARCHAR, low_m DOUBLE, high_m DOUBLE, low_f DOUBLE, high_f DOUBLE)`,
      `INSERT INTO ${DIM}lab VALUES ${LABS.map((lb, i) => {
        const n = (x: number | null) => (x === null ? "NULL" : String(x));
        const { male, female } = lb.range;
        return `(${i}, ${lb.conceptId}, ${lb.unit.conceptId}, ${sqlString(lb.sourceValue)}, ${sqlString(lb.unit.ucum)},
          ${n(male[0])}, ${n(male[1])}, ${n(female[0])}, ${n(female[1])})`;
      }).join(", ")}`,
    );
    await this.connection.run(statements.join(";\n"));
  }

  /** append the buffered rows of one chunk to the staging tables */
  async stage(buffers: Buffers): Promise<void> {
    for (const [name, cols] of Object.entries(STAGED_COLUMNS) as [StagedTable, readonly string[]][]) {
      const buffer = buffers[name];
      if (buffer.rows === 0) continue;
      const width = cols.length;
      const chunk = this.chunkFor(width);
      const appender = await this.connection.createAppender(`${STAGE}${name}`);
      const data = buffer.data;
      for (let first = 0; first < buffer.rows; first += VECTOR_SIZE) {
        const n = Math.min(VECTOR_SIZE, buffer.rows - first);
        chunk.reset();
        chunk.rowCount = n;
        for (let col = 0; col < width; col++) {
          const vector = chunk.getColumnVector(col);
          let at = first * width + col;
          for (let i = 0; i < n; i++, at += width) vector.setItem(i, data[at] as number);
          vector.flush();
        }
        appender.appendDataChunk(chunk);
      }
      appender.closeSync();
    }
  }

  /** SQL that moves the staged chunk into the CDM tables and empties the staging tables */
  insertScript(): string {
    const parts = Object.values(INSERTS);
    for (const table of Object.keys(STAGED_COLUMNS)) parts.push(`DELETE FROM ${STAGE}${table}`);
    return parts.join(";\n");
  }

  async teardown(): Promise<void> {
    const tables = [
      ...Object.keys(STAGED_COLUMNS).map((t) => `${STAGE}${t}`),
      `${DIM}condition`,
      `${DIM}drug`,
      `${DIM}lab`,
    ];
    await this.connection.run(tables.map((t) => `DROP TABLE IF EXISTS ${t}`).join(";\n"));
  }

  private chunkFor(width: number): DuckDBDataChunk {
    let chunk = this.chunks.get(width);
    if (!chunk) {
      chunk = DuckDBDataChunk.create(Array.from({ length: width }, () => DOUBLE));
      this.chunks.set(width, chunk);
    }
    return chunk;
  }
}

/**
 * Writes the vocabulary slice (concept, concept_ancestor) and a cdm_source row. Rows already present
 * (a database that holds a real vocabulary, or a second run) are left alone.
 */
export async function writeVocabulary(connection: DuckDBConnection, releaseDate: string): Promise<void> {
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${STAGE}concept (concept_id INTEGER, concept_name VARCHAR,
      domain_id VARCHAR, vocabulary_id VARCHAR, concept_class_id VARCHAR, standard_concept VARCHAR, concept_code VARCHAR);
    CREATE OR REPLACE TEMP TABLE ${STAGE}ancestor (a INTEGER, d INTEGER, lo INTEGER, hi INTEGER)`);
  const concepts = await connection.createAppender(`${STAGE}concept`);
  for (const row of SYNTHETIC_CONCEPTS) {
    concepts.appendInteger(row.conceptId);
    concepts.appendVarchar(row.conceptName);
    concepts.appendVarchar(row.domainId);
    concepts.appendVarchar(row.vocabularyId);
    concepts.appendVarchar(row.conceptClassId);
    if (row.standardConcept === null) concepts.appendNull();
    else concepts.appendVarchar(row.standardConcept);
    concepts.appendVarchar(row.conceptCode);
    concepts.endRow();
  }
  concepts.closeSync();
  const ancestors = await connection.createAppender(`${STAGE}ancestor`);
  for (const row of SYNTHETIC_CONCEPT_ANCESTORS) {
    ancestors.appendInteger(row.ancestorConceptId);
    ancestors.appendInteger(row.descendantConceptId);
    ancestors.appendInteger(row.minLevels);
    ancestors.appendInteger(row.maxLevels);
    ancestors.endRow();
  }
  ancestors.closeSync();
  await connection.run(`
    INSERT INTO concept (concept_id, concept_name, domain_id, vocabulary_id, concept_class_id, standard_concept,
      concept_code, valid_start_date, valid_end_date, invalid_reason)
    SELECT s.*, DATE '1970-01-01', DATE '2099-12-31', NULL FROM ${STAGE}concept s
    WHERE NOT EXISTS (SELECT 1 FROM concept c WHERE c.concept_id = s.concept_id);
    INSERT INTO concept_ancestor (ancestor_concept_id, descendant_concept_id, min_levels_of_separation,
      max_levels_of_separation)
    SELECT DISTINCT a, d, lo, hi FROM ${STAGE}ancestor s
    WHERE NOT EXISTS (SELECT 1 FROM concept_ancestor c WHERE c.ancestor_concept_id = s.a AND c.descendant_concept_id = s.d);
    INSERT INTO cdm_source (cdm_source_name, cdm_source_abbreviation, cdm_holder, source_description,
      source_documentation_reference, cdm_etl_reference, source_release_date, cdm_release_date, cdm_version,
      cdm_version_concept_id, vocabulary_version)
    SELECT 'Kakehashi synthetic Japanese hospital population', 'KH-SYNTH', 'Kakehashi',
      'Synthetic MID-NET-style hospital EHR population with planted, documented drug-outcome effects; not real patients. '
        || 'Cytotoxic chemotherapy grouping concept: ' || ${CYTOTOXIC_CHEMOTHERAPY_GROUP} || '.',
      'packages/rwd/src/synthetic (PLANTED_EFFECTS)', 'packages/rwd/src/synthetic/generate.ts',
      DATE ${sqlString(releaseDate)}, DATE ${sqlString(releaseDate)}, 'v5.4', ${CDM_VERSION_LOCAL},
      'KH-local subset (OMOP ids verified against OHDSI public material; local ids >= 2000000000)'
    WHERE NOT EXISTS (SELECT 1 FROM cdm_source WHERE cdm_source_abbreviation = 'KH-SYNTH');
    DROP TABLE ${STAGE}concept;
    DROP TABLE ${STAGE}ancestor`);
}
