import { KakehashiError } from "@kakehashi/core";
import { pipelineDb, platformMigrations, seedPipelineDemo } from "@kakehashi/pipeline";
import { type Account, findAccountByEmail, seedDemo, verifyAuditChain } from "@kakehashi/store";
import { openTestStore, TEST_BACKENDS, type TestStore } from "@kakehashi/store/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// outreach notifies, so the community tables (notifications) are needed too
import { partneringMigrations } from "../index.ts";
import { seedMatchingDemo } from "./demo.ts";
import { listMentorships } from "./feedback.ts";
import { matchesForSeed } from "./matching.ts";
import { outreachCounts } from "./outreach.ts";
import { listMentorProfiles, listPartnerProfiles } from "./profiles.ts";
import { evaluateHeldOutDeals } from "./quality.ts";
import { type MatchingDb, matchingDb } from "./schema.ts";

const today = "2026-11-24";
const migrations = { ...platformMigrations, ...partneringMigrations };

describe.each(TEST_BACKENDS)("the matching demo on %s", (backend) => {
  let store: TestStore;
  let db: MatchingDb;
  let admin: Account;
  const counts = async () => {
    const n = async (
      table: "partnering_partner_profiles" | "partnering_match_feedback" | "partnering_outreach" | "outcomes",
    ) =>
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n;
    return [
      await n("partnering_partner_profiles"),
      await n("partnering_match_feedback"),
      await n("partnering_outreach"),
      await n("outcomes"),
    ].map(Number);
  };

  beforeAll(async () => {
    store = await openTestStore(backend, "memory://", migrations);
    await seedDemo(store.db);
    await seedPipelineDemo(pipelineDb(store.db), today);
    db = matchingDb(store.db);
    admin = (await findAccountByEmail(store.db, "admin@funder.example")) as Account;
  }, 120_000);
  afterAll(async () => {
    await store?.close();
  });

  it("adds companies, investors and mentors with profiles, deal history, answers and outreach", async () => {
    const demo = await seedMatchingDemo(db, today);
    expect(demo).toMatchObject({ companies: 20, investors: 3, mentors: 4, feedback: 9, outreach: 5 });
    expect(demo.deals).toBeGreaterThanOrEqual(12);
    const profiles = await listPartnerProfiles(db, admin);
    expect(profiles.filter((p) => p.kind === "company")).toHaveLength(20);
    for (const p of profiles) {
      expect(p.areas.chapters.length + p.areas.prefixes.length + p.modalities.length).toBeGreaterThan(0);
      expect(p.summaryJa.length > 0 && p.summaryEn.length > 0).toBe(true);
    }
    expect((await listMentorProfiles(db, admin)).map((m) => m.mentor.displayName)).toHaveLength(4);
    expect(await outreachCounts(db, admin)).toEqual({ sent: 1, accepted: 2, declined: 1, withdrawn: 1 });
    const decisions = await db
      .selectFrom("partnering_match_feedback")
      .select("decision")
      .distinct()
      .execute();
    expect(decisions.map((d) => d.decision).sort()).toEqual(["accept", "decline", "not_now"]);
    expect((await listMentorships(db, admin, {})).filter((m) => m.endedOn === null)).toHaveLength(1);
    expect((await verifyAuditChain(store.db)).ok).toBe(true);
  });

  it("loads once: a second call adds nothing", async () => {
    const before = await counts();
    expect(await seedMatchingDemo(db, today)).toEqual({
      companies: 0,
      investors: 0,
      mentors: 0,
      deals: 0,
      feedback: 0,
      outreach: 0,
    });
    expect(await counts()).toEqual(before);
  });

  it("gives a demo seed's owner ranked, explained companies, investors and mentors", async () => {
    const researcher = (await findAccountByEmail(store.db, "researcher@toto-u.example")) as Account;
    const seed = await db
      .selectFrom("seeds")
      .select("id")
      .where("organisation_id", "=", researcher.organisation.id)
      .orderBy("title_en")
      .executeTakeFirstOrThrow();
    const m = await matchesForSeed(db, researcher, seed.id, { today });
    expect(m.companies).toHaveLength(10);
    expect(m.investors).toHaveLength(3);
    expect(m.mentors.length).toBeGreaterThanOrEqual(3);
    for (const c of m.companies) expect(c.features).toHaveLength(6);
    const scores = m.companies.map((c) => c.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("ranks the true partner of held-out licence deals better than a random order does", async () => {
    const window = { from: "2023-11-24", to: today };
    const q = await evaluateHeldOutDeals(db, admin, window, 10);
    console.log(
      `[${backend}] held-out licence deals ${window.from}..${window.to}: n=${q.n}, companies=${q.candidates}, ` +
        `recall@10=${q.recallAtK.toFixed(3)} (random ${q.randomRecallAtK.toFixed(3)}), ` +
        `MRR=${q.mrr.toFixed(3)} (random ${q.randomMrr.toFixed(3)})`,
    );
    expect(q.n).toBeGreaterThanOrEqual(15);
    expect(q.candidates).toBe(20);
    expect(q.randomRecallAtK).toBe(10 / 20);
    expect(q.recallAtK).toBeGreaterThan(q.randomRecallAtK);
    expect(q.mrr).toBeGreaterThan(q.randomMrr);
    // each held-out seed was ranked at its stage on the day of the deal
    expect(q.deals.every((d) => d.position !== null && d.stageThen.length > 0)).toBe(true);
    const bd = (await findAccountByEmail(store.db, "bd@sakura-pharma.example")) as Account;
    const refused = await evaluateHeldOutDeals(db, bd, window).catch((e) => e);
    expect(refused).toBeInstanceOf(KakehashiError);
    expect(refused.code).toBe("forbidden");
  });
});

describe("the matching demo outside a demo instance", () => {
  it("adds nothing to a store that is not a demo instance", async () => {
    const store = await openTestStore("pglite", "memory://", migrations);
    try {
      expect((await seedMatchingDemo(matchingDb(store.db), today)).companies).toBe(0);
      expect(
        await matchingDb(store.db).selectFrom("partnering_partner_profiles").select("kind").execute(),
      ).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
