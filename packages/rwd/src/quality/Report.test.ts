import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DataSource, openDataSource } from "../cdm/DataSource.ts";
import { importOmopCsvFolder } from "../importers/OmopCsv.ts";
import { LAB_RANGES, qualityChecks } from "./Checks.ts";
import { type QualityReport, runQualityChecks } from "./Report.ts";

const byId = (report: QualityReport, id: string) => {
  const check = report.checks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return check;
};

describe("qualityChecks", () => {
  it("have unique ids, both languages and DQD-style thresholds", () => {
    const checks = qualityChecks();
    expect(new Set(checks.map((c) => c.id)).size).toBe(checks.length);
    for (const c of checks) {
      expect(c.description.length).toBeGreaterThan(10);
      expect(c.descriptionJa).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(c.threshold).toBeGreaterThanOrEqual(0);
    }
    expect(new Set(checks.map((c) => c.category))).toEqual(
      new Set(["conformance", "completeness", "plausibility"]),
    );
    expect(LAB_RANGES.length).toBeGreaterThanOrEqual(10);
    for (const lab of LAB_RANGES) for (const u of lab.units) expect(u.low).toBeLessThan(u.high);
  });
});

/*
 * A hand-made source with one planted fault per check below:
 *   person 1 M 1970 (died 2010-01-01), 2 F 1980, 3 M 1840 (implausible), 4 F 1990 (no observation period)
 *   observation periods 2000..2020 for 1-3; one for person 99 (no such person); one for 2 ending before it starts
 *   conditions: prostate cancer in 1 (fine) and in 2 (female); one before 1's birth with an unknown concept;
 *     one of 1 in 2022 (after death, outside observation); one of person 42 (no such person)
 *   platelets (10^3/uL): 250 fine, 250000 implausible; 250000 in /uL (unexpected unit)
 */
const FAULTS = [
  `INSERT INTO concept VALUES
    (8507, 'MALE', 'Gender', 'Gender', 'Gender', 'S', 'M', DATE '1970-01-01', DATE '2099-12-31', NULL),
    (8532, 'FEMALE', 'Gender', 'Gender', 'Gender', 'S', 'F', DATE '1970-01-01', DATE '2099-12-31', NULL),
    (200962, 'Primary malignant neoplasm of prostate', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '93974005', DATE '1970-01-01', DATE '2099-12-31', NULL),
    (3024929, 'Platelets [#/volume] in Blood by Automated count', 'Measurement', 'LOINC', 'Lab Test', 'S', '777-3', DATE '1970-01-01', DATE '2099-12-31', NULL),
    (8848, 'thousand per microliter', 'Unit', 'UCUM', 'Unit', 'S', '10*3/uL', DATE '1970-01-01', DATE '2099-12-31', NULL),
    (8647, 'per microliter', 'Unit', 'UCUM', 'Unit', 'S', '/uL', DATE '1970-01-01', DATE '2099-12-31', NULL),
    (32817, 'EHR', 'Type Concept', 'Type Concept', 'Type Concept', 'S', 'OMOP4976890', DATE '1970-01-01', DATE '2099-12-31', NULL)`,
  `INSERT INTO person (person_id, gender_concept_id, year_of_birth, race_concept_id, ethnicity_concept_id) VALUES
    (1, 8507, 1970, 0, 0), (2, 8532, 1980, 0, 0), (3, 8507, 1840, 0, 0), (4, 8532, 1990, 0, 0)`,
  `INSERT INTO observation_period VALUES
    (1, 1, DATE '2000-01-01', DATE '2020-12-31', 32817), (2, 2, DATE '2000-01-01', DATE '2020-12-31', 32817),
    (3, 3, DATE '2000-01-01', DATE '2020-12-31', 32817), (4, 99, DATE '2000-01-01', DATE '2020-12-31', 32817),
    (5, 2, DATE '2022-01-01', DATE '2021-12-31', 32817)`,
  "INSERT INTO death (person_id, death_date) VALUES (1, DATE '2010-01-01')",
  `INSERT INTO condition_occurrence (condition_occurrence_id, person_id, condition_concept_id, condition_start_date,
      condition_type_concept_id) VALUES
    (1, 1, 200962, DATE '2005-01-01', 32817), (2, 2, 200962, DATE '2005-01-01', 32817),
    (3, 1, 123, DATE '1960-01-01', 32817), (4, 1, 200962, DATE '2022-05-01', 32817), (5, 42, 200962, DATE '2005-01-01', 32817)`,
  `INSERT INTO measurement (measurement_id, person_id, measurement_concept_id, measurement_date,
      measurement_type_concept_id, value_as_number, unit_concept_id) VALUES
    (1, 1, 3024929, DATE '2005-01-01', 32817, 250, 8848), (2, 2, 3024929, DATE '2005-01-01', 32817, 250000, 8848),
    (3, 2, 3024929, DATE '2005-01-01', 32817, 250000, 8647)`,
];

