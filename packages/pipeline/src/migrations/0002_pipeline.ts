import { type Kysely, sql } from "kysely";
import rulesV1 from "../readiness-rules.v1.json" with { type: "json" };
import {
  EVIDENCE_KINDS,
  INTEGRITY_LEVELS,
  IP_OFFICES,
  IP_STATUSES,
  MODALITIES,
  OUTCOME_KINDS,
  PROGRAMMES,
  STAGES,
} from "../vocabulary.ts";

const oneOf = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

export async function up(db: Kysely<unknown>): Promise<void> {
  // trigram search finds Japanese words inside Japanese text, which has no spaces to split on
  await sql`create extension if not exists pg_trgm`.execute(db);

  await db.schema
    .createTable("seeds")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("created_by", "uuid", (c) => c.references("users.id"))
    .addColumn("programme", "text", (c) => c.notNull().check(oneOf("programme", PROGRAMMES)))
    .addColumn("title_ja", "text", (c) => c.notNull())
    .addColumn("title_en", "text", (c) => c.notNull())
    .addColumn("target_symbol", "text")
    .addColumn("target_uniprot", "text")
    .addColumn("modality", "text", (c) => c.notNull().check(oneOf("modality", MODALITIES)))
    .addColumn("icd10", "text", (c) => c.notNull())
    .addColumn("indication", "text", (c) => c.notNull())
    .addColumn("stage", "text", (c) => c.notNull().check(oneOf("stage", STAGES)))
    .addColumn("public_summary_ja", "text", (c) => c.notNull())
    .addColumn("public_summary_en", "text", (c) => c.notNull())
    .addColumn("public_since", "date")
    .addColumn("confidential_details", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // only public fields: searching must never reveal confidential text
    .addColumn("search_text", "text", (c) =>
      c
        .generatedAlwaysAs(
          sql`lower(title_ja || ' ' || title_en || ' ' || coalesce(target_symbol, '') || ' ' || coalesce(target_uniprot, '') || ' ' || icd10 || ' ' || indication || ' ' || public_summary_ja || ' ' || public_summary_en)`,
        )
        .stored(),
    )
    .execute();
  await sql`create index seeds_search_trgm on seeds using gin (search_text gin_trgm_ops)`.execute(db);
  await db.schema.createIndex("seeds_organisation_idx").on("seeds").column("organisation_id").execute();

  await db.schema
    .createTable("seed_stage_history")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("seed_id", "uuid", (c) => c.notNull().references("seeds.id").onDelete("cascade"))
    .addColumn("stage", "text", (c) => c.notNull().check(oneOf("stage", STAGES)))
    .addColumn("entered_on", "date", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("seed_stage_history_seed_idx")
    .on("seed_stage_history")
    .column("seed_id")
    .execute();

  await db.schema
    .createTable("evidence")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("seed_id", "uuid", (c) => c.notNull().references("seeds.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(oneOf("kind", EVIDENCE_KINDS)))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("result", "text", (c) => c.notNull())
    .addColumn("performed_on", "date", (c) => c.notNull())
    .addColumn("performed_by", "text", (c) => c.notNull())
    .addColumn("replications", "integer", (c) => c.notNull().check(sql`replications >= 1`))
    .addColumn("reproduced_by_other_lab", "boolean", (c) => c.notNull())
    .addColumn("integrity_level", "text", (c) =>
      c.notNull().check(oneOf("integrity_level", INTEGRITY_LEVELS)),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("evidence_seed_idx").on("evidence").column("seed_id").execute();

  await db.schema
    .createTable("evidence_files")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("evidence_id", "uuid", (c) => c.notNull().references("evidence.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("content", "bytea", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("ip_families")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("seed_id", "uuid", (c) => c.notNull().references("seeds.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("priority_date", "date", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable("ip_applications")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("family_id", "uuid", (c) => c.notNull().references("ip_families.id").onDelete("cascade"))
    .addColumn("office", "text", (c) => c.notNull().check(oneOf("office", IP_OFFICES)))
    .addColumn("number", "text")
    .addColumn("filed_on", "date")
    .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", IP_STATUSES)))
    .execute();

  await db.schema
    .createTable("access_grants")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("seed_id", "uuid", (c) => c.notNull().references("seeds.id").onDelete("cascade"))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("requested_by", "uuid", (c) => c.references("users.id"))
    .addColumn("request_message", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('requested', 'active', 'declined', 'revoked')`),
    )
    .addColumn("nda_reference", "text")
    .addColumn("expires_on", "date")
    .addColumn("decided_by", "uuid", (c) => c.references("users.id"))
    .addColumn("decided_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("access_grants_seed_org_idx")
    .on("access_grants")
    .columns(["seed_id", "organisation_id"])
    .execute();

  await db.schema
    .createTable("milestones")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("seed_id", "uuid", (c) => c.notNull().references("seeds.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("owner_side", "text", (c) => c.notNull().check(sql`owner_side in ('academia', 'company')`))
    .addColumn("starts_on", "date", (c) => c.notNull())
    .addColumn("due_on", "date", (c) => c.notNull())
    .addColumn("deliverable", "text", (c) => c.notNull())
    .addColumn("go_criteria", "text", (c) => c.notNull())
    .addColumn("decision", "text", (c) =>
      c.notNull().defaultTo("pending").check(sql`decision in ('pending', 'go', 'no_go')`),
    )
    .addColumn("decided_on", "date")
    .addColumn("completed_on", "date")
    .execute();

  await db.schema
    .createTable("agreements")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("seed_id", "uuid", (c) => c.notNull().references("seeds.id").onDelete("cascade"))
    .addColumn("company_organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("scheme", "text", (c) => c.notNull().check(oneOf("scheme", PROGRAMMES)))
    .addColumn("signed_on", "date", (c) => c.notNull())
    .addColumn("role_split", "text", (c) => c.notNull())
    .addColumn("company_money_jpy", "bigint", (c) => c.notNull().check(sql`company_money_jpy >= 0`))
    .addColumn("in_kind_description", "text", (c) => c.notNull())
    .addColumn("in_kind_jpy", "bigint")
    .execute();

  await db.schema
    .createTable("outcomes")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("seed_id", "uuid", (c) => c.notNull().references("seeds.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(oneOf("kind", OUTCOME_KINDS)))
    .addColumn("occurred_on", "date", (c) => c.notNull())
    .addColumn("amount_jpy", "bigint")
    .addColumn("partner_organisation_id", "uuid", (c) => c.references("organisations.id"))
    .addColumn("note", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("readiness_rules")
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("gate", "text", (c) => c.notNull())
    .addColumn("modality", "text", (c) => c.notNull())
    .addColumn("requirement", "text", (c) => c.notNull())
    .addColumn("evidence_kind", "text", (c) => c.notNull())
    .addColumn("min_integrity", "text", (c) => c.notNull())
    .addColumn("min_replications", "integer", (c) => c.notNull())
    .addColumn("require_independent_lab", "boolean", (c) => c.notNull())
    .addColumn("label_ja", "text", (c) => c.notNull())
    .addColumn("label_en", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("readiness_rules_pk", ["version", "gate", "modality", "requirement"])
    .execute();
  // version 1 of the rules, frozen here: a later rule set is a new migration adding version 2
  const rows = (rulesV1 as Array<Record<string, unknown>>).map((r) => ({
    version: r.version,
    gate: r.gate,
    modality: r.modality,
    requirement: r.requirement,
    evidence_kind: r.evidenceKind,
    min_integrity: r.minIntegrity,
    min_replications: r.minReplications,
    require_independent_lab: r.requireIndependentLab,
    label_ja: r.labelJa,
    label_en: r.labelEn,
  }));
  await (db as Kysely<{ readiness_rules: Record<string, unknown> }>)
    .insertInto("readiness_rules")
    .values(rows)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "readiness_rules",
    "outcomes",
    "agreements",
    "milestones",
    "access_grants",
    "ip_applications",
    "ip_families",
    "evidence_files",
    "evidence",
    "seed_stage_history",
    "seeds",
  ])
    await db.schema.dropTable(t).ifExists().execute();
}
