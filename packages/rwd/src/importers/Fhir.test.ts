import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DataSource, openDataSource } from "../cdm/DataSource.ts";
import { importFhir } from "./Fhir.ts";
import { ImportError } from "./ImportError.ts";

// A JP Core-like record: a patient seen once for type 2 diabetes, prescribed metformin, with an HbA1c result.
const JLAC10 = "urn:oid:1.2.392.200119.4.504";
const patient = {
  resourceType: "Patient",
  id: "jp-patient-001",
  meta: { profile: ["http://jpfhir.jp/fhir/core/StructureDefinition/JP_Patient"] },
  identifier: [{ system: "urn:oid:1.2.392.100495.20.3.51.11311234567", value: "00000010" }],
  name: [{ use: "official", text: "山田 太郎", family: "山田", given: ["太郎"] }],
  gender: "male",
  birthDate: "1970-01-31",
};
const encounter = {
  resourceType: "Encounter",
  id: "enc-001",
  status: "finished",
  class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "AMB" },
  subject: { reference: "Patient/jp-patient-001" },
  period: { start: "2024-04-01T09:30:00+09:00", end: "2024-04-01T10:10+09:00" },
};
const diagnosis = {
  resourceType: "Condition",
  id: "cond-001",
  subject: { reference: "Patient/jp-patient-001" },
  encounter: { reference: "Encounter/enc-001" },
  code: {
    coding: [
      {
        system: "http://jpfhir.jp/fhir/core/mhlw/CodeSystem/MDCDisease",
        code: "20060240",
        display: "2型糖尿病",
      },
      { system: "http://hl7.org/fhir/sid/icd-10", code: "E11.9", display: "2型糖尿病・合併症なし" },
    ],
  },
  onsetDateTime: "2024-04-01",
};
const prescription = {
  resourceType: "MedicationRequest",
  id: "rx-001",
  status: "active",
  intent: "order",
  subject: { reference: "Patient/jp-patient-001" },
  encounter: { reference: "Encounter/enc-001" },
  medicationCodeableConcept: {
    coding: [
      {
        system: "urn:oid:1.2.392.100495.20.1.73",
        code: "3962002F1024",
        display: "メトホルミン塩酸塩錠250mg",
      },
      { system: "http://www.whocc.no/atc", code: "A10BA02", display: "metformin" },
    ],
  },
  authoredOn: "2024-04-01T10:00:00+09:00",
  dosageInstruction: [{ text: "1回1錠 1日2回 朝夕食後" }],
  dispenseRequest: { quantity: { value: 28 }, expectedSupplyDuration: { value: 14, unit: "日", code: "d" } },
};
const hba1c = {
  resourceType: "Observation",
  id: "lab-001",
  status: "final",
  category: [
    {
      coding: [{ system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "laboratory" }],
    },
  ],
  subject: { reference: "Patient/jp-patient-001" },
  encounter: { reference: "Encounter/enc-001" },
  code: {
    coding: [
      { system: JLAC10, code: "3D046000001906202", display: "HbA1c（NGSP）" },
      { system: "http://loinc.org", code: "4548-4" },
    ],
  },
  effectiveDateTime: "2024-04-01T09:45:00+09:00",
  valueQuantity: { value: 7.2, unit: "%", system: "http://unitsofmeasure.org", code: "%" },
  referenceRange: [{ low: { value: 4.6 }, high: { value: 6.2 } }],
};
const glucoseJlacOnly = {
  resourceType: "Observation",
  id: "lab-002",
  status: "final",
  subject: { reference: "Patient/jp-patient-001" },
  code: { coding: [{ system: JLAC10, code: "3D010000001926101", display: "グルコース" }] },
  effectiveDateTime: "2024-04-15",
  valueQuantity: { value: 142, unit: "mg/dL", system: "http://unitsofmeasure.org", code: "mg/dL" },
};
const smoking = {
  resourceType: "Observation",
  id: "sh-001",
  status: "final",
  subject: { reference: "Patient/jp-patient-001" },
  code: { coding: [{ system: "http://loinc.org", code: "72166-2" }] },
  effectiveDateTime: "2024-04-01",
  valueCodeableConcept: { text: "非喫煙者" },
};
const allergy = {
  resourceType: "AllergyIntolerance",
  id: "alg-001",
  patient: { reference: "Patient/jp-patient-001" },
};
const resources = [patient, encounter, diagnosis, prescription, hba1c, glucoseJlacOnly, smoking, allergy];
const ndjson = resources.map((r) => JSON.stringify(r)).join("\n");

