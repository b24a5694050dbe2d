import { randomUUID } from "node:crypto";
import { fieldIssue, forbidden, notFound, validationError } from "@kakehashi/core";
import { IsoDate, type PipelineDb, Stage, todayIso } from "@kakehashi/pipeline";
import { type Account, appendAudit, type Database } from "@kakehashi/store";
import type { Kysely, Selectable, Transaction } from "kysely";
import { z } from "zod";
import { actorOf, auditOf, type CommunityOptions, parseBody } from "../notifications/context.ts";
import { CommunityError } from "../notifications/messages.ts";
import {
  caseAssignedToExpertNotice,
  caseAssignedToRequesterNotice,
  caseClosedNotice,
  caseUnassignedNotice,
} from "../notifications/notices.ts";
import { deliverEmails, queueNotifications } from "../notifications/notifications.ts";
import {
  type CaseAccess,
  canReadCaseNotes,
  canRequestConsultation,
  canWorkOnCase,
  caseAccess,
  isDeskAdmin,
} from "./access.ts";
import { lockCandidates } from "./experts.ts";
import {
  type DeskCaseTable,
  type DeskDatabase,
  type DeskDb,
  deskDb,
  type TriageExplanation,
} from "./schema.ts";
import {
  CASE_OUTCOMES,
  type CaseOutcome,
  type CaseStatus,
  DESK_TOPICS,
  type DeskTopic,
  type SlotMode,
  URGENCIES,
  type Urgency,
} from "./terms.ts";
import { chooseExpert } from "./triage.ts";

/** The intake form (MEDISO-style): what the question is about, where the project stands, how urgent. */
export const CaseIntake = z.strictObject({
  topic: z.enum(DESK_TOPICS),
  stage: Stage,
  urgency: z.enum(URGENCIES).default("normal"),
  description: z.string().trim().min(10).max(8000),
  /** one of the requester's own organisation's seeds, when the question is about it */
  seedId: z.uuid().nullish(),
});
export type CaseIntake = z.input<typeof CaseIntake>;

export const NoteBody = z.strictObject({ body: z.string().trim().min(1).max(20000) });
export const FollowUpBody = z.strictObject({ title: z.string().trim().min(1).max(500), dueOn: IsoDate });
export const CloseBody = z.strictObject({
  outcome: z.enum(CASE_OUTCOMES),
  note: z.string().trim().max(4000).default(""),
});
export const RatingBody = z.strictObject({
  satisfaction: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).default(""),
});

export interface FollowUp {
  id: string;
  title: string;
  dueOn: string;
  done: boolean;
  doneAt: Date | null;
  /** not done and past its due date */
  overdue: boolean;
}

export interface CaseBooking {
  id: string;
  slotId: string;
  startsAt: Date;
  endsAt: Date;
  mode: SlotMode;
  expert: { id: string; name: string };
}

export interface CaseNote {
  id: string;
  author: { id: string; name: string };
  body: string;
  createdAt: Date;
}

export interface DeskCaseSummary {
  id: string;
  topic: DeskTopic;
  stage: Stage;
  urgency: Urgency;
  status: CaseStatus;
  requester: { id: string; name: string; organisation: { id: string; nameJa: string; nameEn: string } };
  expert: { id: string; name: string } | null;
  createdAt: Date;
  closedAt: Date | null;
  outcome: CaseOutcome | null;
  /** follow-ups not done and past due */
  overdueFollowUps: number;
}

export interface DeskCase extends DeskCaseSummary {
  access: CaseAccess;
  description: string;
  /** the seed's public face only: the desk gives no access to a seed's confidential part */
  seed: { id: string; titleJa: string; titleEn: string } | null;
  triage: TriageExplanation;
  assignedAt: Date | null;
  firstResponseAt: Date | null;
  outcomeNote: string | null;
  satisfaction: number | null;
  satisfactionComment: string | null;
  followUps: FollowUp[];
  bookings: CaseBooking[];
  /** the expert's confidential notes: null unless the caller is the assigned expert or a desk admin */
  notes: CaseNote[] | null;
}

type CaseRow = Selectable<DeskCaseTable>;

const parseTriage = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v) as TriageExplanation;

