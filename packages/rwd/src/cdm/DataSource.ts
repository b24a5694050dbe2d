import { createHash } from "node:crypto";
import {
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBResultReader,
  DuckDBTypeId,
  type DuckDBValue,
} from "@duckdb/node-api";
import { CDM_TABLES, cdmDdl } from "./schema.ts";

export type SqlParams = DuckDBValue[] | Record<string, DuckDBValue>;

/** One OMOP CDM database (a DuckDB file) that the engine reads studies from. */
export interface DataSource {
  /** the .duckdb file, or ":memory:" */
  readonly path: string;
  readonly connection: DuckDBConnection;
  /** Runs a statement; resolves to the number of rows it inserted, updated or deleted. */
  run(sql: string, params?: SqlParams): Promise<number>;
  /**
   * Row objects: integers as JS numbers (as decimal strings when beyond ±2^53), DATE as "YYYY-MM-DD",
   * TIMESTAMP as "YYYY-MM-DD HH:MM:SS", NULL as null.
   */
  all<T = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<T[]>;
  /** Runs fn inside one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** sha256 over the import log and every CDM table's row count: names exactly the data a study ran on. */
  snapshotId(): Promise<string>;
  close(): Promise<void>;
}

export const ENGINE_DDL = [
  `CREATE TABLE IF NOT EXISTS kh_import_log (file_set_id VARCHAR NOT NULL, file VARCHAR NOT NULL,
    table_name VARCHAR NOT NULL, rows BIGINT NOT NULL, sha256 VARCHAR NOT NULL, imported_at TIMESTAMP NOT NULL)`,
  "CREATE TABLE IF NOT EXISTS kh_source (key VARCHAR PRIMARY KEY, value VARCHAR)",
];

const WIDE_INTEGERS = new Set<DuckDBTypeId>([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.UHUGEINT,
]);

function rowObjects<T>(reader: DuckDBResultReader): T[] {
  const rows = reader.getRowObjectsJson();
  const names = reader.deduplicatedColumnNames();
  const types = reader.columnTypes();
  // The Json converter keeps 64-bit integers and decimals as strings so nothing is lost; callers want numbers.
  const numeric = names.filter((_, i) => {
    const id = types[i]?.typeId;
    return id !== undefined && (WIDE_INTEGERS.has(id) || id === DuckDBTypeId.DECIMAL);
  });
  if (numeric.length > 0) {
    for (const row of rows as Record<string, unknown>[]) {
      for (const name of numeric) {
        const value = row[name];
        if (typeof value !== "string") continue;
        const n = Number(value);
        if (Number.isSafeInteger(n) || !/^-?\d+$/.test(value)) row[name] = n;
      }
    }
  }
  return rows as T[];
}

export interface DataSourceOptions {
  /**
   * DuckDB's buffer-pool limit, e.g. "2GB" (default: KAKEHASHI_DUCKDB_MEMORY_LIMIT, else DuckDB's 80 % of
   * RAM). Loading millions of persons keeps every written page cached up to the limit; a bound keeps the
   * process small (measured: 300,000 persons at "1GB" peaked at 1.5 GB RSS, flat from 100,000 on).
   */
  memoryLimit?: string;
}

export async function openDataSource(path: string, options: DataSourceOptions = {}): Promise<DataSource> {
  const memoryLimit = options.memoryLimit ?? process.env.KAKEHASHI_DUCKDB_MEMORY_LIMIT?.trim();
  const instance = await DuckDBInstance.create(path, memoryLimit ? { memory_limit: memoryLimit } : {});
  const connection = await instance.connect();
  for (const sql of [...cdmDdl(), ...ENGINE_DDL]) await connection.run(sql);

  const all = async <T>(sql: string, params?: SqlParams): Promise<T[]> =>
    rowObjects<T>(await connection.runAndReadAll(sql, params));
  const run = async (sql: string, params?: SqlParams): Promise<number> =>
    (await connection.run(sql, params)).rowsChanged;

  let inTransaction = false;
  return {
    path,
    connection,
    run,
    all,
    async transaction<T>(fn: () => Promise<T>): Promise<T> {
      // DuckDB has no nested transactions; an inner call simply joins the outer one.
      if (inTransaction) return fn();
      await run("BEGIN TRANSACTION");
      inTransaction = true;
      try {
        const result = await fn();
        await run("COMMIT");
        return result;
      } catch (error) {
        await run("ROLLBACK");
        throw error;
      } finally {
        inTransaction = false;
      }
    },
    async snapshotId(): Promise<string> {
      const hash = createHash("sha256");
      const log = await all<Record<string, unknown>>(
        `SELECT file_set_id, file, table_name, rows, sha256 FROM kh_import_log
         ORDER BY file_set_id, table_name, file, sha256`,
      );
      // imported_at stays out: the same files imported on another day are the same data.
      for (const entry of log) hash.update(`log\t${Object.values(entry).join("\t")}\n`);
      const counts = await all<{ t: string; n: number }>(
        CDM_TABLES.map((t) => `SELECT '${t.name}' AS t, count(*) AS n FROM ${t.name}`).join(" UNION ALL "),
      );
      for (const { t, n } of counts.sort((a, b) => a.t.localeCompare(b.t)))
        hash.update(`count\t${t}\t${n}\n`);
      return hash.digest("hex");
    },
    async close(): Promise<void> {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