/** The vocabulary rows the fixtures need; the JLAC10 code is a site's own concept (ids from 2 billion up). */
const CONCEPTS = `INSERT INTO concept VALUES
  (45542411, 'Type 2 diabetes mellitus without complications', 'Condition', 'ICD10', 'ICD10 code', NULL, 'E11.9', DATE '1970-01-01', DATE '2099-12-31', NULL),
  (21600712, 'metformin', 'Drug', 'ATC', 'ATC 5th', 'C', 'A10BA02', DATE '1970-01-01', DATE '2099-12-31', NULL),
  (3004410, 'Hemoglobin A1c/Hemoglobin.total in Blood', 'Measurement', 'LOINC', 'Lab Test', 'S', '4548-4', DATE '1970-01-01', DATE '2099-12-31', NULL),
  (2000000001, 'HbA1c (NGSP)', 'Measurement', 'JLAC10', 'Lab Test', NULL, '3D046000001906202', DATE '1970-01-01', DATE '2099-12-31', NULL),
  (8554, 'percent', 'Unit', 'UCUM', 'Unit', 'S', '%', DATE '1970-01-01', DATE '2099-12-31', NULL)`;

const TABLES = [
  "person",
  "observation_period",
  "visit_occurrence",
  "condition_occurrence",
  "drug_exposure",
  "measurement",
];
async function counts(source: DataSource): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES)
    out[t] = (await source.all<{ n: number }>(`SELECT count(*) AS n FROM ${t}`))[0]?.n ?? -1;
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<ImportError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error("the import was not refused");
}

