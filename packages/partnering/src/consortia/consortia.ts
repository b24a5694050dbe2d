import { randomUUID } from "node:crypto";
import { type Actor, fieldIssue, forbidden, isAdmin, notFound, validationError } from "@kakehashi/core";
import { IsoDate, todayIso } from "@kakehashi/pipeline";
import { type Account, appendAudit, type Database } from "@kakehashi/store";
import type { Kysely, Transaction } from "kysely";
import { z } from "zod";
import { actorOf, auditOf, type CommunityOptions, parseBody } from "../notifications/context.ts";
import { CommunityError } from "../notifications/messages.ts";
import { termsPublishedNotice } from "../notifications/notices.ts";
import { deliverEmails, queueNotifications } from "../notifications/notifications.ts";
import { type ConsortiumDatabase, type ConsortiumDb, consortiumDb } from "./schema.ts";
import { type Specimen, SpecimensBody, validateSpecimens } from "./specimens.ts";
import {
  CLINICAL_DATA_ITEMS,
  type ClinicalDataItem,
  MEMBER_ROLES,
  type MemberRole,
  type SpecimenType,
} from "./terms.ts";

/** A disease area as an ICD-10 chapter letter or code prefix: G, G30, C34.1. */
export const Icd10Area = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]([0-9]{2}(\.[0-9A-Z]{1,2})?)?$/);

export const MemberInput = z.strictObject({ organisationId: z.uuid(), role: z.enum(MEMBER_ROLES) });

export const ConsortiumInput = z.strictObject({
  nameJa: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200),
  icd10Area: Icd10Area,
  publicDescriptionJa: z.string().trim().min(1).max(4000),
  publicDescriptionEn: z.string().trim().min(1).max(4000),
  members: z
    .array(MemberInput)
    .min(1)
    .refine((ms) => ms.some((m) => m.role === "lead"), {
      message: "A consortium has a lead organisation.",
      params: {
        message: {
          ja: "幹事機関（lead）を 1 つ指定してください。",
          en: "A consortium has a lead organisation.",
        },
      },
    })
    .refine((ms) => new Set(ms.map((m) => m.organisationId)).size === ms.length, {
      message: "An organisation is listed twice.",
      params: { message: { ja: "同じ機関が重複しています。", en: "An organisation is listed twice." } },
    }),
});
export type ConsortiumInput = z.input<typeof ConsortiumInput>;

export const TermsBody = z.strictObject({
  textJa: z.string().trim().min(1).max(50_000),
  textEn: z.string().trim().min(1).max(50_000),
});
export const ProjectBody = z.strictObject({
  titleJa: z.string().trim().min(1).max(300),
  titleEn: z.string().trim().min(1).max(300),
  startedOn: IsoDate,
  seedIds: z.array(z.uuid()).min(1).max(50),
});

/** What anyone logged in sees of a consortium. */
export interface ConsortiumCard {
  id: string;
  nameJa: string;
  nameEn: string;
  icd10Area: string;
  publicDescriptionJa: string;
  publicDescriptionEn: string;
  /** the caller's organisation's role in it, or null for a non-member */
  membership: MemberRole | null;
}

export interface ConsortiumMember {
  organisation: { id: string; nameJa: string; nameEn: string; kind: string };
  role: MemberRole;
  joinedOn: string;
  acceptedCurrentTerms: boolean;
}

export interface SpecimenEntry extends Specimen {
  id: string;
  organisation: { id: string; nameJa: string; nameEn: string };
}

export interface JointProject {
  id: string;
  titleJa: string;
  titleEn: string;
  startedOn: string;
  /** each seed's public face only: membership grants no access to a seed's confidential part */
  seeds: { id: string; titleJa: string; titleEn: string; organisation: { id: string; nameEn: string } }[];
}

export interface ConsortiumDetail {
  members: ConsortiumMember[];
  specimens: SpecimenEntry[];
  totals: {
    specimens: number;
    byType: Partial<Record<SpecimenType, number>>;
    byIcd10: Record<string, number>;
    /** specimens that come with each kind of clinical information */
    withClinicalData: Record<ClinicalDataItem, number>;
  };
  terms: { version: number; textJa: string; textEn: string; publishedAt: Date } | null;
  myOrganisationAccepted: boolean;
  projects: JointProject[];
}

