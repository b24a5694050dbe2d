import { randomUUID } from "node:crypto";
import { forbidden, isAdmin, notFound } from "@kakehashi/core";
import { type Account, appendAudit, type Database } from "@kakehashi/store";
import type { Kysely, Selectable, Transaction } from "kysely";
import { actorOf, auditOf, SYSTEM_ACTOR } from "./context.ts";
import { type Mailer, renderEmail } from "./mailer.ts";
import type { PublicNotice } from "./notices.ts";
import { type NotificationDatabase, type NotificationTable, notificationDb } from "./schema.ts";
import type { EmailStatus, NotificationKind } from "./terms.ts";

export interface Notification {
  id: string;
  kind: NotificationKind;
  titleJa: string;
  titleEn: string;
  bodyJa: string;
  bodyEn: string;
  link: string;
  read: boolean;
  readAt: Date | null;
  email: { status: EmailStatus; attempts: number; error: string | null; sentAt: Date | null };
  createdAt: Date;
}

const toNotification = (r: Selectable<NotificationTable>): Notification => ({
  id: r.id,
  kind: r.kind as NotificationKind,
  titleJa: r.title_ja,
  titleEn: r.title_en,
  bodyJa: r.body_ja,
  bodyEn: r.body_en,
  link: r.link,
  read: r.read_at !== null,
  readAt: r.read_at,
  email: {
    status: r.email_status as EmailStatus,
    attempts: r.email_attempts,
    error: r.email_error,
    sentAt: r.emailed_at,
  },
  createdAt: r.created_at,
});

/**
 * Writes in-app notifications inside the caller's transaction, so they exist exactly when the write
 * they announce does. The e-mail copies are sent after the commit by `deliverEmails`; without a mailer
 * they are marked `not_configured`.
 */
export async function queueNotifications<DB extends NotificationDatabase>(
  tx: Transaction<DB>,
  recipientIds: readonly string[],
  notice: PublicNotice,
  emailEnabled: boolean,
): Promise<string[]> {
  const trx = tx as unknown as Transaction<NotificationDatabase>;
  const ids: string[] = [];
  for (const recipientId of new Set(recipientIds)) {
    const id = randomUUID();
    await trx
      .insertInto("partnering_notifications")
      .values({
        id,
        recipient_id: recipientId,
        kind: notice.kind,
        title_ja: notice.title.ja,
        title_en: notice.title.en,
        body_ja: notice.body.ja,
        body_en: notice.body.en,
        link: notice.link,
        read_at: null,
        email_status: emailEnabled ? "pending" : "not_configured",
        email_error: null,
        emailed_at: null,
      })
      .execute();
    await appendAudit(trx, {
      actor: SYSTEM_ACTOR,
      action: "notification.create",
      entityType: "notification",
      entityId: id,
      detail: { kind: notice.kind, recipientId },
    });
    ids.push(id);
  }
  return ids;
}

export interface DeliveryReport {
  sent: number;
  failed: number;
}

/**
 * Sends the e-mail copies of the given notifications that are still pending (or failed, on a retry).
 * A failure is recorded on the notification with its error and never removes the in-app notification;
 * nothing here throws for an SMTP problem.
 */
export async function deliverEmails(
  store: Kysely<Database>,
  mailer: Mailer | null | undefined,
  ids: readonly string[],
): Promise<DeliveryReport> {
  const db = notificationDb(store);
  const report: DeliveryReport = { sent: 0, failed: 0 };
  if (!mailer || ids.length === 0) return report;
  const rows = await db
    .selectFrom("partnering_notifications")
    .innerJoin("users", "users.id", "partnering_notifications.recipient_id")
    .select([
      "partnering_notifications.id",
      "partnering_notifications.kind",
      "partnering_notifications.title_ja",
      "partnering_notifications.title_en",
      "partnering_notifications.body_ja",
      "partnering_notifications.body_en",
      "partnering_notifications.link",
      "users.email",
    ])
    .where("partnering_notifications.id", "in", [...ids])
    .where("partnering_notifications.email_status", "in", ["pending", "failed"])
    .execute();
  for (const r of rows) {
    const notice: PublicNotice = {
      kind: r.kind as NotificationKind,
      title: { ja: r.title_ja, en: r.title_en },
      body: { ja: r.body_ja, en: r.body_en },
      link: r.link,
    };
    let outcome: { status: "sent"; messageId: string } | { status: "failed"; error: string };
    try {
      const { messageId } = await mailer.send(renderEmail(notice, r.email, mailer.baseUrl));
      outcome = { status: "sent", messageId };
    } catch (error) {
      outcome = { status: "failed", error: error instanceof Error ? error.message : String(error) };
    }
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable("partnering_notifications")
        .set((eb) => ({
          email_status: outcome.status,
          email_attempts: eb("email_attempts", "+", 1),
          email_error: outcome.status === "failed" ? outcome.error.slice(0, 1000) : null,
          emailed_at: outcome.status === "sent" ? new Date() : null,
        }))
        .where("id", "=", r.id)
        .execute();
      await appendAudit(trx, {
        actor: SYSTEM_ACTOR,
        action: `notification.email.${outcome.status}`,
        entityType: "notification",
        entityId: r.id,
        detail: outcome.status === "sent" ? { messageId: outcome.messageId } : { error: outcome.error },
      });
    });
    report[outcome.status]++;
  }
  return report;
}

