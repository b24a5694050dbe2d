import { fieldErrors, KakehashiError } from "@kakehashi/core";
import { TEST_BACKENDS } from "@kakehashi/store/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endMentorship, listFeedback, listMentorships, recordFeedback, unmatchedReport } from "./feedback.ts";
import { matchesForSeed } from "./matching.ts";
import { getMentorProfile, saveCompanyProfile, saveInvestorProfile, saveMentorProfile } from "./profiles.ts";
import { auditActions, type MatchingFixture, openMatchingFixture } from "./testSupport.ts";

const caught = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof KakehashiError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
};

describe.each(TEST_BACKENDS)("feedback, the unmatched report and mentorships on %s", (backend) => {
  let f: MatchingFixture;
  const sakura = () => ({ kind: "company" as const, id: f.bd.organisation.id });
  const hokurei = () => ({ kind: "company" as const, id: f.otherBd.organisation.id });
  beforeAll(async () => {
    f = await openMatchingFixture(backend);
    await saveCompanyProfile(f.db, f.bd, f.bd.organisation.id, {
      areas: { chapters: [], prefixes: ["E78"] },
      modalities: ["nucleic_acid"],
      stages: ["lead"],
      dealTypes: ["licence"],
      regions: ["japan"],
      budgetBand: "500m_2b",
    });
    await saveCompanyProfile(f.db, f.otherBd, f.otherBd.organisation.id, {
      areas: { chapters: ["II"], prefixes: [] },
      modalities: ["small_molecule"],
      stages: ["hit"],
      dealTypes: ["option"],
      regions: ["japan"],
      budgetBand: "100m_500m",
    });
    await saveInvestorProfile(f.db, f.vc, f.vc.organisation.id, {
      areas: { chapters: [], prefixes: [] },
      stages: ["hit"],
      ticketBand: "50m_200m",
    });
    await saveMentorProfile(f.db, f.mentor, f.mentor.id, { expertise: ["toxicology"], maxActiveSeeds: 1 });
  });
  afterAll(async () => {
    await f?.store.close();
  });

  it("records a company's decline with its reason and the match as the company saw it, audited", async () => {
    const { feedback } = await recordFeedback(
      f.db,
      f.bd,
      {
        seedId: f.lipidSeed,
        party: sakura(),
        decision: "decline",
        reasonCode: "insufficient_evidence",
        reasonText: "オフターゲット評価を待ちます",
      },
      { today: f.today },
    );
    expect(feedback).toMatchObject({
      side: "party",
      decision: "decline",
      reasonCode: "insufficient_evidence",
    });
    // Sakura holds no grant: its snapshot has no readiness value
    expect(feedback.features.find((x) => x.feature === "readiness")?.value).toBeNull();
    expect(feedback.score).toBeGreaterThan(0);
    expect(await auditActions(f.store, "match_feedback")).toEqual(["partnering.feedback.decline"]);
  });

  it("takes reason codes from the fixed lists: decline reasons do not explain an accept, 'other' needs words", async () => {
    const wrong = await caught(
      recordFeedback(f.db, f.bd, {
        seedId: f.lipidSeed,
        party: sakura(),
        decision: "accept",
        reasonCode: "budget",
      }),
    );
    expect(wrong.code).toBe("validation-error");
    expect(fieldErrors(wrong.fieldIssues, "ja")[0]).toMatchObject({ field: "reasonCode" });
    expect(fieldErrors(wrong.fieldIssues, "ja")[0]?.message).toContain("受諾");
    const other = await caught(
      recordFeedback(f.db, f.bd, {
        seedId: f.lipidSeed,
        party: sakura(),
        decision: "not_now",
        reasonCode: "other",
      }),
    );
    expect(fieldErrors(other.fieldIssues, "en")[0]).toMatchObject({ field: "reasonText" });
  });

  it("refuses answers for someone else: another company, an investor for a company, a stranger to the seed", async () => {
    for (const who of [f.otherBd, f.vc, f.otherResearcher, f.mentor])
      expect(
        (
          await caught(
            recordFeedback(f.db, who, {
              seedId: f.lipidSeed,
              party: sakura(),
              decision: "decline",
              reasonCode: "budget",
            }),
          )
        ).code,
      ).toBe("forbidden");
  });

  it("shows the owner the other side's decision but not its words; the party its own", async () => {
    const owner = await listFeedback(f.db, f.researcher, f.lipidSeed);
    expect(owner).toHaveLength(1);
    expect(owner[0]).toMatchObject({ reasonCode: "insufficient_evidence", reasonText: null });
    expect((await listFeedback(f.db, f.bd, f.lipidSeed))[0]?.reasonText).toBe("オフターゲット評価を待ちます");
    expect(await listFeedback(f.db, f.otherBd, f.lipidSeed)).toEqual([]);
    expect((await caught(listFeedback(f.db, f.otherResearcher, f.lipidSeed))).code).toBe("forbidden");
    expect((await listFeedback(f.db, f.funder, f.lipidSeed))[0]?.reasonText).toBe(
      "オフターゲット評価を待ちます",
    );
  });

  it("reports why seeds went unmatched: declines by reason and the lowest-scoring features", async () => {
    const report = await unmatchedReport(f.db, f.funder, { today: f.today });
    expect(report).toMatchObject({ seeds: 2, unmatched: 2, declinedReasons: { insufficient_evidence: 1 } });
    const lipid = report.items.find((i) => i.seed.id === f.lipidSeed);
    expect(lipid).toMatchObject({ basis: "feedback", declined: { insufficient_evidence: 1 }, notNow: 0 });
    // Sakura fits on area, modality and stage; it has no deals on record: past deals is the weak feature
    expect(lipid?.weakestFeatures[0]).toEqual({ feature: "pastDeals", meanValue: 0 });
    expect(lipid?.weakestFeatures.map((w) => w.feature)).not.toContain("readiness");
    expect(report.items.find((i) => i.seed.id === f.lungSeed)?.basis).toBe("candidates");
    expect(report.weakestFeatureCounts.pastDeals).toBe(2);
    expect((await caught(unmatchedReport(f.db, f.bd))).code).toBe("forbidden");
    expect((await unmatchedReport(f.db, f.otherResearcher)).seeds).toBe(0);
  });

  it("counts a seed as matched once a partner's latest answer is an accept", async () => {
    await recordFeedback(
      f.db,
      f.otherBd,
      { seedId: f.lungSeed, party: hokurei(), decision: "not_now", reasonCode: "timing" },
      { today: f.today },
    );
    expect(
      (await unmatchedReport(f.db, f.researcher, { today: f.today })).items.find(
        (i) => i.seed.id === f.lungSeed,
      ),
    ).toMatchObject({ notNow: 1, basis: "feedback" });
    await recordFeedback(
      f.db,
      f.otherBd,
      { seedId: f.lungSeed, party: hokurei(), decision: "accept", reasonCode: "strategic_fit" },
      { today: f.today },
    );
    const report = await unmatchedReport(f.db, f.researcher, { today: f.today });
    expect(report.unmatched).toBe(1);
    expect(report.items.map((i) => i.seed.id)).toEqual([f.lipidSeed]);
  });

  it("starts a mentorship when the owner and the mentor have both accepted, within the mentor's capacity", async () => {
    const mentor = () => ({ kind: "mentor" as const, id: f.mentor.id });
    const first = await recordFeedback(
      f.db,
      f.researcher,
      { seedId: f.lipidSeed, party: mentor(), decision: "accept", reasonCode: "strategic_fit" },
      { today: f.today },
    );
    expect(first).toMatchObject({ mentorshipId: null, feedback: { side: "seed" } });
    const second = await recordFeedback(
      f.db,
      f.mentor,
      { seedId: f.lipidSeed, party: mentor(), decision: "accept", reasonCode: "strategic_fit" },
      { today: f.today },
    );
    expect(second.mentorshipId).not.toBeNull();
    expect((await getMentorProfile(f.db, f.bd, f.mentor.id)).activeSeeds).toBe(1);
    const onLung = await matchesForSeed(f.db, f.researcher, f.lungSeed, { today: f.today });
    expect(onLung.mentors[0]).toMatchObject({ available: false });
    expect(onLung.mentors[0]?.features.find((x) => x.feature === "capacity")?.value).toBe(0);

    // full: the mentor's accept on a second seed is refused and not recorded
    await recordFeedback(
      f.db,
      f.researcher,
      { seedId: f.lungSeed, party: mentor(), decision: "accept", reasonCode: "strategic_fit" },
      { today: f.today },
    );
    const full = await caught(
      recordFeedback(
        f.db,
        f.mentor,
        { seedId: f.lungSeed, party: mentor(), decision: "accept", reasonCode: "strategic_fit" },
        { today: f.today },
      ),
    );
    expect(fieldErrors(full.fieldIssues, "en")[0]?.message).toBe(
      "This mentor is at capacity (1 of 1 seeds).",
    );
    expect((await listFeedback(f.db, f.mentor, f.lungSeed)).filter((x) => x.side === "party")).toHaveLength(
      0,
    );

    const [running] = await listMentorships(f.db, f.mentor, { mentorUserId: f.mentor.id });
    expect((await caught(endMentorship(f.db, f.otherResearcher, running?.id as string))).code).toBe(
      "forbidden",
    );
    expect(await endMentorship(f.db, f.mentor, running?.id as string, f.today)).toMatchObject({
      endedOn: f.today,
    });
    const again = await recordFeedback(
      f.db,
      f.mentor,
      { seedId: f.lungSeed, party: mentor(), decision: "accept", reasonCode: "strategic_fit" },
      { today: f.today },
    );
    expect(again.mentorshipId).not.toBeNull();
    expect(await auditActions(f.store, "mentorship")).toEqual([
      "partnering.mentorship.start",
      "partnering.mentorship.end",
      "partnering.mentorship.start",
    ]);
  });
});
