import { KakehashiError } from "@kakehashi/core";
import { pipelineDb, todayIso } from "@kakehashi/pipeline";
import { type Account, verifyAuditChain } from "@kakehashi/store";
import { TEST_BACKENDS, type TestStore } from "@kakehashi/store/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CommunityError } from "../notifications/messages.ts";
import { listNotifications } from "../notifications/notifications.ts";
import { makeAccount, makeOrganisation, openCommunityStore } from "../notifications/testSupport.ts";
import {
  acknowledgeCase,
  addCaseNote,
  addFollowUp,
  assignCase,
  closeCase,
  completeFollowUp,
  getCase,
  listCases,
  rateCase,
  submitCase,
} from "./cases.ts";
import { declareExpert, listExperts } from "./experts.ts";
import { notifyDueFollowUps } from "./followups.ts";
import { deskMetrics } from "./metrics.ts";
import { startFollowUpReminders } from "./reminders.ts";
import { bookSlot, cancelBooking, listMySlots, listOpenSlots, publishSlots } from "./slots.ts";

const now = new Date("2026-11-24T01:00:00Z");
const later = (hours: number) => new Date(now.getTime() + hours * 3_600_000);
const intake = {
  topic: "ip" as const,
  stage: "lead" as const,
  urgency: "high" as const,
  description:
    "PCT 出願の国内移行の優先順位について相談したい。未公開の SAR データあり（機密: KH-SECRET-42）。",
};

async function refusal(p: Promise<unknown>): Promise<KakehashiError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof KakehashiError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

