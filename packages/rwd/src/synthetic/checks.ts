import type { DuckDBConnection } from "@duckdb/node-api";
import { CYTOTOXIC_CHEMOTHERAPY_GROUP, conditionDef, MALIGNANT_NEOPLASTIC_DISEASE } from "./concepts.ts";
import { PLANTED_EFFECTS } from "./effects.ts";

/**
 * Plain-SQL checks of the planted effects: new-user cohorts, the outcome in the planted window, the crude
 * incidence rate ratio and a Mantel-Haenszel rate ratio stratified on exactly the planted confounders.
 * They are the answer key an engine study is compared with, not a study design of their own.
 */

export interface Stratum {
  stratum: string;
  exposed: boolean;
  persons: number;
  events: number;
  /** person-days at risk; an event day counts as half a day, which makes events / time estimate the
   * constant hazard of the planted model (and the ratio of two of them its hazard ratio) */
  time: number;
}

export interface EffectCheck {
  targetPersons: number;
  comparatorPersons: number;
  targetEvents: number;
  comparatorEvents: number;
  /** events / person-time, target over comparator */
  crudeRateRatio: number;
  /** cumulative incidence, target over comparator */
  crudeRiskRatio: number;
  /** Mantel-Haenszel rate ratio over the confounder strata */
  adjustedRateRatio: number;
  strata: Stratum[];
}

export function mantelHaenszelRateRatio(strata: readonly Stratum[]): number {
  const byStratum = new Map<string, { a: number; t1: number; b: number; t0: number }>();
  for (const s of strata) {
    const cell = byStratum.get(s.stratum) ?? { a: 0, t1: 0, b: 0, t0: 0 };
    if (s.exposed) {
      cell.a += s.events;
      cell.t1 += s.time;
    } else {
      cell.b += s.events;
      cell.t0 += s.time;
    }
    byStratum.set(s.stratum, cell);
  }
  let num = 0;
  let den = 0;
  for (const { a, t1, b, t0 } of byStratum.values()) {
    const t = t1 + t0;
    if (t1 === 0 || t0 === 0) continue;
    num += (a * t0) / t;
    den += (b * t1) / t;
  }
  return num / den;
}

function summarise(strata: Stratum[]): EffectCheck {
  const sum = (exposed: boolean, key: "persons" | "events" | "time") =>
    strata.filter((s) => s.exposed === exposed).reduce((acc, s) => acc + s[key], 0);
  const n1 = sum(true, "persons");
  const n0 = sum(false, "persons");
  const e1 = sum(true, "events");
  const e0 = sum(false, "events");
  return {
    targetPersons: n1,
    comparatorPersons: n0,
    targetEvents: e1,
    comparatorEvents: e0,
    crudeRateRatio: e1 / sum(true, "time") / (e0 / sum(false, "time")),
    crudeRiskRatio: e1 / n1 / (e0 / n0),
    adjustedRateRatio: mantelHaenszelRateRatio(strata),
    strata,
  };
}

async function strataOf(connection: DuckDBConnection, sql: string): Promise<Stratum[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((row) => ({
    stratum: String(row.stratum),
    exposed: Boolean(row.exposed),
    persons: Number(row.persons),
    events: Number(row.events),
    time: Number(row.time),
  }));
}

const list = (ids: readonly number[]) => ids.join(", ");
/** age in years on index date f.d, counted the way the simulator counts it (days / 365.25) */
const AGE = "floor((f.d - make_date(p.year_of_birth, p.month_of_birth, p.day_of_birth)) / 365.25)";

