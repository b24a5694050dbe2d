import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile, cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DataSource, openDataSource } from "../cdm/DataSource.ts";
import { CDM_TABLES } from "../cdm/schema.ts";
import { ImportError } from "./ImportError.ts";
import { importOmopCsvFolder } from "./OmopCsv.ts";

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "kh-omop-"));
  temps.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function counts(source: DataSource): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of CDM_TABLES) {
    const [row] = await source.all<{ n: number }>(`SELECT count(*) AS n FROM ${t.name}`);
    out[t.name] = row?.n ?? -1;
  }
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

describe("importOmopCsvFolder on hand-made files", () => {
  it("reads any case of file and column names, v5.3 column names, TSV, gzip, YYYYMMDD dates and missing optional columns", async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, "Person.CSV"),
      "Person_ID,GENDER_concept_id,year_of_birth,race_concept_id,ethnicity_concept_id,unknown_extra\n" +
        "1,8507,1970,0,0,ignored\n2,8532,1985,0,0,\n",
    );
    await writeFile(
      path.join(dir, "visit_occurrence.tsv.gz"),
      gzipSync(
        "visit_occurrence_id\tperson_id\tvisit_concept_id\tvisit_start_date\tvisit_end_date\tvisit_type_concept_id\tADMITTING_SOURCE_CONCEPT_ID\tdischarge_to_concept_id\tdischarge_to_source_value\n" +
          "10\t1\t9201\t20200105\t20200109\t32817\t8870\t8536\thome\n",
      ),
    );
    await writeFile(path.join(dir, "LOCATION.csv"), "location_id\n1\n");
    await writeFile(path.join(dir, "notes.md"), "not data");
    const source = await openDataSource(":memory:");
    const progress: string[] = [];
    const result = await importOmopCsvFolder(source, dir, {
      onProgress: (p) => progress.push(`${p.done}/${p.total} ${p.table} ${p.rows}`),
    });
    expect(result.cdmVersion).toBe("5.3");
    expect(result.ignoredTables).toEqual(["location"]);
    expect(result.tables).toEqual([
      { table: "person", file: "Person.CSV", rows: 2, skippedDuplicates: 0 },
      { table: "visit_occurrence", file: "visit_occurrence.tsv.gz", rows: 1, skippedDuplicates: 0 },
    ]);
    expect(progress).toEqual(["1/2 person 2", "2/2 visit_occurrence 1"]);
    expect(
      await source.all("SELECT person_id, gender_concept_id, month_of_birth FROM person ORDER BY 1"),
    ).toEqual([
      { person_id: 1, gender_concept_id: 8507, month_of_birth: null },
      { person_id: 2, gender_concept_id: 8532, month_of_birth: null },
    ]);
    expect(
      await source.all(
        "SELECT visit_start_date, visit_end_date, admitted_from_concept_id, discharged_to_concept_id, discharged_to_source_value FROM visit_occurrence",
      ),
    ).toEqual([
      {
        visit_start_date: "2020-01-05",
        visit_end_date: "2020-01-09",
        admitted_from_concept_id: 8870,
        discharged_to_concept_id: 8536,
        discharged_to_source_value: "home",
      },
    ]);
    await source.close();
  });

  it("names the physical line, the column and the value of a bad cell, past quoted line breaks, and writes nothing", async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, "CONCEPT.csv"),
      "concept_id,concept_name,domain_id,vocabulary_id,concept_class_id,standard_concept,concept_code,valid_start_date,valid_end_date,invalid_reason\n" +
        '1,"a name\nover two lines",Condition,SNOMED,Clinical Finding,S,1,1970-01-01,2099-12-31,\n' +
        "2,ok,Condition,SNOMED,Clinical Finding,S,2,1970-01-01,2099-31-12,\n" +
        "x3,ok,Condition,SNOMED,Clinical Finding,S,3,1970-01-01,2099-12-31,\n" +
        "4,short,Condition\n",
    );
    await writeFile(
      path.join(dir, "person.csv"),
      "person_id,gender_concept_id,year_of_birth,race_concept_id,ethnicity_concept_id\n1,8507,1970,0,0\n",
    );
    const source = await openDataSource(":memory:");
    const error = await rejection(importOmopCsvFolder(source, dir));
    const file = path.join(dir, "CONCEPT.csv");
    expect(error.problems).toEqual([
      expect.objectContaining({ file, line: 4, column: "valid_end_date", value: "2099-31-12" }),
      expect.objectContaining({ file, line: 5, column: "concept_id", value: "x3" }),
      expect.objectContaining({ file, line: 6, column: "vocabulary_id", value: "" }),
    ]);
    expect(error.problems[0]?.message).toMatch(/YYYY-MM-DD/);
    expect(error.problems[1]?.message).toMatch(/whole number|concept id/);
    expect(error.problems[2]?.message).toMatch(/the row has 3 fields, fewer than the header's 10/);
    expect(error.message).toContain(`${file}:4 column valid_end_date value "2099-31-12"`);
    expect(await counts(source)).toEqual(Object.fromEntries(CDM_TABLES.map((t) => [t.name, 0])));
    expect(await source.all("SELECT count(*) AS n FROM kh_import_log")).toEqual([{ n: 0 }]);
    await source.close();
  });

  it("refuses a header without a required column, and a folder without CDM files", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, "OBSERVATION_PERIOD.csv"), "observation_period_id,person_id\n1,1\n");
    const source = await openDataSource(":memory:");
    const error = await rejection(importOmopCsvFolder(source, dir));
    expect(error.problems.map((p) => [p.line, p.column])).toEqual([
      [1, "observation_period_start_date"],
      [1, "observation_period_end_date"],
    ]);
    const empty = await tempDir();
    await writeFile(path.join(empty, "readme.txt"), "hello");
    await expect(importOmopCsvFolder(source, empty)).rejects.toThrow(/no OMOP CDM table files.*PERSON\.csv/);
    await expect(importOmopCsvFolder(source, path.join(empty, "missing"))).rejects.toThrow(/no such folder/);
    await source.close();
  });

  it("refuses a key on rows with different values, naming the lines", async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, "PERSON.csv"),
      "PERSON_ID,GENDER_CONCEPT_ID,YEAR_OF_BIRTH,RACE_CONCEPT_ID,ETHNICITY_CONCEPT_ID\n" +
        "1,8507,1970,0,0\n2,8532,1980,0,0\n1,8507,1971,0,0\n",
    );
    const source = await openDataSource(":memory:");
    const error = await rejection(importOmopCsvFolder(source, dir));
    expect(error.problems).toEqual([
      expect.objectContaining({
        file: path.join(dir, "PERSON.csv"),
        line: 4,
        column: "PERSON_ID",
        value: "1",
      }),
    ]);
    expect(error.problems[0]?.message).toMatch(
      /person_id 1 is on 2 rows with different values \(lines 2, 4\)/,
    );
    await source.close();
  });

  it("adds nothing twice: primary keys for keyed tables, all columns for the others", async () => {
    const dir = await tempDir();
    const death =
      "person_id,death_date,death_type_concept_id\n1,2020-01-01,32817\n1,2020-01-01,32817\n2,2021-05-05,\n";
    await writeFile(path.join(dir, "death.csv"), death);
    await writeFile(
      path.join(dir, "person.csv"),
      "person_id,gender_concept_id,year_of_birth,race_concept_id,ethnicity_concept_id\n1,8507,1970,0,0\n1,8507,1970,0,0\n",
    );
    const source = await openDataSource(":memory:");
    const first = await importOmopCsvFolder(source, dir);
    expect(
      first.tables.map(({ table, rows, skippedDuplicates }) => [table, rows, skippedDuplicates]),
    ).toEqual([
      ["person", 1, 1],
      ["death", 2, 1],
    ]);
    const snapshot = await source.snapshotId();
    const again = await importOmopCsvFolder(source, dir);
    expect(again.unchanged).toBe(true);
    expect(again.fileSetId).toBe(first.fileSetId);
    expect(await source.snapshotId()).toBe(snapshot);

    await appendFile(path.join(dir, "death.csv"), "3,2022-02-02,32817\n");
    await writeFile(
      path.join(dir, "person.csv"),
      "person_id,gender_concept_id,year_of_birth,race_concept_id,ethnicity_concept_id\n1,8507,1970,0,0\n2,8532,1990,0,0\n",
    );
    const changed = await importOmopCsvFolder(source, dir);
    expect(changed.unchanged).toBe(false);
    expect(changed.fileSetId).not.toBe(first.fileSetId);
    expect(
      changed.tables.map(({ table, rows, skippedDuplicates }) => [table, rows, skippedDuplicates]),
    ).toEqual([
      ["person", 1, 1],
      ["death", 1, 3],
    ]);
    expect(await source.all("SELECT person_id, death_type_concept_id FROM death ORDER BY 1")).toEqual([
      { person_id: 1, death_type_concept_id: 32817 },
      { person_id: 2, death_type_concept_id: null },
      { person_id: 3, death_type_concept_id: 32817 },
    ]);
    await source.close();
  });
});

