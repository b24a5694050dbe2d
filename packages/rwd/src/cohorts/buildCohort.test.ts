import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cdmDdl } from "../cdm/schema.ts";
import { buildCohort } from "./buildCohort.ts";
import {
  CohortDefinition,
  CohortDefinitionError,
  type CohortDefinitionInput,
  parseCohortDefinition,
} from "./CohortDefinition.ts";

/*
 * A hand-made CDM. Every observation period runs 2015-01-01..2022-12-31 except person 5
 * (2019-09-01..2022-12-31) and person 9 (2015-01-01..2020-02-10).
 *
 * Vocabulary: 1000 Drug X (ingredient) > 1001 tablet, 1002 injection > 1003 pen (1003 is also a
 * grandchild of 1000); 2000 Drug Y; 3000 thrombocytopenia > 3001 drug-induced thrombocytopenia;
 * 4000 platelet count; units 5001 (10^3/uL) and 5002 (/L); genders 8507 male, 8532 female.
 *
 *   person  sex yob   Drug X exposures (start..end)                   other
 *   1       M   1970  1001 2020-01-01..01-30, 2020-02-19..03-19 (20 d)  thrombocytopenia ON the index day
 *   2       F   1980  1002 2020-01-01..01-30, 2020-03-30..04-28 (60 d)
 *   3       M   1960  1003 2020-05-01..05-30 (pen: excluded)            Drug Y 2020-01-01
 *   4       F   2005  1000 2020-06-01..06-30 (age 15)
 *   5       M   1975  1001 2020-01-01..01-30 (obs from 2019-09-01)
 *   6       F   1985  1001 2015-03-01..03-30, 2020-01-01..01-30         (first use lacks the washout)
 *   7       F   1965  1001 2020-01-15..02-13                            thrombocytopenia 2019-12-01; platelets 50
 *   8       M   1950  1001 2020-01-15..02-13                            thrombocytopenia 2017-01-01 and
 *                                                                        2020-03-01; platelets 70; died 2020-02-01
 *   9       M   1990  1001 2020-01-15..02-13 (obs ends 2020-02-10)
 *   10      F   1990  -                                                platelets 80, 200, 90 (/L), 100, null
 */
