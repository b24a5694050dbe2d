import { PROGRAMMES } from "@kakehashi/pipeline";
import { type Kysely, sql } from "kysely";
import {
  DEAL_TYPES,
  FEEDBACK_DECISIONS,
  FEEDBACK_REASONS,
  OUTREACH_STATUSES,
  PARTY_KINDS,
} from "./vocabulary.ts";

const oneOf = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

/** Partnering profiles, match weights, feedback on proposed matches, mentorships and outreach. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("partnering_partner_profiles")
    .addColumn("organisation_id", "uuid", (c) => c.primaryKey().references("organisations.id"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('company', 'investor')`))
    .addColumn("profile", "jsonb", (c) => c.notNull())
    .addColumn("updated_by", "uuid", (c) => c.references("users.id"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("partnering_mentor_profiles")
    .addColumn("user_id", "uuid", (c) => c.primaryKey().references("users.id"))
    .addColumn("profile", "jsonb", (c) => c.notNull())
    .addColumn("max_active_seeds", "integer", (c) =>
      c.notNull().check(sql`max_active_seeds between 1 and 50`),
    )
    .addColumn("updated_by", "uuid", (c) => c.references("users.id"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("partnering_mentorships")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("mentor_user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("seed_id", "uuid", (c) => c.notNull().references("seeds.id").onDelete("cascade"))
    .addColumn("started_on", "date", (c) => c.notNull())
    .addColumn("ended_on", "date")
    .addColumn("created_by", "uuid", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // one running mentorship per mentor and seed, even when two accepts race
  await sql`create unique index partnering_mentorships_active on partnering_mentorships (mentor_user_id, seed_id) where ended_on is null`.execute(
    db,
  );

  await db.schema
    .createTable("partnering_match_weights")
    .addColumn("programme", "text", (c) => c.primaryKey().check(oneOf("programme", ["*", ...PROGRAMMES])))
    .addColumn("weights", "jsonb", (c) => c.notNull())
    .addColumn("updated_by", "uuid", (c) => c.references("users.id"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("partnering_match_feedback")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("seed_id", "uuid", (c) => c.notNull().references("seeds.id").onDelete("cascade"))
    .addColumn("party_kind", "text", (c) => c.notNull().check(oneOf("party_kind", PARTY_KINDS)))
    .addColumn("party_id", "uuid", (c) => c.notNull())
    .addColumn("side", "text", (c) => c.notNull().check(sql`side in ('seed', 'party')`))
    .addColumn("decision", "text", (c) => c.notNull().check(oneOf("decision", FEEDBACK_DECISIONS)))
    .addColumn("reason_code", "text", (c) => c.notNull().check(oneOf("reason_code", FEEDBACK_REASONS)))
    .addColumn("reason_text", "text", (c) => c.notNull())
    .addColumn("score", "double precision")
    .addColumn("features", "jsonb", (c) => c.notNull())
    .addColumn("decided_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("partnering_match_feedback_seed")
    .on("partnering_match_feedback")
    .columns(["seed_id", "party_kind", "party_id"])
    .execute();

  await db.schema
    .createTable("partnering_outreach")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("seed_id", "uuid", (c) => c.notNull().references("seeds.id").onDelete("cascade"))
    .addColumn("from_organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("requested_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("deal_type", "text", (c) => c.notNull().check(oneOf("deal_type", DEAL_TYPES)))
    .addColumn("message", "text", (c) => c.notNull())
    .addColumn("teaser", "jsonb", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", OUTREACH_STATUSES)))
    .addColumn("decided_by", "uuid", (c) => c.references("users.id"))
    .addColumn("decided_at", "timestamptz")
    .addColumn("decision_note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("grant_id", "uuid", (c) => c.references("access_grants.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // one open outreach per seed and organisation, even when two requests race
  await sql`create unique index partnering_outreach_open on partnering_outreach (seed_id, from_organisation_id) where status = 'sent'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "partnering_outreach",
    "partnering_match_feedback",
    "partnering_match_weights",
    "partnering_mentorships",
    "partnering_mentor_profiles",
    "partnering_partner_profiles",
  ])
    await db.schema.dropTable(t).ifExists().execute();
}
