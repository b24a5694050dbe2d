import { STAGES } from "@kakehashi/pipeline";
import { type Kysely, sql } from "kysely";
import { MEMBER_ROLES, SPECIMEN_TYPES } from "./consortia/terms.ts";
import { CASE_OUTCOMES, CASE_STATUSES, DESK_TOPICS, SLOT_MODES, URGENCIES } from "./desk/terms.ts";
import { FORUM_TOPICS } from "./forum/terms.ts";
import { EMAIL_STATUSES } from "./notifications/terms.ts";

// The kinds as this migration made them; later kinds come with later migrations (0008).
const KINDS_0007 = [
  "desk_case_assigned",
  "desk_case_unassigned",
  "desk_slot_booked",
  "desk_followup_due",
  "desk_case_closed",
  "consortium_terms_published",
];

const oneOf = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

/**
 * The community side of partnering: notifications, the consultation desk (cases, experts, Open Hours
 * slots and bookings, confidential notes, follow-ups), consortia (members, specimen catalogue as
 * counts, data-sharing terms, joint projects) and the forum.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("partnering_notifications")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("recipient_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(oneOf("kind", KINDS_0007)))
    .addColumn("title_ja", "text", (c) => c.notNull())
    .addColumn("title_en", "text", (c) => c.notNull())
    .addColumn("body_ja", "text", (c) => c.notNull())
    .addColumn("body_en", "text", (c) => c.notNull())
    .addColumn("link", "text", (c) => c.notNull())
    .addColumn("read_at", "timestamptz")
    .addColumn("email_status", "text", (c) => c.notNull().check(oneOf("email_status", EMAIL_STATUSES)))
    .addColumn("email_attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("email_error", "text")
    .addColumn("emailed_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("partnering_notifications_recipient_idx")
    .on("partnering_notifications")
    .columns(["recipient_id", "created_at"])
    .execute();

  await db.schema
    .createTable("partnering_desk_experts")
    .addColumn("user_id", "uuid", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("capacity", "integer", (c) => c.notNull().check(sql`capacity between 1 and 100`))
    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable("partnering_desk_expert_topics")
    .addColumn("user_id", "uuid", (c) =>
      c.notNull().references("partnering_desk_experts.user_id").onDelete("cascade"),
    )
    .addColumn("topic", "text", (c) => c.notNull().check(oneOf("topic", DESK_TOPICS)))
    .addPrimaryKeyConstraint("partnering_desk_expert_topics_pk", ["user_id", "topic"])
    .execute();

  await db.schema
    .createTable("partnering_desk_cases")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("requester_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("topic", "text", (c) => c.notNull().check(oneOf("topic", DESK_TOPICS)))
    .addColumn("stage", "text", (c) => c.notNull().check(oneOf("stage", STAGES)))
    .addColumn("urgency", "text", (c) => c.notNull().check(oneOf("urgency", URGENCIES)))
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("seed_id", "uuid", (c) => c.references("seeds.id").onDelete("set null"))
    .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", CASE_STATUSES)))
    .addColumn("expert_id", "uuid", (c) => c.references("users.id"))
    .addColumn("triage", "jsonb", (c) => c.notNull())
    .addColumn("assigned_at", "timestamptz")
    .addColumn("first_response_at", "timestamptz")
    .addColumn("closed_at", "timestamptz")
    .addColumn("outcome", "text", (c) => c.check(sql`outcome is null or ${oneOf("outcome", CASE_OUTCOMES)}`))
    .addColumn("outcome_note", "text")
    .addColumn("satisfaction", "integer", (c) => c.check(sql`satisfaction between 1 and 5`))
    .addColumn("satisfaction_comment", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // a closed case has its outcome; only a closed case is rated
    .addCheckConstraint(
      "partnering_desk_cases_closed",
      sql`(status = 'closed') = (closed_at is not null and outcome is not null)`,
    )
    .addCheckConstraint("partnering_desk_cases_rated", sql`satisfaction is null or status = 'closed'`)
    .execute();
  await db.schema
    .createIndex("partnering_desk_cases_expert_idx")
    .on("partnering_desk_cases")
    .columns(["expert_id", "status"])
    .execute();
  await db.schema
    .createIndex("partnering_desk_cases_org_idx")
    .on("partnering_desk_cases")
    .column("organisation_id")
    .execute();

  await db.schema
    .createTable("partnering_desk_notes")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("case_id", "uuid", (c) =>
      c.notNull().references("partnering_desk_cases.id").onDelete("cascade"),
    )
    .addColumn("author_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("partnering_desk_followups")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("case_id", "uuid", (c) =>
      c.notNull().references("partnering_desk_cases.id").onDelete("cascade"),
    )
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("due_on", "date", (c) => c.notNull())
    .addColumn("done_at", "timestamptz")
    .addColumn("notified_at", "timestamptz")
    .addColumn("created_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("partnering_desk_slots")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("expert_id", "uuid", (c) => c.notNull().references("partnering_desk_experts.user_id"))
    .addColumn("starts_at", "timestamptz", (c) => c.notNull())
    .addColumn("ends_at", "timestamptz", (c) => c.notNull())
    .addColumn("mode", "text", (c) => c.notNull().check(oneOf("mode", SLOT_MODES)))
    .addColumn("cancelled_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("partnering_desk_slots_span", sql`ends_at > starts_at`)
    .execute();
  await db.schema
    .createIndex("partnering_desk_slots_expert_idx")
    .on("partnering_desk_slots")
    .columns(["expert_id", "starts_at"])
    .execute();
  await db.schema
    .createTable("partnering_desk_bookings")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("slot_id", "uuid", (c) => c.notNull().references("partnering_desk_slots.id"))
    .addColumn("case_id", "uuid", (c) =>
      c.notNull().references("partnering_desk_cases.id").onDelete("cascade"),
    )
    .addColumn("booked_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("cancelled_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // the guard against double booking: at most one live booking per slot, whatever the application does
  await db.schema
    .createIndex("partnering_desk_bookings_one_per_slot")
    .on("partnering_desk_bookings")
    .column("slot_id")
    .unique()
    .where(sql.ref("cancelled_at"), "is", null)
    .execute();

  await db.schema
    .createTable("partnering_consortia")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("name_ja", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("icd10_area", "text", (c) => c.notNull())
    .addColumn("public_description_ja", "text", (c) => c.notNull())
    .addColumn("public_description_en", "text", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable("partnering_consortium_members")
    .addColumn("consortium_id", "uuid", (c) =>
      c.notNull().references("partnering_consortia.id").onDelete("cascade"),
    )
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("role", "text", (c) => c.notNull().check(oneOf("role", MEMBER_ROLES)))
    .addColumn("joined_on", "date", (c) => c.notNull())
    .addPrimaryKeyConstraint("partnering_consortium_members_pk", ["consortium_id", "organisation_id"])
    .execute();
  // counts only: there is deliberately no column that could hold a person's data
  await db.schema
    .createTable("partnering_consortium_specimens")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("consortium_id", "uuid", (c) =>
      c.notNull().references("partnering_consortia.id").onDelete("cascade"),
    )
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("specimen_type", "text", (c) => c.notNull().check(oneOf("specimen_type", SPECIMEN_TYPES)))
    .addColumn("icd10", "text", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull().check(sql`count >= 1`))
    .addColumn("clinical_data", "jsonb", (c) => c.notNull())
    .addColumn("collected_from_year", "integer")
    .addColumn("collected_to_year", "integer")
    .addColumn("created_by", "uuid", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable("partnering_consortium_terms")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("consortium_id", "uuid", (c) =>
      c.notNull().references("partnering_consortia.id").onDelete("cascade"),
    )
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("text_ja", "text", (c) => c.notNull())
    .addColumn("text_en", "text", (c) => c.notNull())
    .addColumn("published_by", "uuid", (c) => c.references("users.id"))
    .addColumn("published_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("partnering_consortium_terms_version", ["consortium_id", "version"])
    .execute();
  await db.schema
    .createTable("partnering_consortium_acceptances")
    .addColumn("terms_id", "uuid", (c) =>
      c.notNull().references("partnering_consortium_terms.id").onDelete("cascade"),
    )
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("accepted_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("accepted_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("partnering_consortium_acceptances_pk", ["terms_id", "organisation_id"])
    .execute();
  await db.schema
    .createTable("partnering_consortium_projects")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("consortium_id", "uuid", (c) =>
      c.notNull().references("partnering_consortia.id").onDelete("cascade"),
    )
    .addColumn("title_ja", "text", (c) => c.notNull())
    .addColumn("title_en", "text", (c) => c.notNull())
    .addColumn("started_on", "date", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable("partnering_consortium_project_seeds")
    .addColumn("project_id", "uuid", (c) =>
      c.notNull().references("partnering_consortium_projects.id").onDelete("cascade"),
    )
    .addColumn("seed_id", "uuid", (c) => c.notNull().references("seeds.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("partnering_consortium_project_seeds_pk", ["project_id", "seed_id"])
    .execute();

  await db.schema
    .createTable("partnering_forum_threads")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("topic", "text", (c) => c.notNull().check(oneOf("topic", FORUM_TOPICS)))
    .addColumn("consortium_id", "uuid", (c) => c.references("partnering_consortia.id").onDelete("cascade"))
    .addColumn("created_by", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable("partnering_forum_posts")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("thread_id", "uuid", (c) =>
      c.notNull().references("partnering_forum_threads.id").onDelete("cascade"),
    )
    .addColumn("author_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    // fixed when posted: a later role change does not rewrite who spoke for the regulator
    .addColumn("as_regulator", "boolean", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("partnering_forum_posts_thread_idx")
    .on("partnering_forum_posts")
    .columns(["thread_id", "created_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "partnering_forum_posts",
    "partnering_forum_threads",
    "partnering_consortium_project_seeds",
    "partnering_consortium_projects",
    "partnering_consortium_acceptances",
    "partnering_consortium_terms",
    "partnering_consortium_specimens",
    "partnering_consortium_members",
    "partnering_consortia",
    "partnering_desk_bookings",
    "partnering_desk_slots",
    "partnering_desk_followups",
    "partnering_desk_notes",
    "partnering_desk_cases",
    "partnering_desk_expert_topics",
    "partnering_desk_experts",
    "partnering_notifications",
  ])
    await db.schema.dropTable(t).ifExists().execute();
}
