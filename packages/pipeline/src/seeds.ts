import { randomUUID } from "node:crypto";
import { type Actor, forbidden, notFound } from "@kakehashi/core";
import { type Account, type AuditActor, appendAudit } from "@kakehashi/store";
import { sql, type Transaction, type Updateable } from "kysely";
import { z } from "zod";
import {
  canCreateSeed,
  canEditSeed,
  type GrantHolding,
  type SeedAccess,
  seedAccess,
  todayIso,
} from "./access.ts";
import type { PipelineDatabase, PipelineDb, SeedTable } from "./schema.ts";
import { Icd10, IsoDate, Modality, Programme, Stage, stageIndex } from "./vocabulary.ts";

/** What a researcher or TLO enters for a new seed (also one row of an import). */
export const SeedInput = z.strictObject({
  titleJa: z.string().trim().min(1).max(200),
  titleEn: z.string().trim().min(1).max(200),
  targetSymbol: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,19}$/)
    .nullish(),
  targetUniprot: z
    .string()
    .trim()
    .regex(/^([OPQ][0-9][A-Z0-9]{3}[0-9]|[A-NR-Z][0-9]([A-Z][A-Z0-9]{2}[0-9]){1,2})$/)
    .nullish(),
  modality: Modality,
  icd10: Icd10,
  indication: z.string().trim().min(1).max(300),
  stage: Stage,
  stageSince: IsoDate.optional(),
  programme: Programme.default("other"),
  publicSummaryJa: z.string().trim().min(1).max(4000),
  publicSummaryEn: z.string().trim().min(1).max(4000),
  publicSince: IsoDate.nullish(),
  confidentialDetails: z.string().trim().max(20000).default(""),
});
export type SeedInput = z.infer<typeof SeedInput>;

export const SeedPatch = SeedInput.omit({ stage: true, stageSince: true }).partial();
export type SeedPatch = z.infer<typeof SeedPatch>;