export interface ConsortiumView extends ConsortiumCard {
  /** everything else, for members and admins only; null for everyone else */
  detail: ConsortiumDetail | null;
}

const STEWARD_ROLES = ["admin", "funder"] as const;
/** GAPFREE consortia are set up by the programme (funders) or platform admins. */
export const canCreateConsortium = (actor: Actor) => STEWARD_ROLES.some((r) => actor.roles.includes(r));
/** Members who work with the shared catalogue: a member organisation's researchers, TLO and company staff. */
const CONTRIBUTOR_ROLES = ["researcher", "tlo", "company"] as const;
const isContributor = (actor: Actor) => CONTRIBUTOR_ROLES.some((r) => actor.roles.includes(r));

type Db = ConsortiumDb | Transaction<ConsortiumDatabase>;

export async function membershipOf<DB extends ConsortiumDatabase>(
  kysely: Kysely<DB>,
  consortiumId: string,
  organisationId: string,
): Promise<MemberRole | null> {
  const row = await (kysely as unknown as ConsortiumDb)
    .selectFrom("partnering_consortium_members")
    .select("role")
    .where("consortium_id", "=", consortiumId)
    .where("organisation_id", "=", organisationId)
    .executeTakeFirst();
  return (row?.role as MemberRole | undefined) ?? null;
}

async function requireConsortium(db: Db, id: string) {
  const row = await db.selectFrom("partnering_consortia").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound(`consortium ${id}`);
  return row;
}

/** Members (any user of a member organisation) and admins see all of a consortium. */
export async function canReadConsortium(db: Db, actor: Actor, consortiumId: string): Promise<boolean> {
  return isAdmin(actor) || (await membershipOf(db, consortiumId, actor.organisationId)) !== null;
}

async function requireMemberContributor(db: Db, account: Account, consortiumId: string, action: string) {
  const actor = actorOf(account);
  const role = await membershipOf(db, consortiumId, actor.organisationId);
  if (!role || role === "observer" || !isContributor(actor)) throw forbidden(action);
  return role;
}

async function requireSteward(db: Db, account: Account, consortiumId: string, action: string) {
  const actor = actorOf(account);
  if (isAdmin(actor)) return;
  if ((await membershipOf(db, consortiumId, actor.organisationId)) === "lead" && isContributor(actor)) return;
  throw forbidden(action);
}

async function checkOrganisations(db: Db, ids: readonly string[], path: (i: number) => PropertyKey[]) {
  const found = new Set(
    (
      await db
        .selectFrom("organisations")
        .select("id")
        .where("id", "in", [...ids])
        .execute()
    ).map((r) => r.id),
  );
  const issues = ids.flatMap((id, i) =>
    found.has(id)
      ? []
      : [
          fieldIssue(
            path(i),
            { ja: "この機関は登録されていません。", en: "There is no such organisation." },
            undefined,
            id,
          ),
        ],
  );
  if (issues.length) throw validationError(issues);
}

export async function createConsortium(
  store: Kysely<Database>,
  account: Account,
  input: ConsortiumInput,
  options: CommunityOptions = {},
): Promise<ConsortiumView> {
  const db = consortiumDb(store);
  if (!canCreateConsortium(actorOf(account))) throw forbidden("consortium.create");
  const body = parseBody(ConsortiumInput, input);
  await checkOrganisations(
    db,
    body.members.map((m) => m.organisationId),
    (i) => ["members", i, "organisationId"],
  );
  const id = randomUUID();
  const today = todayIso(options.now ?? new Date());
  await db.transaction().execute(async (trx) => {
    const row = {
      id,
      name_ja: body.nameJa,
      name_en: body.nameEn,
      icd10_area: body.icd10Area,
      public_description_ja: body.publicDescriptionJa,
      public_description_en: body.publicDescriptionEn,
      created_by: account.id,
    };
    await trx.insertInto("partnering_consortia").values(row).execute();
    await trx
      .insertInto("partnering_consortium_members")
      .values(
        body.members.map((m) => ({
          consortium_id: id,
          organisation_id: m.organisationId,
          role: m.role,
          joined_on: today,
        })),
      )
      .execute();
    await appendAudit(trx, {
      actor: auditOf(account),
      action: "consortium.create",
      entityType: "consortium",
      entityId: id,
      after: { ...row, members: body.members },
    });
  });
  return getConsortium(store, account, id);
}

