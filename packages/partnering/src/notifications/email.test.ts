import type { AddressInfo } from "node:net";
import { KakehashiError } from "@kakehashi/core";
import type { Account } from "@kakehashi/store";
import { TEST_BACKENDS, type TestStore } from "@kakehashi/store/testing";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCaseNote, addFollowUp, closeCase, submitCase } from "../desk/cases.ts";
import { declareExpert } from "../desk/experts.ts";
import { notifyDueFollowUps } from "../desk/followups.ts";
import { bookSlot, publishSlots } from "../desk/slots.ts";
import { createSmtpMailer, type Mailer, mailerFromEnv, renderEmail } from "./mailer.ts";
import { caseAssignedToExpertNotice } from "./notices.ts";
import {
  emailDeliveryReport,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  retryFailedEmails,
} from "./notifications.ts";
import { makeAccount, makeOrganisation, openCommunityStore } from "./testSupport.ts";

/** A real SMTP server on a random local port that keeps every delivered message, parsed. */
async function startSmtp() {
  const delivered: ParsedMail[] = [];
  const logins: string[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === "desk" && auth.password === "s3cret") {
        logins.push(auth.username);
        callback(null, { user: auth.username });
      } else callback(new Error("Invalid username or password"));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          delivered.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { server, port, delivered, logins, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const SECRETS = ["KH-SECRET-42", "NOTE-SECRET", "FOLLOWUP-SECRET", "自社化合物 X-7 の構造"];
const now = new Date("2026-11-24T01:00:00Z");
const later = (hours: number) => new Date(now.getTime() + hours * 3_600_000);

async function refusal(p: Promise<unknown>): Promise<KakehashiError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof KakehashiError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

describe("e-mail rendering", () => {
  it("puts the Japanese text first, then the English, with an absolute link and nothing else", () => {
    const notice = caseAssignedToExpertNotice({ caseId: "c-1", topic: "regulatory", urgency: "urgent" });
    const mail = renderEmail(notice, "x@example.jp", "https://kakehashi.example");
    expect(mail.subject).toBe(
      "[Kakehashi] 相談案件が割り当てられました / A consultation case was assigned to you",
    );
    expect(mail.text.indexOf("薬事・規制")).toBeLessThan(mail.text.indexOf("regulatory"));
    expect(mail.text).toContain("https://kakehashi.example/#/partnering/desk/c-1");
    // the notice builders take public facts only: a description does not fit in
    // @ts-expect-error a notice has no place for a case description
    caseAssignedToExpertNotice({ caseId: "c-1", topic: "ip", urgency: "low", description: "secret" });
  });

  it("is configured by KAKEHASHI_SMTP_URL, and absent without it", () => {
    expect(mailerFromEnv({})).toBeNull();
    const m = mailerFromEnv({
      KAKEHASHI_SMTP_URL: "smtp://u:p@127.0.0.1:2525",
      KAKEHASHI_PUBLIC_URL: "https://k.example/",
    });
    expect(m?.baseUrl).toBe("https://k.example");
    m?.close();
  });
});

describe.each(TEST_BACKENDS)("notifications and SMTP delivery on %s", (backend) => {
  let store: TestStore;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let mailer: Mailer;
  let venture: Account;
  let mentor: Account;
  let admin: Account;
  let other: Account;
  let caseId: string;

  beforeAll(async () => {
    store = await openCommunityStore(backend);
    smtp = await startSmtp();
    mailer = createSmtpMailer({
      url: `smtp://desk:s3cret@127.0.0.1:${smtp.port}`,
      from: "Kakehashi Desk <desk@kakehashi.example>",
      baseUrl: "https://kakehashi.example",
    });
    const ventureOrg = await makeOrganisation(store, "Venture", "company");
    const hospital = await makeOrganisation(store, "Hospital", "hospital");
    const agency = await makeOrganisation(store, "Agency", "funder");
    venture = await makeAccount(store, ventureOrg.id, ["company"], "起業 太郎");
    other = await makeAccount(store, ventureOrg.id, ["company"], "同僚");
    mentor = await makeAccount(store, hospital.id, ["mentor"], "渡辺 隆");
    admin = await makeAccount(store, agency.id, ["admin"], "管理者");
    await declareExpert(store.db, mentor, { topics: ["ip"], capacity: 3 });
  });
  afterAll(async () => {
    mailer?.close();
    await smtp?.close();
    await store?.close();
  });

  it("delivers every desk notice through the SMTP server, in ja and en, without confidential text", async () => {
    const c = await submitCase(
      store.db,
      venture,
      {
        topic: "ip",
        stage: "lead",
        urgency: "urgent",
        description: `自社化合物 X-7 の構造について、PCT の国内移行を相談したい（KH-SECRET-42）。`,
      },
      { mailer, now },
    );
    caseId = c.id;
    await addCaseNote(store.db, mentor, c.id, { body: "NOTE-SECRET: 先行技術あり" }, { mailer, now });
    await addFollowUp(
      store.db,
      mentor,
      c.id,
      { title: "FOLLOWUP-SECRET 出願書類", dueOn: "2026-11-24" },
      { now },
    );
    const [slot] = await publishSlots(
      store.db,
      mentor,
      { slots: [{ startsAt: later(24), endsAt: later(25) }] },
      { now },
    );
    await bookSlot(store.db, venture, slot?.id as string, { caseId: c.id }, { mailer, now });
    expect(await notifyDueFollowUps(store.db, { mailer, now })).toEqual({ notified: 1, overdue: 0 });
    await closeCase(
      store.db,
      mentor,
      c.id,
      { outcome: "referred", note: "NOTE-SECRET 弁理士へ" },
      { mailer, now },
    );

    // assigned ×2, booked ×2, follow-up due ×2, closed ×1
    expect(smtp.delivered).toHaveLength(7);
    expect(smtp.logins.length).toBeGreaterThan(0); // the credentials of the URL were used
    const to = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address;
    const toMentor = smtp.delivered.filter((m) => to(m) === mentor.email);
    const toVenture = smtp.delivered.filter((m) => to(m) === venture.email);
    expect(toMentor).toHaveLength(3);
    expect(toVenture).toHaveLength(4);
    const subjects = smtp.delivered.map((m) => m.subject);
    expect(subjects).toContain(
      "[Kakehashi] 相談案件が割り当てられました / A consultation case was assigned to you",
    );
    expect(subjects).toContain(
      "[Kakehashi] Open Hours の予約を受け付けました / Your Open Hours booking is confirmed",
    );
    expect(subjects).toContain("[Kakehashi] フォローアップの期限が近づいています / A follow-up is due");
    expect(subjects).toContain("[Kakehashi] ご相談が終了しました / Your consultation case was closed");
    for (const mail of smtp.delivered) {
      expect(mail.from?.text).toContain("desk@kakehashi.example");
      expect(mail.text).toMatch(/[ぁ-んァ-ン一-龥]/); // Japanese …
      expect(mail.text).toContain("Details: https://kakehashi.example/#/partnering/desk/"); // … and English
      expect(mail.text).toContain(c.id);
      for (const secret of SECRETS) {
        expect(mail.text).not.toContain(secret);
        expect(mail.subject).not.toContain(secret);
        expect(mail.html || "").not.toContain(secret);
      }
    }
    const booked = toVenture.find((m) => m.subject?.includes("Open Hours"));
    expect(booked?.text).toContain("2026-11-25 10:00–11:00 (JST)");
    const inbox = await listNotifications(store.db, venture);
    expect(inbox.notifications.every((n) => n.email.status === "sent")).toBe(true);
    expect(JSON.stringify(inbox)).not.toMatch(/KH-SECRET-42|NOTE-SECRET|FOLLOWUP-SECRET/);
  });

  it("keeps the in-app notification and records the failure when SMTP is down, then retries", async () => {
    const broken = createSmtpMailer({
      url: "smtp://desk:s3cret@127.0.0.1:1",
      baseUrl: "https://kakehashi.example",
    });
    const before = smtp.delivered.length;
    const c = await submitCase(
      store.db,
      venture,
      { topic: "ip", stage: "hit", urgency: "normal", description: "SMTP 障害時の通知テスト用の相談です。" },
      { mailer: broken, now },
    );
    broken.close();
    const inbox = await listNotifications(store.db, mentor);
    const n = inbox.notifications.find((x) => x.link.endsWith(c.id));
    expect(n?.email.status).toBe("failed");
    expect(n?.email.attempts).toBe(1);
    expect(n?.email.error).toMatch(/ECONNREFUSED|connect/i);
    expect((await refusal(emailDeliveryReport(store.db, venture))).status).toBe(403);
    expect((await refusal(retryFailedEmails(store.db, mentor, mailer))).status).toBe(403);
    const report = await emailDeliveryReport(store.db, admin);
    expect(report.byStatus.failed).toBe(2);
    expect(report.failures[0]?.error).toMatch(/ECONNREFUSED|connect/i);
    expect(await retryFailedEmails(store.db, admin, mailer)).toEqual({ sent: 2, failed: 0 });
    expect(smtp.delivered.length).toBe(before + 2);
    const again = (await listNotifications(store.db, mentor)).notifications.find((x) =>
      x.link.endsWith(c.id),
    );
    expect(again?.email).toMatchObject({ status: "sent", attempts: 2, error: null });
  });

  it("lets each person read and mark only their own notifications", async () => {
    const mine = await listNotifications(store.db, venture, { unreadOnly: true });
    expect(mine.unread).toBeGreaterThan(0);
    const first = mine.notifications[0];
    expect((await refusal(markNotificationRead(store.db, other, first?.id as string))).status).toBe(404);
    expect((await refusal(markNotificationRead(store.db, admin, first?.id as string))).status).toBe(404);
    expect((await listNotifications(store.db, other)).notifications.map((n) => n.id)).not.toContain(
      first?.id,
    );
    const read = await markNotificationRead(store.db, venture, first?.id as string);
    expect(read.read).toBe(true);
    expect((await listNotifications(store.db, venture)).unread).toBe(mine.unread - 1);
    expect((await markAllNotificationsRead(store.db, venture)).marked).toBe(mine.unread - 1);
    expect((await listNotifications(store.db, venture, { unreadOnly: true })).notifications).toEqual([]);
    expect(caseId).toBeDefined();
  });
});
