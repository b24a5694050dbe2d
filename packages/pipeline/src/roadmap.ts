import { randomUUID } from "node:crypto";
import { notFound } from "@kakehashi/core";
import { type Account, appendAudit } from "@kakehashi/store";
import type { Transaction } from "kysely";
import { z } from "zod";
import { todayIso } from "./access.ts";
import type { PipelineDatabase, PipelineDb } from "./schema.ts";
import { auditActor, requireConfidentialAccess, requireOwner } from "./seeds.ts";
import { IsoDate, type MilestoneDecision, OwnerSide, Programme } from "./vocabulary.ts";

export const MilestoneBody = z
  .strictObject({
    title: z.string().trim().min(1).max(300),
    ownerSide: OwnerSide,
    startsOn: IsoDate,
    dueOn: IsoDate,
    deliverable: z.string().trim().min(1).max(2000),
    goCriteria: z.string().trim().min(1).max(2000),
  })
  .refine((m) => m.startsOn <= m.dueOn, { path: ["dueOn"], message: "dueOn must not be before startsOn" });
export type MilestoneBody = z.infer<typeof MilestoneBody>;

export const MilestoneDecisionBody = z.strictObject({
  decision: z.enum(["go", "no_go"]),
  decidedOn: IsoDate,
  completedOn: IsoDate.nullish(),
});

export const AgreementBody = z.strictObject({
  companyOrganisationId: z.uuid(),
  scheme: Programme,
  signedOn: IsoDate,
  roleSplit: z.string().trim().min(1).max(4000),
  companyMoneyJpy: z.number().int().min(0).max(1e13),
  inKindDescription: z.string().trim().max(4000).default(""),
  inKindJpy: z.number().int().min(0).max(1e13).nullish(),
});
export type AgreementBody = z.infer<typeof AgreementBody>;

export interface Milestone extends MilestoneBody {
  id: string;
  decision: MilestoneDecision;
  decidedOn: string | null;
  completedOn: string | null;
  /** due date passed with no decision and no completion */
  late: boolean;
}

export interface Agreement extends AgreementBody {
  id: string;
  companyOrganisation: { nameJa: string; nameEn: string };
}

export interface Roadmap {
  milestones: Milestone[];
  agreements: Agreement[];
  lateCount: number;
}

export async function insertMilestone(
  trx: Transaction<PipelineDatabase>,
  account: Pick<Account, "id" | "email">,
  seedId: string,
  m: MilestoneBody,
  decision?: { decision: MilestoneDecision; decidedOn: string | null; completedOn: string | null },
): Promise<string> {
  const id = randomUUID();
  const row = {
    id,
    seed_id: seedId,
    title: m.title,
    owner_side: m.ownerSide,
    starts_on: m.startsOn,
    due_on: m.dueOn,
    deliverable: m.deliverable,
    go_criteria: m.goCriteria,
    decision: decision?.decision ?? "pending",
    decided_on: decision?.decidedOn ?? null,
    completed_on: decision?.completedOn ?? null,
  };
  await trx.insertInto("milestones").values(row).execute();
  await appendAudit(trx, {
    actor: auditActor(account as Account),
    action: "milestone.create",
    entityType: "milestone",
    entityId: id,
    after: row,
    detail: { seedId },
  });
  return id;
}

export async function insertAgreement(
  trx: Transaction<PipelineDatabase>,
  account: Pick<Account, "id" | "email">,
  seedId: string,
  a: AgreementBody,
): Promise<string> {
  const id = randomUUID();
  const row = {
    id,
    seed_id: seedId,
    company_organisation_id: a.companyOrganisationId,
    scheme: a.scheme,
    signed_on: a.signedOn,
    role_split: a.roleSplit,
    company_money_jpy: a.companyMoneyJpy,
    in_kind_description: a.inKindDescription,
    in_kind_jpy: a.inKindJpy ?? null,
  };
  await trx.insertInto("agreements").values(row).execute();
  await appendAudit(trx, {
    actor: auditActor(account as Account),
    action: "agreement.create",
    entityType: "agreement",
    entityId: id,
    after: row,
    detail: { seedId },
  });
  return id;
}

