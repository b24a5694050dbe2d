import { type Kysely, sql } from "kysely";

/** Study results kept in the platform store, so they can be listed, shared and attached to seeds. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("rwd_studies")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("source_name", "text", (c) => c.notNull())
    .addColumn("snapshot_id", "text", (c) => c.notNull())
    .addColumn("engine_version", "text", (c) => c.notNull())
    .addColumn("spec", "jsonb", (c) => c.notNull())
    .addColumn("released_result", "jsonb", (c) => c.notNull())
    .addColumn("hazard_ratio", "double precision", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("rwd_studies").ifExists().execute();
}
