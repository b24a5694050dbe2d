import { fieldIssue, forbidden, notFound, validationError } from "@kakehashi/core";
import { type Account, appendAudit, getOrganisation } from "@kakehashi/store";
import { z } from "zod";
import { actorOf, canEditMentorProfile, canEditPartnerProfile, canSeePartnerBands } from "./access.ts";
import { ORGANISATION_KIND_LABELS } from "./messages.ts";
import { type MatchingDb, parseJson, storeDb } from "./schema.ts";
import { parseInput } from "./validate.ts";
import {
  AreaInterests,
  BudgetBand,
  DealType,
  distinct,
  Expertise,
  ModalityList,
  Region,
  StageList,
  TicketBand,
} from "./vocabulary.ts";

const Summary = z.string().trim().max(2000).default("");

/** What a company looks for in a seed and what it can offer. */
export const CompanyProfileInput = z.strictObject({
  areas: AreaInterests,
  modalities: ModalityList,
  stages: StageList,
  dealTypes: distinct(DealType, 4, 1),
  regions: distinct(Region, 5, 1),
  budgetBand: BudgetBand,
  summaryJa: Summary,
  summaryEn: Summary,
});
export type CompanyProfileInput = z.input<typeof CompanyProfileInput>;
export type CompanyInterests = z.output<typeof CompanyProfileInput>;

/** What an investor (VC) backs: stages, ticket size, areas and modalities. */
export const InvestorProfileInput = z.strictObject({
  areas: AreaInterests,
  modalities: ModalityList,
  stages: StageList,
  ticketBand: TicketBand,
  regions: distinct(Region, 5).default(["japan"]),
  summaryJa: Summary,
  summaryEn: Summary,
});
export type InvestorProfileInput = z.input<typeof InvestorProfileInput>;
export type InvestorInterests = z.output<typeof InvestorProfileInput>;

/** A mentor's (伴走者) expertise, the modalities and areas they know, and how many seeds they can follow. */
export const MentorProfileInput = z.strictObject({
  expertise: distinct(Expertise, 6, 1),
  modalities: ModalityList,
  areas: AreaInterests.default({ chapters: [], prefixes: [] }),
  maxActiveSeeds: z.number().int().min(1).max(50),
  bioJa: Summary,
  bioEn: Summary,
});
export type MentorProfileInput = z.input<typeof MentorProfileInput>;
export type MentorInterests = z.output<typeof MentorProfileInput>;

interface OrganisationRef {
  id: string;
  nameJa: string;
  nameEn: string;
}

export interface CompanyProfile extends Omit<CompanyInterests, "budgetBand"> {
  kind: "company";
  organisation: OrganisationRef;
  /** null when the caller is neither of the organisation nor an admin */
  budgetBand: CompanyInterests["budgetBand"] | null;
  updatedAt: Date;
}

export interface InvestorProfile extends Omit<InvestorInterests, "ticketBand"> {
  kind: "investor";
  organisation: OrganisationRef;
  /** null when the caller is neither of the organisation nor an admin */
  ticketBand: InvestorInterests["ticketBand"] | null;
  updatedAt: Date;
}

export type PartnerProfile = CompanyProfile | InvestorProfile;

export interface MentorProfile extends MentorInterests {
  mentor: { userId: string; displayName: string; organisation: OrganisationRef };
  /** mentorships running now */
  activeSeeds: number;
  updatedAt: Date;
}

/** Profiles as stored, with no caller's view applied: for the matcher and the demo, never returned as is. */
export async function loadPartnerProfiles(db: MatchingDb, kind?: "company" | "investor") {
  let query = db
    .selectFrom("partnering_partner_profiles as p")
    .innerJoin("organisations as o", "o.id", "p.organisation_id")
    .select(["p.organisation_id", "p.kind", "p.profile", "p.updated_at", "o.name_ja", "o.name_en"])
    .orderBy("o.name_en");
  if (kind) query = query.where("p.kind", "=", kind);
  return (await query.execute()).map((r) => {
    const organisation = { id: r.organisation_id, nameJa: r.name_ja, nameEn: r.name_en };
    return r.kind === "company"
      ? {
          kind: "company" as const,
          organisation,
          interests: CompanyProfileInput.parse(parseJson(r.profile)),
          updatedAt: r.updated_at,
        }
      : {
          kind: "investor" as const,
          organisation,
          interests: InvestorProfileInput.parse(parseJson(r.profile)),
          updatedAt: r.updated_at,
        };
  });
}
export type StoredPartnerProfile = Awaited<ReturnType<typeof loadPartnerProfiles>>[number];