/** Adds an organisation (or changes its role); the lead organisation's staff or an admin decide. */
export async function setMember(
  store: Kysely<Database>,
  account: Account,
  consortiumId: string,
  input: z.input<typeof MemberInput>,
  options: CommunityOptions = {},
): Promise<ConsortiumView> {
  const db = consortiumDb(store);
  const body = parseBody(MemberInput, input);
  await requireConsortium(db, consortiumId);
  await requireSteward(db, account, consortiumId, "consortium.member.set");
  await checkOrganisations(db, [body.organisationId], () => ["organisationId"]);
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("partnering_consortium_members")
      .selectAll()
      .where("consortium_id", "=", consortiumId)
      .where("organisation_id", "=", body.organisationId)
      .forUpdate()
      .executeTakeFirst();
    if (before)
      await trx
        .updateTable("partnering_consortium_members")
        .set({ role: body.role })
        .where("consortium_id", "=", consortiumId)
        .where("organisation_id", "=", body.organisationId)
        .execute();
    else
      await trx
        .insertInto("partnering_consortium_members")
        .values({
          consortium_id: consortiumId,
          organisation_id: body.organisationId,
          role: body.role,
          joined_on: todayIso(options.now ?? new Date()),
        })
        .execute();
    await appendAudit(trx, {
      actor: auditOf(account),
      action: "consortium.member.set",
      entityType: "consortium",
      entityId: consortiumId,
      before: before ?? undefined,
      after: body,
    });
  });
  return getConsortium(store, account, consortiumId);
}

const toCard = (
  r: {
    id: string;
    name_ja: string;
    name_en: string;
    icd10_area: string;
    public_description_ja: string;
    public_description_en: string;
  },
  membership: MemberRole | null,
): ConsortiumCard => ({
  id: r.id,
  nameJa: r.name_ja,
  nameEn: r.name_en,
  icd10Area: r.icd10_area,
  publicDescriptionJa: r.public_description_ja,
  publicDescriptionEn: r.public_description_en,
  membership,
});

/** Every consortium's public card, with the caller's membership. */
export async function listConsortia(store: Kysely<Database>, account: Account): Promise<ConsortiumCard[]> {
  const db = consortiumDb(store);
  const rows = await db
    .selectFrom("partnering_consortia as c")
    .leftJoin("partnering_consortium_members as m", (j) =>
      j.onRef("m.consortium_id", "=", "c.id").on("m.organisation_id", "=", account.organisation.id),
    )
    .select([
      "c.id",
      "c.name_ja",
      "c.name_en",
      "c.icd10_area",
      "c.public_description_ja",
      "c.public_description_en",
      "m.role",
    ])
    .orderBy("c.name_en")
    .execute();
  return rows.map((r) => toCard(r, (r.role as MemberRole | null) ?? null));
}

async function currentTerms(db: Db, consortiumId: string) {
  return db
    .selectFrom("partnering_consortium_terms")
    .selectAll()
    .where("consortium_id", "=", consortiumId)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
}

const parseJson = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);

