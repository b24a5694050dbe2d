import { randomUUID } from "node:crypto";
import { fieldIssue, forbidden, notFound, validationError } from "@kakehashi/core";
import { type Account, appendAudit, type Database } from "@kakehashi/store";
import { type Kysely, sql, type Transaction } from "kysely";
import { z } from "zod";
import { actorOf, auditOf, type CommunityOptions, parseBody } from "../notifications/context.ts";
import { CommunityError } from "../notifications/messages.ts";
import { formatJst, slotBookedNotice } from "../notifications/notices.ts";
import { deliverEmails, queueNotifications } from "../notifications/notifications.ts";
import { canActAsExpert, canRequestConsultation, isDeskAdmin } from "./access.ts";
import {
  assignInTransaction,
  type CaseIntake,
  checkIntake,
  type DeskCase,
  getCase,
  insertCase,
  requireCase,
} from "./cases.ts";
import { type DeskDatabase, deskDb, type TriageExplanation } from "./schema.ts";
import { type DeskTopic, SLOT_MODES, type SlotMode } from "./terms.ts";

const MINUTE = 60_000;

export const SlotInput = z
  .strictObject({
    startsAt: z.coerce.date(),
    endsAt: z.coerce.date(),
    mode: z.enum(SLOT_MODES).default("online"),
  })
  .refine((s) => s.endsAt.getTime() - s.startsAt.getTime() >= 15 * MINUTE, {
    path: ["endsAt"],
    message: "A slot lasts at least 15 minutes.",
    params: {
      message: { ja: "枠は 15 分以上にしてください。", en: "A slot lasts at least 15 minutes." },
      fix: {
        ja: "終了時刻を開始の 15 分以上後にしてください。",
        en: "Set the end at least 15 minutes after the start.",
      },
    },
  })
  .refine((s) => s.endsAt.getTime() - s.startsAt.getTime() <= 4 * 60 * MINUTE, {
    path: ["endsAt"],
    message: "A slot lasts at most 4 hours.",
    params: {
      message: { ja: "枠は 4 時間以内にしてください。", en: "A slot lasts at most 4 hours." },
      fix: { ja: "長い相談は複数の枠に分けてください。", en: "Split a long session into several slots." },
    },
  });
export const SlotsBody = z.strictObject({ slots: z.array(SlotInput).min(1).max(100) });
export type SlotsBody = z.input<typeof SlotsBody>;

/** A booking names the requester's existing case, or carries a walk-in intake that opens one. */
export const BookingBody = z.union([
  z.strictObject({ caseId: z.uuid() }),
  z.strictObject({ intake: z.record(z.string(), z.unknown()) }),
]);
export type BookingBody = { caseId: string } | { intake: CaseIntake };

export interface OpenHoursSlot {
  id: string;
  expert: { id: string; name: string; topics: DeskTopic[] };
  startsAt: Date;
  endsAt: Date;
  mode: SlotMode;
  /** for the expert's own list and desk admins: the case booked into the slot */
  booking: { id: string; caseId: string } | null;
  cancelled: boolean;
}