function view(account: Account, p: StoredPartnerProfile): PartnerProfile {
  const bands = canSeePartnerBands(actorOf(account), p.organisation.id);
  if (p.kind === "company")
    return {
      ...p.interests,
      kind: "company",
      organisation: p.organisation,
      budgetBand: bands ? p.interests.budgetBand : null,
      updatedAt: p.updatedAt,
    };
  return {
    ...p.interests,
    kind: "investor",
    organisation: p.organisation,
    ticketBand: bands ? p.interests.ticketBand : null,
    updatedAt: p.updatedAt,
  };
}

async function savePartnerProfile(
  db: MatchingDb,
  account: Account,
  organisationId: string,
  kind: "company" | "investor",
  interests: CompanyInterests | InvestorInterests,
): Promise<PartnerProfile> {
  const org = await getOrganisation(storeDb(db), organisationId);
  if (!canEditPartnerProfile(actorOf(account), { id: org.id, kind }))
    throw forbidden(`partnering.profile.${kind}`);
  if (org.kind !== kind)
    throw validationError([
      fieldIssue(
        ["organisationId"],
        {
          ja: `この組織は${ORGANISATION_KIND_LABELS[org.kind].ja}です。${ORGANISATION_KIND_LABELS[kind].ja}のプロフィールは作れません。`,
          en: `This organisation is a ${ORGANISATION_KIND_LABELS[org.kind].en}; it cannot have a ${kind} profile.`,
        },
        {
          ja: "組織の種別に合ったプロフィールを登録してください。",
          en: "Use the profile of the organisation's kind.",
        },
        organisationId,
      ),
    ]);
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("partnering_partner_profiles")
      .selectAll()
      .where("organisation_id", "=", organisationId)
      .forUpdate()
      .executeTakeFirst();
    const profile = JSON.stringify(interests);
    await trx
      .insertInto("partnering_partner_profiles")
      .values({ organisation_id: organisationId, kind, profile, updated_by: account.id })
      .onConflict((oc) =>
        oc
          .column("organisation_id")
          .doUpdateSet({ profile, kind, updated_by: account.id, updated_at: new Date() }),
      )
      .execute();
    await appendAudit(trx, {
      actor: { id: account.id, label: account.email },
      action: `partnering.profile.${kind}.save`,
      entityType: "partner_profile",
      entityId: organisationId,
      before: before ? parseJson(before.profile) : null,
      after: interests,
    });
  });
  return getPartnerProfile(db, account, organisationId);
}

export async function saveCompanyProfile(
  db: MatchingDb,
  account: Account,
  organisationId: string,
  input: CompanyProfileInput,
): Promise<PartnerProfile> {
  return savePartnerProfile(db, account, organisationId, "company", parseInput(CompanyProfileInput, input));
}

export async function saveInvestorProfile(
  db: MatchingDb,
  account: Account,
  organisationId: string,
  input: InvestorProfileInput,
): Promise<PartnerProfile> {
  return savePartnerProfile(db, account, organisationId, "investor", parseInput(InvestorProfileInput, input));
}

/** Any signed-in user reads a partner's interests (they explain the matches); bands only as allowed. */
export async function getPartnerProfile(
  db: MatchingDb,
  account: Account,
  organisationId: string,
): Promise<PartnerProfile> {
  const row = await db
    .selectFrom("partnering_partner_profiles as p")
    .innerJoin("organisations as o", "o.id", "p.organisation_id")
    .select(["p.organisation_id", "p.kind", "p.profile", "p.updated_at", "o.name_ja", "o.name_en"])
    .where("p.organisation_id", "=", organisationId)
    .executeTakeFirst();
  if (!row) throw notFound(`partner profile of organisation ${organisationId}`);
  const organisation = { id: row.organisation_id, nameJa: row.name_ja, nameEn: row.name_en };
  const stored: StoredPartnerProfile =
    row.kind === "company"
      ? {
          kind: "company",
          organisation,
          interests: CompanyProfileInput.parse(parseJson(row.profile)),
          updatedAt: row.updated_at,
        }
      : {
          kind: "investor",
          organisation,
          interests: InvestorProfileInput.parse(parseJson(row.profile)),
          updatedAt: row.updated_at,
        };
  return view(account, stored);
}

export async function listPartnerProfiles(
  db: MatchingDb,
  account: Account,
  kind?: "company" | "investor",
): Promise<PartnerProfile[]> {
  return (await loadPartnerProfiles(db, kind)).map((p) => view(account, p));
}

export async function deletePartnerProfile(
  db: MatchingDb,
  account: Account,
  organisationId: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("partnering_partner_profiles")
      .selectAll()
      .where("organisation_id", "=", organisationId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw notFound(`partner profile of organisation ${organisationId}`);
    const kind = before.kind as "company" | "investor";
    if (!canEditPartnerProfile(actorOf(account), { id: organisationId, kind }))
      throw forbidden(`partnering.profile.${kind}`);
    await trx
      .deleteFrom("partnering_partner_profiles")
      .where("organisation_id", "=", organisationId)
      .execute();
    await appendAudit(trx, {
      actor: { id: account.id, label: account.email },
      action: `partnering.profile.${kind}.delete`,
      entityType: "partner_profile",
      entityId: organisationId,
      before: parseJson(before.profile),
    });
  });
}

