import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CDM_TABLES, cdmDdl } from "../cdm/schema.ts";
import { checkGcsfEffect, checkNegativeControl, type EffectCheck } from "./checks.ts";
import {
  atcConcept,
  CYTOTOXIC_CHEMOTHERAPY_GROUP,
  DRUGS,
  LABS,
  LOCAL_CONCEPT_MIN,
  LOCAL_VOCABULARY,
  SYNTHETIC_CONCEPTS,
} from "./concepts.ts";
import { PLANTED_EFFECTS } from "./effects.ts";
import { type GenerationSummary, generatePopulation } from "./generate.ts";

const CLINICAL_TABLES = [
  "person",
  "observation_period",
  "visit_occurrence",
  "condition_occurrence",
  "drug_exposure",
  "measurement",
  "death",
  "concept",
  "concept_ancestor",
  "cdm_source",
];

async function freshDatabase(): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  for (const statement of cdmDdl()) await connection.run(statement);
  return { instance, connection };
}

async function rows(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJS();
}

async function scalar(connection: DuckDBConnection, sql: string): Promise<number> {
  const [row] = (await connection.runAndReadAll(sql)).getRowsJS();
  return Number(row?.[0]);
}

/** row count and an order-independent checksum of every column of every table */
async function fingerprint(connection: DuckDBConnection): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of CLINICAL_TABLES) {
    const [row] = await rows(connection, `SELECT count(*) AS n, sum(hash(t)) AS h FROM ${table} t`);
    out[table] = `${row?.n}:${row?.h}`;
  }
  return out;
}

describe("synthetic population: determinism", () => {
  it("gives identical tables for the same seed, whatever the chunk size, and different ones for another seed", async () => {
    const a = await freshDatabase();
    const b = await freshDatabase();
    const c = await freshDatabase();
    try {
      await generatePopulation(a.connection, { persons: 2_500, seed: 11 });
      await generatePopulation(b.connection, { persons: 2_500, seed: 11, chunkSize: 700 });
      await generatePopulation(c.connection, { persons: 2_500, seed: 12 });
      const fa = await fingerprint(a.connection);
      expect(await fingerprint(b.connection)).toEqual(fa);
      const fc = await fingerprint(c.connection);
      expect(fc.measurement).not.toBe(fa.measurement);
      expect(fc.concept).toBe(fa.concept);
    } finally {
      for (const db of [a, b, c]) db.connection.disconnectSync();
    }
  });

  it("rejects bad options before writing anything, and tables that already hold persons", async () => {
    const db = await freshDatabase();
    try {
      await expect(generatePopulation(db.connection, { persons: 0, seed: 1 })).rejects.toThrow(/persons/);
      await expect(
        generatePopulation(db.connection, { persons: 10, seed: 1, startDate: "2020-02-30" }),
      ).rejects.toThrow(/calendar date/);
      await expect(
        generatePopulation(db.connection, {
          persons: 10,
          seed: 1,
          startDate: "2020-01-01",
          endDate: "2020-06-01",
        }),
      ).rejects.toThrow(/a year/);
      expect(await scalar(db.connection, "SELECT count(*) FROM person")).toBe(0);
      await generatePopulation(db.connection, { persons: 10, seed: 1 });
      await expect(generatePopulation(db.connection, { persons: 10, seed: 1 })).rejects.toThrow(/not empty/);
    } finally {
      db.connection.disconnectSync();
    }
  });
});

