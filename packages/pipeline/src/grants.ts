import { randomUUID } from "node:crypto";
import { conflict, forbidden, notFound } from "@kakehashi/core";
import { type Account, appendAudit } from "@kakehashi/store";
import { z } from "zod";
import { canRequestAccess, isGrantActive, todayIso } from "./access.ts";
import type { PipelineDb } from "./schema.ts";
import { actorOfAccount, auditActor, getSeedSummary, requireOwner } from "./seeds.ts";
import { type GrantStatus, IsoDate } from "./vocabulary.ts";

export const AccessRequestBody = z.strictObject({ message: z.string().trim().min(1).max(2000) });
export const GrantDecisionBody = z.discriminatedUnion("decision", [
  z.strictObject({
    decision: z.literal("grant"),
    /** the NDA this grant rests on, e.g. its contract number */
    ndaReference: z.string().trim().min(1).max(200),
    expiresOn: IsoDate,
  }),
  z.strictObject({ decision: z.literal("decline") }),
]);
export type GrantDecisionBody = z.infer<typeof GrantDecisionBody>;

export interface AccessGrant {
  id: string;
  seedId: string;
  seedTitleJa: string;
  seedTitleEn: string;
  organisation: { id: string; nameJa: string; nameEn: string };
  requestMessage: string;
  /** requested / active / declined / revoked; an active grant past its expiry reads "expired" */
  status: GrantStatus | "expired";
  ndaReference: string | null;
  expiresOn: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}

function selectGrants(db: PipelineDb) {
  return db
    .selectFrom("access_grants")
    .innerJoin("organisations", "organisations.id", "access_grants.organisation_id")
    .innerJoin("seeds", "seeds.id", "access_grants.seed_id")
    .select([
      "access_grants.id",
      "access_grants.seed_id",
      "seeds.title_ja",
      "seeds.title_en",
      "organisations.id as org_id",
      "organisations.name_ja",
      "organisations.name_en",
      "access_grants.request_message",
      "access_grants.status",
      "access_grants.nda_reference",
      "access_grants.expires_on",
      "access_grants.created_at",
      "access_grants.decided_at",
    ])
    .orderBy("access_grants.created_at", "desc");
}

type GrantRow = Awaited<ReturnType<ReturnType<typeof selectGrants>["executeTakeFirstOrThrow"]>>;

const toGrant = (r: GrantRow, today: string): AccessGrant => ({
  id: r.id,
  seedId: r.seed_id,
  seedTitleJa: r.title_ja,
  seedTitleEn: r.title_en,
  organisation: { id: r.org_id, nameJa: r.name_ja, nameEn: r.name_en },
  requestMessage: r.request_message,
  status:
    r.status === "active" &&
    !isGrantActive({ organisationId: r.org_id, status: r.status, expiresOn: r.expires_on }, today)
      ? "expired"
      : (r.status as GrantStatus),
  ndaReference: r.nda_reference,
  expiresOn: r.expires_on,
  createdAt: r.created_at,
  decidedAt: r.decided_at,
});

/** A company or investor asks the owner for confidential access; the owner sees only the teaser until then. */
export async function requestAccess(
  db: PipelineDb,
  account: Account,
  seedId: string,
  message: string,
  today = todayIso(),
): Promise<AccessGrant> {
  const seed = await getSeedSummary(db, seedId);
  if (!canRequestAccess(actorOfAccount(account), { organisationId: seed.organisation.id }))
    throw forbidden("seed.access.request");
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    const open = await trx
      .selectFrom("access_grants")
      .select(["status", "expires_on"])
      .where("seed_id", "=", seedId)
      .where("organisation_id", "=", account.organisation.id)
      .where("status", "in", ["requested", "active"])
      .forUpdate()
      .execute();
    if (
      open.some(
        (g) =>
          g.status === "requested" ||
          isGrantActive({ organisationId: "", status: g.status, expiresOn: g.expires_on }, today),
      )
    )
      throw conflict(`access request for this seed by ${account.organisation.nameEn}`);
    await trx
      .insertInto("access_grants")
      .values({
        id,
        seed_id: seedId,
        organisation_id: account.organisation.id,
        requested_by: account.id,
        request_message: message,
        status: "requested",
      })
      .execute();
    await appendAudit(trx, {
      actor: auditActor(account),
      action: "grant.request",
      entityType: "access_grant",
      entityId: id,
      detail: { seedId },
    });
  });
  return getGrant(db, id, today);
}