async function loadCase(db: DeskDb | Transaction<DeskDatabase>, caseId: string, lock = false) {
  let query = db.selectFrom("partnering_desk_cases").selectAll().where("id", "=", caseId);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** The case with the caller's access to it; a case the caller may not see is reported as missing. */
export async function requireCase(
  db: DeskDb | Transaction<DeskDatabase>,
  account: Account,
  caseId: string,
  lock = false,
): Promise<{ row: CaseRow; access: CaseAccess }> {
  const row = await loadCase(db, caseId, lock);
  const access = row
    ? caseAccess(actorOf(account), { organisationId: row.organisation_id, expertId: row.expert_id })
    : null;
  if (!row || !access) throw notFound(`consultation case ${caseId}`);
  return { row, access };
}

async function adminIds(trx: Transaction<DeskDatabase>): Promise<string[]> {
  const rows = await trx
    .selectFrom("users")
    .innerJoin("user_roles", "user_roles.user_id", "users.id")
    .select("users.id")
    .where("user_roles.role", "=", "admin")
    .where("users.disabled_at", "is", null)
    .execute();
  return rows.map((r) => r.id);
}

async function userName(db: DeskDb | Transaction<DeskDatabase>, id: string): Promise<string> {
  const row = await db.selectFrom("users").select("display_name").where("id", "=", id).executeTakeFirst();
  return row?.display_name ?? "";
}

/**
 * Assigns the case to an expert inside the caller's transaction and queues the notices to the expert
 * and the requester; returns the notification ids to e-mail after the commit.
 */
export async function assignInTransaction(
  trx: Transaction<DeskDatabase>,
  c: Pick<CaseRow, "id" | "topic" | "urgency" | "requester_id">,
  expertId: string,
  triage: TriageExplanation,
  now: Date,
  emailEnabled: boolean,
): Promise<string[]> {
  await trx
    .updateTable("partnering_desk_cases")
    .set({ expert_id: expertId, status: "assigned", assigned_at: now, triage: JSON.stringify(triage) })
    .where("id", "=", c.id)
    .execute();
  const topic = c.topic as DeskTopic;
  return [
    ...(await queueNotifications(
      trx,
      [expertId],
      caseAssignedToExpertNotice({ caseId: c.id, topic, urgency: c.urgency as Urgency }),
      emailEnabled,
    )),
    ...(await queueNotifications(
      trx,
      [c.requester_id],
      caseAssignedToRequesterNotice({ caseId: c.id, topic, expertName: await userName(trx, expertId) }),
      emailEnabled,
    )),
  ];
}

/** Checks the intake and the seed it names (one of the requester's own organisation's seeds). */
export async function checkIntake(db: DeskDb, account: Account, input: CaseIntake) {
  const intake = parseBody(CaseIntake, input);
  if (intake.seedId) {
    const seed = await db
      .selectFrom("seeds")
      .select(["id", "organisation_id"])
      .where("id", "=", intake.seedId)
      .executeTakeFirst();
    if (!seed || seed.organisation_id !== account.organisation.id)
      throw validationError([
        fieldIssue(
          ["seedId"],
          {
            ja: "相談の対象にできるのは、所属組織のシーズだけです。",
            en: "A case can only name a seed of your own organisation.",
          },
          {
            ja: "所属組織のシーズを選ぶか、空欄にしてください。",
            en: "Pick one of your organisation's seeds, or leave it empty.",
          },
          intake.seedId,
        ),
      ]);
  }
  return intake;
}

/** Inserts a new case (status new) inside the caller's transaction. */
export async function insertCase(
  trx: Transaction<DeskDatabase>,
  account: Account,
  intake: z.infer<typeof CaseIntake>,
  triage: TriageExplanation,
  now: Date,
): Promise<CaseRow> {
  const row = await trx
    .insertInto("partnering_desk_cases")
    .values({
      id: randomUUID(),
      requester_id: account.id,
      organisation_id: account.organisation.id,
      topic: intake.topic,
      stage: intake.stage,
      urgency: intake.urgency,
      description: intake.description,
      seed_id: intake.seedId ?? null,
      status: "new",
      expert_id: null,
      triage: JSON.stringify(triage),
      assigned_at: null,
      first_response_at: null,
      closed_at: null,
      outcome: null,
      outcome_note: null,
      satisfaction: null,
      satisfaction_comment: null,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(trx, {
    actor: auditOf(account),
    action: "desk.case.create",
    entityType: "desk_case",
    entityId: row.id,
    after: row,
    detail: { topic: row.topic, urgency: row.urgency, seedId: row.seed_id },
  });
  return row;
}

/**
 * A requester submits a case; it is triaged at once to the least-loaded expert for its topic (or left
 * for the desk admins, who are notified, when none is free).
 */
export async function submitCase(
  store: Kysely<Database>,
  account: Account,
  input: CaseIntake,
  options: CommunityOptions = {},
): Promise<DeskCase> {
  const db = deskDb(store);
  if (!canRequestConsultation(actorOf(account))) throw forbidden("desk.case.create");
  const intake = await checkIntake(db, account, input);
  const now = options.now ?? new Date();
  const email = Boolean(options.mailer);
  const { id, notifications } = await db.transaction().execute(async (trx) => {
    const decision = chooseExpert(intake.topic, await lockCandidates(trx, intake.topic));
    const row = await insertCase(trx, account, intake, decision.explanation, now);
    if (decision.expertId) {
      const ids = await assignInTransaction(trx, row, decision.expertId, decision.explanation, now, email);
      await appendAudit(trx, {
        actor: auditOf(account),
        action: "desk.case.assign",
        entityType: "desk_case",
        entityId: row.id,
        detail: { expertId: decision.expertId, rule: decision.explanation.rule },
      });
      return { id: row.id, notifications: ids };
    }
    const ids = await queueNotifications(
      trx,
      await adminIds(trx),
      caseUnassignedNotice({ caseId: row.id, topic: intake.topic }),
      email,
    );
    return { id: row.id, notifications: ids };
  });
  await deliverEmails(store, options.mailer, notifications);
  return getCase(store, account, id, options);
}

function summaryQuery(db: DeskDb) {
  return db
    .selectFrom("partnering_desk_cases as c")
    .innerJoin("users as r", "r.id", "c.requester_id")
    .innerJoin("organisations as o", "o.id", "c.organisation_id")
    .leftJoin("users as x", "x.id", "c.expert_id")
    .selectAll("c")
    .select(["r.display_name as requester_name", "o.name_ja", "o.name_en", "x.display_name as expert_name"]);
}
type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>["executeTakeFirstOrThrow"]>>;

const toSummary = (r: SummaryRow, overdue: number): DeskCaseSummary => ({
  id: r.id,
  topic: r.topic as DeskTopic,
  stage: r.stage as Stage,
  urgency: r.urgency as Urgency,
  status: r.status as CaseStatus,
  requester: {
    id: r.requester_id,
    name: r.requester_name,
    organisation: { id: r.organisation_id, nameJa: r.name_ja, nameEn: r.name_en },
  },
  expert: r.expert_id ? { id: r.expert_id, name: r.expert_name ?? "" } : null,
  createdAt: r.created_at,
  closedAt: r.closed_at,
  outcome: r.outcome as CaseOutcome | null,
  overdueFollowUps: overdue,
});

async function overdueCounts(db: DeskDb, caseIds: string[], today: string): Promise<Map<string, number>> {
  if (caseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("partnering_desk_followups")
    .select(["case_id", (eb) => eb.fn.countAll<string>().as("n")])
    .where("case_id", "in", caseIds)
    .where("done_at", "is", null)
    .where("due_on", "<", today)
    .groupBy("case_id")
    .execute();
  return new Map(rows.map((r) => [r.case_id, Number(r.n)]));
}

export async function getCase(
  store: Kysely<Database>,
  account: Account,
  caseId: string,
  options: CommunityOptions = {},
): Promise<DeskCase> {
  const db = deskDb(store);
  const { access } = await requireCase(db, account, caseId);
  const today = todayIso(options.now ?? new Date());
  const r = await summaryQuery(db).where("c.id", "=", caseId).executeTakeFirstOrThrow();
  const followUps = (
    await db
      .selectFrom("partnering_desk_followups")
      .selectAll()
      .where("case_id", "=", caseId)
      .orderBy("due_on")
      .orderBy("created_at")
      .execute()
  ).map((f) => ({
    id: f.id,
    title: f.title,
    dueOn: f.due_on,
    done: f.done_at !== null,
    doneAt: f.done_at,
    overdue: f.done_at === null && f.due_on < today,
  }));
  const bookings = (
    await db
      .selectFrom("partnering_desk_bookings as b")
      .innerJoin("partnering_desk_slots as s", "s.id", "b.slot_id")
      .innerJoin("users as x", "x.id", "s.expert_id")
      .select(["b.id", "b.slot_id", "s.starts_at", "s.ends_at", "s.mode", "s.expert_id", "x.display_name"])
      .where("b.case_id", "=", caseId)
      .where("b.cancelled_at", "is", null)
      .orderBy("s.starts_at")
      .execute()
  ).map((b) => ({
    id: b.id,
    slotId: b.slot_id,
    startsAt: b.starts_at,
    endsAt: b.ends_at,
    mode: b.mode as SlotMode,
    expert: { id: b.expert_id, name: b.display_name },
  }));
  let seed: DeskCase["seed"] = null;
  if (r.seed_id) {
    const s = await (db as unknown as PipelineDb)
      .selectFrom("seeds")
      .select(["id", "title_ja", "title_en"])
      .where("id", "=", r.seed_id)
      .executeTakeFirst();
    if (s) seed = { id: s.id, titleJa: s.title_ja, titleEn: s.title_en };
  }
  let notes: CaseNote[] | null = null;
  if (canReadCaseNotes(access)) {
    notes = (
      await db
        .selectFrom("partnering_desk_notes as n")
        .innerJoin("users as a", "a.id", "n.author_id")
        .select(["n.id", "n.body", "n.created_at", "n.author_id", "a.display_name"])
        .where("n.case_id", "=", caseId)
        .orderBy("n.created_at")
        .execute()
    ).map((n) => ({
      id: n.id,
      author: { id: n.author_id, name: n.display_name },
      body: n.body,
      createdAt: n.created_at,
    }));
    // reading confidential notes is on the record, as reading a seed's confidential part is
    if (notes.length > 0)
      await db.transaction().execute((trx) =>
        appendAudit(trx, {
          actor: auditOf(account),
          action: "desk.notes.view",
          entityType: "desk_case",
          entityId: caseId,
          detail: { access, notes: notes?.length ?? 0 },
        }),
      );
  }
  return {
    ...toSummary(r, followUps.filter((f) => f.overdue).length),
    access,
    description: r.description,
    seed,
    triage: parseTriage(r.triage),
    assignedAt: r.assigned_at,
    firstResponseAt: r.first_response_at,
    outcomeNote: r.outcome_note,
    satisfaction: r.satisfaction,
    satisfactionComment: r.satisfaction_comment,
    followUps,
    bookings,
    notes,
  };
}

export interface CaseQuery {
  status?: CaseStatus;
  topic?: DeskTopic;
}

/**
 * Cases the caller may see: a desk admin all of them, an expert those assigned to them, a requester
 * those of their organisation. Urgent and older first.
 */
export async function listCases(
  store: Kysely<Database>,
  account: Account,
  q: CaseQuery = {},
  options: CommunityOptions = {},
): Promise<DeskCaseSummary[]> {
  const db = deskDb(store);
  const actor = actorOf(account);
  let query = summaryQuery(db);
  if (!isDeskAdmin(actor)) {
    const requester = canRequestConsultation(actor);
    const expert = actor.roles.includes("mentor");
    if (!requester && !expert) throw forbidden("desk.case.list");
    query = query.where((eb) =>
      eb.or([
        ...(requester ? [eb("c.organisation_id", "=", actor.organisationId)] : []),
        ...(expert ? [eb("c.expert_id", "=", actor.userId)] : []),
      ]),
    );
  }
  if (q.status) query = query.where("c.status", "=", q.status);
  if (q.topic) query = query.where("c.topic", "=", q.topic);
  const rows = await query.orderBy("c.created_at", "desc").limit(500).execute();
  const urgency = (u: string) => URGENCIES.indexOf(u as Urgency);
  const overdue = await overdueCounts(
    db,
    rows.map((r) => r.id),
    todayIso(options.now ?? new Date()),
  );
  return rows
    .map((r) => toSummary(r, overdue.get(r.id) ?? 0))
    .sort(
      (a, b) =>
        Number(a.status === "closed") - Number(b.status === "closed") ||
        urgency(b.urgency) - urgency(a.urgency) ||
        a.createdAt.getTime() - b.createdAt.getTime(),
    );
}

/** A desk admin assigns (or reassigns) a case to a mentor who declared desk topics. */
export async function assignCase(
  store: Kysely<Database>,
  account: Account,
  caseId: string,
  expertId: string,
  options: CommunityOptions = {},
): Promise<DeskCase> {
  const db = deskDb(store);
  if (!isDeskAdmin(actorOf(account))) throw forbidden("desk.case.assign");
  const now = options.now ?? new Date();
  const notifications = await db.transaction().execute(async (trx) => {
    const { row } = await requireCase(trx, account, caseId, true);
    if (row.status === "closed") throw new CommunityError("case-closed");
    const expert = await trx
      .selectFrom("partnering_desk_experts as e")
      .innerJoin("users", "users.id", "e.user_id")
      .innerJoin("user_roles", (j) =>
        j.onRef("user_roles.user_id", "=", "e.user_id").on("user_roles.role", "=", "mentor"),
      )
      .select(["e.user_id", "users.display_name"])
      .where("e.user_id", "=", expertId)
      .where("users.disabled_at", "is", null)
      .executeTakeFirst();
    if (!expert)
      throw validationError([
        fieldIssue(
          ["expertId"],
          { ja: "この利用者は相談窓口の専門家ではありません。", en: "This user is not a desk expert." },
          { ja: "専門家一覧から選んでください。", en: "Pick someone from the list of experts." },
          expertId,
        ),
      ]);
    const triage: TriageExplanation = {
      ja: `事務局（${account.displayName}）が ${expert.display_name} に割り当てました。`,
      en: `The desk (${account.displayName}) assigned the case to ${expert.display_name}.`,
      candidates: [],
      rule: "manual",
    };
    const ids = await assignInTransaction(trx, row, expertId, triage, now, Boolean(options.mailer));
    await appendAudit(trx, {
      actor: auditOf(account),
      action: "desk.case.assign",
      entityType: "desk_case",
      entityId: caseId,
      before: { expertId: row.expert_id },
      after: { expertId },
      detail: { rule: "manual" },
    });
    return ids;
  });
  await deliverEmails(store, options.mailer, notifications);
  return getCase(store, account, caseId, options);
}

/**
 * Locks a case the caller works on as its expert or a desk admin; the first such action is the desk's
 * first response (it moves an assigned case to in progress).
 */
async function workOn(
  trx: Transaction<DeskDatabase>,
  account: Account,
  caseId: string,
  action: string,
  now: Date,
): Promise<CaseRow> {
  const { row, access } = await requireCase(trx, account, caseId, true);
  if (!canWorkOnCase(access)) throw forbidden(action);
  if (row.status === "closed") throw new CommunityError("case-closed");
  if (row.first_response_at === null || row.status === "assigned")
    await trx
      .updateTable("partnering_desk_cases")
      .set({
        first_response_at: row.first_response_at ?? now,
        ...(row.status === "assigned" ? { status: "in_progress" } : {}),
      })
      .where("id", "=", caseId)
      .execute();
  return row;
}

/** The expert takes up the case (counts as the first response). */
export async function acknowledgeCase(
  store: Kysely<Database>,
  account: Account,
  caseId: string,
  options: CommunityOptions = {},
): Promise<DeskCase> {
  const db = deskDb(store);
  const now = options.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const before = await workOn(trx, account, caseId, "desk.case.acknowledge", now);
    await appendAudit(trx, {
      actor: auditOf(account),
      action: "desk.case.acknowledge",
      entityType: "desk_case",
      entityId: caseId,
      detail: { from: before.status },
    });
  });
  return getCase(store, account, caseId, options);
}

/** A confidential note by the expert (or a desk admin): never shown to the requester's organisation. */
export async function addCaseNote(
  store: Kysely<Database>,
  account: Account,
  caseId: string,
  input: z.input<typeof NoteBody>,
  options: CommunityOptions = {},
): Promise<CaseNote> {
  const db = deskDb(store);
  const { body } = parseBody(NoteBody, input);
  const now = options.now ?? new Date();
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    await workOn(trx, account, caseId, "desk.note.create", now);
    const row = { id, case_id: caseId, author_id: account.id, body, created_at: now };
    await trx.insertInto("partnering_desk_notes").values(row).execute();
    await appendAudit(trx, {
      actor: auditOf(account),
      action: "desk.note.create",
      entityType: "desk_case",
      entityId: caseId,
      after: row,
    });
  });
  return { id, author: { id: account.id, name: account.displayName }, body, createdAt: now };
}