/** A consortium: members and admins see everything; everyone else its public card (detail null). */
export async function getConsortium(
  store: Kysely<Database>,
  account: Account,
  id: string,
): Promise<ConsortiumView> {
  const db = consortiumDb(store);
  const c = await requireConsortium(db, id);
  const actor = actorOf(account);
  const membership = await membershipOf(db, id, actor.organisationId);
  const card = toCard(c, membership);
  if (!membership && !isAdmin(actor)) return { ...card, detail: null };

  const terms = await currentTerms(db, id);
  const accepted = new Set(
    terms
      ? (
          await db
            .selectFrom("partnering_consortium_acceptances")
            .select("organisation_id")
            .where("terms_id", "=", terms.id)
            .execute()
        ).map((a) => a.organisation_id)
      : [],
  );
  const members = (
    await db
      .selectFrom("partnering_consortium_members as m")
      .innerJoin("organisations as o", "o.id", "m.organisation_id")
      .select(["m.role", "m.joined_on", "o.id", "o.name_ja", "o.name_en", "o.kind"])
      .where("m.consortium_id", "=", id)
      .orderBy("m.role")
      .orderBy("o.name_en")
      .execute()
  ).map((m) => ({
    organisation: { id: m.id, nameJa: m.name_ja, nameEn: m.name_en, kind: m.kind },
    role: m.role as MemberRole,
    joinedOn: m.joined_on,
    acceptedCurrentTerms: accepted.has(m.id),
  }));
  const specimens: SpecimenEntry[] = (
    await db
      .selectFrom("partnering_consortium_specimens as s")
      .innerJoin("organisations as o", "o.id", "s.organisation_id")
      .selectAll("s")
      .select(["o.name_ja", "o.name_en"])
      .where("s.consortium_id", "=", id)
      .orderBy("s.icd10")
      .orderBy("s.specimen_type")
      .execute()
  ).map((s) => ({
    id: s.id,
    organisation: { id: s.organisation_id, nameJa: s.name_ja, nameEn: s.name_en },
    specimenType: s.specimen_type as SpecimenType,
    icd10: s.icd10,
    count: s.count,
    clinicalData: parseJson(s.clinical_data) as Record<ClinicalDataItem, boolean>,
    collectedFromYear: s.collected_from_year,
    collectedToYear: s.collected_to_year,
  }));
  const byType: Partial<Record<SpecimenType, number>> = {};
  const byIcd10: Record<string, number> = {};
  const withClinicalData = Object.fromEntries(CLINICAL_DATA_ITEMS.map((k) => [k, 0])) as Record<
    ClinicalDataItem,
    number
  >;
  for (const s of specimens) {
    byType[s.specimenType] = (byType[s.specimenType] ?? 0) + s.count;
    byIcd10[s.icd10] = (byIcd10[s.icd10] ?? 0) + s.count;
    for (const k of CLINICAL_DATA_ITEMS) if (s.clinicalData[k]) withClinicalData[k] += s.count;
  }
  const projectRows = await db
    .selectFrom("partnering_consortium_projects")
    .selectAll()
    .where("consortium_id", "=", id)
    .orderBy("started_on")
    .execute();
  const links = projectRows.length
    ? await db
        .selectFrom("partnering_consortium_project_seeds as ps")
        .innerJoin("seeds", "seeds.id", "ps.seed_id")
        .innerJoin("organisations as o", "o.id", "seeds.organisation_id")
        .select([
          "ps.project_id",
          "seeds.id",
          "seeds.title_ja",
          "seeds.title_en",
          "o.id as org_id",
          "o.name_en",
        ])
        .where(
          "ps.project_id",
          "in",
          projectRows.map((p) => p.id),
        )
        .orderBy("seeds.title_en")
        .execute()
    : [];
  return {
    ...card,
    detail: {
      members,
      specimens,
      totals: {
        specimens: specimens.reduce((n, s) => n + s.count, 0),
        byType,
        byIcd10,
        withClinicalData,
      },
      terms: terms
        ? {
            version: terms.version,
            textJa: terms.text_ja,
            textEn: terms.text_en,
            publishedAt: terms.published_at,
          }
        : null,
      myOrganisationAccepted: accepted.has(actor.organisationId),
      projects: projectRows.map((p) => ({
        id: p.id,
        titleJa: p.title_ja,
        titleEn: p.title_en,
        startedOn: p.started_on,
        seeds: links
          .filter((l) => l.project_id === p.id)
          .map((l) => ({
            id: l.id,
            titleJa: l.title_ja,
            titleEn: l.title_en,
            organisation: { id: l.org_id, nameEn: l.name_en },
          })),
      })),
    },
  };
}

