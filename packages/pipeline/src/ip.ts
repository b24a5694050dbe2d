import { randomUUID } from "node:crypto";
import { forbidden, notFound } from "@kakehashi/core";
import { type Account, appendAudit } from "@kakehashi/store";
import type { Transaction } from "kysely";
import { z } from "zod";
import { canCreateSeed, todayIso } from "./access.ts";
import {
  type DisclosureFlag,
  disclosureRisk,
  type IpDeadline,
  type IpFamilyInput,
  ipDeadlines,
  upcomingIpWarnings,
} from "./ipDeadlines.ts";
import type { PipelineDatabase, PipelineDb } from "./schema.ts";
import { actorOfAccount, auditActor, requireConfidentialAccess, requireOwner } from "./seeds.ts";
import { IpOffice, IpStatus, IsoDate } from "./vocabulary.ts";

export const IpApplicationBody = z.strictObject({
  office: IpOffice,
  number: z.string().trim().max(50).nullish(),
  filedOn: IsoDate.nullish(),
  status: IpStatus,
});
export const IpFamilyBody = z.strictObject({
  title: z.string().trim().min(1).max(300),
  priorityDate: IsoDate,
  applications: z.array(IpApplicationBody).max(30).default([]),
});
export type IpFamilyBody = z.infer<typeof IpFamilyBody>;

export interface IpFamily extends IpFamilyInput {
  deadlines: IpDeadline[];
}

export interface SeedIp {
  families: IpFamily[];
  disclosure: DisclosureFlag | null;
}

export async function insertIpFamily(
  trx: Transaction<PipelineDatabase>,
  account: Pick<Account, "id" | "email">,
  seedId: string,
  body: IpFamilyBody,
): Promise<string> {
  const id = randomUUID();
  await trx
    .insertInto("ip_families")
    .values({ id, seed_id: seedId, title: body.title, priority_date: body.priorityDate })
    .execute();
  const apps = body.applications.map((a) => ({
    id: randomUUID(),
    family_id: id,
    office: a.office,
    number: a.number ?? null,
    filed_on: a.filedOn ?? null,
    status: a.status,
  }));
  if (apps.length) await trx.insertInto("ip_applications").values(apps).execute();
  await appendAudit(trx, {
    actor: auditActor(account as Account),
    action: "ip_family.create",
    entityType: "ip_family",
    entityId: id,
    after: { ...body, seedId },
  });
  return id;
}

export async function addIpFamily(
  db: PipelineDb,
  account: Account,
  seedId: string,
  body: IpFamilyBody,
): Promise<SeedIp> {
  await requireOwner(db, account, seedId, "ip.create");
  await db.transaction().execute((trx) => insertIpFamily(trx, account, seedId, body));
  return loadSeedIp(db, seedId);
}

export async function addIpApplication(
  db: PipelineDb,
  account: Account,
  seedId: string,
  familyId: string,
  body: z.infer<typeof IpApplicationBody>,
): Promise<SeedIp> {
  await requireOwner(db, account, seedId, "ip.update");
  await db.transaction().execute(async (trx) => {
    const family = await trx
      .selectFrom("ip_families")
      .select("id")
      .where("id", "=", familyId)
      .where("seed_id", "=", seedId)
      .executeTakeFirst();
    if (!family) throw notFound(`IP family ${familyId}`);
    // the family is what changes: its applications before and after, so the audit hashes show the change
    const applicationsOf = () =>
      trx.selectFrom("ip_applications").selectAll().where("family_id", "=", familyId).orderBy("id").execute();
    const before = { familyId, applications: await applicationsOf() };
    const id = randomUUID();
    await trx
      .insertInto("ip_applications")
      .values({
        id,
        family_id: familyId,
        office: body.office,
        number: body.number ?? null,
        filed_on: body.filedOn ?? null,
        status: body.status,
      })
      .execute();
    await appendAudit(trx, {
      actor: auditActor(account),
      action: "ip_application.create",
      entityType: "ip_family",
      entityId: familyId,
      before,
      after: { familyId, applications: await applicationsOf() },
      detail: { seedId, applicationId: id },
    });
  });
  return loadSeedIp(db, seedId);
}

/** Families with their applications, as plain records, for any set of seeds (one query each table). */
export async function loadIpFamilies(
  db: PipelineDb,
  seedIds: string[],
): Promise<Map<string, IpFamilyInput[]>> {
  const out = new Map<string, IpFamilyInput[]>();
  if (seedIds.length === 0) return out;
  const families = await db
    .selectFrom("ip_families")
    .selectAll()
    .where("seed_id", "in", seedIds)
    .orderBy("priority_date")
    .execute();
  const apps = families.length
    ? await db
        .selectFrom("ip_applications")
        .selectAll()
        .where(
          "family_id",
          "in",
          families.map((f) => f.id),
        )
        .execute()
    : [];
  for (const f of families) {
    const list = out.get(f.seed_id) ?? [];
    list.push({
      id: f.id,
      title: f.title,
      priorityDate: f.priority_date,
      applications: apps
        .filter((a) => a.family_id === f.id)
        .map((a) => ({
          id: a.id,
          office: a.office as IpOffice,
          status: a.status as IpStatus,
          filedOn: a.filed_on,
          number: a.number,
        })),
    });
    out.set(f.seed_id, list);
  }
  return out;
}

async function loadSeedIp(db: PipelineDb, seedId: string, today = todayIso()): Promise<SeedIp> {
  const families = (await loadIpFamilies(db, [seedId])).get(seedId) ?? [];
  const seed = await db
    .selectFrom("seeds")
    .select("public_since")
    .where("id", "=", seedId)
    .executeTakeFirstOrThrow();
  return {
    families: families.map((f) => ({ ...f, deadlines: ipDeadlines(f, today) })),
    disclosure: disclosureRisk(seed.public_since, families),
  };
}

/** IP families, computed deadlines and disclosure risk (confidential until the owner shares it). */
export async function seedIp(
  db: PipelineDb,
  account: Account,
  seedId: string,
  today = todayIso(),
): Promise<SeedIp> {
  await requireConfidentialAccess(db, account, seedId, "ip", today);
  return loadSeedIp(db, seedId, today);
}

export interface IpWarning {
  seedId: string;
  seedTitleJa: string;
  seedTitleEn: string;
  deadline: IpDeadline;
}

/**
 * Unmet IP deadlines within 90 days (or overdue) across the caller's organisation's seeds, soonest
 * first: the TLO's to-do list. Owners only, since it lists confidential filings.
 */
export async function organisationIpWarnings(
  db: PipelineDb,
  account: Account,
  today = todayIso(),
): Promise<IpWarning[]> {
  if (!canCreateSeed(actorOfAccount(account))) throw forbidden("ip.warnings");
  const seeds = await db
    .selectFrom("seeds")
    .select(["id", "title_ja", "title_en"])
    .where("organisation_id", "=", account.organisation.id)
    .execute();
  const families = await loadIpFamilies(
    db,
    seeds.map((s) => s.id),
  );
  const warnings: IpWarning[] = [];
  for (const s of seeds)
    for (const deadline of upcomingIpWarnings(families.get(s.id) ?? [], today))
      warnings.push({ seedId: s.id, seedTitleJa: s.title_ja, seedTitleEn: s.title_en, deadline });
  return warnings.sort((a, b) => a.deadline.dueDate.localeCompare(b.deadline.dueDate));
}