export interface NotificationQuery {
  unreadOnly?: boolean;
  limit?: number;
}

/** The caller's own notifications, newest first; nobody reads another person's. */
export async function listNotifications(
  store: Kysely<Database>,
  account: Account,
  q: NotificationQuery = {},
): Promise<{ notifications: Notification[]; unread: number }> {
  const db = notificationDb(store);
  let query = db
    .selectFrom("partnering_notifications")
    .selectAll()
    .where("recipient_id", "=", account.id)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(Math.min(Math.max(q.limit ?? 50, 1), 200));
  if (q.unreadOnly) query = query.where("read_at", "is", null);
  const rows = await query.execute();
  const { n } = await db
    .selectFrom("partnering_notifications")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("recipient_id", "=", account.id)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return { notifications: rows.map(toNotification), unread: Number(n) };
}

/** Marks one of the caller's notifications read; another person's is reported as missing. */
export async function markNotificationRead(
  store: Kysely<Database>,
  account: Account,
  id: string,
  now = new Date(),
): Promise<Notification> {
  const db = notificationDb(store);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("partnering_notifications")
      .selectAll()
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.recipient_id !== account.id) throw notFound(`notification ${id}`);
    if (row.read_at) return toNotification(row);
    const after = await trx
      .updateTable("partnering_notifications")
      .set({ read_at: now })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: auditOf(account),
      action: "notification.read",
      entityType: "notification",
      entityId: id,
    });
    return toNotification(after);
  });
}

export async function markAllNotificationsRead(
  store: Kysely<Database>,
  account: Account,
  now = new Date(),
): Promise<{ marked: number }> {
  const db = notificationDb(store);
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable("partnering_notifications")
      .set({ read_at: now })
      .where("recipient_id", "=", account.id)
      .where("read_at", "is", null)
      .returning("id")
      .execute();
    if (rows.length > 0)
      await appendAudit(trx, {
        actor: auditOf(account),
        action: "notification.read_all",
        entityType: "user",
        entityId: account.id,
        detail: { count: rows.length },
      });
    return { marked: rows.length };
  });
}

/** E-mail delivery at a glance for admins: counts by status and the latest failures with their error. */
export async function emailDeliveryReport(
  store: Kysely<Database>,
  account: Account,
): Promise<{
  byStatus: Record<EmailStatus, number>;
  failures: { id: string; kind: string; error: string; attempts: number }[];
}> {
  const db = notificationDb(store);
  if (!isAdmin(actorOf(account))) throw forbidden("notifications.delivery.read");
  const counts = await db
    .selectFrom("partnering_notifications")
    .select(["email_status", (eb) => eb.fn.countAll<string>().as("n")])
    .groupBy("email_status")
    .execute();
  const byStatus: Record<EmailStatus, number> = { pending: 0, sent: 0, failed: 0, not_configured: 0 };
  for (const c of counts) byStatus[c.email_status as EmailStatus] = Number(c.n);
  const failures = await db
    .selectFrom("partnering_notifications")
    .select(["id", "kind", "email_error", "email_attempts"])
    .where("email_status", "=", "failed")
    .orderBy("created_at", "desc")
    .limit(100)
    .execute();
  return {
    byStatus,
    failures: failures.map((f) => ({
      id: f.id,
      kind: f.kind,
      error: f.email_error ?? "",
      attempts: f.email_attempts,
    })),
  };
}

/** Tries the failed e-mails again (admins, or a scheduled job through `deliverEmails`). */
export async function retryFailedEmails(
  store: Kysely<Database>,
  account: Account,
  mailer: Mailer | null | undefined,
): Promise<DeliveryReport> {
  const db = notificationDb(store);
  if (!isAdmin(actorOf(account))) throw forbidden("notifications.delivery.retry");
  const rows = await db
    .selectFrom("partnering_notifications")
    .select("id")
    .where("email_status", "=", "failed")
    .execute();
  return deliverEmails(
    store,
    mailer,
    rows.map((r) => r.id),
  );
}