/** An expert publishes Open Hours slots: in the future, 15 minutes to 4 hours, never overlapping their own. */
export async function publishSlots(
  store: Kysely<Database>,
  account: Account,
  input: SlotsBody,
  options: CommunityOptions = {},
): Promise<OpenHoursSlot[]> {
  const db = deskDb(store);
  if (!canActAsExpert(actorOf(account))) throw forbidden("desk.slot.publish");
  const { slots } = parseBody(SlotsBody, input);
  const now = options.now ?? new Date();
  const past = slots.flatMap((s, i) =>
    s.startsAt <= now
      ? [
          fieldIssue(
            ["slots", i, "startsAt"],
            { ja: "過去の時刻には枠を公開できません。", en: "A slot cannot start in the past." },
            { ja: "これからの時刻を指定してください。", en: "Choose a time in the future." },
            s.startsAt.toISOString(),
          ),
        ]
      : [],
  );
  if (past.length) throw validationError(past);
  const ids = await db.transaction().execute(async (trx) => {
    const expert = await trx
      .selectFrom("partnering_desk_experts")
      .select("user_id")
      .where("user_id", "=", account.id)
      .where("active", "=", true)
      .forUpdate()
      .executeTakeFirst();
    if (!expert) throw forbidden("desk.slot.publish (declare your desk topics first)");
    const existing = await trx
      .selectFrom("partnering_desk_slots")
      .select(["starts_at", "ends_at"])
      .where("expert_id", "=", account.id)
      .where("cancelled_at", "is", null)
      .where("ends_at", ">", now)
      .execute();
    const taken = existing.map((s) => ({ startsAt: s.starts_at, endsAt: s.ends_at }));
    const out: string[] = [];
    for (const s of [...slots].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())) {
      const clash = taken.find((t) => t.startsAt < s.endsAt && s.startsAt < t.endsAt);
      if (clash)
        throw new CommunityError("slot-overlap", {
          startsAt: formatJst(s.startsAt),
          other: formatJst(clash.startsAt),
        });
      const id = randomUUID();
      const row = {
        id,
        expert_id: account.id,
        starts_at: s.startsAt,
        ends_at: s.endsAt,
        mode: s.mode,
        cancelled_at: null,
        created_at: now,
      };
      await trx.insertInto("partnering_desk_slots").values(row).execute();
      await appendAudit(trx, {
        actor: auditOf(account),
        action: "desk.slot.publish",
        entityType: "desk_slot",
        entityId: id,
        after: row,
      });
      taken.push(s);
      out.push(id);
    }
    return out;
  });
  return (await listMySlots(store, account, options)).filter((s) => ids.includes(s.id));
}

function slotQuery(store: Kysely<Database>) {
  return deskDb(store)
    .selectFrom("partnering_desk_slots as s")
    .innerJoin("users as x", "x.id", "s.expert_id")
    .leftJoin("partnering_desk_bookings as b", (j) =>
      j.onRef("b.slot_id", "=", "s.id").on("b.cancelled_at", "is", null),
    )
    .select([
      "s.id",
      "s.expert_id",
      "x.display_name",
      "s.starts_at",
      "s.ends_at",
      "s.mode",
      "s.cancelled_at",
      "b.id as booking_id",
      "b.case_id",
      sql<
        string[]
      >`array(select t.topic from partnering_desk_expert_topics t where t.user_id = s.expert_id order by t.topic)`.as(
        "topics",
      ),
    ])
    .orderBy("s.starts_at");
}
type SlotRow = Awaited<ReturnType<ReturnType<typeof slotQuery>["executeTakeFirstOrThrow"]>>;

const toSlot = (r: SlotRow, showBooking: boolean): OpenHoursSlot => ({
  id: r.id,
  expert: { id: r.expert_id, name: r.display_name, topics: r.topics as DeskTopic[] },
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  mode: r.mode as SlotMode,
  booking: showBooking && r.booking_id && r.case_id ? { id: r.booking_id, caseId: r.case_id } : null,
  cancelled: r.cancelled_at !== null,
});

/** Free slots from now on, optionally of experts for one topic: what a requester can book. */
export async function listOpenSlots(
  store: Kysely<Database>,
  account: Account,
  q: { topic?: DeskTopic; expertId?: string; until?: Date } = {},
  options: CommunityOptions = {},
): Promise<OpenHoursSlot[]> {
  const actor = actorOf(account);
  if (!canRequestConsultation(actor) && !isDeskAdmin(actor) && !canActAsExpert(actor))
    throw forbidden("desk.slot.list");
  let query = slotQuery(store)
    .where("s.cancelled_at", "is", null)
    .where("b.id", "is", null)
    .where("s.starts_at", ">", options.now ?? new Date());
  if (q.expertId) query = query.where("s.expert_id", "=", q.expertId);
  if (q.until) query = query.where("s.starts_at", "<", q.until);
  if (q.topic) {
    const topic = q.topic;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("partnering_desk_expert_topics as t2")
          .select("t2.user_id")
          .whereRef("t2.user_id", "=", "s.expert_id")
          .where("t2.topic", "=", topic),
      ),
    );
  }
  return (await query.limit(500).execute()).map((r) => toSlot(r, false));
}