describe("synthetic population of 50,000 persons", () => {
  const persons = 50_000;
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let summary: GenerationSummary;
  const progress: [number, number][] = [];
  let gcsf: EffectCheck;
  let negativeControl: EffectCheck;

  beforeAll(async () => {
    db = await freshDatabase();
    summary = await generatePopulation(db.connection, {
      persons,
      seed: 6,
      onProgress: (done, total) => progress.push([done, total]),
    });
    gcsf = await checkGcsfEffect(db.connection);
    negativeControl = await checkNegativeControl(db.connection);
  }, 120_000);

  afterAll(() => db?.connection.disconnectSync());

  it("reports progress per chunk up to the total", () => {
    expect(progress[0]).toEqual([0, persons]);
    expect(progress.at(-1)).toEqual([persons, persons]);
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]?.[0]).toBeGreaterThanOrEqual(progress[i - 1]?.[0] ?? 0);
    }
    expect(progress.length).toBeGreaterThanOrEqual(persons / 10_000);
  });

  it("writes plausible numbers of rows, and the summary matches the tables", async () => {
    const c = db.connection;
    for (const table of CLINICAL_TABLES) {
      expect(await scalar(c, `SELECT count(*) FROM ${table}`)).toBe(summary.rows[table]);
    }
    expect(summary.rows.person).toBe(persons);
    expect(summary.rows.observation_period).toBe(persons);
    const perPerson = (table: string) => (summary.rows[table] ?? 0) / persons;
    expect(perPerson("visit_occurrence")).toBeGreaterThan(4);
    expect(perPerson("visit_occurrence")).toBeLessThan(25);
    expect(perPerson("condition_occurrence")).toBeGreaterThan(1.5);
    expect(perPerson("drug_exposure")).toBeGreaterThan(5);
    expect(perPerson("measurement")).toBeGreaterThan(30);
    expect(perPerson("measurement")).toBeLessThan(200);
    expect(perPerson("death")).toBeGreaterThan(0.02);
    expect(perPerson("death")).toBeLessThan(0.2);

    // Japan's hospital patients: many elderly, slightly more women
    const [demo] = await rows(
      c,
      `SELECT avg(CASE WHEN floor((op.observation_period_start_date - make_date(year_of_birth, month_of_birth, day_of_birth)) / 365.25) >= 65 THEN 1 ELSE 0 END) AS elderly,
        avg(CASE WHEN gender_concept_id = 8532 THEN 1 ELSE 0 END) AS female,
        avg(CASE WHEN v.n > 0 THEN 1 ELSE 0 END) AS admitted
       FROM person JOIN observation_period op USING (person_id)
       LEFT JOIN (SELECT person_id, count(*) AS n FROM visit_occurrence WHERE visit_concept_id = 9201 GROUP BY 1) v USING (person_id)`,
    );
    expect(Number(demo?.elderly)).toBeGreaterThan(0.45);
    expect(Number(demo?.elderly)).toBeLessThan(0.65);
    expect(Number(demo?.female)).toBeGreaterThan(0.5);
    expect(Number(demo?.female)).toBeLessThan(0.6);
    expect(Number(demo?.admitted)).toBeGreaterThan(0.05);

    // every event lies inside its person's observation period, every record points at an existing visit
    const outside = await scalar(
      c,
      `SELECT (SELECT count(*) FROM measurement m JOIN observation_period op USING (person_id)
          WHERE m.measurement_date NOT BETWEEN op.observation_period_start_date AND op.observation_period_end_date)
       + (SELECT count(*) FROM condition_occurrence x JOIN observation_period op USING (person_id)
          WHERE x.condition_start_date NOT BETWEEN op.observation_period_start_date AND op.observation_period_end_date)
       + (SELECT count(*) FROM drug_exposure x JOIN observation_period op USING (person_id)
          WHERE x.drug_exposure_start_date NOT BETWEEN op.observation_period_start_date AND op.observation_period_end_date
             OR x.drug_exposure_end_date < x.drug_exposure_start_date OR x.drug_exposure_end_date > op.observation_period_end_date)
       + (SELECT count(*) FROM visit_occurrence x JOIN observation_period op USING (person_id)
          WHERE x.visit_start_date < op.observation_period_start_date OR x.visit_end_date > op.observation_period_end_date)
       + (SELECT count(*) FROM death d JOIN observation_period op USING (person_id) WHERE d.death_date <> op.observation_period_end_date)
       + (SELECT count(*) FROM measurement m LEFT JOIN visit_occurrence v USING (visit_occurrence_id)
          WHERE v.visit_occurrence_id IS NULL OR v.person_id <> m.person_id
             OR m.measurement_date NOT BETWEEN v.visit_start_date AND v.visit_end_date)`,
    );
    expect(outside).toBe(0);
  });

  it("has values, units and reference ranges for every laboratory item", async () => {
    expect(LABS.length).toBeGreaterThanOrEqual(30);
    const stats = await rows(
      db.connection,
      `SELECT measurement_concept_id AS id, count(*) AS n, count(value_as_number) AS valued,
        count(DISTINCT unit_concept_id) AS units, min(unit_concept_id) AS unit, count(range_low) + count(range_high) AS ranged,
        median(value_as_number) AS median
       FROM measurement GROUP BY 1`,
    );
    const byId = new Map(stats.map((s) => [Number(s.id), s]));
    for (const lab of LABS) {
      const s = byId.get(lab.conceptId);
      expect(s, lab.key).toBeDefined();
      expect(Number(s?.n), lab.key).toBeGreaterThan(100);
      expect(Number(s?.valued), lab.key).toBe(Number(s?.n));
      expect(Number(s?.units), lab.key).toBe(1);
      expect(Number(s?.unit), lab.key).toBe(lab.unit.conceptId);
      expect(Number(s?.ranged), lab.key).toBeGreaterThan(0);
      // the median patient value sits near the reference interval (disease-specific items may sit outside it)
      const [lo, hi] = lab.range.male;
      const median = Number(s?.median);
      if (lo !== null) expect(median, lab.key).toBeGreaterThan(lo * 0.5);
      if (hi !== null && !["hba1c", "bnp", "crp"].includes(lab.key))
        expect(median, lab.key).toBeLessThan(hi * 1.3);
    }
    const plt = byId.get(LABS.find((l) => l.key === "plt")?.conceptId ?? 0);
    expect(Number(plt?.median)).toBeGreaterThan(180);
    expect(Number(plt?.median)).toBeLessThan(300);
  });

  it("uses only concept ids that exist in concept, local ids only in the local range", async () => {
    const missing: string[] = [];
    for (const table of CDM_TABLES) {
      for (const col of table.columns.filter((cl) => cl.concept)) {
        const n = await scalar(
          db.connection,
          `SELECT count(*) FROM ${table.name} t WHERE t.${col.name} IS NOT NULL AND t.${col.name} <> 0
             AND t.${col.name} NOT IN (SELECT concept_id FROM concept)`,
        );
        if (n > 0) missing.push(`${table.name}.${col.name}: ${n}`);
      }
    }
    expect(missing).toEqual([]);
    for (const row of SYNTHETIC_CONCEPTS) {
      expect(row.vocabularyId === LOCAL_VOCABULARY, `${row.conceptId} ${row.conceptName}`).toBe(
        row.conceptId >= LOCAL_CONCEPT_MIN,
      );
    }
    expect(await scalar(db.connection, "SELECT count(*) FROM concept")).toBe(SYNTHETIC_CONCEPTS.length);
  });

  it("puts ingredients under their ATC classes in concept_ancestor", async () => {
    const c = db.connection;
    const descendants = async (ancestor: number) =>
      (
        await rows(
          c,
          `SELECT descendant_concept_id AS d FROM concept_ancestor WHERE ancestor_concept_id = ${ancestor}`,
        )
      ).map((r) => Number(r.d));
    const csf = await descendants(atcConcept("L03AA"));
    for (const key of ["filgrastim", "pegfilgrastim", "lenograstim"]) {
      expect(csf).toContain(DRUGS.find((d) => d.key === key)?.conceptId);
    }
    const ppi = await descendants(atcConcept("A02BC"));
    expect(PLANTED_EFFECTS.negativeControl.targetConceptIds.every((id) => ppi.includes(id))).toBe(true);
    const cytotoxic = await descendants(CYTOTOXIC_CHEMOTHERAPY_GROUP);
    expect(cytotoxic).toContain(DRUGS.find((d) => d.key === "carboplatin")?.conceptId);
    expect(cytotoxic).not.toContain(DRUGS.find((d) => d.key === "rituximab")?.conceptId);
    const classCodes = await rows(
      c,
      `SELECT a.concept_code AS code FROM concept_ancestor ca JOIN concept a ON a.concept_id = ca.ancestor_concept_id
       WHERE ca.descendant_concept_id = ${DRUGS.find((d) => d.key === "pegfilgrastim")?.conceptId} ORDER BY a.concept_code`,
    );
    // the ingredient itself (RxCUI), then ATC levels 1-5; not a cytotoxic agent
    expect(classCodes.map((r) => r.code)).toEqual(["338036", "L", "L03", "L03A", "L03AA", "L03AA13"]);
  });

  it("shows the planted G-CSF effect: pegfilgrastim vs filgrastim, platelets < 50 on days 2-7", () => {
    expect(gcsf.targetPersons).toBeGreaterThan(800);
    expect(gcsf.comparatorPersons).toBeGreaterThan(800);
    expect(gcsf.targetPersons).toBe(summary.truth.gcsf.pegfilgrastimNewUsers);
    expect(gcsf.comparatorPersons).toBe(summary.truth.gcsf.filgrastimNewUsers);
    expect(gcsf.targetEvents).toBe(summary.truth.gcsf.pegfilgrastimEvents);
    expect(gcsf.comparatorEvents).toBe(summary.truth.gcsf.filgrastimEvents);
    // crude: the planted 2.0 plus the planted confounding (older, sicker patients get pegfilgrastim)
    expect(gcsf.crudeRateRatio).toBeGreaterThan(1.6);
    expect(gcsf.crudeRateRatio).toBeLessThan(3.4);
    // stratified on exactly the planted confounders: the planted hazard ratio, within sampling error
    expect(gcsf.adjustedRateRatio).toBeGreaterThan(1.5);
    expect(gcsf.adjustedRateRatio).toBeLessThan(2.6);
    expect(gcsf.crudeRateRatio).toBeGreaterThan(gcsf.adjustedRateRatio);
  });

  it("shows no effect for the negative control: PPI vs H2RA and ingrowing nail", () => {
    expect(negativeControl.targetPersons).toBeGreaterThan(3_000);
    expect(negativeControl.comparatorPersons).toBeGreaterThan(1_500);
    expect(negativeControl.targetEvents + negativeControl.comparatorEvents).toBeGreaterThan(200);
    expect(negativeControl.adjustedRateRatio).toBeGreaterThan(0.75);
    expect(negativeControl.adjustedRateRatio).toBeLessThan(1.33);
    expect(negativeControl.crudeRateRatio).toBeGreaterThan(negativeControl.adjustedRateRatio);
  });
});