describe("runQualityChecks on planted faults", () => {
  let source: DataSource;
  let report: QualityReport;
  beforeAll(async () => {
    source = await openDataSource(":memory:");
    for (const sql of FAULTS) await source.run(sql);
    report = await runQualityChecks(source);
  });
  afterAll(async () => {
    await source?.close();
  });

  it.each([
    ["isForeignKey.observation_period.person_id", 1, 5],
    ["isForeignKey.condition_occurrence.person_id", 1, 5],
    ["isForeignKey.condition_occurrence.condition_concept_id", 1, 5],
    ["measurePersonCompleteness.observation_period", 1, 4],
    ["plausibleValueRange.person.year_of_birth", 1, 4],
    ["plausibleAfterBirth.condition_occurrence.condition_start_date", 1, 4],
    ["plausibleBeforeDeath.condition_occurrence.condition_start_date", 1, 3],
    ["plausibleBeforeDeath.observation_period.observation_period_end_date", 1, 1],
    ["plausibleStartBeforeEnd.observation_period.observation_period_start_date", 1, 5],
    ["withinObservationPeriod.condition_occurrence.condition_start_date", 3, 5],
    ["plausibleGender.condition_occurrence.condition_concept_id", 1, 3],
    ["plausibleValueRange.measurement.platelets", 1, 2],
    ["plausibleUnitConceptIds.measurement.platelets", 1, 3],
    ["tableNotEmpty.drug_exposure", 1, 1],
  ])("%s fails %i of %i", (id, failing, total) => {
    const check = byId(report, id);
    expect([check.failing, check.total, check.status]).toEqual([failing, total, "fail"]);
    expect(check.pctFailing).toBeCloseTo((100 * failing) / total, 10);
  });

  it("passes what is right, and what does not apply", () => {
    for (const id of [
      "isRequired.person.person_id",
      "isForeignKey.measurement.person_id",
      "isStandardValidConcept.condition_occurrence.condition_concept_id",
      "fkDomain.person.gender_concept_id",
      "plausibleValueRange.measurement.hba1c",
      "tableNotEmpty.person",
    ]) {
      expect([id, byId(report, id).status]).toEqual([id, "pass"]);
    }
    expect(byId(report, "plausibleValueRange.measurement.hba1c").total).toBe(0);
    expect(report.passed + report.failed).toBe(report.checks.length);
    expect(report.failed).toBe(report.checks.filter((c) => c.status === "fail").length);
  });

  it("names the data it describes", async () => {
    expect(report.snapshotId).toBe(await source.snapshotId());
  });
});

// ---------------------------------------------------------------------------------------------------------
// Eunomia GiBleed: its real faults must show, its sound parts must pass.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const sharedData = process.env.KAKEHASHI_SHARED_DATA ?? path.resolve(repoRoot, "../shared/data");
const eunomiaDir = path.join(sharedData, "omop", "eunomia-gibleed-5.3");
const haveEunomia = existsSync(path.join(eunomiaDir, "PERSON.csv"));
if (!haveEunomia) console.warn(`shared data not found at ${eunomiaDir}: Eunomia tests did not run`);

describe.skipIf(!haveEunomia)("runQualityChecks on Eunomia GiBleed", () => {
  let source: DataSource;
  let report: QualityReport;
  beforeAll(async () => {
    source = await openDataSource(":memory:");
    await importOmopCsvFolder(source, eunomiaDir);
    report = await runQualityChecks(source);
  });
  afterAll(async () => {
    await source?.close();
  });

  it("fails the observation_period foreign key by exactly the periods whose person is missing", async () => {
    // counted straight from the CSV files, apart from the importer and the check
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(
      `SELECT count(*)::INTEGER AS orphans, (SELECT count(*)::INTEGER FROM read_csv($op)) AS periods
       FROM read_csv($op) WHERE PERSON_ID NOT IN (SELECT PERSON_ID FROM read_csv($person))`,
      { op: path.join(eunomiaDir, "OBSERVATION_PERIOD.csv"), person: path.join(eunomiaDir, "PERSON.csv") },
    );
    const [orphans, periods] = reader.getRows()[0] as [number, number];
    connection.closeSync();
    instance.closeSync();

    expect(orphans).toBeGreaterThan(0);
    const check = byId(report, "isForeignKey.observation_period.person_id");
    expect(check).toMatchObject({
      failing: orphans,
      total: periods,
      status: "fail",
      category: "conformance",
    });
  });

  it("passes the checks Eunomia is sound on", () => {
    for (const id of [
      "isRequired.person.person_id",
      "isRequired.observation_period.observation_period_start_date",
      "isForeignKey.condition_era.person_id",
      "isForeignKey.drug_era.person_id",
      "isForeignKey.person.gender_concept_id",
      "isStandardValidConcept.drug_era.drug_concept_id",
      "fkDomain.condition_era.condition_concept_id",
      "measurePersonCompleteness.observation_period",
      "tableNotEmpty.person",
      "plausibleValueRange.person.year_of_birth",
      "plausibleStartBeforeEnd.observation_period.observation_period_start_date",
      "plausibleStartBeforeEnd.drug_era.drug_era_start_date",
      "plausibleAfterBirth.condition_era.condition_era_start_date",
    ]) {
      const check = byId(report, id);
      expect([id, check.status, check.total > 0]).toEqual([id, "pass", true]);
    }
  });

  it("reports what the snapshot lacks", () => {
    expect(byId(report, "tableNotEmpty.condition_occurrence").status).toBe("fail");
    expect(byId(report, "tableNotEmpty.drug_exposure").status).toBe("fail");
    expect(report.failed).toBeGreaterThan(0);
    expect(report.passed).toBeGreaterThan(report.failed);
  });
});
