import { randomUUID } from "node:crypto";
import { conflict, forbidden, notFound } from "@kakehashi/core";
import {
  type AccessGrant,
  canEditSeed,
  canRequestAccess,
  decideAccess,
  IsoDate,
  isGrantActive,
  requestAccess,
  todayIso,
} from "@kakehashi/pipeline";
import { type Account, appendAudit, getAccount } from "@kakehashi/store";
import type { Selectable, Transaction } from "kysely";
import { z } from "zod";
import type { CommunityOptions } from "../notifications/context.ts";
import { outreachDecidedNotice, outreachReceivedNotice } from "../notifications/notices.ts";
import { deliverEmails, queueNotifications } from "../notifications/notifications.ts";
import { actorOf, isProgrammeStaff } from "./access.ts";
import {
  type MatchingDatabase,
  type MatchingDb,
  type OutreachTable,
  parseJson,
  pipelineView,
  storeDb,
} from "./schema.ts";
import { loadTeasers, type SeedTeaser, TEASER_FIELDS } from "./teaser.ts";
import { parseInput } from "./validate.ts";
import { DealType, type OutreachStatus } from "./vocabulary.ts";

/** A company's or investor's first approach to a seed's owner. */
export const OutreachInput = z.strictObject({
  seedId: z.uuid(),
  dealType: DealType,
  message: z.string().trim().min(1).max(2000),
});
export type OutreachInput = z.input<typeof OutreachInput>;

/** The owner's answer; an accept may carry the signed NDA, which activates the grant at once. */
export const OutreachDecisionInput = z.discriminatedUnion("decision", [
  z.strictObject({
    decision: z.literal("accept"),
    note: z.string().trim().max(2000).default(""),
    nda: z.strictObject({ reference: z.string().trim().min(1).max(200), expiresOn: IsoDate }).optional(),
  }),
  z.strictObject({ decision: z.literal("decline"), note: z.string().trim().max(2000).default("") }),
]);
export type OutreachDecisionInput = z.input<typeof OutreachDecisionInput>;

export interface Outreach {
  id: string;
  seedId: string;
  from: { organisation: { id: string; nameJa: string; nameEn: string }; requestedBy: string };
  dealType: DealType;
  message: string;
  /** exactly what was sent about the seed: its public teaser */
  teaser: SeedTeaser;
  status: OutreachStatus;
  decisionNote: string;
  decidedAt: Date | null;
  /** the pipeline's access grant the accept started, with its state now */
  grant: { id: string; status: AccessGrant["status"] } | null;
  createdAt: Date;
}

/** Copies a teaser field by field, so nothing but the listed public fields is ever stored or sent. */
export function teaserOnly(seed: SeedTeaser): SeedTeaser {
  const out: Record<string, unknown> = {};
  for (const field of TEASER_FIELDS) out[field] = seed[field];
  return out as unknown as SeedTeaser;
}

const isUniqueViolation = (e: unknown) => (e as { code?: string } | null)?.code === "23505";

async function toOutreach(db: MatchingDb, r: Selectable<OutreachTable>, today: string): Promise<Outreach> {
  const org = await db
    .selectFrom("organisations")
    .select(["id", "name_ja", "name_en"])
    .where("id", "=", r.from_organisation_id)
    .executeTakeFirstOrThrow();
  let grant: Outreach["grant"] = null;
  if (r.grant_id) {
    const g = await db
      .selectFrom("access_grants")
      .select(["id", "organisation_id", "status", "expires_on"])
      .where("id", "=", r.grant_id)
      .executeTakeFirstOrThrow();
    const active = isGrantActive(
      { organisationId: g.organisation_id, status: g.status, expiresOn: g.expires_on },
      today,
    );
    grant = {
      id: g.id,
      status: g.status === "active" && !active ? "expired" : (g.status as AccessGrant["status"]),
    };
  }
  return {
    id: r.id,
    seedId: r.seed_id,
    from: {
      organisation: { id: org.id, nameJa: org.name_ja, nameEn: org.name_en },
      requestedBy: r.requested_by,
    },
    dealType: r.deal_type as DealType,
    message: r.message,
    teaser: parseJson(r.teaser) as SeedTeaser,
    status: r.status as OutreachStatus,
    decisionNote: r.decision_note,
    decidedAt: r.decided_at,
    grant,
    createdAt: r.created_at,
  };
}

async function outreachRow(db: MatchingDb, id: string) {
  const row = await db.selectFrom("partnering_outreach").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound(`outreach ${id}`);
  return row;
}

/** The seed's owners who answer outreach: its organisation's researchers and TLO staff. */
async function seedOwnerIds(trx: Transaction<MatchingDatabase>, organisationId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom("users")
    .innerJoin("user_roles as r", "r.user_id", "users.id")
    .select("users.id")
    .distinct()
    .where("users.organisation_id", "=", organisationId)
    .where("users.disabled_at", "is", null)
    .where("r.role", "in", ["researcher", "tlo"])
    .execute();
  return rows.map((r) => r.id);
}

