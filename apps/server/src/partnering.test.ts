import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { communityProblemText, matchingDb, seedCommunityDemo, seedMatchingDemo } from "@kakehashi/partnering";
import { pipelineDb, seedPipelineDemo, todayIso } from "@kakehashi/pipeline";
import { type Account, findAccountByEmail, seedDemo } from "@kakehashi/store";
import { openTestStore, TEST_BACKENDS, type TestStore } from "@kakehashi/store/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer, PLATFORM_MIGRATIONS } from "./app.ts";
import { callAs, type DemoSession, loginDemoAccounts } from "./demoSessions.ts";

const P = "/api/partnering";
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const sharedData = process.env.KAKEHASHI_SHARED_DATA ?? path.resolve(repoRoot, "../shared/data");
const approvals = path.join(sharedData, "approvals");
const haveApprovals = existsSync(path.join(approvals, "pmda_approvals_2007-2024.csv"));
if (!haveApprovals)
  console.warn(`shared data not found at ${approvals}: the unmet-need matching test did not run`);
const inDays = (days: number, hour: number) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

describe.each(TEST_BACKENDS)("partnering API on %s", (backend) => {
  let store: TestStore;
  let app: FastifyInstance;
  let as: Record<string, DemoSession> = {};
  const accounts: Record<string, Account> = {};
  let outreachId = "";
  let seedId = "";

  const call = (who: string, method: "GET" | "POST" | "PUT", url: string, payload?: unknown, lang = "en") =>
    method === "PUT"
      ? app.inject({
          method,
          url,
          headers: {
            cookie: (as[who] as DemoSession).cookie,
            "x-csrf-token": (as[who] as DemoSession).csrf,
            "accept-language": lang,
          },
          payload: payload as object,
        })
      : callAs(app, as[who] as DemoSession, method, url, payload, lang);
  const anonymous = (method: "GET" | "POST", url: string, payload?: unknown) =>
    app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeAll(async () => {
    store = await openTestStore(backend, "memory://", PLATFORM_MIGRATIONS);
    await seedDemo(store.db);
    const today = todayIso();
    await seedPipelineDemo(pipelineDb(store.db), today);
    await seedMatchingDemo(matchingDb(store.db), today);
    await seedCommunityDemo(store.db, today);
    app = await buildServer({ store });
    const emails = {
      researcher: "researcher@toto-u.example",
      tlo: "tlo@toto-u.example",
      company: "bd@sakura-pharma.example",
      investor: "partner@mirai-capital.example",
      funder: "po@funder.example",
      mentor: "mentor@core-hospital.example",
      expert: "ip-expert@venture-desk.example",
      admin: "admin@funder.example",
    };
    as = await loginDemoAccounts(app, emails);
    for (const [who, email] of Object.entries(emails))
      accounts[who] = (await findAccountByEmail(store.db, email)) as Account;
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  describe("matching", () => {
    it("ranks seeds for a company with a per-feature explanation, and refuses others' organisations", async () => {
      const org = (accounts.company as Account).organisation.id;
      const res = await call("company", "GET", `${P}/organisations/${org}/seed-matches`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.organisation.id).toBe(org);
      expect(body.seeds.length).toBeGreaterThan(0);
      expect(body.seeds[0].features[0]).toHaveProperty("reason");
      const investorOrg = (accounts.investor as Account).organisation.id;
      expect(
        (await call("company", "GET", `${P}/organisations/${investorOrg}/seed-matches`)).statusCode,
      ).toBe(403);
      expect((await call("researcher", "GET", `${P}/organisations/${org}/seed-matches`)).statusCode).toBe(
        403,
      );
      expect((await anonymous("GET", `${P}/organisations/${org}/seed-matches`)).statusCode).toBe(401);
    });

    it("ranks companies, investors and mentors for the owner's seed, not for a partner", async () => {
      const ownOrg = (accounts.researcher as Account).organisation.id;
      const seed = await pipelineDb(store.db)
        .selectFrom("seeds")
        .select("id")
        .where("organisation_id", "=", ownOrg)
        .orderBy("title_en")
        .executeTakeFirstOrThrow();
      const res = await call("researcher", "GET", `${P}/seeds/${seed.id}/matches?limit=5`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.seed.id).toBe(seed.id);
      expect(body.companies.length).toBeGreaterThan(0);
      expect(body.companies.length).toBeLessThanOrEqual(5);
      expect(body.companies[0].features.map((f: { feature: string }) => f.feature)).toContain("area");
      expect(Array.isArray(body.mentors)).toBe(true);
      // no approval lists loaded: unmet need is left out of the score, and the explanation says so
      const need = body.companies[0].features.find((f: { feature: string }) => f.feature === "unmetNeed");
      expect(need).toMatchObject({ value: null });
      expect(need.reason.en).toMatch(/not available/);
      expect((await call("company", "GET", `${P}/seeds/${seed.id}/matches`)).statusCode).toBe(403);
      expect((await call("researcher", "GET", `${P}/seeds/not-a-uuid/matches`)).statusCode).toBe(400);
    });

    it("keeps weights a programme setting", async () => {
      const res = await call("funder", "GET", `${P}/weights`);
      expect(res.statusCode, res.body).toBe(200);
      const denied = await call("company", "PUT", `${P}/weights`, res.json().weights);
      expect(denied.statusCode).toBe(403);
    });

    it("lets a company keep its own profile, not another's, and names a bad field", async () => {
      const org = (accounts.company as Account).organisation.id;
      const own = await call("company", "GET", `${P}/profiles/company/${org}`);
      expect(own.statusCode, own.body).toBe(200);
      const p = own.json();
      const input = {
        areas: p.areas,
        modalities: p.modalities,
        stages: p.stages,
        dealTypes: p.dealTypes,
        regions: p.regions,
        budgetBand: p.budgetBand,
        summaryJa: p.summaryJa,
        summaryEn: "Updated through the API.",
      };
      const saved = await call("company", "PUT", `${P}/profiles/company/${org}`, input);
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json().summaryEn).toBe("Updated through the API.");
      const others = (await call("company", "GET", `${P}/profiles/company`)).json();
      const other = others.find((o: { organisation: { id: string } }) => o.organisation.id !== org);
      expect(
        (await call("company", "PUT", `${P}/profiles/company/${other.organisation.id}`, input)).statusCode,
      ).toBe(403);
      const bad = await call("company", "PUT", `${P}/profiles/company/${org}`, {
        ...input,
        budgetBand: "huge",
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0]).toMatchObject({ field: "budgetBand" });
      expect((await call("mentor", "GET", `${P}/profiles/mentor`)).statusCode).toBe(200);
      expect((await anonymous("GET", `${P}/profiles/company`)).statusCode).toBe(401);
    });

    it("records a partner's answer to a match, for its own side only, and reports to programme staff", async () => {
      const org = (accounts.company as Account).organisation.id;
      const top = (await call("company", "GET", `${P}/organisations/${org}/seed-matches`)).json().seeds[0];
      const answer = {
        seedId: top.seed.id,
        party: { kind: "company", id: org },
        decision: "decline",
        reasonCode: "too_early",
      };
      const res = await call("company", "POST", `${P}/feedback`, answer);
      expect(res.statusCode, res.body).toBe(201);
      expect((await call("investor", "POST", `${P}/feedback`, answer)).statusCode).toBe(403);
      const bad = await call("company", "POST", `${P}/feedback`, { ...answer, decision: "maybe" });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0]).toMatchObject({ field: "decision" });

      expect((await call("funder", "GET", `${P}/reports/unmatched`)).statusCode).toBe(200);
      expect((await call("company", "GET", `${P}/reports/unmatched`)).statusCode).toBe(403);
      const quality = await call(
        "funder",
        "GET",
        `${P}/reports/ranking-quality?from=2015-01-01&to=2030-12-31&k=5`,
      );
      expect(quality.statusCode, quality.body).toBe(200);
      expect(
        (await call("company", "GET", `${P}/reports/ranking-quality?from=2015-01-01&to=2030-12-31`))
          .statusCode,
      ).toBe(403);
      const noFrom = await call("funder", "GET", `${P}/reports/ranking-quality?to=2030-12-31`);
      expect(noFrom.statusCode).toBe(400);
      expect(noFrom.json().errors[0]).toMatchObject({ field: "from" });
    });
  });

  describe("outreach", () => {
    it("a company finds a seed through matching, asks for access, and the owner grants it", async () => {
      const org = (accounts.company as Account).organisation.id;
      const ownerOrg = (accounts.researcher as Account).organisation.id;
      const ranked = (
        await call("company", "GET", `${P}/organisations/${org}/seed-matches?limit=100`)
      ).json();
      const candidates = ranked.seeds
        .map((s: { seed: { id: string; organisation: { id: string } } }) => s.seed)
        .filter((s: { organisation: { id: string } }) => s.organisation.id === ownerOrg);
      expect(candidates.length).toBeGreaterThan(0);
      for (const candidate of candidates) {
        const res = await call("company", "POST", `${P}/outreach`, {
          seedId: candidate.id,
          dealType: "licence",
          message: "We would like to discuss a licence.",
        });
        if (res.statusCode === 409) continue; // the demo already has an open outreach to this seed
        expect(res.statusCode, res.body).toBe(201);
        outreachId = res.json().id;
        seedId = candidate.id;
        expect(res.json()).toMatchObject({ status: "sent", seedId });
        break;
      }
      expect(outreachId).not.toBe("");

      const received = (await call("tlo", "GET", `${P}/outreach`)).json().received;
      expect(received.map((o: { id: string }) => o.id)).toContain(outreachId);
      // another partner neither reads nor answers it; the sender does not answer its own outreach
      expect([403, 404]).toContain((await call("investor", "GET", `${P}/outreach/${outreachId}`)).statusCode);
      const self = await call("company", "POST", `${P}/outreach/${outreachId}/decision`, {
        decision: "accept",
      });
      expect(self.statusCode).toBe(403);

      const accepted = await call("tlo", "POST", `${P}/outreach/${outreachId}/decision`, {
        decision: "accept",
        note: "Welcome.",
        nda: { reference: "NDA-2026-001", expiresOn: "2030-12-31" },
      });
      expect(accepted.statusCode, accepted.body).toBe(200);
      expect(accepted.json().status).toBe("accepted");
      expect(accepted.json().grant).toMatchObject({ status: "active" });
      const seen = await call("company", "GET", `${P}/outreach/${outreachId}`);
      expect(seen.json().status).toBe("accepted");
      // an answered outreach cannot be withdrawn or answered again
      expect((await call("company", "POST", `${P}/outreach/${outreachId}/withdraw`)).statusCode).toBe(409);
    });

    it("refuses outreach from a researcher, from anonymous callers, and a bad body naming the field", async () => {
      const body = { seedId: seedId || crypto.randomUUID(), dealType: "licence", message: "Hello" };
      expect((await call("researcher", "POST", `${P}/outreach`, body)).statusCode).toBe(403);
      expect((await anonymous("POST", `${P}/outreach`, body)).statusCode).toBe(401);
      const bad = await call("company", "POST", `${P}/outreach`, { ...body, dealType: "merger" });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0]).toMatchObject({ field: "dealType" });
    });
  });

  describe("consultation desk", () => {
    let slotId = "";
    let caseId = "";

    it("an expert publishes Open Hours, a venture books one and the expert sees the case", async () => {
      const published = await call("expert", "POST", `${P}/desk/slots`, {
        slots: [{ startsAt: inDays(20, 1), endsAt: inDays(20, 2) }],
      });
      expect(published.statusCode, published.body).toBe(201);
      slotId = published.json()[0].id;
      const open = (await call("researcher", "GET", `${P}/desk/slots?topic=ip`)).json();
      expect(open.map((s: { id: string }) => s.id)).toContain(slotId);

      const booked = await call("researcher", "POST", `${P}/desk/slots/${slotId}/book`, {
        intake: { topic: "ip", stage: "hit", description: "How do we file a PCT application in time?" },
      });
      expect(booked.statusCode, booked.body).toBe(200);
      caseId = booked.json().id;
      const expertCases = (await call("expert", "GET", `${P}/desk/cases`)).json();
      expect(expertCases.map((c: { id: string }) => c.id)).toContain(caseId);
      const ack = await call("expert", "POST", `${P}/desk/cases/${caseId}/acknowledge`);
      expect(ack.statusCode, ack.body).toBe(200);
      const note = await call("expert", "POST", `${P}/desk/cases/${caseId}/notes`, { body: "Call booked." });
      expect(note.statusCode, note.body).toBe(201);
    });

    it("speaks a package's own refusal in the caller's language", async () => {
      const again = await call(
        "tlo",
        "POST",
        `${P}/desk/slots/${slotId}/book`,
        { intake: { topic: "ip", stage: "hit", description: "Another question about patents." } },
        "ja",
      );
      expect(again.statusCode).toBe(409);
      expect(again.headers["content-type"]).toMatch(/problem\+json/);
      expect(again.json()).toMatchObject({
        code: "conflict",
        title: communityProblemText("slot-taken", "ja").title,
      });
      const early = await call("researcher", "POST", `${P}/desk/cases/${caseId}/rating`, { satisfaction: 5 });
      expect(early.statusCode).toBe(409);
      expect(early.json()).toMatchObject({ title: "The case is not closed yet" });
    });

    it("keeps cases within the organisation and the expert, and names a bad field", async () => {
      expect([403, 404]).toContain((await call("company", "GET", `${P}/desk/cases/${caseId}`)).statusCode);
      expect((await call("tlo", "GET", `${P}/desk/cases/${caseId}`)).statusCode).toBe(200);
      expect(
        (
          await call("researcher", "POST", `${P}/desk/slots`, {
            slots: [{ startsAt: inDays(21, 1), endsAt: inDays(21, 2) }],
          })
        ).statusCode,
      ).toBe(403);
      expect((await anonymous("GET", `${P}/desk/cases`)).statusCode).toBe(401);
      const bad = await call("researcher", "POST", `${P}/desk/cases`, {
        topic: "ip",
        stage: "hit",
        description: "short",
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0]).toMatchObject({ field: "description" });
    });

    it("lets the requester cancel a booking (the slot opens again) and only a desk admin reassign", async () => {
      const view = (await call("researcher", "GET", `${P}/desk/cases/${caseId}`)).json();
      const booking = view.bookings.find((b: { slotId: string }) => b.slotId === slotId);
      expect(booking).toBeDefined();
      expect([403, 404]).toContain(
        (await call("company", "POST", `${P}/desk/bookings/${booking.id}/cancel`)).statusCode,
      );
      const cancelled = await call("researcher", "POST", `${P}/desk/bookings/${booking.id}/cancel`);
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      expect(cancelled.json().bookings.map((b: { id: string }) => b.id)).not.toContain(booking.id);
      const open = (await call("tlo", "GET", `${P}/desk/slots?topic=ip`)).json();
      expect(open.map((s: { id: string }) => s.id)).toContain(slotId);

      const expertId = view.expert.id;
      const experts = await call("admin", "GET", `${P}/desk/experts?topic=ip`);
      expect(experts.statusCode, experts.body).toBe(200);
      expect(experts.json().map((e: { userId: string }) => e.userId)).toContain(expertId);
      expect(experts.json().every((e: { topics: string[] }) => e.topics.includes("ip"))).toBe(true);
      expect((await anonymous("GET", `${P}/desk/experts`)).statusCode).toBe(401);
      const byMentor = await call("expert", "POST", `${P}/desk/cases/${caseId}/assign`, { expertId });
      expect(byMentor.statusCode).toBe(403);
      const byAdmin = await call("admin", "POST", `${P}/desk/cases/${caseId}/assign`, { expertId });
      expect(byAdmin.statusCode, byAdmin.body).toBe(200);
      expect(byAdmin.json().expert.id).toBe(expertId);
      const bad = await call("admin", "POST", `${P}/desk/cases/${caseId}/assign`, { expertId: "nobody" });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0]).toMatchObject({ field: "expertId" });
    });

    it("follows a case up, closes it, takes the requester's rating once, and counts it", async () => {
      const follow = await call("expert", "POST", `${P}/desk/cases/${caseId}/follow-ups`, {
        title: "Send the draft claims",
        dueOn: "2030-01-31",
      });
      expect(follow.statusCode, follow.body).toBe(201);
      const followUpId = follow.json().id;
      expect([403, 404]).toContain(
        (await call("company", "POST", `${P}/desk/follow-ups/${followUpId}/complete`)).statusCode,
      );
      const done = await call("tlo", "POST", `${P}/desk/follow-ups/${followUpId}/complete`);
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json().followUps.find((f: { id: string }) => f.id === followUpId).done).toBe(true);
      const outsider = await call("company", "POST", `${P}/desk/cases/${caseId}/close`, {
        outcome: "resolved",
      });
      expect([403, 404]).toContain(outsider.statusCode);
      const closed = await call("expert", "POST", `${P}/desk/cases/${caseId}/close`, { outcome: "resolved" });
      expect(closed.statusCode, closed.body).toBe(200);
      expect(closed.json().status).toBe("closed");
      const rated = await call("researcher", "POST", `${P}/desk/cases/${caseId}/rating`, { satisfaction: 5 });
      expect(rated.statusCode, rated.body).toBe(200);
      expect(
        (await call("researcher", "POST", `${P}/desk/cases/${caseId}/rating`, { satisfaction: 4 }))
          .statusCode,
      ).toBe(409);
      const metrics = await call("funder", "GET", `${P}/desk/metrics`);
      expect(metrics.statusCode, metrics.body).toBe(200);
      expect((await call("company", "GET", `${P}/desk/metrics`)).statusCode).toBe(403);
      expect(
        (await call("researcher", "POST", `${P}/desk/experts`, { topics: ["ip"], capacity: 3 })).statusCode,
      ).toBe(403);
      const declared = await call("mentor", "POST", `${P}/desk/experts`, {
        topics: ["business"],
        capacity: 2,
      });
      expect(declared.statusCode, declared.body).toBe(200);
    });
  });

  describe("notifications", () => {
    it("lists the caller's own notifications and marks them read", async () => {
      const list = await call("expert", "GET", `${P}/notifications`);
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().unread).toBeGreaterThan(0);
      const first = list.json().notifications[0];
      expect([403, 404]).toContain(
        (await call("company", "POST", `${P}/notifications/${first.id}/read`)).statusCode,
      );
      expect((await call("expert", "POST", `${P}/notifications/${first.id}/read`)).statusCode).toBe(200);
      const all = await call("expert", "POST", `${P}/notifications/read-all`);
      expect(all.statusCode).toBe(200);
      expect((await call("expert", "GET", `${P}/notifications?unread=true`)).json().unread).toBe(0);
      expect((await anonymous("GET", `${P}/notifications`)).statusCode).toBe(401);
    });
  });

  describe("consortia and forum", () => {
    let consortiumId = "";
    let threadId = "";

    it("programme staff found a consortium; members see its detail, others its card", async () => {
      const lead = (accounts.researcher as Account).organisation.id;
      const industry = (accounts.company as Account).organisation.id;
      const input = {
        nameJa: "希少肺疾患コンソーシアム",
        nameEn: "Rare lung disease consortium",
        icd10Area: "J84",
        publicDescriptionJa: "検体と知見を共有する。",
        publicDescriptionEn: "Sharing specimens and know-how.",
        members: [
          { organisationId: lead, role: "lead" },
          { organisationId: industry, role: "industry" },
        ],
      };
      expect((await call("researcher", "POST", `${P}/consortia`, input)).statusCode).toBe(403);
      expect((await anonymous("POST", `${P}/consortia`, input)).statusCode).toBe(401);
      const bad = await call("funder", "POST", `${P}/consortia`, {
        ...input,
        members: [{ organisationId: industry, role: "industry" }],
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].field).toMatch(/^members/);
      const created = await call("funder", "POST", `${P}/consortia`, input);
      expect(created.statusCode, created.body).toBe(201);
      consortiumId = created.json().id;
      const list = (await call("investor", "GET", `${P}/consortia`)).json();
      expect(list.map((c: { id: string }) => c.id)).toContain(consortiumId);
      expect((await call("company", "GET", `${P}/consortia/${consortiumId}`)).json().detail).not.toBeNull();
      expect((await call("investor", "GET", `${P}/consortia/${consortiumId}`)).json().detail).toBeNull();
      const specimens = await call("investor", "POST", `${P}/consortia/${consortiumId}/specimens`, {
        specimens: [{ kind: "serum" }],
      });
      expect(specimens.statusCode).toBe(403);
    });

    it("lets the lead steer members and terms; members accept the current version only", async () => {
      const investorOrg = (accounts.investor as Account).organisation.id;
      const member = { organisationId: investorOrg, role: "observer" };
      expect(
        (await call("company", "POST", `${P}/consortia/${consortiumId}/members`, member)).statusCode,
      ).toBe(403);
      const added = await call("tlo", "POST", `${P}/consortia/${consortiumId}/members`, member);
      expect(added.statusCode, added.body).toBe(200);
      const terms = { textJa: "検体は研究目的に限る。", textEn: "Specimens are for research only." };
      expect((await call("company", "POST", `${P}/consortia/${consortiumId}/terms`, terms)).statusCode).toBe(
        403,
      );
      const published = await call("tlo", "POST", `${P}/consortia/${consortiumId}/terms`, terms);
      expect(published.statusCode, published.body).toBe(200);
      const outdated = await call("company", "POST", `${P}/consortia/${consortiumId}/terms/accept`, {
        version: 2,
      });
      expect(outdated.statusCode).toBe(409);
      expect(outdated.json().title).toBe(communityProblemText("terms-outdated", "en").title);
      const accepted = await call("company", "POST", `${P}/consortia/${consortiumId}/terms/accept`, {
        version: 1,
      });
      expect(accepted.statusCode, accepted.body).toBe(200);
      const bad = await call("company", "POST", `${P}/consortia/${consortiumId}/terms/accept`, {
        version: "1",
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0]).toMatchObject({ field: "version" });
      const project = {
        titleJa: "共同研究",
        titleEn: "Joint study",
        startedOn: "2026-01-01",
        seedIds: [crypto.randomUUID()],
      };
      expect(
        (await call("investor", "POST", `${P}/consortia/${consortiumId}/projects`, project)).statusCode,
      ).toBe(403);
    });

    it("opens a members-only thread, takes replies, exports minutes, and keeps outsiders out", async () => {
      const bad = await call("researcher", "POST", `${P}/forum/threads`, {
        title: "",
        topic: "general",
        body: "x",
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0]).toMatchObject({ field: "title" });
      const created = await call("researcher", "POST", `${P}/forum/threads`, {
        title: "Specimen handling",
        topic: "non_clinical",
        consortiumId,
        body: "How do we ship frozen serum?",
      });
      expect(created.statusCode, created.body).toBe(201);
      threadId = created.json().id;
      const reply = await call("company", "POST", `${P}/forum/threads/${threadId}/posts`, {
        body: "On dry ice, with a logger.",
      });
      expect(reply.statusCode, reply.body).toBe(201);
      expect(reply.json().posts.length).toBe(2);
      expect([403, 404]).toContain(
        (await call("mentor", "GET", `${P}/forum/threads/${threadId}`)).statusCode,
      );
      const list = (await call("mentor", "GET", `${P}/forum/threads`)).json();
      expect(list.map((t: { id: string }) => t.id)).not.toContain(threadId);
      const minutes = await call("tlo", "GET", `${P}/forum/threads/${threadId}/minutes.md`);
      expect(minutes.statusCode, minutes.body).toBe(200);
      expect(minutes.headers["content-type"]).toMatch(/text\/markdown/);
      expect(minutes.body).toContain("Specimen handling");
      expect((await anonymous("GET", `${P}/forum/threads`)).statusCode).toBe(401);
    });
  });
});