describe.each(TEST_BACKENDS)("consultation desk on %s", (backend) => {
  let store: TestStore;
  let venture: Account;
  let colleague: Account;
  let researcher: Account;
  let otherCompany: Account;
  let regulator: Account;
  let mentorA: Account;
  let mentorB: Account;
  let mentorC: Account;
  let admin: Account;
  let funder: Account;
  let seedOfUniversity: string;

  beforeAll(async () => {
    store = await openCommunityStore(backend);
    const ventureOrg = await makeOrganisation(store, "Venture KK", "company");
    const uni = await makeOrganisation(store, "Test University", "university");
    const pharma = await makeOrganisation(store, "Other Pharma", "company");
    const hospital = await makeOrganisation(store, "Core Hospital", "hospital");
    const agency = await makeOrganisation(store, "Agency", "funder");
    const pmda = await makeOrganisation(store, "Review Centre", "regulator");
    venture = await makeAccount(store, ventureOrg.id, ["company"], "起業 太郎");
    colleague = await makeAccount(store, ventureOrg.id, ["company"], "同僚 次郎");
    researcher = await makeAccount(store, uni.id, ["researcher"], "研究 花子");
    otherCompany = await makeAccount(store, pharma.id, ["company"], "他社 三郎");
    regulator = await makeAccount(store, pmda.id, ["regulator"], "審査 直子");
    mentorA = await makeAccount(store, hospital.id, ["mentor"], "Expert A");
    mentorB = await makeAccount(store, hospital.id, ["mentor"], "Expert B");
    mentorC = await makeAccount(store, hospital.id, ["mentor"], "Expert C");
    admin = await makeAccount(store, agency.id, ["admin"], "Desk Admin");
    funder = await makeAccount(store, agency.id, ["funder"], "PO");
    await declareExpert(store.db, mentorA, { topics: ["ip", "business"], capacity: 2 });
    await declareExpert(store.db, mentorB, { topics: ["ip"], capacity: 5 });
    await declareExpert(store.db, admin, { topics: ["regulatory"], capacity: 3 }, mentorC.id);
    const pdb = pipelineDb(store.db);
    seedOfUniversity = (
      await pdb
        .insertInto("seeds")
        .values({
          id: crypto.randomUUID(),
          organisation_id: uni.id,
          programme: "other",
          title_ja: "試験シーズ",
          title_en: "Test seed",
          modality: "antibody",
          icd10: "C34.9",
          indication: "lung cancer",
          stage: "lead",
          public_summary_ja: "公開要約",
          public_summary_en: "public summary",
          confidential_details: "CONFIDENTIAL-SEED-DETAIL",
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    await store?.close();
  });

  it("lets only mentors be experts, and only admins declare for someone else", async () => {
    expect((await refusal(declareExpert(store.db, venture, { topics: ["ip"], capacity: 2 }))).status).toBe(
      403,
    );
    expect(
      (await refusal(declareExpert(store.db, mentorA, { topics: ["ip"], capacity: 2 }, mentorB.id))).status,
    ).toBe(403);
    // an admin cannot turn a company user into an expert either
    expect(
      (await refusal(declareExpert(store.db, admin, { topics: ["ip"], capacity: 2 }, venture.id))).status,
    ).toBe(403);
    const experts = await listExperts(store.db, venture, "ip");
    expect(experts.map((e) => e.name)).toEqual(["Expert A", "Expert B"]);
    expect(experts.every((e) => e.openCases === null)).toBe(true); // loads are for the desk
  });

  it("triages by topic and load, explains it, and notifies the expert and the requester", async () => {
    const first = await submitCase(store.db, venture, intake, { now });
    // both at 0 open cases: B has more room (5 vs 2)
    expect(first.expert?.name).toBe("Expert B");
    expect(first.status).toBe("assigned");
    expect(first.triage.rule).toBe("least_loaded");
    expect(first.triage.en).toContain("Expert B has the fewest open cases (0 of 5)");
    expect(first.triage.en).toContain("more room left");
    const second = await submitCase(store.db, venture, intake, { now });
    expect(second.expert?.name).toBe("Expert A"); // B now has 1 open case, A has 0
    const third = await submitCase(store.db, venture, { ...intake, topic: "regulatory" }, { now });
    expect(third.expert?.name).toBe("Expert C");
    const mine = await listNotifications(store.db, mentorB);
    expect(mine.notifications[0]?.kind).toBe("desk_case_assigned");
    expect(mine.notifications[0]?.link).toBe(`/#/partnering/desk/${first.id}`);
    expect(mine.notifications[0]?.email.status).toBe("not_configured");
    const theirs = await listNotifications(store.db, venture);
    expect(
      theirs.notifications.some((n) => n.bodyEn.includes("Expert B is the expert for your IP case")),
    ).toBe(true);
  });

  it("leaves a case with no free expert to the desk admins, who assign it by hand", async () => {
    const c = await submitCase(store.db, venture, { ...intake, topic: "overseas" }, { now });
    expect(c.status).toBe("new");
    expect(c.expert).toBeNull();
    expect(c.triage.rule).toBe("none_available");
    const adminInbox = await listNotifications(store.db, admin);
    expect(adminInbox.notifications.some((n) => n.kind === "desk_case_unassigned")).toBe(true);
    expect((await refusal(assignCase(store.db, mentorA, c.id, mentorA.id))).status).toBe(403);
    expect((await refusal(assignCase(store.db, admin, c.id, venture.id))).status).toBe(400);
    const assigned = await assignCase(store.db, admin, c.id, mentorA.id, { now });
    expect(assigned.expert?.name).toBe("Expert A");
    expect(assigned.triage.rule).toBe("manual");
  });

  it("refuses intake from roles the desk does not serve and seeds of other organisations", async () => {
    expect((await refusal(submitCase(store.db, regulator, intake))).status).toBe(403);
    expect((await refusal(submitCase(store.db, mentorA, intake))).status).toBe(403);
    const e = await refusal(submitCase(store.db, venture, { ...intake, seedId: seedOfUniversity }));
    expect(e.status).toBe(400);
    expect(e.fieldIssues[0]?.path).toEqual(["seedId"]);
    expect((await refusal(submitCase(store.db, venture, { ...intake, description: "short" }))).status).toBe(
      400,
    );
    // the owner's researcher may name it, and the expert sees only its public title
    const c = await submitCase(store.db, researcher, { ...intake, seedId: seedOfUniversity }, { now });
    const asExpert = await getCase(store.db, c.expert?.id === mentorA.id ? mentorA : mentorB, c.id);
    expect(asExpert.seed).toEqual({ id: seedOfUniversity, titleJa: "試験シーズ", titleEn: "Test seed" });
    expect(JSON.stringify(asExpert)).not.toContain("CONFIDENTIAL-SEED-DETAIL");
  });

  it("keeps expert notes from the requester's organisation, and the case from everyone else", async () => {
    const c = await submitCase(store.db, venture, intake, { now });
    const expert = c.expert?.id === mentorA.id ? mentorA : mentorB;
    const otherExpert = expert === mentorA ? mentorB : mentorA;
    await addCaseNote(store.db, expert, c.id, { body: "NOTE-SECRET: 特許性に疑義。" }, { now: later(3) });
    expect((await refusal(acknowledgeCase(store.db, venture, c.id))).status).toBe(403);
    const asExpert = await getCase(store.db, expert, c.id);
    expect(asExpert.notes?.map((n) => n.body)).toEqual(["NOTE-SECRET: 特許性に疑義。"]);
    expect(asExpert.firstResponseAt).toEqual(later(3));
    expect(asExpert.status).toBe("in_progress");
    expect((await getCase(store.db, admin, c.id)).notes).toHaveLength(1);
    const asRequester = await getCase(store.db, venture, c.id);
    expect(asRequester.access).toBe("requester");
    expect(asRequester.notes).toBeNull();
    expect(JSON.stringify(asRequester)).not.toContain("NOTE-SECRET");
    expect((await getCase(store.db, colleague, c.id)).notes).toBeNull();
    // the requester cannot write notes; other companies, other experts and the regulator do not see the case
    expect((await refusal(addCaseNote(store.db, venture, c.id, { body: "x" }))).status).toBe(403);
    expect((await refusal(getCase(store.db, otherCompany, c.id))).status).toBe(404);
    expect((await refusal(getCase(store.db, otherExpert, c.id))).status).toBe(404);
    expect((await refusal(getCase(store.db, regulator, c.id))).status).toBe(404);
    expect((await refusal(listCases(store.db, regulator))).status).toBe(403);
    expect((await listCases(store.db, otherCompany)).map((x) => x.id)).not.toContain(c.id);
    expect((await listCases(store.db, colleague)).map((x) => x.id)).toContain(c.id);
    expect((await listCases(store.db, expert)).map((x) => x.id)).toContain(c.id);
    expect((await listCases(store.db, otherExpert)).map((x) => x.id)).not.toContain(c.id);
  });

  it("counts the expert taking up a case as the first response, once", async () => {
    const c = await submitCase(store.db, venture, intake, { now });
    const expert = c.expert?.id === mentorA.id ? mentorA : mentorB;
    const taken = await acknowledgeCase(store.db, expert, c.id, { now: later(1) });
    expect(taken.status).toBe("in_progress");
    expect(taken.firstResponseAt).toEqual(later(1));
    await addCaseNote(store.db, expert, c.id, { body: "second action" }, { now: later(6) });
    expect((await getCase(store.db, expert, c.id)).firstResponseAt).toEqual(later(1));
  });

  it("flags overdue follow-ups, reminds once, closes with an outcome and takes one rating", async () => {
    const c = await submitCase(store.db, venture, { ...intake, topic: "regulatory" }, { now });
    await addFollowUp(
      store.db,
      mentorC,
      c.id,
      { title: "PMDA 事前面談の資料を準備", dueOn: "2026-11-20" },
      { now },
    );
    await addFollowUp(store.db, mentorC, c.id, { title: "RS 戦略相談の申込", dueOn: "2026-11-25" }, { now });
    await addFollowUp(store.db, mentorC, c.id, { title: "later", dueOn: "2026-12-20" }, { now });
    const view = await getCase(store.db, venture, c.id, { now });
    expect(view.followUps.map((f) => f.overdue)).toEqual([true, false, false]);
    expect(view.overdueFollowUps).toBe(1);
    expect(
      (await refusal(addFollowUp(store.db, venture, c.id, { title: "x", dueOn: "2026-12-01" }))).status,
    ).toBe(403);
    const first = await notifyDueFollowUps(store.db, { now });
    expect(first.notified).toBeGreaterThanOrEqual(2);
    expect(first.overdue).toBeGreaterThanOrEqual(1);
    expect((await notifyDueFollowUps(store.db, { now })).notified).toBe(0);
    const reminders = (await listNotifications(store.db, mentorC)).notifications.filter(
      (n) => n.kind === "desk_followup_due" && n.link.endsWith(c.id),
    );
    expect(reminders.map((n) => n.titleEn).sort()).toEqual(["A follow-up is due", "A follow-up is overdue"]);
    expect(reminders.every((n) => !n.bodyJa.includes("PMDA 事前面談"))).toBe(true);
    expect(
      (await refusal(completeFollowUp(store.db, otherCompany, view.followUps[0]?.id as string, { now })))
        .status,
    ).toBe(404);
    await completeFollowUp(store.db, venture, view.followUps[0]?.id as string, { now });
    expect((await getCase(store.db, venture, c.id, { now })).overdueFollowUps).toBe(0);

    expect((await refusal(rateCase(store.db, venture, c.id, { satisfaction: 4 }))).status).toBe(409);
    expect((await refusal(closeCase(store.db, venture, c.id, { outcome: "resolved" }))).status).toBe(403);
    const closed = await closeCase(
      store.db,
      mentorC,
      c.id,
      { outcome: "resolved", note: "面談で解決" },
      { now: later(5) },
    );
    expect(closed.status).toBe("closed");
    expect(closed.outcome).toBe("resolved");
    const afterClose = await refusal(addCaseNote(store.db, mentorC, c.id, { body: "after" }));
    expect(afterClose).toBeInstanceOf(CommunityError);
    expect((afterClose as CommunityError).text("ja").title).toBe("相談は終了しています");
    expect((await refusal(rateCase(store.db, mentorC, c.id, { satisfaction: 5 }))).status).toBe(403);
    expect((await refusal(rateCase(store.db, venture, c.id, { satisfaction: 6 }))).status).toBe(400);
    const rated = await rateCase(store.db, colleague, c.id, { satisfaction: 4, comment: "助かりました" });
    expect(rated.satisfaction).toBe(4);
    expect((await refusal(rateCase(store.db, venture, c.id, { satisfaction: 5 }))).status).toBe(409);
    expect(
      (await listNotifications(store.db, venture)).notifications.some((n) => n.kind === "desk_case_closed"),
    ).toBe(true);
  });

  it("reminds of due follow-ups on a schedule in the server process, once each, until stopped", async () => {
    const c = await submitCase(store.db, venture, { ...intake, topic: "regulatory" });
    await addFollowUp(store.db, mentorC, c.id, { title: "資料の確認", dueOn: todayIso() });
    const rounds: { notified: number }[] = [];
    const reminders = startFollowUpReminders(store.db, {
      intervalMs: 20,
      onRound: (r) => rounds.push(r),
      onError: (e) => rounds.push({ notified: Number.NaN, error: e } as never),
    });
    await vi.waitFor(() => expect(rounds.length).toBeGreaterThanOrEqual(3), { timeout: 10_000 });
    await reminders.stop();
    const count = rounds.length;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(rounds.length).toBe(count);
    expect(rounds[0]?.notified).toBe(1);
    expect(rounds.slice(1).every((r) => r.notified === 0)).toBe(true);
    const mine = (await listNotifications(store.db, venture)).notifications.filter(
      (n) => n.kind === "desk_followup_due" && n.link.endsWith(c.id),
    );
    expect(mine.map((n) => n.titleEn)).toEqual(["A follow-up is due"]);
  });

  it("reports desk metrics to those who steer the desk only", async () => {
    expect((await refusal(deskMetrics(store.db, venture))).status).toBe(403);
    expect((await refusal(deskMetrics(store.db, regulator))).status).toBe(403);
    const m = await deskMetrics(store.db, funder);
    expect(m.cases).toBeGreaterThanOrEqual(7);
    expect(m.byTopic.ip).toBeGreaterThanOrEqual(4);
    expect(m.closed).toBe(1);
    expect(m.resolutionRate).toBe(1);
    expect(m.satisfactionMean).toBe(4);
    expect(m.medianHoursToFirstResponse).not.toBeNull();
  });

  it("lets experts publish non-overlapping future slots and requesters book them", async () => {
    expect(
      (
        await refusal(
          publishSlots(store.db, venture, { slots: [{ startsAt: later(24), endsAt: later(25) }] }),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await refusal(
          publishSlots(store.db, mentorA, { slots: [{ startsAt: later(-2), endsAt: later(-1) }] }, { now }),
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await refusal(
          publishSlots(store.db, mentorA, { slots: [{ startsAt: later(24), endsAt: later(24.1) }] }, { now }),
        )
      ).status,
    ).toBe(400);
    const slots = await publishSlots(
      store.db,
      mentorA,
      {
        slots: [
          { startsAt: later(24), endsAt: later(24.5), mode: "online" },
          { startsAt: later(25), endsAt: later(25.5), mode: "onsite" },
        ],
      },
      { now },
    );
    expect(slots).toHaveLength(2);
    const overlap = await refusal(
      publishSlots(store.db, mentorA, { slots: [{ startsAt: later(24.25), endsAt: later(24.75) }] }, { now }),
    );
    expect(overlap.status).toBe(409);
    expect((overlap as CommunityError).problem).toBe("slot-overlap");
    expect((await refusal(listMySlots(store.db, venture, { now }))).status).toBe(403);
    const open = await listOpenSlots(store.db, venture, { topic: "business" }, { now });
    expect(open.map((s) => s.id)).toEqual(slots.map((s) => s.id));
    expect(open.every((s) => s.booking === null)).toBe(true);
    expect(await listOpenSlots(store.db, venture, { topic: "regulatory" }, { now })).toEqual([]);
    expect((await refusal(listOpenSlots(store.db, regulator, {}, { now }))).status).toBe(403);

    // a walk-in booking opens a case with the slot's expert, who then sees it
    const walkIn = await bookSlot(
      store.db,
      venture,
      slots[0]?.id as string,
      { intake: { ...intake, topic: "business" } },
      { now },
    );
    expect(walkIn.expert?.id).toBe(mentorA.id);
    expect(walkIn.triage.rule).toBe("booked_slot");
    expect(walkIn.bookings.map((b) => b.slotId)).toEqual([slots[0]?.id]);
    expect((await getCase(store.db, mentorA, walkIn.id)).description).toBe(intake.description);
    const mine = await listMySlots(store.db, mentorA, { now });
    expect(mine.find((s) => s.id === slots[0]?.id)?.booking?.caseId).toBe(walkIn.id);
    expect((await listOpenSlots(store.db, venture, {}, { now })).map((s) => s.id)).not.toContain(
      slots[0]?.id,
    );
    const inbox = (await listNotifications(store.db, mentorA)).notifications;
    expect(inbox.some((n) => n.kind === "desk_slot_booked" && n.link.endsWith(walkIn.id))).toBe(true);

    expect(
      (await refusal(bookSlot(store.db, regulator, slots[1]?.id as string, { intake }, { now }))).status,
    ).toBe(403);
    expect(
      (await refusal(bookSlot(store.db, venture, slots[1]?.id as string, {} as never, { now }))).status,
    ).toBe(400);
    // a case assigned to another expert cannot take this expert's slot
    const other = await submitCase(store.db, venture, { ...intake, topic: "regulatory" }, { now });
    const mismatch = await refusal(
      bookSlot(store.db, venture, slots[1]?.id as string, { caseId: other.id }, { now }),
    );
    expect((mismatch as CommunityError).problem).toBe("slot-expert-mismatch");
    // another company cannot book for someone else's case
    expect(
      (
        await refusal(
          bookSlot(store.db, otherCompany, slots[1]?.id as string, { caseId: walkIn.id }, { now }),
        )
      ).status,
    ).toBe(404);
    // cancelling frees the slot again
    const cancelled = await cancelBooking(store.db, venture, walkIn.bookings[0]?.id as string, { now });
    expect(cancelled.bookings).toEqual([]);
    expect((await listOpenSlots(store.db, venture, {}, { now })).map((s) => s.id)).toContain(slots[0]?.id);
    expect(
      (await refusal(cancelBooking(store.db, otherCompany, walkIn.bookings[0]?.id as string, { now })))
        .status,
    ).toBe(404);
  });

  it("never double-books a slot: of 24 concurrent bookings exactly one wins", async () => {
    const [slot] = await publishSlots(
      store.db,
      mentorB,
      { slots: [{ startsAt: later(48), endsAt: later(49) }] },
      { now },
    );
    const org = await makeOrganisation(store, `Crowd ${backend}`, "company");
    const requesters = await Promise.all(
      Array.from({ length: 24 }, () => makeAccount(store, org.id, ["company"])),
    );
    const results = await Promise.allSettled(
      requesters.map((r) =>
        bookSlot(
          store.db,
          r,
          slot?.id as string,
          { intake: { ...intake, description: `walk-in by ${r.email}` } },
          { now },
        ),
      ),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(23);
    for (const e of lost) {
      expect(e).toBeInstanceOf(CommunityError);
      expect((e as CommunityError).status).toBe(409);
      expect((e as CommunityError).problem).toBe("slot-taken");
    }
    expect((lost[0] as CommunityError).text("en").title).toBe("This Open Hours slot is already booked");
    const live = await sql<{
      n: string;
    }>`select count(*) as n from partnering_desk_bookings where slot_id = ${slot?.id} and cancelled_at is null`.execute(
      store.db,
    );
    expect(Number(live.rows[0]?.n)).toBe(1);
    // the losers' walk-in cases were rolled back with their booking
    const cases = await sql<{
      n: string;
    }>`select count(*) as n from partnering_desk_cases where organisation_id = ${org.id}`.execute(store.db);
    expect(Number(cases.rows[0]?.n)).toBe(1);
    expect((await verifyAuditChain(store.db)).ok).toBe(true);
  });

  it("has the database itself refuse a second live booking of a slot", async () => {
    const row = await sql<{ id: string; slot_id: string; case_id: string; booked_by: string }>`
      select id, slot_id, case_id, booked_by from partnering_desk_bookings where cancelled_at is null limit 1`.execute(
      store.db,
    );
    const b = row.rows[0];
    expect(b).toBeDefined();
    await expect(
      sql`insert into partnering_desk_bookings (id, slot_id, case_id, booked_by) values (${crypto.randomUUID()}, ${b?.slot_id}, ${b?.case_id}, ${b?.booked_by})`.execute(
        store.db,
      ),
    ).rejects.toThrow(/partnering_desk_bookings_one_per_slot/);
  });
});