// ---------------------------------------------------------------------------------------------------------
// Real data: Eunomia GiBleed (v5.3 CSV) and Synthea 27 NJ (v5.4 zip).

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const sharedData = process.env.KAKEHASHI_SHARED_DATA ?? path.resolve(repoRoot, "../shared/data");
const eunomiaDir = path.join(sharedData, "omop", "eunomia-gibleed-5.3");
const haveEunomia = existsSync(path.join(eunomiaDir, "PERSON.csv"));
if (!haveEunomia) console.warn(`shared data not found at ${eunomiaDir}: Eunomia tests did not run`);

/** Data rows of a CSV: lines minus the header (none of these files has a line break inside a value). */
async function dataLines(file: string): Promise<number> {
  const text = await readFile(file, "utf8");
  return text.split("\n").filter((l) => l.trim() !== "").length - 1;
}

describe.skipIf(!haveEunomia)("importOmopCsvFolder on Eunomia GiBleed (OMOP CDM v5.3)", () => {
  let source: DataSource;
  let first: Awaited<ReturnType<typeof importOmopCsvFolder>>;
  const expected: Record<string, number> = {};

  beforeAll(async () => {
    for (const t of CDM_TABLES) {
      const file = path.join(eunomiaDir, `${t.name.toUpperCase()}.csv`);
      expected[t.name] = existsSync(file) ? await dataLines(file) : 0;
    }
    source = await openDataSource(":memory:");
    const started = performance.now();
    first = await importOmopCsvFolder(source, eunomiaDir);
    console.info(`Eunomia imported in ${Math.round(performance.now() - started)} ms`);
  });
  afterAll(async () => {
    await source?.close();
  });

  it("imports every kept table whole: row counts equal the CSV lines minus the header", async () => {
    expect(expected.person).toBe(2694);
    expect(await counts(source)).toEqual(expected);
    for (const t of first.tables) {
      expect(t.rows).toBe(expected[t.table]);
      expect(t.skippedDuplicates).toBe(0);
    }
    expect(first.cdmVersion).toBe("5.3");
    expect(first.ignoredTables).toEqual(
      expect.arrayContaining(["observation", "procedure_occurrence", "vocabulary"]),
    );
    expect(first.ignoredTables).not.toContain("person");
    // v5.3 CDM_SOURCE has no cdm_version_concept_id: 0 ("no matching concept"), as the CDM conventions say
    expect(await source.all("SELECT cdm_version, cdm_version_concept_id FROM cdm_source")).toEqual([
      { cdm_version: "v5.3.1", cdm_version_concept_id: 0 },
    ]);
    const log = await source.all<{ n: number }>(
      "SELECT count(*) AS n FROM kh_import_log WHERE file_set_id = $1",
      [first.fileSetId],
    );
    expect(log[0]?.n).toBe(first.tables.length);
  });

  it("recognises the same file set and adds nothing", async () => {
    const snapshot = await source.snapshotId();
    const again = await importOmopCsvFolder(source, eunomiaDir);
    expect(again.unchanged).toBe(true);
    expect(again.fileSetId).toBe(first.fileSetId);
    expect(again.cdmVersion).toBe("5.3");
    expect(again.tables.every((t) => t.rows === 0)).toBe(true);
    expect(await counts(source)).toEqual(expected);
    expect(await source.snapshotId()).toBe(snapshot);
  });

  it("re-reads a changed copy and adds only its new rows", async () => {
    const dir = await tempDir();
    await cp(eunomiaDir, dir, { recursive: true });
    await appendFile(path.join(dir, "OBSERVATION_PERIOD.csv"), "999001,6,2019-01-01,2019-12-31,44814724\n");
    await appendFile(path.join(dir, "CONCEPT_ANCESTOR.csv"), "1,2,1,1\n");
    const result = await importOmopCsvFolder(source, dir);
    expect(result.unchanged).toBe(false);
    expect(result.cdmVersion).toBe("5.3");
    const byTable = Object.fromEntries(result.tables.map((t) => [t.table, [t.rows, t.skippedDuplicates]]));
    expect(byTable.observation_period).toEqual([1, expected.observation_period]);
    expect(byTable.concept_ancestor).toEqual([1, expected.concept_ancestor]);
    expect(byTable.person).toEqual([0, expected.person]);
    const now = await counts(source);
    expect(now.observation_period).toBe((expected.observation_period ?? 0) + 1);
    expect(now.concept_ancestor).toBe((expected.concept_ancestor ?? 0) + 1);
    expect(now.person).toBe(expected.person);
    // undo, so the other tests see Eunomia as it is
    await source.run("DELETE FROM observation_period WHERE observation_period_id = 999001");
    await source.run(
      "DELETE FROM concept_ancestor WHERE ancestor_concept_id = 1 AND descendant_concept_id = 2",
    );
    await source.run("DELETE FROM kh_import_log WHERE file_set_id = $1", [result.fileSetId]);
  });

  it("rejects a copy with one broken date, naming file, line and column, and leaves the source unchanged", async () => {
    const dir = await tempDir();
    await cp(eunomiaDir, dir, { recursive: true });
    const file = path.join(dir, "DRUG_ERA.csv");
    const lines = (await readFile(file, "utf8")).split("\n");
    const broken = 40_000; // 1-based line in the file
    const cells = (lines[broken - 1] as string).split(",");
    const original = cells[3];
    cells[3] = "2001-02-30";
    lines[broken - 1] = cells.join(",");
    await writeFile(file, lines.join("\n"));
    // also a new row elsewhere, which must not get in either
    await appendFile(path.join(dir, "PERSON.csv"), "999002,8507,1970,1,1,,8527,0,,,,new,M,0,white,0,x,0\n");

    const before = await counts(source);
    const snapshot = await source.snapshotId();
    const error = await rejection(importOmopCsvFolder(source, dir));
    expect(original).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({
      file,
      line: broken,
      column: "DRUG_ERA_START_DATE",
      value: "2001-02-30",
    });
    expect(error.message).toContain(`DRUG_ERA.csv:${broken} column DRUG_ERA_START_DATE value "2001-02-30"`);
    expect(await counts(source)).toEqual(before);
    expect(await source.snapshotId()).toBe(snapshot);
  });

  it("persists to a DuckDB file", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "eunomia.duckdb");
    const onDisk = await openDataSource(file);
    const started = performance.now();
    await importOmopCsvFolder(onDisk, eunomiaDir);
    console.info(`Eunomia imported into a DuckDB file in ${Math.round(performance.now() - started)} ms`);
    await onDisk.close();
    const reopened = await openDataSource(file);
    expect(await counts(reopened)).toEqual(expected);
    expect(await reopened.snapshotId()).toBe(await source.snapshotId());
    await reopened.close();
  });
});