/** Mentor profiles as stored, with each mentor's running mentorships counted. */
export async function loadMentorProfiles(db: MatchingDb, userId?: string): Promise<MentorProfile[]> {
  let query = db
    .selectFrom("partnering_mentor_profiles as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .innerJoin("organisations as o", "o.id", "u.organisation_id")
    .select((eb) => [
      "m.user_id",
      "m.profile",
      "m.updated_at",
      "u.display_name",
      "o.id as org_id",
      "o.name_ja",
      "o.name_en",
      eb
        .selectFrom("partnering_mentorships as s")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("s.mentor_user_id", "=", "m.user_id")
        .where("s.ended_on", "is", null)
        .as("active"),
    ])
    .where("u.disabled_at", "is", null)
    .orderBy("u.display_name");
  if (userId) query = query.where("m.user_id", "=", userId);
  return (await query.execute()).map((r) => ({
    ...MentorProfileInput.parse(parseJson(r.profile)),
    mentor: {
      userId: r.user_id,
      displayName: r.display_name,
      organisation: { id: r.org_id, nameJa: r.name_ja, nameEn: r.name_en },
    },
    activeSeeds: Number(r.active ?? 0),
    updatedAt: r.updated_at,
  }));
}

export async function saveMentorProfile(
  db: MatchingDb,
  account: Account,
  mentorUserId: string,
  input: MentorProfileInput,
): Promise<MentorProfile> {
  if (!canEditMentorProfile(actorOf(account), mentorUserId)) throw forbidden("partnering.profile.mentor");
  const interests = parseInput(MentorProfileInput, input);
  const isMentor = await db
    .selectFrom("user_roles")
    .select("user_id")
    .where("user_id", "=", mentorUserId)
    .where("role", "=", "mentor")
    .executeTakeFirst();
  if (!isMentor)
    throw validationError([
      fieldIssue(
        ["userId"],
        {
          ja: "このユーザーはメンターの役割を持っていません。",
          en: "This user does not have the mentor role.",
        },
        {
          ja: "先に管理者がメンターの役割を付与してください。",
          en: "Have an admin give the user the mentor role first.",
        },
        mentorUserId,
      ),
    ]);
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("partnering_mentor_profiles")
      .selectAll()
      .where("user_id", "=", mentorUserId)
      .forUpdate()
      .executeTakeFirst();
    const profile = JSON.stringify(interests);
    const max = interests.maxActiveSeeds;
    await trx
      .insertInto("partnering_mentor_profiles")
      .values({ user_id: mentorUserId, profile, max_active_seeds: max, updated_by: account.id })
      .onConflict((oc) =>
        oc
          .column("user_id")
          .doUpdateSet({ profile, max_active_seeds: max, updated_by: account.id, updated_at: new Date() }),
      )
      .execute();
    await appendAudit(trx, {
      actor: { id: account.id, label: account.email },
      action: "partnering.profile.mentor.save",
      entityType: "mentor_profile",
      entityId: mentorUserId,
      before: before ? parseJson(before.profile) : null,
      after: interests,
    });
  });
  return getMentorProfile(db, account, mentorUserId);
}

/** Mentors are a programme resource: any signed-in user sees their expertise and how busy they are. */
export async function getMentorProfile(
  db: MatchingDb,
  _account: Account,
  mentorUserId: string,
): Promise<MentorProfile> {
  const [profile] = await loadMentorProfiles(db, mentorUserId);
  if (!profile) throw notFound(`mentor profile of user ${mentorUserId}`);
  return profile;
}

export async function listMentorProfiles(db: MatchingDb, _account: Account): Promise<MentorProfile[]> {
  return loadMentorProfiles(db);
}

export async function deleteMentorProfile(
  db: MatchingDb,
  account: Account,
  mentorUserId: string,
): Promise<void> {
  if (!canEditMentorProfile(actorOf(account), mentorUserId)) throw forbidden("partnering.profile.mentor");
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("partnering_mentor_profiles")
      .selectAll()
      .where("user_id", "=", mentorUserId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw notFound(`mentor profile of user ${mentorUserId}`);
    await trx.deleteFrom("partnering_mentor_profiles").where("user_id", "=", mentorUserId).execute();
    await appendAudit(trx, {
      actor: { id: account.id, label: account.email },
      action: "partnering.profile.mentor.delete",
      entityType: "mentor_profile",
      entityId: mentorUserId,
      before: parseJson(before.profile),
    });
  });
}