const CDM_ROWS = [
  `INSERT INTO concept VALUES
    (1000, 'Drug X', 'Drug', 'RxNorm', 'Ingredient', 'S', 'X', DATE '1970-01-01', DATE '2099-12-31', NULL),
    (1001, 'Drug X 10 MG Oral Tablet', 'Drug', 'RxNorm', 'Clinical Drug', 'S', 'X1', DATE '1970-01-01', DATE '2099-12-31', NULL),
    (1002, 'Drug X 20 MG Injection', 'Drug', 'RxNorm', 'Clinical Drug', 'S', 'X2', DATE '1970-01-01', DATE '2099-12-31', NULL),
    (1003, 'Drug X 20 MG Injection Pen', 'Drug', 'RxNorm', 'Branded Drug', 'S', 'X3', DATE '1970-01-01', DATE '2099-12-31', NULL),
    (2000, 'Drug Y', 'Drug', 'RxNorm', 'Ingredient', 'S', 'Y', DATE '1970-01-01', DATE '2099-12-31', NULL),
    (3000, 'Thrombocytopenia', 'Condition', 'SNOMED', 'Clinical Finding', 'S', 'T', DATE '1970-01-01', DATE '2099-12-31', NULL),
    (3001, 'Drug-induced thrombocytopenia', 'Condition', 'SNOMED', 'Clinical Finding', 'S', 'T1', DATE '1970-01-01', DATE '2099-12-31', NULL),
    (4000, 'Platelet count', 'Measurement', 'LOINC', 'Lab Test', 'S', 'P', DATE '1970-01-01', DATE '2099-12-31', NULL),
    (5001, 'thousand per microliter', 'Unit', 'UCUM', 'Unit', 'S', 'k/uL', DATE '1970-01-01', DATE '2099-12-31', NULL),
    (5002, 'per liter', 'Unit', 'UCUM', 'Unit', 'S', '/L', DATE '1970-01-01', DATE '2099-12-31', NULL),
    (8507, 'MALE', 'Gender', 'Gender', 'Gender', 'S', 'M', DATE '1970-01-01', DATE '2099-12-31', NULL),
    (8532, 'FEMALE', 'Gender', 'Gender', 'Gender', 'S', 'F', DATE '1970-01-01', DATE '2099-12-31', NULL)`,
  `INSERT INTO concept_ancestor VALUES
    (1000, 1000, 0, 0), (1001, 1001, 0, 0), (1002, 1002, 0, 0), (1003, 1003, 0, 0), (2000, 2000, 0, 0),
    (3000, 3000, 0, 0), (3001, 3001, 0, 0), (4000, 4000, 0, 0),
    (1000, 1001, 1, 1), (1000, 1002, 1, 1), (1002, 1003, 1, 1), (1000, 1003, 2, 2), (3000, 3001, 1, 1)`,
  `INSERT INTO person (person_id, gender_concept_id, year_of_birth, race_concept_id, ethnicity_concept_id) VALUES
    (1, 8507, 1970, 0, 0), (2, 8532, 1980, 0, 0), (3, 8507, 1960, 0, 0), (4, 8532, 2005, 0, 0),
    (5, 8507, 1975, 0, 0), (6, 8532, 1985, 0, 0), (7, 8532, 1965, 0, 0), (8, 8507, 1950, 0, 0),
    (9, 8507, 1990, 0, 0), (10, 8532, 1990, 0, 0)`,
  `INSERT INTO observation_period
    SELECT p, p, DATE '2015-01-01', DATE '2022-12-31', 44814724 FROM range(1, 11) r(p) WHERE p NOT IN (5, 9)`,
  `INSERT INTO observation_period VALUES
    (5, 5, DATE '2019-09-01', DATE '2022-12-31', 44814724), (9, 9, DATE '2015-01-01', DATE '2020-02-10', 44814724)`,
  `INSERT INTO drug_exposure (drug_exposure_id, person_id, drug_concept_id, drug_exposure_start_date,
      drug_exposure_end_date, drug_type_concept_id) VALUES
    (101, 1, 1001, DATE '2020-01-01', DATE '2020-01-30', 32817), (102, 1, 1001, DATE '2020-02-19', DATE '2020-03-19', 32817),
    (201, 2, 1002, DATE '2020-01-01', DATE '2020-01-30', 32817), (202, 2, 1002, DATE '2020-03-30', DATE '2020-04-28', 32817),
    (301, 3, 1003, DATE '2020-05-01', DATE '2020-05-30', 32817), (302, 3, 2000, DATE '2020-01-01', DATE '2020-01-30', 32817),
    (401, 4, 1000, DATE '2020-06-01', DATE '2020-06-30', 32817),
    (501, 5, 1001, DATE '2020-01-01', DATE '2020-01-30', 32817),
    (601, 6, 1001, DATE '2015-03-01', DATE '2015-03-30', 32817), (602, 6, 1001, DATE '2020-01-01', DATE '2020-01-30', 32817),
    (701, 7, 1001, DATE '2020-01-15', DATE '2020-02-13', 32817),
    (801, 8, 1001, DATE '2020-01-15', DATE '2020-02-13', 32817),
    (901, 9, 1001, DATE '2020-01-15', DATE '2020-02-13', 32817)`,
  `INSERT INTO drug_era VALUES
    (1, 1, 1000, DATE '2020-01-01', DATE '2020-03-19', 2, 20),
    (2, 2, 1000, DATE '2020-01-01', DATE '2020-01-30', 1, 0), (3, 2, 1000, DATE '2020-03-30', DATE '2020-04-28', 1, 0)`,
  `INSERT INTO condition_occurrence (condition_occurrence_id, person_id, condition_concept_id, condition_start_date,
      condition_type_concept_id) VALUES
    (11, 1, 3000, DATE '2020-01-01', 32817), (71, 7, 3001, DATE '2019-12-01', 32817),
    (81, 8, 3000, DATE '2017-01-01', 32817), (82, 8, 3001, DATE '2020-03-01', 32817)`,
  `INSERT INTO condition_era VALUES
    (11, 1, 3000, DATE '2020-01-01', DATE '2020-01-01', 1), (71, 7, 3001, DATE '2019-12-01', DATE '2019-12-01', 1),
    (81, 8, 3000, DATE '2017-01-01', DATE '2017-01-01', 1), (82, 8, 3001, DATE '2020-03-01', DATE '2020-03-01', 1)`,
  `INSERT INTO measurement (measurement_id, person_id, measurement_concept_id, measurement_date,
      measurement_type_concept_id, value_as_number, unit_concept_id) VALUES
    (1, 10, 4000, DATE '2020-04-01', 32817, 80, 5001), (2, 10, 4000, DATE '2020-05-01', 32817, 200, 5001),
    (3, 10, 4000, DATE '2020-06-01', 32817, 90, 5002), (4, 10, 4000, DATE '2020-07-01', 32817, 100, 5001),
    (5, 10, 4000, DATE '2020-08-01', 32817, NULL, 5001),
    (6, 7, 4000, DATE '2020-01-10', 32817, 50, 5001), (7, 8, 4000, DATE '2020-01-20', 32817, 70, 5001)`,
  `INSERT INTO death (person_id, death_date) VALUES (8, DATE '2020-02-01')`,
];