/** An expert's own slots (booked ones with the case they hold), from a day ago on. */
export async function listMySlots(
  store: Kysely<Database>,
  account: Account,
  options: CommunityOptions = {},
): Promise<OpenHoursSlot[]> {
  if (!canActAsExpert(actorOf(account))) throw forbidden("desk.slot.list.own");
  const since = new Date((options.now ?? new Date()).getTime() - 24 * 60 * MINUTE);
  const rows = await slotQuery(store)
    .where("s.expert_id", "=", account.id)
    .where("s.ends_at", ">", since)
    .execute();
  return rows.map((r) => toSlot(r, true));
}

const UNIQUE_VIOLATION = "23505";
const isDoubleBooking = (error: unknown) =>
  typeof error === "object" &&
  error !== null &&
  (error as { code?: string }).code === UNIQUE_VIOLATION &&
  (error as { constraint?: string }).constraint === "partnering_desk_bookings_one_per_slot";

/**
 * A requester books an Open Hours slot for a case. One slot holds one booking: the slot row is locked
 * for the transaction and, beneath that, a unique index on live bookings refuses a second one, so of
 * many requests racing for the same slot exactly one wins and the others get `slot-taken`. A walk-in
 * booking carries its intake and opens the case; a case without an expert is assigned to the slot's
 * expert. Both sides are notified.
 */
export async function bookSlot(
  store: Kysely<Database>,
  account: Account,
  slotId: string,
  body: BookingBody,
  options: CommunityOptions = {},
): Promise<DeskCase> {
  const db = deskDb(store);
  if (!canRequestConsultation(actorOf(account))) throw forbidden("desk.slot.book");
  parseBody(BookingBody, body);
  const intake = "intake" in body ? await checkIntake(db, account, body.intake) : null;
  const now = options.now ?? new Date();
  const email = Boolean(options.mailer);
  let result: { caseId: string; notifications: string[] };
  try {
    result = await db
      .transaction()
      .execute(async (trx) => book(trx, account, slotId, body, intake, now, email));
  } catch (error) {
    if (!isDoubleBooking(error)) throw error;
    const slot = await db
      .selectFrom("partnering_desk_slots")
      .select("starts_at")
      .where("id", "=", slotId)
      .executeTakeFirst();
    throw new CommunityError("slot-taken", { startsAt: slot ? formatJst(slot.starts_at) : slotId });
  }
  await deliverEmails(store, options.mailer, result.notifications);
  return getCase(store, account, result.caseId, options);
}

