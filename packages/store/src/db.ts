import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { Kysely, PostgresDialect } from "kysely";
import { type Migration, type MigrationResultSet, Migrator } from "kysely/migration";
import pg from "pg";
import { migrations as storeMigrations } from "./migrations/index.ts";
import { PGliteDialect } from "./pglite-dialect.ts";
import type { Database } from "./schema.ts";

export type StoreKind = "pglite" | "postgres";

export interface StoreOptions {
  /** postgres://… — when set, the server database is used instead of the embedded one */
  databaseUrl?: string;
  /** folder of the embedded PGlite database; `memory://` for a throwaway one */
  dataDir?: string;
}

export interface Store {
  db: Kysely<Database>;
  kind: StoreKind;
  /** where the data lives, for people: a folder or the server's host/database */
  location: string;
  close(): Promise<void>;
}

export const DEFAULT_DATA_DIR = ".kakehashi-data";

/** Options from the environment: DATABASE_URL wins, else KAKEHASHI_DATA (default ./.kakehashi-data). */
export function storeOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): StoreOptions {
  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl) return { databaseUrl };
  return { dataDir: env.KAKEHASHI_DATA?.trim() || DEFAULT_DATA_DIR };
}

// Calendar dates stay "YYYY-MM-DD" strings (a Date would shift them by the time zone) and bigint
// columns (JPY amounts, audit sequence numbers) become numbers: both stay far below 2^53.
const DATE_OID = 1082;
const INT8_OID = 20;
const parseDate = (value: string) => value;
const parseInt8 = (value: string) => Number(value);
const pgTypes = {
  getTypeParser: (oid: number, format?: "text" | "binary") => {
    if (oid === DATE_OID) return parseDate;
    if (oid === INT8_OID) return parseInt8;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export async function openStore(options: StoreOptions = storeOptionsFromEnv()): Promise<Store> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10, types: pgTypes });
    // An idle connection the server drops (restart, admin termination) is an 'error' event on the pool;
    // unheard, Node turns it into an uncaught exception. The pool has already discarded that client and
    // opens a new one for the next query, so a warning is all it deserves.
    pool.on("error", (error) =>
      process.emitWarning(`PostgreSQL connection lost while idle: ${error.message}`),
    );
    const url = new URL(options.databaseUrl);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: "postgres", location: `${url.host}${url.pathname}`, close: () => db.destroy() };
  }
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const location = dataDir.startsWith("memory://") ? dataDir : resolve(dataDir);
  if (!dataDir.startsWith("memory://")) mkdirSync(location, { recursive: true });
  const client = await PGlite.create(dataDir.startsWith("memory://") ? undefined : location, {
    extensions: { pg_trgm },
    parsers: { [DATE_OID]: parseDate, [INT8_OID]: parseInt8 },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return { db, kind: "pglite", location, close: () => db.destroy() };
}

/**
 * Brings the schema to the latest migration; throws with the failing migration's name. Packages with
 * tables of their own (pipeline, …) pass their migrations along with the store's.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  migrations: Record<string, Migration> = storeMigrations,
): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: "kysely_migration",
    migrationLockTableName: "kysely_migration_lock",
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`Migration ${failed} failed: ${String(result.error)}`, { cause: result.error });
  }
  return result;
}