export async function addFollowUp(
  store: Kysely<Database>,
  account: Account,
  caseId: string,
  input: z.input<typeof FollowUpBody>,
  options: CommunityOptions = {},
): Promise<FollowUp> {
  const db = deskDb(store);
  const body = parseBody(FollowUpBody, input);
  const now = options.now ?? new Date();
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    await workOn(trx, account, caseId, "desk.followup.create", now);
    const row = {
      id,
      case_id: caseId,
      title: body.title,
      due_on: body.dueOn,
      done_at: null,
      notified_at: null,
      created_by: account.id,
      created_at: now,
    };
    await trx.insertInto("partnering_desk_followups").values(row).execute();
    await appendAudit(trx, {
      actor: auditOf(account),
      action: "desk.followup.create",
      entityType: "desk_case",
      entityId: caseId,
      after: row,
    });
  });
  return {
    id,
    title: body.title,
    dueOn: body.dueOn,
    done: false,
    doneAt: null,
    overdue: body.dueOn < todayIso(now),
  };
}

/** Marks a follow-up done; the expert, a desk admin or the requester's side may do it. */
export async function completeFollowUp(
  store: Kysely<Database>,
  account: Account,
  followUpId: string,
  options: CommunityOptions = {},
): Promise<DeskCase> {
  const db = deskDb(store);
  const now = options.now ?? new Date();
  const f = await db
    .selectFrom("partnering_desk_followups")
    .selectAll()
    .where("id", "=", followUpId)
    .executeTakeFirst();
  if (!f) throw notFound(`follow-up ${followUpId}`);
  await db.transaction().execute(async (trx) => {
    const { row } = await requireCase(trx, account, f.case_id, true);
    if (row.status === "closed") throw new CommunityError("case-closed");
    await trx
      .updateTable("partnering_desk_followups")
      .set({ done_at: now })
      .where("id", "=", followUpId)
      .execute();
    await appendAudit(trx, {
      actor: auditOf(account),
      action: "desk.followup.done",
      entityType: "desk_case",
      entityId: f.case_id,
      detail: { followUpId },
    });
  });
  return getCase(store, account, f.case_id, options);
}