/**
 * A member organisation adds lines to the shared specimen catalogue (counts only; personal data is
 * refused). Once data-sharing terms exist, the organisation must have accepted the current version.
 */
export async function addSpecimens(
  store: Kysely<Database>,
  account: Account,
  consortiumId: string,
  input: z.input<typeof SpecimensBody>,
): Promise<ConsortiumView> {
  const db = consortiumDb(store);
  await requireConsortium(db, consortiumId);
  await requireMemberContributor(db, account, consortiumId, "consortium.specimens.add");
  const { specimens: raw } = parseBody(SpecimensBody, input);
  const specimens = validateSpecimens(raw);
  await db.transaction().execute(async (trx) => {
    const terms = await currentTerms(trx, consortiumId);
    if (terms) {
      const ok = await trx
        .selectFrom("partnering_consortium_acceptances")
        .select("terms_id")
        .where("terms_id", "=", terms.id)
        .where("organisation_id", "=", account.organisation.id)
        .executeTakeFirst();
      if (!ok) throw new CommunityError("terms-not-accepted", { version: terms.version });
    }
    const rows = specimens.map((s) => ({
      id: randomUUID(),
      consortium_id: consortiumId,
      organisation_id: account.organisation.id,
      specimen_type: s.specimenType,
      icd10: s.icd10,
      count: s.count,
      clinical_data: JSON.stringify(s.clinicalData),
      collected_from_year: s.collectedFromYear ?? null,
      collected_to_year: s.collectedToYear ?? null,
      created_by: account.id,
    }));
    await trx.insertInto("partnering_consortium_specimens").values(rows).execute();
    await appendAudit(trx, {
      actor: auditOf(account),
      action: "consortium.specimens.add",
      entityType: "consortium",
      entityId: consortiumId,
      after: rows,
      detail: { lines: rows.length, specimens: specimens.reduce((n, s) => n + s.count, 0) },
    });
  });
  return getConsortium(store, account, consortiumId);
}

/** Publishes the next version of the data-sharing terms; every member organisation's users are notified. */
export async function publishTerms(
  store: Kysely<Database>,
  account: Account,
  consortiumId: string,
  input: z.input<typeof TermsBody>,
  options: CommunityOptions = {},
): Promise<ConsortiumView> {
  const db = consortiumDb(store);
  const body = parseBody(TermsBody, input);
  const c = await requireConsortium(db, consortiumId);
  await requireSteward(db, account, consortiumId, "consortium.terms.publish");
  const notifications = await db.transaction().execute(async (trx) => {
    // the consortium row serialises publishers, so two versions never get the same number
    await trx
      .selectFrom("partnering_consortia")
      .select("id")
      .where("id", "=", consortiumId)
      .forUpdate()
      .execute();
    const version = ((await currentTerms(trx, consortiumId))?.version ?? 0) + 1;
    const id = randomUUID();
    const row = {
      id,
      consortium_id: consortiumId,
      version,
      text_ja: body.textJa,
      text_en: body.textEn,
      published_by: account.id,
    };
    await trx.insertInto("partnering_consortium_terms").values(row).execute();
    await appendAudit(trx, {
      actor: auditOf(account),
      action: "consortium.terms.publish",
      entityType: "consortium",
      entityId: consortiumId,
      after: row,
      detail: { version },
    });
    const recipients = await trx
      .selectFrom("users")
      .innerJoin("partnering_consortium_members as m", "m.organisation_id", "users.organisation_id")
      .select("users.id")
      .where("m.consortium_id", "=", consortiumId)
      .where("users.disabled_at", "is", null)
      .where("users.id", "!=", account.id)
      .execute();
    return queueNotifications(
      trx,
      recipients.map((r) => r.id),
      termsPublishedNotice({ consortiumId, consortiumName: { ja: c.name_ja, en: c.name_en }, version }),
      Boolean(options.mailer),
    );
  });
  await deliverEmails(store, options.mailer, notifications);
  return getConsortium(store, account, consortiumId);
}