/**
 * A company or investor approaches a seed's owner. What travels is the seed's public teaser, the sender's
 * organisation, the deal type and the sender's message: never a confidential field. The owners are
 * notified (in the app, and by e-mail with `options.mailer`) with the public title only.
 */
export async function sendOutreach(
  db: MatchingDb,
  account: Account,
  input: OutreachInput,
  today = todayIso(),
  options: CommunityOptions = {},
): Promise<Outreach> {
  const o = parseInput(OutreachInput, input);
  const [seed] = await loadTeasers(db, o.seedId);
  if (!seed) throw notFound(`seed ${o.seedId}`);
  if (!canRequestAccess(actorOf(account), { organisationId: seed.organisation.id }))
    throw forbidden("partnering.outreach.send");
  const id = randomUUID();
  const teaser = teaserOnly(seed);
  let notifications: string[] = [];
  try {
    notifications = await db.transaction().execute(async (trx) => {
      const row = {
        id,
        seed_id: seed.id,
        from_organisation_id: account.organisation.id,
        requested_by: account.id,
        deal_type: o.dealType,
        message: o.message,
        teaser: JSON.stringify(teaser),
        status: "sent",
      };
      await trx.insertInto("partnering_outreach").values(row).execute();
      await appendAudit(trx, {
        actor: { id: account.id, label: account.email },
        action: "partnering.outreach.send",
        entityType: "outreach",
        entityId: id,
        after: { ...row, teaser },
        detail: { seedId: seed.id, organisationId: account.organisation.id },
      });
      return queueNotifications(
        trx as never,
        await seedOwnerIds(trx, seed.organisation.id),
        outreachReceivedNotice({
          seedTitle: { ja: seed.titleJa, en: seed.titleEn },
          from: { ja: account.organisation.nameJa, en: account.organisation.nameEn },
          dealType: o.dealType,
        }),
        Boolean(options.mailer),
      );
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(`open outreach to this seed by ${account.organisation.nameEn}`);
    throw e;
  }
  await deliverEmails(storeDb(db), options.mailer, notifications);
  return toOutreach(db, await outreachRow(db, id), today);
}

/** The requester's open request or live grant on the seed, which an accept reuses rather than duplicates. */
async function openGrant(db: MatchingDb, seedId: string, organisationId: string, today: string) {
  const rows = await db
    .selectFrom("access_grants")
    .select(["id", "organisation_id", "status", "expires_on"])
    .where("seed_id", "=", seedId)
    .where("organisation_id", "=", organisationId)
    .where("status", "in", ["requested", "active"])
    .orderBy("created_at", "desc")
    .execute();
  return rows.find(
    (g) =>
      g.status === "requested" ||
      isGrantActive({ organisationId: g.organisation_id, status: g.status, expiresOn: g.expires_on }, today),
  );
}

/**
 * The seed's owner accepts or declines. An accept starts the pipeline's NDA grant flow: the sender's
 * organisation gets an access request (requestAccess, in the sender's name: the outreach was their
 * request), and when the owner gives the signed NDA's reference the grant is activated (decideAccess).
 */
export async function decideOutreach(
  db: MatchingDb,
  account: Account,
  outreachId: string,
  input: OutreachDecisionInput,
  today = todayIso(),
  options: CommunityOptions = {},
): Promise<Outreach> {
  const d = parseInput(OutreachDecisionInput, input);
  const before = await outreachRow(db, outreachId);
  const [seed] = await loadTeasers(db, before.seed_id);
  if (!seed || !canEditSeed(actorOf(account), { organisationId: seed.organisation.id }))
    throw forbidden("partnering.outreach.decide");
  if (before.status !== "sent") throw conflict(`decision on outreach ${outreachId}`);
  let grantId: string | null = null;
  // the grant step runs first, in the pipeline's own transactions: should a concurrent decision or
  // withdrawal win, the update below finds no open outreach and refuses, and the access request already
  // made waits for the owner's decision like any other request
  if (d.decision === "accept") {
    const pipeline = pipelineView(db);
    const existing = await openGrant(db, seed.id, before.from_organisation_id, today);
    let grant: { id: string; status: string } | undefined = existing;
    if (!grant) {
      const requester = await getAccount(storeDb(db), before.requested_by);
      grant = await requestAccess(
        pipeline,
        requester,
        seed.id,
        `${before.message}\n(outreach ${outreachId})`,
        today,
      );
    }
    if (d.nda && grant.status === "requested")
      grant = await decideAccess(
        pipeline,
        account,
        grant.id,
        { decision: "grant", ndaReference: d.nda.reference, expiresOn: d.nda.expiresOn },
        today,
      );
    grantId = grant.id;
  }
  const notifications = await db.transaction().execute(async (trx) => {
    const after = await trx
      .updateTable("partnering_outreach")
      .set({
        status: d.decision === "accept" ? "accepted" : "declined",
        decided_by: account.id,
        decided_at: new Date(),
        decision_note: d.note,
        grant_id: grantId,
      })
      .where("id", "=", outreachId)
      .where("status", "=", "sent")
      .returningAll()
      .executeTakeFirst();
    // a concurrent decision or withdrawal got there first
    if (!after) throw conflict(`decision on outreach ${outreachId}`);
    await appendAudit(trx, {
      actor: { id: account.id, label: account.email },
      action: `partnering.outreach.${d.decision}`,
      entityType: "outreach",
      entityId: outreachId,
      before: { ...before, teaser: parseJson(before.teaser) },
      after: { ...after, teaser: parseJson(after.teaser) },
      detail: { seedId: seed.id, grantId },
    });
    return queueNotifications(
      trx as never,
      [before.requested_by],
      outreachDecidedNotice({
        seedId: seed.id,
        seedTitle: { ja: seed.titleJa, en: seed.titleEn },
        decision: d.decision,
      }),
      Boolean(options.mailer),
    );
  });
  await deliverEmails(storeDb(db), options.mailer, notifications);
  return toOutreach(db, await outreachRow(db, outreachId), today);
}

/** The sender takes back an outreach the owner has not answered yet. */
export async function withdrawOutreach(
  db: MatchingDb,
  account: Account,
  outreachId: string,
  today = todayIso(),
): Promise<Outreach> {
  const before = await outreachRow(db, outreachId);
  const actor = actorOf(account);
  const sender =
    actor.organisationId === before.from_organisation_id &&
    (actor.roles.includes("company") || actor.roles.includes("investor"));
  if (!sender) throw forbidden("partnering.outreach.withdraw");
  await db.transaction().execute(async (trx) => {
    const after = await trx
      .updateTable("partnering_outreach")
      .set({ status: "withdrawn", decided_by: account.id, decided_at: new Date() })
      .where("id", "=", outreachId)
      .where("status", "=", "sent")
      .returningAll()
      .executeTakeFirst();
    if (!after) throw conflict(`withdrawal of outreach ${outreachId}`);
    await appendAudit(trx, {
      actor: { id: account.id, label: account.email },
      action: "partnering.outreach.withdraw",
      entityType: "outreach",
      entityId: outreachId,
      before: { ...before, teaser: parseJson(before.teaser) },
      after: { ...after, teaser: parseJson(after.teaser) },
      detail: { seedId: before.seed_id },
    });
  });
  return toOutreach(db, await outreachRow(db, outreachId), today);
}

/**
 * Outreach the caller's organisation sent (companies, investors) and received on its seeds (researchers,
 * TLO); admins see all. Nobody else reads another organisation's approaches.
 */
export async function listOutreach(
  db: MatchingDb,
  account: Account,
  today = todayIso(),
): Promise<{ sent: Outreach[]; received: Outreach[] }> {
  const actor = actorOf(account);
  const admin = actor.roles.includes("admin");
  const sends = admin || actor.roles.includes("company") || actor.roles.includes("investor");
  const owns = admin || actor.roles.includes("researcher") || actor.roles.includes("tlo");
  if (!sends && !owns) throw forbidden("partnering.outreach.read");
  const sent = sends
    ? await db
        .selectFrom("partnering_outreach")
        .selectAll()
        .$if(!admin, (q) => q.where("from_organisation_id", "=", actor.organisationId))
        .orderBy("created_at", "desc")
        .execute()
    : [];
  const received = owns
    ? await db
        .selectFrom("partnering_outreach as o")
        .innerJoin("seeds as s", "s.id", "o.seed_id")
        .selectAll("o")
        .$if(!admin, (q) => q.where("s.organisation_id", "=", actor.organisationId))
        .orderBy("o.created_at", "desc")
        .execute()
    : [];
  const all = async (rows: Selectable<OutreachTable>[]) =>
    Promise.all(rows.map((r) => toOutreach(db, r, today)));
  return { sent: await all(admin ? [] : sent), received: await all(received) };
}

export async function getOutreach(
  db: MatchingDb,
  account: Account,
  outreachId: string,
  today = todayIso(),
): Promise<Outreach> {
  const row = await outreachRow(db, outreachId);
  const actor = actorOf(account);
  const [seed] = await loadTeasers(db, row.seed_id);
  const party =
    actor.organisationId === row.from_organisation_id ||
    (seed !== undefined && canEditSeed(actor, { organisationId: seed.organisation.id })) ||
    actor.roles.includes("admin");
  // another organisation's outreach is reported as missing: that it exists is itself confidential
  if (!party) throw notFound(`outreach ${outreachId}`);
  return toOutreach(db, row, today);
}

/** Programme staff see outreach counts by state, not the messages themselves. */
export async function outreachCounts(
  db: MatchingDb,
  account: Account,
): Promise<Record<OutreachStatus, number>> {
  if (!isProgrammeStaff(actorOf(account))) throw forbidden("partnering.outreach.counts");
  const rows = await db
    .selectFrom("partnering_outreach")
    .select((eb) => ["status", eb.fn.countAll<number>().as("n")])
    .groupBy("status")
    .execute();
  const out: Record<OutreachStatus, number> = { sent: 0, accepted: 0, declined: 0, withdrawn: 0 };
  for (const r of rows) out[r.status as OutreachStatus] = Number(r.n);
  return out;
}