const DRUG_X = {
  id: 1,
  name: "Drug X",
  items: [
    { conceptId: 1000, includeDescendants: true },
    { conceptId: 1003, exclude: true },
  ],
};
const THROMBOCYTOPENIA = {
  id: 2,
  name: "Thrombocytopenia",
  items: [{ conceptId: 3000, includeDescendants: true }],
};
const PLATELETS = { id: 3, name: "Platelet count", items: [{ conceptId: 4000 }] };
const CONCEPT_SETS = [DRUG_X, THROMBOCYTOPENIA, PLATELETS];

const newUsersOfDrugX: CohortDefinitionInput = {
  version: 1,
  conceptSets: CONCEPT_SETS,
  entry: { domain: "drug_exposure", conceptSetId: 1 },
  firstOccurrenceOnly: true,
  priorObservationDays: 365,
  inclusionRules: [
    { name: "Adult", nameJa: "成人", criterion: { type: "age", min: 18 } },
    {
      name: "No thrombocytopenia in the prior year",
      nameJa: "前年に血小板減少症なし",
      criterion: {
        type: "occurrence",
        domain: "condition_occurrence",
        conceptSetId: 2,
        window: { startDays: -365, endDays: -1 },
        occurrence: "none",
      },
    },
  ],
  exit: { type: "end_of_exposure", persistenceWindowDays: 30 },
};

const allDrugX = (exit: CohortDefinitionInput["exit"]): CohortDefinitionInput => ({
  version: 1,
  conceptSets: CONCEPT_SETS,
  entry: { domain: "drug_exposure", conceptSetId: 1 },
  exit,
});

const lowPlatelets = (operator: "<" | "<=", unitConceptIds?: number[]): CohortDefinitionInput => ({
  version: 1,
  conceptSets: CONCEPT_SETS,
  entry: {
    domain: "measurement",
    conceptSetId: 3,
    measurement: { operator, value: 100, ...(unitConceptIds ? { unitConceptIds } : {}) },
  },
  exit: { type: "end_of_observation" },
});

type Row = [subject: number, start: string, end: string];

async function cohortRows(
  connection: DuckDBConnection,
  cohortId: number,
  table = "kh_cohort",
): Promise<Row[]> {
  const reader = await connection.runAndReadAll(
    `SELECT subject_id, cohort_start_date::VARCHAR AS s, cohort_end_date::VARCHAR AS e FROM ${table}
     WHERE cohort_definition_id = $1 ORDER BY subject_id, cohort_start_date`,
    [cohortId],
  );
  return reader.getRowObjectsJS().map((r) => [Number(r.subject_id), String(r.s), String(r.e)]);
}

const attritionLine = (attrition: { step: string; persons: number; events: number }[]) =>
  attrition.map((a) => `${a.step}: ${a.persons} persons / ${a.events} events`).join(" -> ");

const counts = (attrition: { persons: number; events: number }[]) =>
  attrition.map((a) => [a.persons, a.events]);