/** (a) pegfilgrastim vs filgrastim new users among chemotherapy patients; platelets < 50 on days 2-7 */
export async function checkGcsfEffect(connection: DuckDBConnection): Promise<EffectCheck> {
  const e = PLANTED_EFFECTS.gcsfThrombocytopenia;
  const gcsf = [e.targetConceptId, e.comparatorConceptId, e.lenograstimConceptId];
  const ckd = conditionDef("ckd").conceptId;
  const liver = [conditionDef("hepatitisC").conceptId, conditionDef("cirrhosis").conceptId];
  return summarise(
    await strataOf(
      connection,
      `WITH first_gcsf AS (
        SELECT person_id, arg_min(drug_concept_id, drug_exposure_start_date) AS drug, min(drug_exposure_start_date) AS d
        FROM drug_exposure WHERE drug_concept_id IN (${list(gcsf)}) GROUP BY person_id
      ), cohort AS (
        SELECT f.person_id, f.drug = ${e.targetConceptId} AS exposed, f.d, p.gender_concept_id AS gender,
          ${AGE} AS age
        FROM first_gcsf f JOIN person p USING (person_id)
        WHERE f.drug IN (${e.targetConceptId}, ${e.comparatorConceptId})
          AND EXISTS (SELECT 1 FROM condition_occurrence co JOIN concept_ancestor ca
            ON ca.descendant_concept_id = co.condition_concept_id AND ca.ancestor_concept_id = ${MALIGNANT_NEOPLASTIC_DISEASE}
            WHERE co.person_id = f.person_id AND co.condition_start_date <= f.d)
          AND EXISTS (SELECT 1 FROM drug_exposure de JOIN concept_ancestor ca
            ON ca.descendant_concept_id = de.drug_concept_id AND ca.ancestor_concept_id = ${CYTOTOXIC_CHEMOTHERAPY_GROUP}
            WHERE de.person_id = f.person_id AND de.drug_exposure_start_date <= f.d)
      ), outcome AS (
        SELECT c.person_id, min(m.measurement_date) AS e FROM cohort c JOIN measurement m
          ON m.person_id = c.person_id AND m.measurement_concept_id = ${e.outcomeMeasurementConceptId}
          AND m.value_as_number < ${e.outcomeThreshold}
          AND m.measurement_date BETWEEN c.d + ${e.windowStartDay} AND c.d + ${e.windowEndDay}
        GROUP BY c.person_id
      ), covariates AS (
        SELECT c.*, o.e,
          EXISTS (SELECT 1 FROM condition_occurrence co WHERE co.person_id = c.person_id
            AND co.condition_concept_id = ${ckd} AND co.condition_start_date <= c.d) AS ckd,
          EXISTS (SELECT 1 FROM condition_occurrence co WHERE co.person_id = c.person_id
            AND co.condition_concept_id IN (${list(liver)}) AND co.condition_start_date <= c.d) AS liver
        FROM cohort c LEFT JOIN outcome o USING (person_id)
      )
      SELECT CASE WHEN age >= 75 THEN '75+' WHEN age >= 65 THEN '65-74' ELSE '<65' END
          || '|' || gender || '|' || ckd || '|' || liver AS stratum,
        exposed, count(*) AS persons, count(e) AS events,
        sum(CASE WHEN e IS NULL THEN ${e.windowEndDay - e.windowStartDay + 1} ELSE e - (d + ${e.windowStartDay}) + 0.5 END) AS time
      FROM covariates GROUP BY ALL`,
    ),
  );
}

/** (b) PPI vs H2RA new users and ingrowing nail within a year (true HR 1.0) */
export async function checkNegativeControl(connection: DuckDBConnection): Promise<EffectCheck> {
  const e = PLANTED_EFFECTS.negativeControl;
  const acid = [...e.targetConceptIds, ...e.comparatorConceptIds];
  return summarise(
    await strataOf(
      connection,
      `WITH first_acid AS (
        SELECT person_id, arg_min(drug_concept_id, drug_exposure_start_date) AS drug, min(drug_exposure_start_date) AS d
        FROM drug_exposure WHERE drug_concept_id IN (${list(acid)}) GROUP BY person_id
      ), cohort AS (
        SELECT f.person_id, f.drug IN (${list(e.targetConceptIds)}) AS exposed, f.d,
          least(f.d + ${e.followUpDays}, op.observation_period_end_date) AS fu_end,
          ${AGE} AS age,
          EXISTS (SELECT 1 FROM condition_occurrence co WHERE co.person_id = f.person_id
            AND co.condition_concept_id = ${conditionDef("t2dm").conceptId} AND co.condition_start_date <= f.d) AS dm,
          EXISTS (SELECT 1 FROM condition_occurrence co WHERE co.person_id = f.person_id
            AND co.condition_concept_id = ${conditionDef("obesity").conceptId} AND co.condition_start_date <= f.d) AS obese
        FROM first_acid f JOIN person p USING (person_id) JOIN observation_period op USING (person_id)
        WHERE NOT EXISTS (SELECT 1 FROM condition_occurrence co WHERE co.person_id = f.person_id
          AND co.condition_concept_id = ${e.outcomeConditionConceptId} AND co.condition_start_date < f.d)
      ), outcome AS (
        SELECT c.person_id, min(co.condition_start_date) AS e FROM cohort c JOIN condition_occurrence co
          ON co.person_id = c.person_id AND co.condition_concept_id = ${e.outcomeConditionConceptId}
          AND co.condition_start_date BETWEEN c.d AND c.fu_end
        GROUP BY c.person_id
      )
      SELECT (CASE WHEN age >= 65 THEN '65+' ELSE '<65' END) || '|' || dm || '|' || obese AS stratum,
        exposed, count(*) AS persons, count(o.e) AS events,
        sum(CASE WHEN o.e IS NULL THEN fu_end - d + 1 ELSE o.e - d + 0.5 END) AS time
      FROM cohort c LEFT JOIN outcome o USING (person_id) GROUP BY ALL`,
    ),
  );
}
