import { type Kysely, sql } from "kysely";

/** Saved trial designs with their evaluation, so they can be listed, reported and attached to seeds. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("trial_designs")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("spec", "jsonb", (c) => c.notNull())
    .addColumn("evaluation", "jsonb", (c) => c.notNull())
    .addColumn("engine_version", "text", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("trial_designs_org").on("trial_designs").column("organisation_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("trial_designs").ifExists().execute();
}