describe("buildCohort on a hand-made CDM", () => {
  let instance: DuckDBInstance;
  let db: DuckDBConnection;

  beforeAll(async () => {
    instance = await DuckDBInstance.create(":memory:");
    db = await instance.connect();
    for (const ddl of cdmDdl()) await db.run(ddl);
    for (const insert of CDM_ROWS) await db.run(insert);
  });
  afterAll(() => {
    db.closeSync();
    instance.closeSync();
  });

  it("builds new users with washout, age and no-prior-condition rules, persistence exit and death", async () => {
    const result = await buildCohort(db, newUsersOfDrugX, { cohortId: 1 });
    expect(result.attrition.map((a) => a.step)).toEqual([
      "Qualifying entry events",
      "First event per person",
      "Continuous observation: 365 days before and 0 days after the index date",
      "Adult",
      "No thrombocytopenia in the prior year",
    ]);
    expect(result.attrition.map((a) => a.stepJa)[4]).toBe("前年に血小板減少症なし");
    expect(counts(result.attrition)).toEqual([
      // 1 (2), 2 (2), 4, 5, 6 (2), 7, 8, 9: person 3's pen is excluded, Drug Y is not Drug X
      [8, 11],
      // each person's first exposure
      [8, 8],
      // 5 is observed from 2019-09-01 only; 6's first use (2015-03-01) is 59 days into observation, so
      // their 2020 exposure does not make them a new user
      [6, 6],
      // 4 is 15 in 2020
      [5, 5],
      // 7 had thrombocytopenia 45 days before; 1's is on the index day (outside -365..-1), 8's is
      // 3 years before and after the index
      [4, 4],
    ]);
    expect(result.persons).toBe(4);
    expect(result.entries).toBe(4);
    expect(await cohortRows(db, 1)).toEqual([
      // exposures 20 days apart (01-30 -> 02-19) join under a 30-day persistence window
      [1, "2020-01-01", "2020-03-19"],
      // 60 days apart (01-30 -> 03-30) do not
      [2, "2020-01-01", "2020-01-30"],
      // era would end 02-13: death 02-01 censors
      [8, "2020-01-15", "2020-02-01"],
      // era would end 02-13: the observation period ends 02-10
      [9, "2020-01-15", "2020-02-10"],
    ]);
  });

  it("ends every event after fixed days, cut at observation end and death", async () => {
    const result = await buildCohort(db, allDrugX({ type: "fixed_days", days: 30 }), { cohortId: 2 });
    // no first-occurrence step; every event lies in an observation period
    expect(counts(result.attrition)).toEqual([
      [8, 11],
      [8, 11],
    ]);
    expect(await cohortRows(db, 2)).toEqual([
      [1, "2020-01-01", "2020-01-31"],
      [1, "2020-02-19", "2020-03-20"],
      [2, "2020-01-01", "2020-01-31"],
      [2, "2020-03-30", "2020-04-29"],
      [4, "2020-06-01", "2020-07-01"],
      [5, "2020-01-01", "2020-01-31"],
      [6, "2015-03-01", "2015-03-31"],
      [6, "2020-01-01", "2020-01-31"],
      [7, "2020-01-15", "2020-02-14"],
      [8, "2020-01-15", "2020-02-01"],
      [9, "2020-01-15", "2020-02-10"],
    ]);
    expect(result).toMatchObject({ persons: 8, entries: 11 });
  });

  it("adds the surveillance days and merges a person's overlapping episodes", async () => {
    const result = await buildCohort(
      db,
      allDrugX({ type: "end_of_exposure", persistenceWindowDays: 30, surveillanceDays: 7 }),
      { cohortId: 3 },
    );
    expect(await cohortRows(db, 3)).toEqual([
      // both exposures lie in the era ending 03-19 (+7): two episodes ending 03-26 become one row
      [1, "2020-01-01", "2020-03-26"],
      [2, "2020-01-01", "2020-02-06"],
      [2, "2020-03-30", "2020-05-05"],
      [4, "2020-06-01", "2020-07-07"],
      [5, "2020-01-01", "2020-02-06"],
      [6, "2015-03-01", "2015-04-06"],
      [6, "2020-01-01", "2020-02-06"],
      [7, "2020-01-15", "2020-02-20"],
      [8, "2020-01-15", "2020-02-01"],
      [9, "2020-01-15", "2020-02-10"],
    ]);
    // attrition counts events; entries counts the merged rows
    expect(result.attrition.at(-1)).toMatchObject({ persons: 8, events: 11 });
    expect(result).toMatchObject({ persons: 8, entries: 10 });
  });

  it("joins exposures whose gap equals the persistence window, not one day more", async () => {
    // person 1: 2020-01-30 -> 2020-02-19 is a 20-day gap
    await buildCohort(db, allDrugX({ type: "end_of_exposure", persistenceWindowDays: 20 }), { cohortId: 4 });
    expect((await cohortRows(db, 4)).filter((r) => r[0] === 1)).toEqual([[1, "2020-01-01", "2020-03-19"]]);
    await buildCohort(db, allDrugX({ type: "end_of_exposure", persistenceWindowDays: 19 }), { cohortId: 4 });
    expect((await cohortRows(db, 4)).filter((r) => r[0] === 1)).toEqual([
      [1, "2020-01-01", "2020-01-30"],
      [1, "2020-02-19", "2020-03-19"],
    ]);
  });

  it("expands descendants and removes excluded branches after expansion", async () => {
    const withoutInjections: CohortDefinitionInput = {
      ...allDrugX({ type: "fixed_days", days: 1 }),
      conceptSets: [
        {
          id: 1,
          name: "Drug X but injections",
          items: [
            { conceptId: 1000, includeDescendants: true, exclude: false },
            { conceptId: 1002, includeDescendants: true, exclude: true },
          ],
        },
      ],
    };
    // 1002 with its descendant 1003 goes: person 2 (1002) and 3 (1003) are out, 1000 and 1001 stay
    const a = await buildCohort(db, withoutInjections, { cohortId: 5 });
    expect(a.attrition[0]).toMatchObject({ persons: 7, events: 9 });
    expect([...new Set((await cohortRows(db, 5)).map((r) => r[0]))]).toEqual([1, 4, 5, 6, 7, 8, 9]);

    const ingredientOnly: CohortDefinitionInput = {
      ...allDrugX({ type: "fixed_days", days: 1 }),
      conceptSets: [{ id: 1, name: "Drug X ingredient", items: [{ conceptId: 1000 }] }],
    };
    // without descendants only person 4's exposure, recorded at the ingredient, matches
    const b = await buildCohort(db, ingredientOnly, { cohortId: 5 });
    expect(b.attrition[0]).toMatchObject({ persons: 1, events: 1 });
    expect(await cohortRows(db, 5)).toEqual([[4, "2020-06-01", "2020-06-02"]]);
  });

  it("enters on a measurement threshold in the given units and follows to the end of observation", async () => {
    const strict = await buildCohort(db, lowPlatelets("<", [5001]), { cohortId: 6 });
    // 10's 80 k/uL; 7's 50; 8's 70. Not 200, not 90 /L (other unit), not 100 (strict), not null
    expect(counts(strict.attrition)).toEqual([
      [3, 3],
      [3, 3],
    ]);
    expect(await cohortRows(db, 6)).toEqual([
      [7, "2020-01-10", "2022-12-31"],
      // death censors the end of observation too
      [8, "2020-01-20", "2020-02-01"],
      [10, "2020-04-01", "2022-12-31"],
    ]);

    // <= takes 10's 100 on 07-01 as well; both episodes run to the end of observation and merge
    const inclusive = await buildCohort(db, lowPlatelets("<=", [5001]), { cohortId: 6 });
    expect(inclusive.attrition[0]).toMatchObject({ persons: 3, events: 4 });
    expect(inclusive).toMatchObject({ persons: 3, entries: 3 });

    // without a unit filter the 90 /L counts as low
    const anyUnit = await buildCohort(db, lowPlatelets("<"), { cohortId: 6 });
    expect(anyUnit.attrition[0]).toMatchObject({ persons: 3, events: 4 });
  });

  it("keeps only the listed sexes", async () => {
    const def = {
      ...lowPlatelets("<", [5001]),
      inclusionRules: [{ name: "Women", criterion: { type: "sex" as const, genderConceptIds: [8532] } }],
    };
    const result = await buildCohort(db, def, { cohortId: 7 });
    // 8 is male
    expect(result.attrition.at(-1)).toEqual({ step: "Women", stepJa: "Women", persons: 2, events: 2 });
    expect((await cohortRows(db, 7)).map((r) => r[0])).toEqual([7, 10]);
  });

  it("enters on any of several criteria and takes the first of them", async () => {
    const def: CohortDefinitionInput = {
      version: 1,
      conceptSets: CONCEPT_SETS,
      entry: [
        {
          domain: "measurement",
          conceptSetId: 3,
          measurement: { operator: "<", value: 100, unitConceptIds: [5001] },
        },
        { domain: "condition_era", conceptSetId: 2 },
      ],
      firstOccurrenceOnly: true,
      exit: { type: "fixed_days", days: 0 },
    };
    const result = await buildCohort(db, def, { cohortId: 8 });
    // 1: one era; 7: era + measurement; 8: two eras + measurement; 10: one measurement
    expect(counts(result.attrition)).toEqual([
      [4, 7],
      [4, 4],
      [4, 4],
    ]);
    expect(await cohortRows(db, 8)).toEqual([
      [1, "2020-01-01", "2020-01-01"],
      // the condition (2019-12-01) precedes the measurement (2020-01-10)
      [7, "2019-12-01", "2019-12-01"],
      [8, "2017-01-01", "2017-01-01"],
      [10, "2020-04-01", "2020-04-01"],
    ]);
  });

  it("enters on drug eras and applies an at-least rule with an inclusive window", async () => {
    const def: CohortDefinitionInput = {
      version: 1,
      conceptSets: CONCEPT_SETS,
      entry: { domain: "drug_era", conceptSetId: 1 },
      firstOccurrenceOnly: true,
      priorObservationDays: 365,
      inclusionRules: [
        {
          name: "Thrombocytopenia on the index day",
          criterion: {
            type: "occurrence",
            domain: "condition_occurrence",
            conceptSetId: 2,
            window: { startDays: 0, endDays: 0 },
            occurrence: "at_least",
          },
        },
      ],
      exit: { type: "end_of_exposure", persistenceWindowDays: 0 },
    };
    const result = await buildCohort(db, def, { cohortId: 9 });
    // eras: 1 (one), 2 (two); only 1 has thrombocytopenia on 2020-01-01
    expect(counts(result.attrition)).toEqual([
      [2, 3],
      [2, 2],
      [2, 2],
      [1, 1],
    ]);
    expect(await cohortRows(db, 9)).toEqual([[1, "2020-01-01", "2020-03-19"]]);
  });

  it("counts distinct events for at_least n, and applies age maxima", async () => {
    const def: CohortDefinitionInput = {
      ...allDrugX({ type: "fixed_days", days: 0 }),
      inclusionRules: [
        { name: "Aged 18-60", criterion: { type: "age", min: 18, max: 60 } },
        {
          name: "Two exposures within a year",
          criterion: {
            type: "occurrence",
            domain: "drug_exposure",
            conceptSetId: 1,
            window: { startDays: 0, endDays: 365 },
            occurrence: "at_least",
            count: 2,
          },
        },
      ],
    };
    const result = await buildCohort(db, def, { cohortId: 10 });
    // age drops 4 (15) and 8 (70): 9 events of 6 persons stay; only the first exposures of 1 and 2 have
    // a second one within the year after (6's 2015 and 2020 exposures are 5 years apart)
    expect(counts(result.attrition)).toEqual([
      [8, 11],
      [8, 11],
      [6, 9],
      [2, 2],
    ]);
    expect(await cohortRows(db, 10)).toEqual([
      [1, "2020-01-01", "2020-01-01"],
      [2, "2020-01-01", "2020-01-01"],
    ]);
  });

  it("replaces only its own cohort's rows and attrition", async () => {
    await buildCohort(db, newUsersOfDrugX, { cohortId: 11, cohortTable: "my_cohorts" });
    await buildCohort(db, allDrugX({ type: "fixed_days", days: 30 }), {
      cohortId: 12,
      cohortTable: "my_cohorts",
    });
    const again = await buildCohort(db, newUsersOfDrugX, { cohortId: 11, cohortTable: "my_cohorts" });
    expect(again.entries).toBe(4);
    expect(await cohortRows(db, 11, "my_cohorts")).toHaveLength(4);
    expect(await cohortRows(db, 12, "my_cohorts")).toHaveLength(11);
    const attrition = await db.runAndReadAll(
      "SELECT cohort_definition_id AS id, count(*) AS n FROM my_cohorts_attrition GROUP BY 1 ORDER BY 1",
    );
    expect(attrition.getRowObjectsJS().map((r) => [Number(r.id), Number(r.n)])).toEqual([
      [11, 5],
      [12, 2],
    ]);
    // the temporary tables are gone
    const temps = await db.runAndReadAll(
      "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE 'kh_cohort_tmp%'",
    );
    expect(Number(temps.getRowObjectsJS()[0]?.n)).toBe(0);
  });

  it("binds the definition's values instead of writing them into the SQL", async () => {
    const result = await buildCohort(db, newUsersOfDrugX, { cohortId: 9713 });
    const text = result.sql.join("\n");
    for (const value of ["1000", "1003", "365", "9713", "thrombocytopenia", "成人"])
      expect(text.toLowerCase()).not.toContain(value);
    expect(text).toContain("$1");
  });

  it("rejects bad options and leaves earlier rows in place when a build fails", async () => {
    await expect(
      buildCohort(db, newUsersOfDrugX, { cohortId: 1, cohortTable: "x; DROP TABLE person" }),
    ).rejects.toThrow(/cohortTable/);
    await expect(buildCohort(db, newUsersOfDrugX, { cohortId: 1.5 })).rejects.toThrow(/cohortId/);
    await db.run("CREATE TABLE broken_cohort (cohort_definition_id BIGINT, subject_id BIGINT)");
    await db.run("INSERT INTO broken_cohort VALUES (1, 42)");
    // the table lacks the date columns: the insert fails after the delete, and the delete is rolled back
    await expect(
      buildCohort(db, newUsersOfDrugX, { cohortId: 1, cohortTable: "broken_cohort" }),
    ).rejects.toThrow();
    const left = await db.runAndReadAll("SELECT count(*) AS n FROM broken_cohort");
    expect(Number(left.getRowObjectsJS()[0]?.n)).toBe(1);
    // and the connection is usable again
    expect((await buildCohort(db, newUsersOfDrugX, { cohortId: 1 })).entries).toBe(4);
  });
});