async function getGrant(db: PipelineDb, id: string, today: string): Promise<AccessGrant> {
  const row = await selectGrants(db).where("access_grants.id", "=", id).executeTakeFirst();
  if (!row) throw notFound(`access grant ${id}`);
  return toGrant(row, today);
}

async function ownedGrant(db: PipelineDb, account: Account, grantId: string, action: string) {
  const grant = await db.selectFrom("access_grants").selectAll().where("id", "=", grantId).executeTakeFirst();
  if (!grant) throw notFound(`access grant ${grantId}`);
  await requireOwner(db, account, grant.seed_id, action);
  return grant;
}

/** The owner grants (under an NDA, until an expiry date) or declines a request. */
export async function decideAccess(
  db: PipelineDb,
  account: Account,
  grantId: string,
  body: GrantDecisionBody,
  today = todayIso(),
): Promise<AccessGrant> {
  const before = await ownedGrant(db, account, grantId, "seed.access.decide");
  if (before.status !== "requested") throw conflict(`decision on access grant ${grantId}`);
  await db.transaction().execute(async (trx) => {
    const after = await trx
      .updateTable("access_grants")
      .set(
        body.decision === "grant"
          ? {
              status: "active",
              nda_reference: body.ndaReference,
              expires_on: body.expiresOn,
              decided_by: account.id,
              decided_at: new Date(),
            }
          : { status: "declined", decided_by: account.id, decided_at: new Date() },
      )
      .where("id", "=", grantId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: auditActor(account),
      action: body.decision === "grant" ? "grant.activate" : "grant.decline",
      entityType: "access_grant",
      entityId: grantId,
      before,
      after,
      detail: { seedId: before.seed_id, organisationId: before.organisation_id },
    });
  });
  return getGrant(db, grantId, today);
}

export async function revokeAccess(
  db: PipelineDb,
  account: Account,
  grantId: string,
  today = todayIso(),
): Promise<AccessGrant> {
  const before = await ownedGrant(db, account, grantId, "seed.access.revoke");
  if (before.status !== "active") throw conflict(`revocation of access grant ${grantId}`);
  await db.transaction().execute(async (trx) => {
    const after = await trx
      .updateTable("access_grants")
      .set({ status: "revoked", decided_by: account.id, decided_at: new Date() })
      .where("id", "=", grantId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: auditActor(account),
      action: "grant.revoke",
      entityType: "access_grant",
      entityId: grantId,
      before,
      after,
      detail: { seedId: before.seed_id },
    });
  });
  return getGrant(db, grantId, today);
}

/** Requests and grants on one seed, for its owners. */
export async function listSeedGrants(
  db: PipelineDb,
  account: Account,
  seedId: string,
  today = todayIso(),
): Promise<AccessGrant[]> {
  await requireOwner(db, account, seedId, "seed.access.list");
  return (await selectGrants(db).where("access_grants.seed_id", "=", seedId).execute()).map((r) =>
    toGrant(r, today),
  );
}

/** Requests and grants the caller's organisation holds (a company's view), or those on its own seeds. */
export async function listMyGrants(
  db: PipelineDb,
  account: Account,
  today = todayIso(),
): Promise<{ held: AccessGrant[]; received: AccessGrant[] }> {
  const held = await selectGrants(db)
    .where("access_grants.organisation_id", "=", account.organisation.id)
    .execute();
  const ownsSeeds = account.roles.includes("researcher") || account.roles.includes("tlo");
  const received = ownsSeeds
    ? await selectGrants(db).where("seeds.organisation_id", "=", account.organisation.id).execute()
    : [];
  return { held: held.map((r) => toGrant(r, today)), received: received.map((r) => toGrant(r, today)) };
}