export async function addMilestone(
  db: PipelineDb,
  account: Account,
  seedId: string,
  body: MilestoneBody,
): Promise<Roadmap> {
  await requireOwner(db, account, seedId, "milestone.create");
  await db.transaction().execute((trx) => insertMilestone(trx, account, seedId, body));
  return loadRoadmap(db, seedId);
}

export async function decideMilestone(
  db: PipelineDb,
  account: Account,
  seedId: string,
  milestoneId: string,
  body: z.infer<typeof MilestoneDecisionBody>,
): Promise<Roadmap> {
  await requireOwner(db, account, seedId, "milestone.decide");
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("milestones")
      .selectAll()
      .where("id", "=", milestoneId)
      .where("seed_id", "=", seedId)
      .executeTakeFirst();
    if (!before) throw notFound(`milestone ${milestoneId}`);
    const after = await trx
      .updateTable("milestones")
      .set({ decision: body.decision, decided_on: body.decidedOn, completed_on: body.completedOn ?? null })
      .where("id", "=", milestoneId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: auditActor(account),
      action: "milestone.decide",
      entityType: "milestone",
      entityId: milestoneId,
      before,
      after,
    });
  });
  return loadRoadmap(db, seedId);
}

export async function addAgreement(
  db: PipelineDb,
  account: Account,
  seedId: string,
  body: AgreementBody,
): Promise<Roadmap> {
  await requireOwner(db, account, seedId, "agreement.create");
  const company = await db
    .selectFrom("organisations")
    .select("kind")
    .where("id", "=", body.companyOrganisationId)
    .executeTakeFirst();
  if (!company) throw notFound(`organisation ${body.companyOrganisationId}`);
  await db.transaction().execute((trx) => insertAgreement(trx, account, seedId, body));
  return loadRoadmap(db, seedId);
}

export const isLate = (m: { dueOn: string; decision: string; completedOn: string | null }, today: string) =>
  m.dueOn < today && m.decision === "pending" && m.completedOn === null;

async function loadRoadmap(db: PipelineDb, seedId: string, today = todayIso()): Promise<Roadmap> {
  const ms = await db
    .selectFrom("milestones")
    .selectAll()
    .where("seed_id", "=", seedId)
    .orderBy("starts_on")
    .orderBy("due_on")
    .execute();
  const ags = await db
    .selectFrom("agreements")
    .innerJoin("organisations", "organisations.id", "agreements.company_organisation_id")
    .selectAll("agreements")
    .select(["organisations.name_ja", "organisations.name_en"])
    .where("seed_id", "=", seedId)
    .orderBy("signed_on")
    .execute();
  const milestones: Milestone[] = ms.map((m) => {
    const base = {
      id: m.id,
      title: m.title,
      ownerSide: m.owner_side as OwnerSide,
      startsOn: m.starts_on,
      dueOn: m.due_on,
      deliverable: m.deliverable,
      goCriteria: m.go_criteria,
      decision: m.decision as MilestoneDecision,
      decidedOn: m.decided_on,
      completedOn: m.completed_on,
    };
    return { ...base, late: isLate(base, today) };
  });
  return {
    milestones,
    agreements: ags.map((a) => ({
      id: a.id,
      companyOrganisationId: a.company_organisation_id,
      companyOrganisation: { nameJa: a.name_ja, nameEn: a.name_en },
      scheme: a.scheme as Programme,
      signedOn: a.signed_on,
      roleSplit: a.role_split,
      companyMoneyJpy: a.company_money_jpy,
      inKindDescription: a.in_kind_description,
      inKindJpy: a.in_kind_jpy,
    })),
    lateCount: milestones.filter((m) => m.late).length,
  };
}

/** The roadmap shared by academia and its partner (confidential: owners and grant holders). */
export async function seedRoadmap(
  db: PipelineDb,
  account: Account,
  seedId: string,
  today = todayIso(),
): Promise<Roadmap> {
  await requireConfidentialAccess(db, account, seedId, "roadmap", today);
  return loadRoadmap(db, seedId, today);
}