async function book(
  trx: Transaction<DeskDatabase>,
  account: Account,
  slotId: string,
  body: BookingBody,
  intake: Awaited<ReturnType<typeof checkIntake>> | null,
  now: Date,
  email: boolean,
): Promise<{ caseId: string; notifications: string[] }> {
  const slot = await trx
    .selectFrom("partnering_desk_slots as s")
    .innerJoin("users as x", "x.id", "s.expert_id")
    .select(["s.id", "s.expert_id", "s.starts_at", "s.ends_at", "s.mode", "s.cancelled_at", "x.display_name"])
    .where("s.id", "=", slotId)
    .forUpdate("s")
    .executeTakeFirst();
  if (!slot) throw notFound(`Open Hours slot ${slotId}`);
  const startsAt = formatJst(slot.starts_at);
  if (slot.cancelled_at) throw new CommunityError("slot-unavailable", { startsAt, reason: "cancelled" });
  if (slot.starts_at <= now) throw new CommunityError("slot-unavailable", { startsAt, reason: "past" });
  const live = await trx
    .selectFrom("partnering_desk_bookings")
    .select("id")
    .where("slot_id", "=", slotId)
    .where("cancelled_at", "is", null)
    .executeTakeFirst();
  if (live) throw new CommunityError("slot-taken", { startsAt });

  const notifications: string[] = [];
  const triage: TriageExplanation = {
    ja: `Open Hours で ${slot.display_name} の枠（${startsAt}）が予約されたため、同氏を担当にしました。`,
    en: `Assigned to ${slot.display_name}, whose Open Hours slot (${startsAt}) was booked.`,
    candidates: [],
    rule: "booked_slot",
  };
  let caseRow: { id: string; topic: string; urgency: string; requester_id: string; expert_id: string | null };
  if (intake) {
    caseRow = await insertCase(trx, account, intake, triage, now);
  } else {
    const caseId = (body as { caseId: string }).caseId;
    const { row, access } = await requireCase(trx, account, caseId, true);
    if (access !== "requester") throw forbidden("desk.slot.book");
    if (row.status === "closed") throw new CommunityError("case-closed");
    if (row.expert_id !== null && row.expert_id !== slot.expert_id)
      throw new CommunityError("slot-expert-mismatch");
    caseRow = row;
  }
  if (caseRow.expert_id === null)
    notifications.push(...(await assignInTransaction(trx, caseRow, slot.expert_id, triage, now, email)));
  const id = randomUUID();
  const row = {
    id,
    slot_id: slotId,
    case_id: caseRow.id,
    booked_by: account.id,
    cancelled_at: null,
    created_at: now,
  };
  await trx.insertInto("partnering_desk_bookings").values(row).execute();
  await appendAudit(trx, {
    actor: auditOf(account),
    action: "desk.slot.book",
    entityType: "desk_slot",
    entityId: slotId,
    after: row,
    detail: { caseId: caseRow.id },
  });
  const facts = {
    caseId: caseRow.id,
    startsAt: slot.starts_at,
    endsAt: slot.ends_at,
    mode: slot.mode as SlotMode,
    expertName: slot.display_name,
  };
  notifications.push(
    ...(await queueNotifications(
      trx,
      [slot.expert_id],
      slotBookedNotice({ ...facts, audience: "expert" }),
      email,
    )),
    ...(await queueNotifications(
      trx,
      [account.id],
      slotBookedNotice({ ...facts, audience: "requester" }),
      email,
    )),
  );
  return { caseId: caseRow.id, notifications };
}

/** The requester's side, the slot's expert or a desk admin cancels a booking before the slot starts. */
export async function cancelBooking(
  store: Kysely<Database>,
  account: Account,
  bookingId: string,
  options: CommunityOptions = {},
): Promise<DeskCase> {
  const db = deskDb(store);
  const now = options.now ?? new Date();
  const caseId = await db.transaction().execute(async (trx) => {
    const b = await trx
      .selectFrom("partnering_desk_bookings as b")
      .innerJoin("partnering_desk_slots as s", "s.id", "b.slot_id")
      .select(["b.id", "b.case_id", "b.cancelled_at", "s.starts_at", "s.expert_id"])
      .where("b.id", "=", bookingId)
      .forUpdate("b")
      .executeTakeFirst();
    if (!b) throw notFound(`booking ${bookingId}`);
    await requireCase(trx, account, b.case_id);
    if (b.cancelled_at) return b.case_id;
    if (b.starts_at <= now)
      throw new CommunityError("slot-unavailable", { startsAt: formatJst(b.starts_at), reason: "past" });
    await trx
      .updateTable("partnering_desk_bookings")
      .set({ cancelled_at: now })
      .where("id", "=", bookingId)
      .execute();
    await appendAudit(trx, {
      actor: auditOf(account),
      action: "desk.slot.cancel_booking",
      entityType: "desk_slot",
      entityId: bookingId,
      detail: { caseId: b.case_id },
    });
    return b.case_id;
  });
  return getCase(store, account, caseId, options);
}