const syntheaZip = path.join(sharedData, "omop", "synthea27nj-5.4", "Synthea27Nj_5.4.zip");
const haveUnzip = spawnSync("unzip", ["-v"], { stdio: "ignore" }).status === 0;
if (existsSync(syntheaZip) && !haveUnzip)
  console.warn("unzip not installed: the Synthea v5.4 zip test did not run");

describe.skipIf(!existsSync(syntheaZip) || !haveUnzip)(
  "importOmopCsvFolder on Synthea 27 NJ (OMOP CDM v5.4)",
  () => {
    it("imports the v5.4 files", async () => {
      const dir = await tempDir();
      const unzip = spawnSync("unzip", ["-q", syntheaZip, "-d", dir]);
      expect(unzip.status).toBe(0);
      const source = await openDataSource(":memory:");
      const result = await importOmopCsvFolder(source, dir);
      expect(result.cdmVersion).toBe("5.4");
      const names = await readdir(dir);
      for (const t of result.tables) {
        const file = names.find((n) => n.toLowerCase() === `${t.table}.csv`) as string;
        expect([t.table, t.rows]).toEqual([t.table, await dataLines(path.join(dir, file))]);
      }
      expect((await counts(source)).measurement).toBeGreaterThan(10_000);
      expect(await source.all("SELECT cdm_version_concept_id FROM cdm_source")).toEqual([
        { cdm_version_concept_id: 756265 },
      ]);
      await source.close();
    });
  },
);
