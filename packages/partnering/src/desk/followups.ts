import { todayIso } from "@kakehashi/pipeline";
import { appendAudit, type Database } from "@kakehashi/store";
import type { Kysely } from "kysely";
import { type CommunityOptions, SYSTEM_ACTOR } from "../notifications/context.ts";
import { followUpDueNotice } from "../notifications/notices.ts";
import { deliverEmails, queueNotifications } from "../notifications/notifications.ts";
import { deskDb } from "./schema.ts";

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/**
 * The scheduled reminder: every open follow-up of an open case that falls due within `leadDays` (or is
 * already overdue) and has not been announced yet notifies the case's expert and requester, once.
 * Safe to run as often as wanted.
 */
export async function notifyDueFollowUps(
  store: Kysely<Database>,
  options: CommunityOptions & { leadDays?: number } = {},
): Promise<{ notified: number; overdue: number }> {
  const db = deskDb(store);
  const now = options.now ?? new Date();
  const today = todayIso(now);
  const horizon = addDays(today, options.leadDays ?? 1);
  const { notifications, notified, overdue } = await db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom("partnering_desk_followups as f")
      .innerJoin("partnering_desk_cases as c", "c.id", "f.case_id")
      .select(["f.id", "f.case_id", "f.due_on", "c.expert_id", "c.requester_id"])
      .where("f.done_at", "is", null)
      .where("f.notified_at", "is", null)
      .where("f.due_on", "<=", horizon)
      .where("c.status", "!=", "closed")
      .orderBy("f.due_on")
      .forUpdate("f")
      .skipLocked()
      .execute();
    const ids: string[] = [];
    let late = 0;
    for (const f of due) {
      const isOverdue = f.due_on < today;
      if (isOverdue) late++;
      const recipients = [f.requester_id, ...(f.expert_id ? [f.expert_id] : [])];
      ids.push(
        ...(await queueNotifications(
          trx,
          recipients,
          followUpDueNotice({ caseId: f.case_id, dueOn: f.due_on, overdue: isOverdue }),
          Boolean(options.mailer),
        )),
      );
      await trx
        .updateTable("partnering_desk_followups")
        .set({ notified_at: now })
        .where("id", "=", f.id)
        .execute();
      await appendAudit(trx, {
        actor: SYSTEM_ACTOR,
        action: "desk.followup.remind",
        entityType: "desk_case",
        entityId: f.case_id,
        detail: { followUpId: f.id, dueOn: f.due_on, overdue: isOverdue },
      });
    }
    return { notifications: ids, notified: due.length, overdue: late };
  });
  await deliverEmails(store, options.mailer, notifications);
  return { notified, overdue };
}