describe("importFhir", () => {
  let source: DataSource;
  beforeEach(async () => {
    source = await openDataSource(":memory:");
    await source.run(CONCEPTS);
  });
  afterEach(async () => {
    await source.close();
  });

  it("maps a JP Core-like NDJSON record to person, visit, condition, drug, measurement and observation period", async () => {
    const result = await importFhir(source, ndjson);
    expect(result.resources).toBe(8);
    expect(result.ignored).toEqual({ AllergyIntolerance: 1, Observation: 1 });
    expect(result.unmappedCodes).toEqual([`${JLAC10}|3D010000001926101`]);
    expect(result.tables).toEqual([
      { table: "person", rows: 1, skippedDuplicates: 0 },
      { table: "visit_occurrence", rows: 1, skippedDuplicates: 0 },
      { table: "condition_occurrence", rows: 1, skippedDuplicates: 0 },
      { table: "drug_exposure", rows: 1, skippedDuplicates: 0 },
      { table: "measurement", rows: 2, skippedDuplicates: 0 },
      { table: "observation_period", rows: 1, skippedDuplicates: 0 },
    ]);

    const [person] = await source.all<Record<string, unknown>>("SELECT * FROM person");
    expect(person).toMatchObject({
      gender_concept_id: 8507,
      year_of_birth: 1970,
      month_of_birth: 1,
      day_of_birth: 31,
      birth_datetime: "1970-01-31 00:00:00",
      person_source_value: "jp-patient-001",
    });
    const personId = person?.person_id as number;
    expect(Number.isSafeInteger(personId)).toBe(true);

    const [visit] = await source.all<Record<string, unknown>>("SELECT * FROM visit_occurrence");
    expect(visit).toMatchObject({
      person_id: personId,
      visit_concept_id: 9202,
      visit_start_date: "2024-04-01",
      visit_start_datetime: "2024-04-01 09:30:00",
      visit_end_date: "2024-04-01",
      visit_end_datetime: "2024-04-01 10:10:00",
      visit_type_concept_id: 32817,
    });
    const [condition] = await source.all<Record<string, unknown>>("SELECT * FROM condition_occurrence");
    // ICD-10 is not a standard vocabulary: the code's concept goes to the source concept only
    expect(condition).toMatchObject({
      person_id: personId,
      condition_concept_id: 0,
      condition_source_concept_id: 45542411,
      condition_source_value: "E11.9",
      condition_start_date: "2024-04-01",
      visit_occurrence_id: visit?.visit_occurrence_id,
    });
    const [drug] = await source.all<Record<string, unknown>>("SELECT * FROM drug_exposure");
    expect(drug).toMatchObject({
      drug_concept_id: 0,
      drug_source_concept_id: 21600712,
      drug_source_value: "A10BA02",
      drug_exposure_start_date: "2024-04-01",
      drug_exposure_end_date: "2024-04-14",
      days_supply: 14,
      quantity: 28,
      drug_type_concept_id: 32838,
      sig: "1回1錠 1日2回 朝夕食後",
    });
    expect(
      await source.all(
        "SELECT measurement_concept_id, measurement_source_concept_id, measurement_source_value, value_as_number, unit_concept_id, unit_source_value, range_low, range_high, measurement_date FROM measurement ORDER BY measurement_date",
      ),
    ).toEqual([
      {
        measurement_concept_id: 3004410,
        measurement_source_concept_id: 2000000001,
        measurement_source_value: "3D046000001906202",
        value_as_number: 7.2,
        unit_concept_id: 8554,
        unit_source_value: "%",
        range_low: 4.6,
        range_high: 6.2,
        measurement_date: "2024-04-01",
      },
      {
        measurement_concept_id: 0,
        measurement_source_concept_id: 0,
        measurement_source_value: "3D010000001926101",
        value_as_number: 142,
        unit_concept_id: 0,
        unit_source_value: "mg/dL",
        range_low: null,
        range_high: null,
        measurement_date: "2024-04-15",
      },
    ]);
    expect(
      await source.all(
        "SELECT person_id, observation_period_start_date AS s, observation_period_end_date AS e FROM observation_period",
      ),
    ).toEqual([{ person_id: personId, s: "2024-04-01", e: "2024-04-15" }]);
  });

  it("derives ids from resource ids: the same resources as a Bundle with urn:uuid references add nothing", async () => {
    const first = await importFhir(source, ndjson);
    const snapshot = await source.snapshotId();
    expect((await importFhir(source, ndjson)).unchanged).toBe(true);
    expect(await source.snapshotId()).toBe(snapshot);
    const before = await counts(source);

    const urls = new Map(resources.map((r) => [`${r.resourceType}/${r.id}`, `urn:uuid:${r.id}`]));
    const bundle = {
      resourceType: "Bundle",
      type: "collection",
      entry: resources.map((r) => ({
        fullUrl: urls.get(`${r.resourceType}/${r.id}`),
        resource: JSON.parse(
          JSON.stringify(r).replace(
            /"reference":"([A-Za-z]+\/[^"]+)"/g,
            (_, ref) => `"reference":"${urls.get(ref) ?? ref}"`,
          ),
        ),
      })),
    };
    expect(JSON.stringify(bundle)).toContain('"reference":"urn:uuid:jp-patient-001"');
    const second = await importFhir(source, JSON.stringify(bundle, null, 2));
    expect(second.fileSetId).not.toBe(first.fileSetId);
    expect(second.tables.map((t) => [t.table, t.rows])).toEqual([
      ["person", 0],
      ["visit_occurrence", 0],
      ["condition_occurrence", 0],
      ["drug_exposure", 0],
      ["measurement", 0],
      ["observation_period", 0],
    ]);
    expect(second.tables.find((t) => t.table === "measurement")?.skippedDuplicates).toBe(2);
    expect(await counts(source)).toEqual(before);
  });

  it("links events to a patient and an encounter imported before, and widens the observation period", async () => {
    await importFhir(source, ndjson);
    const later = {
      ...glucoseJlacOnly,
      id: "lab-003",
      encounter: { reference: "Encounter/enc-001" },
      effectiveDateTime: "2024-06-30T08:00:00+09:00",
    };
    const result = await importFhir(source, JSON.stringify(later));
    expect(result.tables).toEqual([
      { table: "measurement", rows: 1, skippedDuplicates: 0 },
      { table: "observation_period", rows: 1, skippedDuplicates: 0 },
    ]);
    expect(
      await source.all(
        "SELECT observation_period_start_date AS s, observation_period_end_date AS e FROM observation_period",
      ),
    ).toEqual([{ s: "2024-04-01", e: "2024-06-30" }]);
    const [linked] = await source.all<{ v: number | null }>(
      "SELECT visit_occurrence_id AS v FROM measurement WHERE measurement_date = DATE '2024-06-30'",
    );
    const [visit] = await source.all<{ v: number }>("SELECT visit_occurrence_id AS v FROM visit_occurrence");
    expect(linked?.v).toBe(visit?.v);
  });

  it("refuses invalid NDJSON naming line and JSON path, and writes nothing", async () => {
    const lines = [
      JSON.stringify({ ...patient, birthDate: "1970-02-30" }),
      JSON.stringify(encounter),
      JSON.stringify({
        ...prescription,
        medicationCodeableConcept: undefined,
        medicationReference: { reference: "Medication/1" },
      }),
      '{"resourceType": "Observation", "id": "broken",',
      JSON.stringify({ ...hba1c, valueQuantity: { value: "7.2", unit: "%" } }),
      JSON.stringify({ ...diagnosis, id: "cond-002", subject: { reference: "Patient/nobody" } }),
    ];
    const error = await rejection(importFhir(source, { name: "export.ndjson", text: lines.join("\n") }));
    expect(error.problems.map((p) => [p.file, p.line, p.column, p.value])).toEqual([
      ["export.ndjson", 1, "birthDate", "1970-02-30"],
      ["export.ndjson", 3, "medicationCodeableConcept", ""],
      ["export.ndjson", 4, "", '{"resourceType": "Observation", "id": "broken",'],
      ["export.ndjson", 5, "valueQuantity.value", "7.2"],
      ["export.ndjson", 6, "subject.reference", "Patient/nobody"],
    ]);
    expect(error.problems[1]?.message).toMatch(
      /missing: add medicationCodeableConcept .*put the code inline/,
    );
    expect(error.problems[2]?.message).toMatch(/not valid JSON/);
    expect(error.message).toContain(
      'export.ndjson:1 column birthDate value "1970-02-30": no such day in the calendar',
    );
    expect(await counts(source)).toEqual(Object.fromEntries(TABLES.map((t) => [t, 0])));
    expect(await source.all("SELECT count(*) AS n FROM kh_import_log")).toEqual([{ n: 0 }]);

    expect(error.problems[4]?.message).toMatch(
      /neither in this input nor imported before: include its Patient resource/,
    );
  });

  it("refuses an invalid Bundle naming the entry and JSON path", async () => {
    const bundle = {
      resourceType: "Bundle",
      type: "collection",
      entry: [
        { resource: patient },
        { resource: { ...encounter, period: { end: "2024-04-01" } } },
        { resource: { ...hba1c, valueQuantity: { value: "high" } } },
      ],
    };
    const error = await rejection(
      importFhir(source, { name: "bundle.json", text: JSON.stringify(bundle, null, 2) }),
    );
    expect(error.problems.map((p) => [p.entry, p.column])).toEqual([
      [1, "entry[1].resource.period.start"],
      [2, "entry[2].resource.valueQuantity.value"],
    ]);
    expect(error.message).toContain(
      "bundle.json entry 1 column entry[1].resource.period.start: missing: add start",
    );
    expect(await counts(source)).toEqual(Object.fromEntries(TABLES.map((t) => [t, 0])));
  });
});
