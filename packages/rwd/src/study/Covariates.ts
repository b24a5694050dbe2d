import type { DuckDBConnection } from "@duckdb/node-api";
import type { Subject } from "./StudyPopulation.ts";
import type { ComparativeStudySpec } from "./StudySpec.ts";
import { rows } from "./sql.ts";

export interface Covariate {
  id: string;
  name: string;
  domain: "demographics" | "condition" | "drug" | "lab";
}

export interface CovariateMatrix {
  covariates: Covariate[];
  /** subjects × covariates, in subject rowId order */
  x: number[][];
}

const SUBJECT_TABLE = "kh_study_subject";

/** Puts the study's subjects in a table so covariates are computed by joins in DuckDB, not row by row. */
export async function loadSubjects(connection: DuckDBConnection, subjects: Subject[]): Promise<void> {
  // appended as day numbers (the appender has no integer path into a DATE column), then made dates
  await connection.run(
    `create or replace table ${SUBJECT_TABLE}_days (row_id integer, person_id bigint, index_day integer)`,
  );
  const appender = await connection.createAppender(`${SUBJECT_TABLE}_days`);
  for (const s of subjects) {
    appender.appendInteger(s.rowId);
    appender.appendBigInt(BigInt(s.personId));
    appender.appendInteger(s.indexDay);
    appender.endRow();
  }
  appender.closeSync();
  await connection.run(
    `create or replace table ${SUBJECT_TABLE} as
     select row_id, person_id, date '1970-01-01' + index_day as index_date from ${SUBJECT_TABLE}_days`,
  );
  await connection.run(`drop table ${SUBJECT_TABLE}_days`);
}

/**
 * Baseline covariates at the index date: age (continuous and 5-year groups), sex, and for the window
 * before index the most frequent condition concepts, drug ingredients and abnormal lab results (value
 * outside the reference range), as binary indicators — the usual default set of CohortMethod.
 * Requires loadSubjects first.
 */
export async function buildCovariates(
  connection: DuckDBConnection,
  subjects: Subject[],
  spec: ComparativeStudySpec,
): Promise<CovariateMatrix> {
  const { windowDays, maxPerDomain, minPrevalence } = spec.covariates;
  const n = subjects.length;
  const demo = await rows<{ row_id: number; age: number; male: boolean }>(
    connection,
    `select s.row_id, (year(s.index_date) - p.year_of_birth)::integer as age, p.gender_concept_id = 8507 as male
     from ${SUBJECT_TABLE} s join person p on p.person_id = s.person_id order by s.row_id`,
  );
  const window = `between s.index_date - ${Number(windowDays)}::integer and s.index_date - 1`;
  const minCount = Math.max(1, Math.ceil(minPrevalence * n));
  const domainSql: Record<"condition" | "drug" | "lab", string> = {
    condition: `select s.row_id, c.condition_concept_id as concept_id, '' as flag from ${SUBJECT_TABLE} s join condition_occurrence c on c.person_id = s.person_id where c.condition_start_date ${window}
                union select s.row_id, c.condition_concept_id, '' from ${SUBJECT_TABLE} s join condition_era c on c.person_id = s.person_id where c.condition_era_start_date ${window}`,
    drug: `select s.row_id, d.drug_concept_id as concept_id, '' as flag from ${SUBJECT_TABLE} s join drug_exposure d on d.person_id = s.person_id where d.drug_exposure_start_date ${window}
           union select s.row_id, d.drug_concept_id, '' from ${SUBJECT_TABLE} s join drug_era d on d.person_id = s.person_id where d.drug_era_start_date ${window}`,
    lab: `select s.row_id, m.measurement_concept_id as concept_id, case when m.value_as_number < m.range_low then 'low' else 'high' end as flag
          from ${SUBJECT_TABLE} s join measurement m on m.person_id = s.person_id
          where m.measurement_date ${window} and m.value_as_number is not null
            and (m.value_as_number < m.range_low or m.value_as_number > m.range_high)`,
  };
  const covariates: Covariate[] = [{ id: "age", name: "age (years)", domain: "demographics" }];
  const columns: Float64Array[] = [Float64Array.from(demo, (d) => d.age)];
  covariates.push({ id: "male", name: "sex: male", domain: "demographics" });
  columns.push(Float64Array.from(demo, (d) => (d.male ? 1 : 0)));
  for (let lo = 20; lo < 90; lo += 10) {
    covariates.push({ id: `age_${lo}`, name: `age ${lo}-${lo + 9}`, domain: "demographics" });
    columns.push(Float64Array.from(demo, (d) => (d.age >= lo && d.age < lo + 10 ? 1 : 0)));
  }
  for (const domain of ["condition", "drug", "lab"] as const) {
    if (maxPerDomain === 0) break;
    const found = await rows<{
      row_id: number;
      concept_id: number;
      flag: string;
      name: string | null;
      rank: number;
    }>(
      connection,
      `with hits as (select distinct row_id, concept_id, flag from (${domainSql[domain]}) where concept_id <> 0),
       top as (select concept_id, flag, count(*) as n from hits group by all having count(*) >= $1 order by n desc, concept_id limit $2)
       select h.row_id, h.concept_id, h.flag, c.concept_name as name, t.n as rank
       from hits h join top t using (concept_id, flag) left join concept c on c.concept_id = h.concept_id
       order by t.n desc, h.concept_id, h.flag`,
      [minCount, maxPerDomain],
    );
    const index = new Map<string, number>();
    for (const f of found) {
      const key = `${domain}:${f.concept_id}${f.flag ? `:${f.flag}` : ""}`;
      let col = index.get(key);
      if (col === undefined) {
        col = columns.length;
        index.set(key, col);
        covariates.push({
          id: key,
          name: `${f.name ?? f.concept_id}${f.flag ? ` (${f.flag})` : ""}`,
          domain,
        });
        columns.push(new Float64Array(n));
      }
      (columns[col] as Float64Array)[f.row_id] = 1;
    }
  }
  // a covariate with no variation cannot be estimated and only slows the fit
  const keep = columns.map((c) => c.some((v) => v !== c[0]));
  const kept = covariates.filter((_, j) => keep[j]);
  const keptCols = columns.filter((_, j) => keep[j]);
  const x = Array.from({ length: n }, (_, i) => keptCols.map((c) => c[i] as number));
  return { covariates: kept, x };
}