/** The public, non-confidential face of a seed: what anyone logged in may read. */
export interface SeedSummary {
  id: string;
  organisation: { id: string; nameJa: string; nameEn: string };
  programme: Programme;
  titleJa: string;
  titleEn: string;
  targetSymbol: string | null;
  targetUniprot: string | null;
  modality: Modality;
  icd10: string;
  indication: string;
  stage: Stage;
  publicSummaryJa: string;
  publicSummaryEn: string;
  publicSince: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SeedView {
  seed: SeedSummary;
  access: SeedAccess;
  /** null unless the caller is an owner or holds an active grant */
  confidential: { details: string } | null;
  stageHistory: { stage: Stage; enteredOn: string }[];
}

export const actorOfAccount = (a: Account): Actor => ({
  userId: a.id,
  organisationId: a.organisation.id,
  roles: a.roles,
});
export const auditActor = (a: Account): AuditActor => ({ id: a.id, label: a.email });

function selectSeedSummaries(db: PipelineDb) {
  return db
    .selectFrom("seeds")
    .innerJoin("organisations", "organisations.id", "seeds.organisation_id")
    .select([
      "seeds.id",
      "seeds.organisation_id",
      "organisations.name_ja as org_name_ja",
      "organisations.name_en as org_name_en",
      "seeds.programme",
      "seeds.title_ja",
      "seeds.title_en",
      "seeds.target_symbol",
      "seeds.target_uniprot",
      "seeds.modality",
      "seeds.icd10",
      "seeds.indication",
      "seeds.stage",
      "seeds.public_summary_ja",
      "seeds.public_summary_en",
      "seeds.public_since",
      "seeds.created_at",
      "seeds.updated_at",
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof selectSeedSummaries>["executeTakeFirstOrThrow"]>>;

const toSummary = (r: SummaryRow): SeedSummary => ({
  id: r.id,
  organisation: { id: r.organisation_id, nameJa: r.org_name_ja, nameEn: r.org_name_en },
  programme: r.programme as Programme,
  titleJa: r.title_ja,
  titleEn: r.title_en,
  targetSymbol: r.target_symbol,
  targetUniprot: r.target_uniprot,
  modality: r.modality as Modality,
  icd10: r.icd10,
  indication: r.indication,
  stage: r.stage as Stage,
  publicSummaryJa: r.public_summary_ja,
  publicSummaryEn: r.public_summary_en,
  publicSince: r.public_since,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const seedColumns = (input: SeedPatch): Updateable<SeedTable> => {
  const out: Updateable<SeedTable> = {};
  if (input.titleJa !== undefined) out.title_ja = input.titleJa;
  if (input.titleEn !== undefined) out.title_en = input.titleEn;
  if (input.targetSymbol !== undefined) out.target_symbol = input.targetSymbol ?? null;
  if (input.targetUniprot !== undefined) out.target_uniprot = input.targetUniprot ?? null;
  if (input.modality !== undefined) out.modality = input.modality;
  if (input.icd10 !== undefined) out.icd10 = input.icd10;
  if (input.indication !== undefined) out.indication = input.indication;
  if (input.programme !== undefined) out.programme = input.programme;
  if (input.publicSummaryJa !== undefined) out.public_summary_ja = input.publicSummaryJa;
  if (input.publicSummaryEn !== undefined) out.public_summary_en = input.publicSummaryEn;
  if (input.publicSince !== undefined) out.public_since = input.publicSince ?? null;
  if (input.confidentialDetails !== undefined) out.confidential_details = input.confidentialDetails;
  return out;
};

/** Inserts a seed and its first stage entry inside the caller's transaction (used by create and import). */
export async function insertSeed(
  trx: Transaction<PipelineDatabase>,
  actor: AuditActor,
  organisationId: string,
  input: SeedInput,
  today = todayIso(),
): Promise<string> {
  const id = randomUUID();
  const row = {
    id,
    organisation_id: organisationId,
    created_by: actor.id,
    stage: input.stage,
    title_ja: input.titleJa,
    title_en: input.titleEn,
    modality: input.modality,
    icd10: input.icd10,
    indication: input.indication,
    programme: input.programme,
    public_summary_ja: input.publicSummaryJa,
    public_summary_en: input.publicSummaryEn,
    confidential_details: input.confidentialDetails,
    target_symbol: input.targetSymbol ?? null,
    target_uniprot: input.targetUniprot ?? null,
    public_since: input.publicSince ?? null,
  };
  await trx.insertInto("seeds").values(row).execute();
  await trx
    .insertInto("seed_stage_history")
    .values({ id: randomUUID(), seed_id: id, stage: input.stage, entered_on: input.stageSince ?? today })
    .execute();
  await appendAudit(trx, { actor, action: "seed.create", entityType: "seed", entityId: id, after: row });
  return id;
}

export async function createSeed(db: PipelineDb, account: Account, input: SeedInput): Promise<SeedSummary> {
  if (!canCreateSeed(actorOfAccount(account))) throw forbidden("seed.create");
  const id = await db
    .transaction()
    .execute((trx) => insertSeed(trx, auditActor(account), account.organisation.id, input));
  return getSeedSummary(db, id);
}

export async function getSeedSummary(db: PipelineDb, id: string): Promise<SeedSummary> {
  const row = await selectSeedSummaries(db).where("seeds.id", "=", id).executeTakeFirst();
  if (!row) throw notFound(`seed ${id}`);
  return toSummary(row);
}

export async function grantsOf(db: PipelineDb, seedId: string): Promise<GrantHolding[]> {
  const rows = await db
    .selectFrom("access_grants")
    .select(["organisation_id", "status", "expires_on"])
    .where("seed_id", "=", seedId)
    .execute();
  return rows.map((g) => ({ organisationId: g.organisation_id, status: g.status, expiresOn: g.expires_on }));
}

/** The caller's access to one seed, with the seed's public face; 404 when there is no such seed. */
export async function resolveSeedAccess(
  db: PipelineDb,
  account: Account,
  seedId: string,
  today = todayIso(),
): Promise<{ seed: SeedSummary; access: SeedAccess }> {
  const seed = await getSeedSummary(db, seedId);
  const access = seedAccess(
    actorOfAccount(account),
    { organisationId: seed.organisation.id },
    await grantsOf(db, seedId),
    today,
  );
  return { seed, access };
}

/**
 * Throws 403 unless the caller may read the seed's confidential part, and records that it did: every
 * view of confidential data is in the audit trail.
 */
export async function requireConfidentialAccess(
  db: PipelineDb,
  account: Account,
  seedId: string,
  what: string,
  today = todayIso(),
): Promise<{ seed: SeedSummary; access: SeedAccess }> {
  const resolved = await resolveSeedAccess(db, account, seedId, today);
  if (resolved.access === "public") throw forbidden(`seed.confidential.${what}`);
  await db.transaction().execute((trx) =>
    appendAudit(trx, {
      actor: auditActor(account),
      action: "seed.confidential.view",
      entityType: "seed",
      entityId: seedId,
      detail: { part: what, access: resolved.access },
    }),
  );
  return resolved;
}

export async function requireOwner(
  db: PipelineDb,
  account: Account,
  seedId: string,
  action: string,
): Promise<SeedSummary> {
  const seed = await getSeedSummary(db, seedId);
  if (!canEditSeed(actorOfAccount(account), { organisationId: seed.organisation.id }))
    throw forbidden(action);
  return seed;
}

export async function viewSeed(
  db: PipelineDb,
  account: Account,
  seedId: string,
  today = todayIso(),
): Promise<SeedView> {
  const { seed, access } = await resolveSeedAccess(db, account, seedId, today);
  const history = await db
    .selectFrom("seed_stage_history")
    .select(["stage", "entered_on"])
    .where("seed_id", "=", seedId)
    .orderBy("entered_on")
    .execute();
  let confidential: SeedView["confidential"] = null;
  if (access !== "public") {
    await requireConfidentialAccess(db, account, seedId, "details", today);
    const row = await db
      .selectFrom("seeds")
      .select("confidential_details")
      .where("id", "=", seedId)
      .executeTakeFirstOrThrow();
    confidential = { details: row.confidential_details };
  }
  return {
    seed,
    access,
    confidential,
    stageHistory: history.map((h) => ({ stage: h.stage as Stage, enteredOn: h.entered_on })),
  };
}

export async function updateSeed(
  db: PipelineDb,
  account: Account,
  seedId: string,
  patch: SeedPatch,
): Promise<SeedSummary> {
  await requireOwner(db, account, seedId, "seed.update");
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("seeds")
      .selectAll()
      .where("id", "=", seedId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const after = await trx
      .updateTable("seeds")
      .set({ ...seedColumns(patch), updated_at: new Date() })
      .where("id", "=", seedId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: auditActor(account),
      action: "seed.update",
      entityType: "seed",
      entityId: seedId,
      before,
      after,
      detail: { fields: Object.keys(patch) },
    });
  });
  return getSeedSummary(db, seedId);
}

/** Moves a seed to another stage (usually the next gate) and records when it entered it. */
export async function changeStage(
  db: PipelineDb,
  account: Account,
  seedId: string,
  stage: Stage,
  enteredOn: string = todayIso(),
): Promise<SeedSummary> {
  const seed = await requireOwner(db, account, seedId, "seed.stage");
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("seeds")
      .selectAll()
      .where("id", "=", seedId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const after = await trx
      .updateTable("seeds")
      .set({ stage, updated_at: new Date() })
      .where("id", "=", seedId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("seed_stage_history")
      .values({ id: randomUUID(), seed_id: seedId, stage, entered_on: enteredOn })
      .execute();
    await appendAudit(trx, {
      actor: auditActor(account),
      action: "seed.stage",
      entityType: "seed",
      entityId: seedId,
      before,
      after,
      detail: { from: seed.stage, to: stage, enteredOn, forward: stageIndex(stage) > stageIndex(seed.stage) },
    });
  });
  return getSeedSummary(db, seedId);
}

export const SeedQuery = z.object({
  q: z.string().trim().max(200).optional(),
  modality: Modality.optional(),
  stage: Stage.optional(),
  icd10: z.string().trim().toUpperCase().max(8).optional(),
  organisationId: z.uuid().optional(),
  programme: Programme.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type SeedQuery = z.infer<typeof SeedQuery>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Public summaries matching the filters. Free text matches each word (split on spaces, either
 * language) as a substring of the public fields, so 肺がん finds 非小細胞肺がん; results rank by
 * trigram similarity, newest first among equals.
 */
export async function listSeeds(
  db: PipelineDb,
  query: SeedQuery,
): Promise<{ items: SeedSummary[]; total: number }> {
  let base = selectSeedSummaries(db);
  const words = (query.q ?? "")
    .toLowerCase()
    .split(/[\s\u3000]+/)
    .filter(Boolean);
  for (const w of words) base = base.where("seeds.search_text", "like", `%${escapeLike(w)}%`);
  if (query.modality) base = base.where("seeds.modality", "=", query.modality);
  if (query.stage) base = base.where("seeds.stage", "=", query.stage);
  if (query.icd10) base = base.where("seeds.icd10", "like", `${escapeLike(query.icd10)}%`);
  if (query.organisationId) base = base.where("seeds.organisation_id", "=", query.organisationId);
  if (query.programme) base = base.where("seeds.programme", "=", query.programme);
  const total = await base
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  let ordered = base;
  if (words.length > 0)
    ordered = ordered.orderBy(sql`similarity(seeds.search_text, ${words.join(" ")})`, "desc");
  const rows = await ordered
    .orderBy("seeds.updated_at", "desc")
    .orderBy("seeds.id")
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return { items: rows.map(toSummary), total: Number(total.n) };
}