/** A member organisation accepts the current terms (a user of it accepts on its behalf). */
export async function acceptTerms(
  store: Kysely<Database>,
  account: Account,
  consortiumId: string,
  version: number,
): Promise<ConsortiumView> {
  const db = consortiumDb(store);
  await requireConsortium(db, consortiumId);
  const actor = actorOf(account);
  if (!(await membershipOf(db, consortiumId, actor.organisationId)))
    throw forbidden("consortium.terms.accept");
  await db.transaction().execute(async (trx) => {
    const terms = await currentTerms(trx, consortiumId);
    if (!terms) throw notFound(`data-sharing terms of consortium ${consortiumId}`);
    if (terms.version !== version)
      throw new CommunityError("terms-outdated", { version, current: terms.version });
    const done = await trx
      .selectFrom("partnering_consortium_acceptances")
      .select("terms_id")
      .where("terms_id", "=", terms.id)
      .where("organisation_id", "=", actor.organisationId)
      .executeTakeFirst();
    if (done) return;
    await trx
      .insertInto("partnering_consortium_acceptances")
      .values({ terms_id: terms.id, organisation_id: actor.organisationId, accepted_by: account.id })
      .execute();
    await appendAudit(trx, {
      actor: auditOf(account),
      action: "consortium.terms.accept",
      entityType: "consortium",
      entityId: consortiumId,
      detail: { version, organisationId: actor.organisationId },
    });
  });
  return getConsortium(store, account, consortiumId);
}

/** A joint project of members, linked to seeds of member organisations only. */
export async function addJointProject(
  store: Kysely<Database>,
  account: Account,
  consortiumId: string,
  input: z.input<typeof ProjectBody>,
): Promise<ConsortiumView> {
  const db = consortiumDb(store);
  const body = parseBody(ProjectBody, input);
  await requireConsortium(db, consortiumId);
  await requireMemberContributor(db, account, consortiumId, "consortium.project.create");
  const seeds = await db
    .selectFrom("seeds")
    .leftJoin("partnering_consortium_members as m", (j) =>
      j.onRef("m.organisation_id", "=", "seeds.organisation_id").on("m.consortium_id", "=", consortiumId),
    )
    .select(["seeds.id", "m.role"])
    .where("seeds.id", "in", body.seedIds)
    .execute();
  const issues = body.seedIds.flatMap((seedId, i) => {
    const s = seeds.find((x) => x.id === seedId);
    if (!s)
      return [
        fieldIssue(
          ["seedIds", i],
          { ja: "このシーズは存在しません。", en: "There is no such seed." },
          undefined,
          seedId,
        ),
      ];
    if (!s.role || s.role === "observer")
      return [
        fieldIssue(
          ["seedIds", i],
          {
            ja: "共同プロジェクトに結び付けられるのは、コンソーシアム参加機関のシーズだけです。",
            en: "A joint project links only seeds of the consortium's member organisations.",
          },
          {
            ja: "参加機関のシーズを選ぶか、先にそのシーズの機関を参加機関に加えてください。",
            en: "Pick a member's seed, or have the seed's organisation join first.",
          },
          seedId,
        ),
      ];
    return [];
  });
  if (issues.length) throw validationError(issues);
  await db.transaction().execute(async (trx) => {
    const id = randomUUID();
    const row = {
      id,
      consortium_id: consortiumId,
      title_ja: body.titleJa,
      title_en: body.titleEn,
      started_on: body.startedOn,
      created_by: account.id,
    };
    await trx.insertInto("partnering_consortium_projects").values(row).execute();
    await trx
      .insertInto("partnering_consortium_project_seeds")
      .values([...new Set(body.seedIds)].map((seed_id) => ({ project_id: id, seed_id })))
      .execute();
    await appendAudit(trx, {
      actor: auditOf(account),
      action: "consortium.project.create",
      entityType: "consortium",
      entityId: consortiumId,
      after: { ...row, seedIds: body.seedIds },
    });
  });
  return getConsortium(store, account, consortiumId);
}