/** The expert (or a desk admin) closes the case with its outcome; the requester is asked to rate it. */
export async function closeCase(
  store: Kysely<Database>,
  account: Account,
  caseId: string,
  input: z.input<typeof CloseBody>,
  options: CommunityOptions = {},
): Promise<DeskCase> {
  const db = deskDb(store);
  const body = parseBody(CloseBody, input);
  const now = options.now ?? new Date();
  const notifications = await db.transaction().execute(async (trx) => {
    const before = await workOn(trx, account, caseId, "desk.case.close", now);
    const after = await trx
      .updateTable("partnering_desk_cases")
      .set({ status: "closed", closed_at: now, outcome: body.outcome, outcome_note: body.note })
      .where("id", "=", caseId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: auditOf(account),
      action: "desk.case.close",
      entityType: "desk_case",
      entityId: caseId,
      before,
      after,
      detail: { outcome: body.outcome },
    });
    return queueNotifications(
      trx,
      [before.requester_id],
      caseClosedNotice({ caseId, outcome: body.outcome }),
      Boolean(options.mailer),
    );
  });
  await deliverEmails(store, options.mailer, notifications);
  return getCase(store, account, caseId, options);
}

/** The requester's side rates a closed case once (1–5). */
export async function rateCase(
  store: Kysely<Database>,
  account: Account,
  caseId: string,
  input: z.input<typeof RatingBody>,
  options: CommunityOptions = {},
): Promise<DeskCase> {
  const db = deskDb(store);
  const body = parseBody(RatingBody, input);
  await db.transaction().execute(async (trx) => {
    const { row, access } = await requireCase(trx, account, caseId, true);
    if (access !== "requester") throw forbidden("desk.case.rate");
    if (row.status !== "closed") throw new CommunityError("case-not-closed");
    if (row.satisfaction !== null) throw new CommunityError("case-already-rated");
    await trx
      .updateTable("partnering_desk_cases")
      .set({ satisfaction: body.satisfaction, satisfaction_comment: body.comment })
      .where("id", "=", caseId)
      .execute();
    await appendAudit(trx, {
      actor: auditOf(account),
      action: "desk.case.rate",
      entityType: "desk_case",
      entityId: caseId,
      detail: { satisfaction: body.satisfaction },
    });
  });
  return getCase(store, account, caseId, options);
}