describe("CohortDefinition", () => {
  const base = newUsersOfDrugX as Record<string, unknown>;
  const issuesOf = (json: unknown) => {
    try {
      parseCohortDefinition(json);
    } catch (error) {
      expect(error).toBeInstanceOf(CohortDefinitionError);
      return (error as CohortDefinitionError).message;
    }
    throw new Error("expected the definition to be rejected");
  };

  it("fills in defaults", () => {
    const def = CohortDefinition.parse({
      ...base,
      inclusionRules: undefined,
      priorObservationDays: undefined,
    });
    expect(def).toMatchObject({ priorObservationDays: 0, postObservationDays: 0, inclusionRules: [] });
    expect(def.conceptSets[0]?.items[0]).toEqual({
      conceptId: 1000,
      includeDescendants: true,
      exclude: false,
    });
  });

  it("names the JSON path of each problem", () => {
    expect(issuesOf({ ...base, version: 2 })).toMatch(/version:/);
    expect(
      issuesOf({ ...base, conceptSets: [{ ...DRUG_X, items: [{ conceptId: 1000 }, { conceptId: 10.5 }] }] }),
    ).toMatch(/conceptSets\[0\]\.items\[1\]\.conceptId:/);
    expect(issuesOf({ ...base, conceptSets: [{ ...DRUG_X, items: [{ conceptId: "1000" }] }] })).toMatch(
      /conceptSets\[0\]\.items\[0\]\.conceptId:/,
    );
    expect(
      issuesOf({
        ...base,
        entry: [
          { domain: "drug_exposure", conceptSetId: 1 },
          { domain: "visit", conceptSetId: 1 },
        ],
      }),
    ).toMatch(/entry\[1\]\.domain:/);
    expect(issuesOf({ ...base, entry: { domain: "drug_exposure", conceptSetId: 9 } })).toMatch(
      /entry\.conceptSetId: no concept set has id 9/,
    );
    expect(
      issuesOf({
        ...base,
        entry: { domain: "drug_era", conceptSetId: 1, measurement: { operator: "<", value: 1 } },
      }),
    ).toMatch(/entry\.measurement:/);
    expect(issuesOf({ ...base, exit: { type: "until_bored" } })).toMatch(/exit\.type:/);
    expect(issuesOf({ ...base, exit: { type: "fixed_days", days: -1 } })).toMatch(/exit\.days:/);
    expect(issuesOf({ ...base, priorObservationDay: 365 })).toMatch(/priorObservationDay/);
    const rule = (criterion: unknown) => ({ ...base, inclusionRules: [{ name: "r", criterion }] });
    expect(
      issuesOf(
        rule({
          type: "occurrence",
          domain: "condition_occurrence",
          conceptSetId: 2,
          window: { startDays: -1, endDays: -365 },
          occurrence: "none",
        }),
      ),
    ).toMatch(/inclusionRules\[0\]\.criterion\.window\.endDays:/);
    expect(issuesOf(rule({ type: "age", min: 60, max: 18 }))).toMatch(/inclusionRules\[0\]\.criterion\.max:/);
    expect(issuesOf(rule({ type: "sex", genderConceptIds: [] }))).toMatch(
      /inclusionRules\[0\]\.criterion\.genderConceptIds:/,
    );
    expect(
      issuesOf({ ...base, conceptSets: [DRUG_X, { ...DRUG_X, name: "again" }, THROMBOCYTOPENIA] }),
    ).toMatch(/conceptSets\[1\]\.id: duplicate/);
  });

  it("is what buildCohort checks before touching the database", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const db = await instance.connect();
    await expect(
      buildCohort(db, { ...base, version: 2 } as unknown as CohortDefinitionInput, { cohortId: 1 }),
    ).rejects.toThrow(CohortDefinitionError);
    db.closeSync();
    instance.closeSync();
  });
});

