import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import { type MigrationResultSet, Migrator } from "kysely/migration";
import pg from "pg";
import { migrations } from "./migrations/index.ts";
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

export async function openStore(options: StoreOptions = storeOptionsFromEnv()): Promise<Store> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    const url = new URL(options.databaseUrl);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: "postgres", location: `${url.host}${url.pathname}`, close: () => db.destroy() };
  }
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const location = dataDir.startsWith("memory://") ? dataDir : resolve(dataDir);
  if (!dataDir.startsWith("memory://")) mkdirSync(location, { recursive: true });
  const client = await PGlite.create(dataDir.startsWith("memory://") ? undefined : location);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return { db, kind: "pglite", location, close: () => db.destroy() };
}

/** Brings the schema to the latest migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
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