describe.skipIf(!haveApprovals)("partnering matching with the drug-lag monitor", () => {
  let store: TestStore;
  let app: FastifyInstance;
  let as: Record<string, DemoSession> = {};

  beforeAll(async () => {
    store = await openTestStore("pglite", "memory://", PLATFORM_MIGRATIONS);
    await seedDemo(store.db);
    const today = todayIso();
    await seedPipelineDemo(pipelineDb(store.db), today);
    await seedMatchingDemo(matchingDb(store.db), today);
    app = await buildServer({ store, lagFolder: approvals });
    as = await loginDemoAccounts(app, { funder: "po@funder.example" });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it("scores unmet need in Japan from the approval lists", async () => {
    const seeds = await pipelineDb(store.db).selectFrom("seeds").select(["id", "icd10"]).execute();
    let judged = 0;
    for (const seed of seeds) {
      const res = await callAs(app, as.funder as DemoSession, "GET", `${P}/seeds/${seed.id}/matches?limit=1`);
      expect(res.statusCode, res.body).toBe(200);
      const need = res
        .json()
        .companies[0]?.features.find((f: { feature: string }) => f.feature === "unmetNeed");
      if (need && need.value !== null) {
        expect(need.value).toBeGreaterThanOrEqual(0);
        expect(need.value).toBeLessThanOrEqual(1);
        judged++;
      }
    }
    expect(judged).toBeGreaterThan(0);
  });
});
