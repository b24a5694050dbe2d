import { pipelineDb, seedPipelineDemo } from "@kakehashi/pipeline";
import { findAccountByEmail, seedDemo, verifyAuditChain } from "@kakehashi/store";
import { TEST_BACKENDS, type TestStore } from "@kakehashi/store/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCommunityDemo } from "../community.ts";
import { getConsortium, listConsortia } from "../consortia/consortia.ts";
import { exportMinutes, listThreads } from "../forum/forum.ts";
import { listNotifications } from "../notifications/notifications.ts";
import { openCommunityStore } from "../notifications/testSupport.ts";
import { getCase, listCases } from "./cases.ts";
import { deskMetrics } from "./metrics.ts";
import { listOpenSlots } from "./slots.ts";

const today = "2026-11-24";

describe.each(TEST_BACKENDS)("community demo on %s", (backend) => {
  let store: TestStore;
  const account = async (email: string) => {
    const a = await findAccountByEmail(store.db, email);
    if (!a) throw new Error(email);
    return a;
  };
  const counts = async () =>
    (
      await sql<Record<string, string>>`select
        (select count(*) from partnering_desk_cases) as cases,
        (select count(*) from partnering_desk_slots) as slots,
        (select count(*) from partnering_desk_bookings) as bookings,
        (select count(*) from partnering_consortia) as consortia,
        (select count(*) from partnering_consortium_specimens) as specimens,
        (select count(*) from partnering_forum_posts) as posts,
        (select count(*) from partnering_notifications) as notifications,
        (select count(*) from users) as users`.execute(store.db)
    ).rows[0];

  beforeAll(async () => {
    store = await openCommunityStore(backend);
    await seedDemo(store.db);
    await seedPipelineDemo(pipelineDb(store.db), today);
  });
  afterAll(async () => {
    await store?.close();
  });

  it("adds desk cases in every state, slots, a consortium and forum threads", async () => {
    const result = await seedCommunityDemo(store.db, today);
    expect(result).toMatchObject({ cases: 6, consortia: 1, threads: 2, posts: 8 });
    expect(result.slots).toBeGreaterThanOrEqual(4);
    const admin = await account("admin@funder.example");
    const cases = await listCases(store.db, admin, {}, { now: new Date(`${today}T03:00:00Z`) });
    expect(new Set(cases.map((c) => c.status))).toEqual(
      new Set(["closed", "in_progress", "assigned", "new"]),
    );
    expect(cases.some((c) => c.overdueFollowUps > 0)).toBe(true);
    const booked = cases.find((c) => c.topic === "business");
    const researcher = await account("researcher@toto-u.example");
    expect((await getCase(store.db, researcher, booked?.id as string)).bookings).toHaveLength(1);
    const mentor = await account("mentor@core-hospital.example");
    expect((await getCase(store.db, mentor, booked?.id as string)).description).toContain("大学発ベンチャー");
    expect(
      (await listOpenSlots(store.db, researcher, {}, { now: new Date(`${today}T00:00:00Z`) })).length,
    ).toBe(result.slots - 1);
    const metrics = await deskMetrics(store.db, await account("po@funder.example"));
    expect(metrics).toMatchObject({
      cases: 6,
      closed: 2,
      rated: 2,
      satisfactionMean: 4.5,
      resolutionRate: 0.5,
    });
    expect(metrics.medianHoursToFirstResponse).toBeGreaterThan(0);
    const adminInbox = await listNotifications(store.db, admin);
    expect(adminInbox.notifications.some((n) => n.kind === "desk_case_unassigned")).toBe(true);
  });

  it("has a university spin-out venture that may ask the desk and has no case yet", async () => {
    const venture = await account("ceo@toto-bio.example");
    expect(venture.roles).toEqual(["company"]);
    expect(venture.organisation).toMatchObject({ nameEn: "Toto Bio Inc.", kind: "company" });
    expect(await listCases(store.db, venture)).toEqual([]);
  });

  it("gives the consortium members, counted specimens, accepted terms and a joint project", async () => {
    const company = await account("bd@sakura-pharma.example");
    const [card] = await listConsortia(store.db, company);
    const view = await getConsortium(store.db, company, card?.id as string);
    expect(view.membership).toBe("industry");
    expect(view.detail?.members.length).toBeGreaterThanOrEqual(5);
    expect(view.detail?.members.some((m) => m.role === "observer")).toBe(true);
    expect(view.detail?.totals.specimens).toBe(2849);
    expect(view.detail?.myOrganisationAccepted).toBe(true);
    expect(view.detail?.projects[0]?.seeds.length).toBeGreaterThan(0);
    const investor = await account("partner@mirai-capital.example");
    expect((await getConsortium(store.db, investor, card?.id as string)).detail).toBeNull();
  });

  it("has a forum thread where the regulator's posts are marked in the minutes", async () => {
    const investor = await account("partner@mirai-capital.example");
    const threads = await listThreads(store.db, investor);
    expect(threads).toHaveLength(1); // the consortium's thread is not the investor's to see
    expect(threads[0]?.regulatorPosts).toBe(2);
    const minutes = await exportMinutes(store.db, investor, threads[0]?.id as string, "ja");
    expect(minutes.json.posts.filter((p) => p.regulator).map((p) => p.author)).toEqual([
      "伊藤 直子",
      "伊藤 直子",
    ]);
    expect(minutes.markdown).toContain("伊藤 直子（医薬品審査センター（デモ）） 【規制当局】");
  });

  it("adds nothing the second time and keeps the audit chain whole", async () => {
    const before = await counts();
    expect(await seedCommunityDemo(store.db, today)).toEqual({
      cases: 0,
      slots: 0,
      consortia: 0,
      specimens: 0,
      threads: 0,
      posts: 0,
    });
    expect(await counts()).toEqual(before);
    expect((await verifyAuditChain(store.db)).ok).toBe(true);
  });
});
