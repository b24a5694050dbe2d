import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDataSource } from "./DataSource.ts";
import { CDM_TABLES } from "./schema.ts";

describe("openDataSource", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("creates the CDM tables and the engine's own, and reads values back as plain JS", async () => {
    const source = await openDataSource(":memory:");
    const tables = await source.all<{ name: string }>(
      "SELECT table_name AS name FROM duckdb_tables() ORDER BY 1",
    );
    expect(tables.map((t) => t.name)).toEqual(
      [...CDM_TABLES.map((t) => t.name), "kh_import_log", "kh_source"].sort(),
    );
    const [row] = await source.all(
      `SELECT 42::BIGINT AS id, 9007199254740993::BIGINT AS huge, DATE '2020-02-29' AS d,
         TIMESTAMP '2020-02-29 13:45:00' AS ts, 1.25::DOUBLE AS x, 2.50::DECIMAL(5, 2) AS dec, count(*) AS n,
         NULL::INTEGER AS nothing, 'text' AS s FROM range(3)`,
    );
    expect(row).toEqual({
      id: 42,
      huge: "9007199254740993",
      d: "2020-02-29",
      ts: "2020-02-29 13:45:00",
      x: 1.25,
      dec: 2.5,
      n: 3,
      nothing: null,
      s: "text",
    });
    await source.close();
  });

  it("binds parameters and counts changed rows", async () => {
    const source = await openDataSource(":memory:");
    const added = await source.run(
      "INSERT INTO person (person_id, gender_concept_id, year_of_birth, race_concept_id, ethnicity_concept_id) VALUES ($1, 8532, $2, 0, 0), ($3, 8507, 1970, 0, 0)",
      [1, 1980, 5_000_000_000],
    );
    expect(added).toBe(2);
    expect(await source.all("SELECT person_id FROM person WHERE year_of_birth = $y", { y: 1980 })).toEqual([
      { person_id: 1 },
    ]);
    expect(await source.all("SELECT max(person_id) AS m FROM person")).toEqual([{ m: 5_000_000_000 }]);
    await source.close();
  });

  it("rolls a failed transaction back entirely", async () => {
    const source = await openDataSource(":memory:");
    const insert = "INSERT INTO kh_source VALUES ('a', '1')";
    await expect(
      source.transaction(async () => {
        await source.run(insert);
        await source.run(insert); // duplicate primary key
      }),
    ).rejects.toThrow(/PRIMARY KEY|Duplicate key/i);
    expect(await source.all("SELECT count(*) AS n FROM kh_source")).toEqual([{ n: 0 }]);
    expect(await source.transaction(async () => source.run(insert))).toBe(1);
    expect(await source.all("SELECT count(*) AS n FROM kh_source")).toEqual([{ n: 1 }]);
    await source.close();
  });

  it("gives the same snapshot id to the same data and a new one when data or the import log change", async () => {
    const a = await openDataSource(":memory:");
    const b = await openDataSource(":memory:");
    expect(await a.snapshotId()).toMatch(/^[0-9a-f]{64}$/);
    expect(await a.snapshotId()).toBe(await b.snapshotId());
    const before = await a.snapshotId();
    await a.run("INSERT INTO concept_ancestor VALUES (1, 1, 0, 0)");
    const withRow = await a.snapshotId();
    expect(withRow).not.toBe(before);
    await a.run(
      "INSERT INTO kh_import_log VALUES ('set', 'X.csv', 'concept_ancestor', 1, 'abc', current_timestamp::TIMESTAMP)",
    );
    expect(await a.snapshotId()).not.toBe(withRow);
    await a.close();
    await b.close();
  });

  it("keeps its data in the DuckDB file across openings", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "kh-source-"));
    dirs.push(dir);
    const file = path.join(dir, "source.duckdb");
    const first = await openDataSource(file);
    await first.run("INSERT INTO kh_source VALUES ('cdm_version', '5.4')");
    const snapshot = await first.snapshotId();
    await first.close();
    const again = await openDataSource(file);
    expect(await again.all("SELECT value FROM kh_source")).toEqual([{ value: "5.4" }]);
    expect(await again.snapshotId()).toBe(snapshot);
    await again.close();
  });
});