// ---------------------------------------------------------------------------------------------------------
// Eunomia GiBleed (OMOP CDM v5.3, synthetic): checked against counts written by hand in plain SQL.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const sharedData = process.env.KAKEHASHI_SHARED_DATA ?? path.resolve(repoRoot, "../shared/data");
const eunomiaDir = path.join(sharedData, "omop", "eunomia-gibleed-5.3");
const haveEunomia = existsSync(path.join(eunomiaDir, "DRUG_ERA.csv"));
if (!haveEunomia) console.warn(`shared data not found at ${eunomiaDir}: Eunomia cohort tests did not run`);

describe.skipIf(!haveEunomia)("buildCohort on Eunomia GiBleed", () => {
  let instance: DuckDBInstance;
  let db: DuckDBConnection;

  beforeAll(async () => {
    instance = await DuckDBInstance.create(":memory:");
    db = await instance.connect();
    for (const ddl of cdmDdl()) await db.run(ddl);
    // the v5.3 columns of these tables are the v5.4 ones; text read as text and cast on insert
    for (const table of [
      "person",
      "observation_period",
      "drug_era",
      "condition_era",
      "death",
      "concept",
      "concept_ancestor",
    ])
      await db.run(
        `INSERT INTO ${table} BY NAME SELECT * FROM read_csv($1, header = true, all_varchar = true)`,
        [path.join(eunomiaDir, `${table.toUpperCase()}.csv`)],
      );
  });
  afterAll(() => {
    db?.closeSync();
    instance?.closeSync();
  });

  const newUsers = (conceptId: number, exit: CohortDefinitionInput["exit"]): CohortDefinitionInput => ({
    version: 1,
    conceptSets: [{ id: 1, name: "ingredient", items: [{ conceptId, includeDescendants: true }] }],
    entry: { domain: "drug_era", conceptSetId: 1 },
    firstOccurrenceOnly: true,
    priorObservationDays: 365,
    exit,
  });

  /** Each person's first era of the ingredient, when it has a year of observation before it. */
  const handNewUsers = (conceptId: number, end: "op" | "era") => `
    WITH ingredient AS (
      SELECT descendant_concept_id AS concept_id FROM concept_ancestor WHERE ancestor_concept_id = ${conceptId}
      UNION SELECT ${conceptId}),
    firsts AS (
      SELECT person_id, drug_era_start_date AS s, drug_era_end_date AS e,
        row_number() OVER (PARTITION BY person_id ORDER BY drug_era_start_date, drug_era_end_date) AS k
      FROM drug_era WHERE drug_concept_id IN (SELECT concept_id FROM ingredient))
    SELECT f.person_id AS subject_id, f.s::VARCHAR AS s,
      ${end === "op" ? "op.observation_period_end_date" : "least(f.e, op.observation_period_end_date)"}::VARCHAR AS e
    FROM firsts f JOIN observation_period op ON op.person_id = f.person_id
      AND f.s <= op.observation_period_end_date AND date_diff('day', op.observation_period_start_date, f.s) >= 365
    WHERE f.k = 1 ORDER BY 1`;

  const rowsOf = async (sql: string): Promise<Row[]> =>
    (await db.runAndReadAll(sql))
      .getRowObjectsJS()
      .map((r) => [Number(r.subject_id), String(r.s), String(r.e)]);

  it("finds the new users of celecoxib", async () => {
    const result = await buildCohort(db, newUsers(1118084, { type: "end_of_observation" }), { cohortId: 1 });
    const expected = await rowsOf(handNewUsers(1118084, "op"));
    console.info(`Eunomia celecoxib new users: ${attritionLine(result.attrition)}`);
    expect(expected.length).toBeGreaterThan(100);
    expect(result.persons).toBe(expected.length);
    expect(await cohortRows(db, 1)).toEqual(expected);
  });

  it("finds the new users of diclofenac, to the end of their first era", async () => {
    // drug_era is already collapsed with a 30-day gap, so with no persistence window the exit is that era's end
    const result = await buildCohort(
      db,
      newUsers(1124300, { type: "end_of_exposure", persistenceWindowDays: 0 }),
      {
        cohortId: 2,
      },
    );
    const expected = await rowsOf(handNewUsers(1124300, "era"));
    console.info(`Eunomia diclofenac new users: ${attritionLine(result.attrition)}`);
    expect(expected.length).toBeGreaterThan(100);
    expect(result.persons).toBe(expected.length);
    expect(await cohortRows(db, 2)).toEqual(expected);
  });

  it("finds the GI bleeding episodes", async () => {
    const def: CohortDefinitionInput = {
      version: 1,
      conceptSets: [{ id: 1, name: "GI bleeding", items: [{ conceptId: 192671, includeDescendants: true }] }],
      entry: { domain: "condition_era", conceptSetId: 1 },
      exit: { type: "fixed_days", days: 0 },
    };
    const result = await buildCohort(db, def, { cohortId: 3 });
    const hand = await db.runAndReadAll(`
      SELECT count(DISTINCT ce.person_id) AS persons, count(DISTINCT (ce.person_id, ce.condition_era_start_date)) AS days,
        count(*) AS eras
      FROM condition_era ce
      WHERE ce.condition_concept_id IN (SELECT descendant_concept_id FROM concept_ancestor WHERE ancestor_concept_id = 192671)
        AND EXISTS (SELECT 1 FROM observation_period op WHERE op.person_id = ce.person_id
          AND ce.condition_era_start_date BETWEEN op.observation_period_start_date AND op.observation_period_end_date)`);
    const expected = hand.getRowObjectsJS()[0];
    console.info(`Eunomia GI bleeding: ${attritionLine(result.attrition)}; ${result.entries} entries`);
    expect(Number(expected?.persons)).toBeGreaterThan(100);
    expect(result.persons).toBe(Number(expected?.persons));
    // fixed 0 days: an entry per person and day
    expect(result.entries).toBe(Number(expected?.days));
    expect(result.attrition.at(-1)?.events).toBe(Number(expected?.eras));
  });
});
