import { type Kysely, sql } from "kysely";

/**
 * Compound libraries and target structures offered to screens (files in the screen workspace, rows
 * here for ownership and listing), and screen runs with their progress and result.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("screen_libraries")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("organisation_id", "uuid", (c) => c.references("organisations.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("file", "text", (c) => c.notNull())
    .addColumn("source_name", "text", (c) => c.notNull())
    .addColumn("molecules", "integer", (c) => c.notNull())
    .addColumn("failures", "jsonb", (c) => c.notNull())
    .addColumn("version", "text", (c) => c.notNull())
    .addColumn("parameters", "jsonb", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable("screen_targets")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("organisation_id", "uuid", (c) => c.references("organisations.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("file", "text", (c) => c.notNull())
    .addColumn("source_name", "text", (c) => c.notNull())
    .addColumn("chains", "jsonb", (c) => c.notNull())
    .addColumn("hetero_groups", "jsonb", (c) => c.notNull())
    .addColumn("default_chain", "text")
    .addColumn("default_ligand", "jsonb")
    .addColumn("created_by", "uuid", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable("screen_runs")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("request", "jsonb", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("progress", "jsonb")
    .addColumn("result", "jsonb")
    .addColumn("error", "text")
    .addColumn("engine_version", "text", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("started_at", "timestamptz")
    .addColumn("finished_at", "timestamptz")
    .execute();
  await db.schema.createIndex("screen_runs_org").on("screen_runs").column("organisation_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["screen_runs", "screen_targets", "screen_libraries"])
    await db.schema.dropTable(table).ifExists().execute();
}
