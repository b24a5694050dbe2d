import { randomBytes } from "node:crypto";
import type { Migration } from "kysely/migration";
import pg from "pg";
import { migrateToLatest, openStore, type Store, type StoreKind } from "./db.ts";
import { migrations as storeMigrations } from "./migrations/index.ts";

/**
 * The backends every integration suite runs on. PostgreSQL comes from TEST_DATABASE_URL, which
 * `npm test` sets after starting a throwaway server; without it the PostgreSQL suites fail loudly
 * rather than quietly testing one backend.
 */
export const TEST_BACKENDS: StoreKind[] = ["pglite", "postgres"];

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url)
    throw new Error(
      "TEST_DATABASE_URL is not set: run the suite with `npm test`, which installs and starts PostgreSQL, " +
        "or point TEST_DATABASE_URL at a PostgreSQL server where this user may CREATE DATABASE.",
    );
  return url;
}

/** A fresh, migrated store: an in-memory PGlite, or a new database on the test PostgreSQL server. */
export interface TestStore extends Store {
  /** how another process reaches the same database: a DATABASE_URL or a KAKEHASHI_DATA folder */
  env: Record<string, string>;
}

export async function openTestStore(
  kind: StoreKind,
  dataDir = "memory://",
  migrations: Record<string, Migration> = storeMigrations,
): Promise<TestStore> {
  if (kind === "pglite") {
    const store = await openStore({ dataDir });
    await migrateToLatest(store.db, migrations);
    return { ...store, env: { KAKEHASHI_DATA: dataDir } };
  }
  const admin = new URL(adminUrl());
  const name = `kh_test_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString() });
  await migrateToLatest(store.db, migrations);
  return {
    ...store,
    env: { DATABASE_URL: url.toString() },
    close: async () => {
      await store.close();
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
